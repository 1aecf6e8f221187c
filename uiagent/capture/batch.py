"""Capturing a list of pages: screenshots and DOM facts per page, written as each page is done."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, Page
from pydantic import BaseModel, Field

from uiagent.capture.capture import Kind, capture
from uiagent.config import Settings
from uiagent.page_runner import for_each_page
from uiagent.paths import slug_for_url


class PageCaptureResult(BaseModel):
    target: str
    url: str | None = None
    status: Literal["ok", "error", "skipped"]
    error: str | None = Field(None, description="One sentence naming the page and the cause.")
    warnings: list[str] = Field(default_factory=list)
    files: dict[str, str] = Field(default_factory=dict, description="Kind of output -> path relative to the output folder.")
    content_hashes: dict[str, str] = Field(default_factory=dict)
    perceptual_hashes: dict[str, str] = Field(default_factory=dict)
    counts: dict[str, int] = Field(default_factory=dict, description="Elements, text runs, focusables, images found.")


def capture_targets(
    targets: Iterable[str],
    output_dir: Path,
    settings: Settings,
    kinds: tuple[Kind, ...] = ("viewport", "full_page"),
    on_result: Callable[[PageCaptureResult], None] | None = None,
    browser: Browser | None = None,
) -> list[PageCaptureResult]:
    """Capture every target into `output_dir`; `browser` (e.g. pytest-playwright's) is used when given."""

    def visit(target: str, page: Page, url: str, script_errors: list[str]) -> PageCaptureResult:
        page_dir = output_dir / slug_for_url(url)
        page_dir.mkdir(parents=True, exist_ok=True)
        result = PageCaptureResult(target=target, url=url, status="ok")
        for kind in kinds:
            shot = capture(page, kind, settings=settings)
            (page_dir / f"{kind}.png").write_bytes(shot.png)
            result.files[kind] = f"{page_dir.name}/{kind}.png"
            result.content_hashes[kind] = shot.content_hash
            result.perceptual_hashes[kind] = shot.perceptual_hash
            result.warnings.extend(w for w in shot.warnings if w not in result.warnings)
        facts = shot.dom
        (page_dir / "dom.json").write_text(json.dumps(facts.model_dump(), indent=1), encoding="utf-8")
        result.files["dom"] = f"{page_dir.name}/dom.json"
        result.warnings = [*script_errors, *result.warnings]
        result.counts = {"elements": len(facts.elements), "text_runs": len(facts.text_runs),
                         "focusables": len(facts.focusables), "images": len(facts.images)}
        return result

    def failed(target: str, url: str | None, message: str, skipped: bool) -> PageCaptureResult:
        return PageCaptureResult(target=target, url=url, status="skipped" if skipped else "error", error=message)

    return for_each_page(list(targets), settings, output_dir / "results.jsonl", visit, failed,
                         browser=browser, on_result=on_result)

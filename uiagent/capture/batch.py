"""Capturing a list of pages: one browser, a fresh context per page, each result written as soon as it exists.

One page's failure (bad target, unreachable, HTTP error, never loads, browser crash) becomes that page's
error result with its cause; the other pages still run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError
from pydantic import BaseModel, Field

from uiagent.browser import open_browser
from uiagent.capture.capture import Kind, capture
from uiagent.capture.targets import load_page, resolve_target
from uiagent.config import Settings
from uiagent.errors import PageLoadError, TargetError
from uiagent.paths import slug_for_url


class PageCaptureResult(BaseModel):
    target: str
    url: str | None = None
    status: Literal["ok", "error"]
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
    if browser is None:
        with open_browser(settings) as own_browser:
            return capture_targets(targets, output_dir, settings, kinds, on_result, own_browser)
    output_dir.mkdir(parents=True, exist_ok=True)
    results_path = output_dir / "results.jsonl"
    results_path.write_text("")
    results: list[PageCaptureResult] = []
    for target in targets:
        result = _capture_one(browser, target, output_dir, settings, kinds)
        # Appended and flushed per page: an interrupted run keeps every page already done.
        with results_path.open("a", encoding="utf-8") as stream:
            stream.write(result.model_dump_json() + "\n")
        results.append(result)
        if on_result:
            on_result(result)
    return results


def _capture_one(
    browser: Browser, target: str, output_dir: Path, settings: Settings, kinds: tuple[Kind, ...]
) -> PageCaptureResult:
    try:
        url = resolve_target(target)
    except TargetError as error:
        return PageCaptureResult(target=target, status="error", error=str(error))
    context = browser.new_context(viewport={"width": settings.viewport_width, "height": settings.viewport_height})
    try:
        page = context.new_page()
        script_errors = load_page(page, url, settings.navigation_timeout_s)
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
        result.counts = {
            "elements": len(facts.elements),
            "text_runs": len(facts.text_runs),
            "focusables": len(facts.focusables),
            "images": len(facts.images),
        }
        return result
    except PageLoadError as error:
        return PageCaptureResult(target=target, url=url, status="error", error=str(error))
    except PlaywrightError as error:
        cause = error.message.strip().splitlines()[0] if error.message.strip() else type(error).__name__
        return PageCaptureResult(target=target, url=url, status="error", error=f"{url}: browser error: {cause}")
    finally:
        context.close()

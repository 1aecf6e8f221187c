"""`uiagent doctor`: is everything uiagent needs here and working? Chromium, axe, tesseract, and the
configured VLM provider end to end."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import click
from PIL import Image, ImageDraw
from rich.table import Table

from uiagent.capture.models import Box
from uiagent.cli.app import EXIT_OK, EXIT_USAGE, browser_options, console, main, settings_from
from uiagent.config import Settings
from uiagent.errors import UiagentError

PROBE_BOX = (100, 80, 120, 60)  # the black rectangle in the probe image, x y w h in pixels
PROBE_SIZE = (400, 300)


@main.command()
@click.option("--provider", help="VLM provider to check (default: the configured one).")
@browser_options
def doctor(provider: str | None, chromium: str | None, browser_ws: str | None) -> None:
    """Check Chromium, axe-core, tesseract and the VLM provider; exit 2 if something required is missing."""
    settings = settings_from(provider=provider, chromium=chromium, browser_ws=browser_ws)
    rows: list[tuple[str, str, str]] = []  # (what, ok|warn|fail, detail)
    rows.append(_chromium(settings))
    rows.append(_axe())
    rows.append(_tesseract())
    rows.extend(_provider(settings))
    table = Table(title="uiagent doctor")
    for column in ("check", "result", "detail"):
        table.add_column(column)
    colours = {"ok": "green", "warn": "yellow", "fail": "red"}
    for what, state, detail in rows:
        table.add_row(what, f"[{colours[state]}]{state}[/]", detail)
    console.print(table)
    sys.exit(EXIT_USAGE if any(state == "fail" for _, state, _ in rows) else EXIT_OK)


def _chromium(settings: Settings) -> tuple[str, str, str]:
    from uiagent.browser import open_browser

    try:
        with open_browser(settings) as browser:
            version = browser.version
            page = browser.new_page()
            page.set_content("<p>ok</p>")
            page.close()
        return "chromium", "ok", f"{version} ({settings.browser_ws_endpoint or 'launched locally'})"
    except UiagentError as error:
        return "chromium", "fail", str(error)
    except Exception as error:  # noqa: BLE001 - a launch failure: name it as it came
        return "chromium", "fail", f"{type(error).__name__}: {str(error).splitlines()[0]}"


def _axe() -> tuple[str, str, str]:
    from uiagent.audit.axe import AXE_SOURCE

    match = re.search(r"axe v([\d.]+)", AXE_SOURCE[:200])
    version = match.group(1) if match else "unknown"
    major_minor = tuple(int(p) for p in version.split(".")[:2]) if match else (0, 0)
    return "axe-core", "ok" if major_minor >= (4, 12) else "fail", f"{version} (needs 4.12+)"


def _tesseract() -> tuple[str, str, str]:
    if shutil.which("tesseract") is None:
        return "tesseract", "warn", "not installed: the image-of-text check cannot run (apt-get install tesseract-ocr)"
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if "eng" not in langs:
        return "tesseract", "warn", f"{version}, but no English data (apt-get install tesseract-ocr-eng)"
    return "tesseract", "ok", version


def _provider(settings: Settings) -> list[tuple[str, str, str]]:
    from uiagent.vlm import PrepareOptions, Question, prepare_images
    from uiagent.wiring import open_judge

    if not settings.provider:
        return [("vlm provider", "warn", "none configured: model assertions skip, audits run without a VLM review")]
    try:
        # Unchecked: the probe below is the check, and says more than a failed handshake would.
        session = open_judge(settings.model_copy(update={"cache_mode": "off", "votes": 1}), check=False)
    except UiagentError as error:
        return [("vlm provider", "fail", str(error))]
    assert session is not None  # (a provider is set)
    image = Image.new("RGB", PROBE_SIZE, "white")
    x, y, w, h = PROBE_BOX
    ImageDraw.Draw(image).rectangle((x, y, x + w - 1, y + h - 1), fill="black")
    whole = Box(x=0, y=0, width=PROBE_SIZE[0], height=PROBE_SIZE[1])
    options = PrepareOptions(profile=session.judge.spec.image_profile)
    question = Question(expectation="A black rectangle is shown. Give its box as the evidence.",
                        images=prepare_images(image, whole, options), label="uiagent doctor probe")
    rows = []
    try:
        verdict = session.ask(question)
    except UiagentError as error:
        return [("vlm provider", "fail", f"{session.judge.spec}: {error}")]
    finally:
        session.close()
    rows.append(("vlm reachable", "ok", f"{session.judge.spec}: answered in {verdict.latency_ms / 1000:.1f} s"))
    if verdict.error:
        rows.append(("vlm structured output", "fail", verdict.error))
        return rows
    rows.append(("vlm image input", "ok" if verdict.tokens_in > 0 else "warn",
                 f"{verdict.tokens_in} input tokens for a {PROBE_SIZE[0]}x{PROBE_SIZE[1]} image"))
    rows.append(("vlm structured output", "ok", f"a valid verdict: {verdict.outcome}, {verdict.reason[:80]!r}"))
    rows.append(("vlm box units", *_box_units(verdict)))
    return rows


def _box_units(verdict) -> tuple[str, str]:
    boxes = [e.box for e in verdict.evidence if e.box is not None]
    if not boxes:
        return "warn", "no box in the answer: cannot tell whether boxes come in pixels or a 0-1000 grid"
    box = boxes[0]
    x, y, w, h = PROBE_BOX
    grid = (x * 1000 / PROBE_SIZE[0], y * 1000 / PROBE_SIZE[1], w * 1000 / PROBE_SIZE[0], h * 1000 / PROBE_SIZE[1])
    if max(abs(a - b) for a, b in zip((box.x, box.y, box.width, box.height), (x, y, w, h), strict=True)) <= 12:
        return "ok", "pixels (matches box_units = pixels)"
    if max(abs(a - b) for a, b in zip((box.x, box.y, box.width, box.height), grid, strict=True)) <= 30:
        return "warn", "a 0-1000 grid: set box_units = \"normalized_1000\" for this model"
    return "warn", f"the box {box.x:.0f},{box.y:.0f} {box.width:.0f}x{box.height:.0f} matches neither pixels nor a grid"

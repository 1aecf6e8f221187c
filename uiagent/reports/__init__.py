"""Reports from audit results: JSON (the findings contract), HTML, SARIF 2.1.0, JUnit XML and Markdown."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from uiagent.audit.findings import AuditReport
from uiagent.errors import ConfigError
from uiagent.hooks import plugin_reporters
from uiagent.reports.html import to_html
from uiagent.reports.junit import to_junit
from uiagent.reports.markdown import to_markdown
from uiagent.reports.sarif import to_sarif

RENDERERS: dict[str, tuple[str, Callable[[AuditReport], str]]] = {
    "json": ("findings.json", lambda report: report.model_dump_json(indent=1)),
    "html": ("report.html", to_html),
    "sarif": ("findings.sarif", lambda report: json.dumps(to_sarif(report), indent=1)),
    "junit": ("junit.xml", to_junit),
    "md": ("summary.md", to_markdown),
}


def renderers() -> dict[str, tuple[str, Callable[[AuditReport], str]]]:
    """The built-in formats and those plugins add (uiagent.hooks)."""
    return {**RENDERERS, **plugin_reporters()}


def parse_formats(text: str) -> list[str]:
    formats = [part.strip().lower() for part in text.split(",") if part.strip()]
    known = renderers()
    unknown = [f for f in formats if f not in known]
    if unknown or not formats:
        raise ConfigError(f"unknown report format(s) {unknown or [text]}: choose from {', '.join(known)}")
    return formats


def write_reports(report: AuditReport, formats: list[str], output: Path) -> dict[str, Path]:
    """Write each format. `output` is a folder, or, for a single format, a file path with an extension."""
    written = {}
    known = renderers()
    single_file = len(formats) == 1 and output.suffix != ""
    for fmt in formats:
        name, render = known[fmt]
        path = output if single_file else output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(report), encoding="utf-8")
        written[fmt] = path
    if "json" in formats:
        # The contract's JSON Schema, generated from the Pydantic models, beside the data it describes.
        schema_path = written["json"].with_name("findings.schema.json")
        schema_path.write_text(json.dumps(AuditReport.model_json_schema(), indent=1), encoding="utf-8")
    if "md" in formats and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(to_markdown(report))
    return written

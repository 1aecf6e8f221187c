"""Reports from audit results: JSON (the findings contract), HTML, SARIF 2.1.0, JUnit XML and Markdown."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from uiagent.audit.findings import AuditReport
from uiagent.audit.groups import with_groups
from uiagent.errors import ConfigError
from uiagent.hooks import plugin_reporters
from uiagent.reports.junit import to_junit
from uiagent.reports.markdown import to_markdown
from uiagent.reports.sarif import to_sarif


def _render_html(report: AuditReport) -> str:
    from uiagent.reports.html import to_html as render  # Jinja2 is loaded only when an HTML report is written

    return render(report)


RENDERERS: dict[str, tuple[str, Callable[[AuditReport], str]]] = {
    "json": ("findings.json", lambda report: report.model_dump_json(indent=1)),
    "html": ("report.html", _render_html),
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


class ReportsWritten(dict[str, Path]):
    """Format -> path of each report written; `failed` names each format that could not be written, and why."""

    def __init__(self) -> None:
        super().__init__()
        self.failed: dict[str, str] = {}


def write_reports(report: AuditReport, formats: list[str], output: Path) -> ReportsWritten:
    """Write each format on its own: one that fails (a renderer's bug, a plugin's, a full disk) is named in
    `failed` and the others are still written, the findings JSON first. `output` is a folder, or, for a single
    format, a file path with an extension."""
    written = ReportsWritten()
    known = renderers()
    report = with_groups(report)  # once, for every format
    single_file = len(formats) == 1 and output.suffix != ""
    for fmt in sorted(formats, key=lambda f: f != "json"):
        name, render = known[fmt]
        path = output if single_file else output / name
        try:
            text = render(report)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - any failure of one format must not cost the others
            written.failed[fmt] = f"{type(error).__name__}: {error}"
            continue
        written[fmt] = path
        if fmt == "json":
            # The contract's JSON Schema, generated from the Pydantic models, beside the data it describes.
            path.with_name("findings.schema.json").write_text(json.dumps(AuditReport.model_json_schema(), indent=1),
                                                              encoding="utf-8")
        if fmt == "md" and os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
                summary.write(text)
    return written

"""`uiagent capture`: stabilized screenshots and DOM facts of pages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import click
from rich.table import Table

from uiagent.capture.batch import PageCaptureResult, capture_targets
from uiagent.cli.app import EXIT_FINDINGS, EXIT_OK, browser_options, console, fail, main, settings_from
from uiagent.errors import UiagentError


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/capture"),
              show_default=True, help="Folder for screenshots, DOM facts and results.jsonl.")
@click.option("--full-page/--no-full-page", default=True, show_default=True, help="Also capture the whole page.")
@browser_options
def capture(targets: tuple[str, ...], output: Path, full_page: bool, chromium: str | None, browser_ws: str | None) -> None:
    """Capture stabilized screenshots and DOM facts of TARGETS (URLs or HTML files)."""
    settings = settings_from(chromium=chromium, browser_ws=browser_ws)
    kinds: tuple[Literal["viewport", "full_page"], ...] = ("viewport", "full_page") if full_page else ("viewport",)

    def report(result: PageCaptureResult) -> None:
        if result.status == "ok":
            console.print(f"[green]ok[/]    {result.url}")
        else:
            console.print(f"[red]error[/] {result.error}")
        for warning in result.warnings:
            console.print(f"      [yellow]warning[/] {warning}")

    try:
        results = capture_targets(list(targets), output, settings, kinds, on_result=report)
    except UiagentError as error:
        fail(str(error))
    table = Table(title="Captures")
    for column in ("page", "status", "elements", "text runs", "focusables", "images"):
        table.add_column(column)
    for r in results:
        name = (urlsplit(r.url).path.rsplit("/", 1)[-1] or r.url) if r.url else r.target
        table.add_row(name, "[green]ok[/]" if r.status == "ok" else "[red]error[/]",
                      *(str(r.counts.get(k, "")) for k in ("elements", "text_runs", "focusables", "images")))
    console.print(table)
    sys.exit(EXIT_OK if all(r.status == "ok" for r in results) else EXIT_FINDINGS)

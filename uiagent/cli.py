"""The `uiagent` command line: a thin face over the core; every command here only parses, calls and prints."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import click
from rich.console import Console
from rich.table import Table

from uiagent import __version__
from uiagent.capture.batch import PageCaptureResult, capture_targets
from uiagent.config import load_settings
from uiagent.errors import UiagentError

console = Console(stderr=True)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="uiagent")
def main() -> None:
    """uiagent: UI testing and accessibility auditing with Playwright, axe-core, pixel checks and VLMs."""


def _browser_options(function):  # type: ignore[no-untyped-def]
    function = click.option("--chromium", type=click.Path(dir_okay=False), help="Chromium binary to launch.")(function)
    function = click.option("--browser-ws", help="Playwright server websocket endpoint (remote browser).")(function)
    return function


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/capture"),
              show_default=True, help="Folder for screenshots, DOM facts and results.jsonl.")
@click.option("--full-page/--no-full-page", default=True, show_default=True, help="Also capture the whole page.")
@_browser_options
def capture(targets: tuple[str, ...], output: Path, full_page: bool, chromium: str | None, browser_ws: str | None) -> None:
    """Capture stabilized screenshots and DOM facts of TARGETS (URLs or HTML files)."""
    kinds = ("viewport", "full_page") if full_page else ("viewport",)
    results = _run_capture(list(targets), output, kinds, chromium=chromium, browser_ws_endpoint=browser_ws)
    sys.exit(EXIT_OK if all(r.status == "ok" for r in results) else EXIT_FINDINGS)


@main.command()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/demo"),
              show_default=True)
@click.option("--serve", is_flag=True, help="Only serve the demo site until Ctrl-C, printing its address.")
@_browser_options
def demo(output: Path, serve: bool, chromium: str | None, browser_ws: str | None) -> None:
    """Run the main job on the bundled demo site (pages with labelled defects and clean controls)."""
    from uiagent.demo import demo_pages, serve_demo

    with serve_demo() as site:
        if serve:
            console.print(f"Demo site at [bold]{site.base_url}[/] (Ctrl-C to stop)")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                return
        urls = [site.url(page.path) for page in demo_pages()]
        results = _run_capture(urls, output, ("viewport", "full_page"), chromium=chromium, browser_ws_endpoint=browser_ws)
    failed = [r for r in results if r.status != "ok"]
    console.print(f"Wrote {len(results) - len(failed)} page captures to [bold]{output}[/] (results.jsonl, PNGs, dom.json).")
    sys.exit(EXIT_OK if not failed else EXIT_FINDINGS)


def _run_capture(targets: list[str], output: Path, kinds: tuple, **settings_overrides: object) -> list[PageCaptureResult]:
    try:
        settings = load_settings(**settings_overrides)
    except Exception as error:  # pydantic's message names the bad field
        raise click.UsageError(f"invalid settings: {error}") from error

    def report(result: PageCaptureResult) -> None:
        if result.status == "ok":
            console.print(f"[green]ok[/]    {result.url}")
        else:
            console.print(f"[red]error[/] {result.error}")
        for warning in result.warnings:
            console.print(f"      [yellow]warning[/] {warning}")

    try:
        results = capture_targets(targets, output, settings, kinds, on_result=report)
    except UiagentError as error:
        console.print(f"[red]error:[/] {error}")
        sys.exit(EXIT_USAGE)
    table = Table(title="Captures")
    for column in ("page", "status", "elements", "text runs", "focusables", "images"):
        table.add_column(column)
    for r in results:
        table.add_row(
            urlsplit(r.url).path.rsplit("/", 1)[-1] or r.url if r.url else r.target,
            "[green]ok[/]" if r.status == "ok" else "[red]error[/]",
            *(str(r.counts.get(k, "")) for k in ("elements", "text_runs", "focusables", "images")),
        )
    console.print(table)
    return results

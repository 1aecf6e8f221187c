"""The `uiagent` command group and what its commands share. Commands only parse, call the core and print.

Exit codes CI can gate on: 0 clean, 1 findings at or above the threshold (or a page or report that failed),
2 usage or environment error, 130 interrupted (what was finished is kept).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console

from uiagent import __version__
from uiagent.config import Settings, load_settings

if TYPE_CHECKING:
    from uiagent.reports import ReportsWritten

console = Console(stderr=True, soft_wrap=True)  # no hard wrapping: CI logs stay greppable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it: what was finished is kept


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="uiagent")
def main() -> None:
    """uiagent: UI testing and accessibility auditing with Playwright, axe-core, pixel checks and VLMs."""


def browser_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--chromium", type=click.Path(dir_okay=False), help="Chromium binary to launch.")(function)
    function = click.option("--browser-ws", help="Playwright server websocket endpoint (remote browser).")(function)
    return function


def settings_from(**overrides: object) -> Settings:
    """Settings with command-line overrides; a bad value is a usage error naming the field."""
    if "browser_ws" in overrides:
        overrides["browser_ws_endpoint"] = overrides.pop("browser_ws")
    try:
        return load_settings(**overrides)
    except Exception as error:  # pydantic's message names the bad field and value
        raise click.UsageError(f"invalid settings: {error}") from error


def print_reports(written: ReportsWritten) -> bool:
    """Say where each report went and which could not be written (and why); True when all were written."""
    for fmt, path in written.items():
        console.print(f"{fmt}: [bold]{path}[/]")
    for fmt, cause in written.failed.items():
        console.print(f"[red]error:[/] the {fmt} report could not be written ({cause}); the others were")
    return not written.failed


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    console.print(f"[red]error:[/] {message}")
    sys.exit(code)

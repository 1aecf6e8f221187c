"""The `uiagent` command group and what its commands share. Commands only parse, call the core and print.

Exit codes CI can gate on: 0 clean, 1 findings at or above the threshold (or a page that failed),
2 usage or environment error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click
from rich.console import Console

from uiagent import __version__
from uiagent.config import Settings, load_settings

console = Console(stderr=True, soft_wrap=True)  # no hard wrapping: CI logs stay greppable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


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


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    console.print(f"[red]error:[/] {message}")
    sys.exit(code)

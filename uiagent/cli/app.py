"""The `uiagent` command group and what its commands share. Commands only parse, call the core and print.

Exit codes CI can gate on: 0 clean, 1 findings at or above the threshold (or a page or report that failed),
2 usage or environment error, 130 interrupted (what was finished is kept).
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import click

from uiagent import __version__

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from rich.console import Console

    from uiagent.config import Settings
    from uiagent.reports import ReportsWritten

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report it: what was finished is kept


# Each command's module, imported when the command runs: `uiagent --help` (and any one command) does not pay for
# importing Playwright, the audit, the VLM SDKs and the reports it does not use. The help lines are the commands'
# own first docstring lines (tests/test_cli.py keeps them equal).
COMMANDS: dict[str, tuple[str, str]] = {
    "audit": ("uiagent.cli.audit", "Audit TARGETS (URLs, HTML files, @FILE listing URLs, or a sitemap.xml) for "
              "accessibility."),
    "baseline": ("uiagent.cli.audit", "Accept known findings, then fail only on new ones."),
    "cache": ("uiagent.cli.cache", "Inspect and manage the verdict cache (default .uiagent/verdicts.sqlite)."),
    "checks": ("uiagent.cli.checks", "List the audit's own checks (and plugins' checks): criteria, impact, ACT rules "
               "and thresholds."),
    "capture": ("uiagent.cli.capture", "Capture stabilized screenshots and DOM facts of TARGETS (URLs or HTML "
                "files)."),
    "demo": ("uiagent.cli.audit", "Run the main job on the bundled demo site: audit every page and score the "
             "findings against its labels."),
    "doctor": ("uiagent.cli.doctor", "Check Chromium, axe-core, tesseract and the VLM provider; exit 2 if something "
               "required is missing."),
    "explore": ("uiagent.cli.explore", "Crawl from URLS (same origin only) and report each page's layout and "
                "accessibility defects, ranked."),
    "report": ("uiagent.cli.audit", "Render reports from saved RESULTS (an audit's folder or findings JSON), or "
               "merge shards' outputs."),
    "run": ("uiagent.cli.run", "Run the scenarios in FILES (YAML). Exit 0 when all pass, 1 when one fails, 2 for a "
            "file that cannot run."),
    "simulate": ("uiagent.cli.simulate", "Serve the loopback VLM simulator (Anthropic and OpenAI wire formats) "
                 "until Ctrl-C."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when asked for, and listed from COMMANDS."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(COMMANDS[name][0])  # registers it on `main`
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_line) for name, (_, help_line) in sorted(COMMANDS.items())])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="uiagent")
def main() -> None:
    """uiagent: UI testing and accessibility auditing with Playwright, axe-core, pixel checks and VLMs."""
    _browser_driver_errors_in_one_line()


class _OneLine(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        cause = f": {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}" if error else ""
        print(f"warning: browser driver: {record.getMessage()}{cause}", file=sys.stderr)


def _browser_driver_errors_in_one_line() -> None:
    """Playwright logs an error raised while it dispatches an event (a page or the driver closing under the
    listener, as when Ctrl-C reaches the whole process group) with its traceback: a command says it in one line."""
    driver = logging.getLogger("playwright")
    if not any(isinstance(handler, _OneLine) for handler in driver.handlers):
        driver.addHandler(_OneLine(logging.WARNING))
        driver.propagate = False


def browser_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--chromium", type=click.Path(dir_okay=False), help="Chromium binary to launch.")(function)
    return click.option("--browser-ws", help="Playwright server websocket endpoint (remote browser).")(function)


def shard_option(function: Callable[..., Any]) -> Callable[..., Any]:
    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
        from uiagent.errors import ConfigError
        from uiagent.shards import Shard

        try:
            return Shard.parse(value) if value is not None else None
        except ConfigError as error:
            raise click.BadParameter(str(error).removeprefix(f"--shard {value!r}: ")) from None

    return click.option("--shard", callback=parse, metavar="i/n",
                        help="Only shard i of n (1-based): every item lands in exactly one shard, by a hash of its "
                             "URL or id; `uiagent report merge` joins the shards' outputs.")(function)


def screenshot_options(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--keep-screenshots", is_flag=True, default=None,
                        help="Also keep each page's full-page capture as a lossless PNG (by default only what the "
                             "reports show is kept: a crop per issue and a thumbnail per page).")(function)


def __getattr__(name: str) -> Console:
    """`console`, made on first use (by a command): `uiagent --help` never imports Rich."""
    if name != "console":
        raise AttributeError(name)
    from rich.console import Console

    made = globals()["console"] = Console(stderr=True, soft_wrap=True)  # no hard wrapping: CI logs stay greppable
    return made


def settings_from(**overrides: object) -> Settings:
    """Settings with command-line overrides; a bad value is a usage error naming the field."""
    from uiagent.config import load_settings

    if "browser_ws" in overrides:
        overrides["browser_ws_endpoint"] = overrides.pop("browser_ws")
    try:
        return load_settings(**overrides)
    except Exception as error:  # pydantic's message names the bad field and value
        raise click.UsageError(f"invalid settings: {error}") from error


@contextmanager
def browser_while_loading(settings: Settings, workers: int, load: Callable[[], object]) -> Iterator[Browser | None]:
    """The browser of a one-worker run, started while a thread runs `load` (importing the engine a command runs):
    the browser's start is mostly waiting for Chromium, the import is Python's own work, and the two overlap (about
    0.3 s of a one-page run). With several workers, each opens its own browser during the run: None, once loaded.
    A browser that cannot start is an environment error (exit 2); what `load` raises is raised here."""
    from uiagent.browser import open_browser
    from uiagent.errors import UiagentError

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="uiagent-load") as loader:
        loading = loader.submit(load)
        if workers > 1:
            loading.result()
            yield None
            return
        with ExitStack() as stack:
            try:
                browser = stack.enter_context(open_browser(settings))
            except UiagentError as error:
                fail(str(error))
            loading.result()
            yield browser


def print_reports(written: ReportsWritten) -> bool:
    """Say where each report went and which could not be written (and why); True when all were written."""
    out = __getattr__("console")
    for fmt, path in written.items():
        out.print(f"{fmt}: [bold]{path}[/]")
    for fmt, cause in written.failed.items():
        out.print(f"[red]error:[/] the {fmt} report could not be written ({cause}); the others were")
    return not written.failed


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    __getattr__("console").print(f"[red]error:[/] {message}")
    sys.exit(code)

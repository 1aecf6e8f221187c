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

console = Console(stderr=True, soft_wrap=True)  # no hard wrapping: CI logs stay greppable

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
    """Run the main job on the bundled demo site: audit every page and score the findings against its labels."""
    from uiagent.demo import demo_pages, serve_demo
    from uiagent.demo.scoring import score

    with serve_demo() as site:
        if serve:
            console.print(f"Demo site at [bold]{site.base_url}[/] (Ctrl-C to stop)")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                return
        urls = [site.url(page.path) for page in demo_pages()]
        report = _run_audit(urls, output, output / "findings.json", chromium=chromium, browser_ws_endpoint=browser_ws)
    result = score(report)
    console.print(f"Labelled defects found by the check meant for them: [bold]{result.found}/{result.expected}[/]; "
                  f"findings on clean control pages: [bold]{result.false_on_clean}[/]")
    for line in result.missed + result.clean_findings:
        console.print(f"  [red]{line}[/]")
    console.print(f"Findings JSON: [bold]{output / 'findings.json'}[/]")
    sys.exit(EXIT_OK if result.perfect else EXIT_FINDINGS)


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("-o", "--output", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("reports/audit/findings.json"), show_default=True, help="Where the report goes.")
@click.option("--format", "formats", default="json", show_default=True, help="Report format (json).")
@click.option("--level", type=click.Choice(["A", "AA"]), default="AA", show_default=True, help="WCAG level.")
@click.option("--best-practice", is_flag=True, help="Also run axe's best-practice rules.")
@click.option("--axe-contrast", is_flag=True, help="Also run axe's own color-contrast rule (slow on large pages).")
@click.option("--provider", help="VLM provider for the review (default: UIAGENT_PROVIDER; none: no review).")
@click.option("--fail-on", type=click.Choice(["violation", "needs-review", "never"]), default="violation",
              show_default=True, help="Exit 1 when a finding at or above this status exists.")
@_browser_options
def audit(targets: tuple[str, ...], output_file: Path, formats: str, level: str, best_practice: bool,
          axe_contrast: bool, provider: str | None, fail_on: str, chromium: str | None, browser_ws: str | None) -> None:
    """Audit TARGETS (URLs or HTML files) for accessibility: axe-core, pixel checks, and a VLM review."""
    if formats.strip() != "json":
        raise click.UsageError(f"--format {formats!r}: only json is available in this version")
    report = _run_audit(list(targets), output_file.parent, output_file, level=level, best_practice=best_practice,
                        axe_contrast=axe_contrast, provider=provider, chromium=chromium,
                        browser_ws_endpoint=browser_ws)
    console.print(f"Findings JSON: [bold]{output_file}[/]")
    statuses = {"violation": {"violation"}, "needs-review": {"violation", "needs-review"}, "never": set()}[fail_on]
    failed = any(f.status in statuses for f in report.findings) or any(p.status == "error" for p in report.pages)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _run_audit(targets: list[str], output_dir: Path, output_file: Path, *, level: str = "AA",
               best_practice: bool = False, axe_contrast: bool = False, provider: str | None = None,
               **settings_overrides: object):  # type: ignore[no-untyped-def]
    from uiagent.audit import AuditOptions, PageAudit, audit_targets
    from uiagent.vlm import JudgeSession

    try:
        settings = load_settings(provider=provider, **settings_overrides)
    except Exception as error:  # pydantic's message names the bad field
        raise click.UsageError(f"invalid settings: {error}") from error
    judge = None
    try:
        if settings.provider:
            judge = JudgeSession.from_settings(settings)
    except UiagentError as error:
        console.print(f"[red]error:[/] {error}")
        sys.exit(EXIT_USAGE)
    options = AuditOptions(level=level, best_practice=best_practice, axe_contrast=axe_contrast, judge=judge)

    def report_page(page: PageAudit) -> None:
        if page.status == "error":
            console.print(f"[red]error[/] {page.error}")
            return
        problems = sum(f.status != "pass" for f in page.findings)
        colour = "green" if not problems else "yellow"
        console.print(f"[{colour}]{page.status:7}[/] {page.url}  {problems} finding(s), {page.seconds:.1f}s")
        for run in page.checks:
            if run.status == "error":
                console.print(f"        [yellow]not checked[/] {run.check}: {run.detail}")

    try:
        with console.status("auditing..."):
            report = audit_targets(targets, settings, options, output_dir, on_page=report_page)
    except UiagentError as error:
        console.print(f"[red]error:[/] {error}")
        sys.exit(EXIT_USAGE)
    finally:
        if judge is not None:
            report_usage = judge.judge.ledger.totals()
            judge.close()
    if judge is not None:
        report.usage = report_usage
    output_file.parent.mkdir(parents=True, exist_ok=True)
    output_file.write_text(report.model_dump_json(indent=1), encoding="utf-8")
    _findings_table(report)
    return report


def _findings_table(report) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="Findings")
    for column in ("page", "rule", "WCAG", "status", "judges", "element"):
        table.add_column(column)
    for finding in report.findings:
        if finding.status == "pass":
            continue
        table.add_row(urlsplit(finding.page).path.rsplit("/", 1)[-1] or finding.page, finding.rule,
                      ", ".join(finding.wcag), finding.status, "+".join(finding.source), finding.selector or "")
    console.print(table)


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


@main.group()
def cache() -> None:
    """Inspect and manage the verdict cache (default .uiagent/verdicts.sqlite)."""


def _open_cache(path: Path | None):  # type: ignore[no-untyped-def]
    from uiagent.vlm.cache import VerdictCache

    settings = load_settings(cache_path=path)
    if not settings.cache_path.exists():
        console.print(f"no verdict cache at {settings.cache_path}")
        sys.exit(EXIT_OK)
    opened = VerdictCache(settings.cache_path)
    if opened.set_aside:
        console.print(f"[yellow]warning[/] the cache was corrupt; moved to {opened.set_aside} and started afresh")
    return opened


_cache_path_option = click.option("--path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                                  help="Cache file (default: the cache_path setting).")


@cache.command("stats")
@_cache_path_option
def cache_stats(path: Path | None) -> None:
    """Entries, size, age and models of the verdict cache."""
    import datetime

    stats = _open_cache(path).stats()
    table = Table(title=f"Verdict cache {stats.path}")
    table.add_column("figure")
    table.add_column("value")
    table.add_row("entries", str(stats.entries))
    table.add_row("size", f"{stats.bytes / 1024:.1f} KiB")
    for label, stamp in (("oldest", stats.oldest), ("newest", stats.newest)):
        table.add_row(label, datetime.datetime.fromtimestamp(stamp).isoformat(timespec="seconds") if stamp else "-")
    for model, count in sorted(stats.by_model.items()):
        table.add_row(f"  {model}", str(count))
    Console().print(table)


@cache.command("prune")
@click.option("--older-than", "older_than", required=True, help="Age like 30d, 12h or 90m.")
@_cache_path_option
def cache_prune(older_than: str, path: Path | None) -> None:
    """Remove verdicts older than an age."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    try:
        seconds = float(older_than[:-1]) * units[older_than[-1]]
    except (KeyError, ValueError, IndexError):
        raise click.BadParameter(f"{older_than!r}: expected a number and a unit, e.g. 30d, 12h, 90m") from None
    removed = _open_cache(path).prune(seconds)
    console.print(f"removed {removed} verdicts older than {older_than}")


@cache.command("clear")
@_cache_path_option
def cache_clear(path: Path | None) -> None:
    """Remove every stored verdict."""
    console.print(f"removed {_open_cache(path).clear()} verdicts")


@main.command()
@click.option("--script", "script_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML rules: what to answer for which question, latency and faults.")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--latency", type=float, default=None, help="Seconds added to every reply (overrides the script).")
def simulate(script_path: Path | None, port: int, latency: float | None) -> None:
    """Serve the loopback VLM simulator (Anthropic and OpenAI wire formats) until Ctrl-C."""
    from uiagent.errors import ConfigError
    from uiagent.vlm.simulator import Script, VLMSimulator

    try:
        script = Script.load(script_path) if script_path else Script()
    except ConfigError as error:
        raise click.UsageError(str(error)) from error
    if latency is not None:
        script.latency_s = latency
    try:
        simulator = VLMSimulator(script, port=port).start()
    except OSError as error:
        console.print(f"[red]error:[/] cannot listen on 127.0.0.1:{port}: {error.strerror}")
        sys.exit(EXIT_USAGE)
    console.print(f"VLM simulator on 127.0.0.1:{simulator.port} ({len(script.rules)} rules). Use, for example:\n"
                  f"  UIAGENT_PROVIDER=anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}\n"
                  f"  UIAGENT_PROVIDER=openai:gpt-4o@{simulator.openai_base_url}\n"
                  "It answers only what its script says; with no matching rule it answers 'uncertain'.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        simulator.stop()

"""`uiagent audit`, `uiagent demo`, `uiagent report` and `uiagent baseline`: accessibility audits and their reports."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import click

from uiagent.audit.gate import DEFAULT_FINDINGS_BASELINE, FAIL_ON, gated
from uiagent.cli.app import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    browser_options,
    browser_while_loading,
    console,
    fail,
    main,
    print_reports,
    screenshot_options,
    settings_from,
    shard_option,
)
from uiagent.errors import UiagentError
from uiagent.shards import Shard

if TYPE_CHECKING:  # The engine and the reports are imported where used: an audit loads them while the browser starts.
    from playwright.sync_api import Browser

    from uiagent.audit import AuditReport, PageAudit
    from uiagent.config import Settings

ISSUES_PRINTED = 50  # rows of the console's issue table


def _load_engine() -> None:
    """What an audit imports and loads before its first page: the engine, the reports, the console's progress,
    and the plugins (their checks, their report formats)."""
    for module in ("rich.progress", "rich.table", "uiagent.audit.groups", "uiagent.reports.results", "uiagent.wiring"):
        importlib.import_module(module)
    from uiagent.audit.run import AuditOptions
    from uiagent.reports import renderers

    AuditOptions(), renderers()


def _formats(text: str) -> list[str]:
    from uiagent.reports import parse_formats

    try:
        return parse_formats(text)
    except UiagentError as error:
        raise click.UsageError(str(error)) from error


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("reports/audit"), show_default=True,
              help="Folder for the reports, screenshots and pages.jsonl (a file path with a single --format).")
@click.option("--format", "formats", default="json", show_default=True, help="Comma-separated: html,json,sarif,junit,md.")
@click.option("--level", type=click.Choice(["A", "AA", "AAA"]), default="AA", show_default=True,
              help="WCAG level: the criteria of this level and below are checked (AAA adds enhanced contrast, ...).")
@click.option("--viewport", default=None, help="Viewport as WIDTHxHEIGHT in CSS px (default 1280x720).")
@click.option("--best-practice", is_flag=True, help="Also run axe's best-practice rules.")
@click.option("--axe-contrast", is_flag=True,
              help="Also run axe's own colour rules, color-contrast and link-in-text-block (slow on large pages).")
@click.option("--provider", help="VLM provider for the review (default: UIAGENT_PROVIDER; none: no review).")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="violation", show_default=True,
              help="Exit 1 when a finding at or above this status exists.")
@click.option("--resume", is_flag=True, help="Keep the pages an interrupted run already finished; audit the rest.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Fail only on findings that are new (or worse, or expired) against this baseline.")
@click.option("--page-timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds one page may take (default 120): past it, the checks not yet run are named as not "
                   "checked and the page is partial.")
@click.option("--workers", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Pages audited at once, each worker with its own browser.")
@shard_option
@screenshot_options
@browser_options
def audit(targets: tuple[str, ...], output: Path, formats: str, level: str, viewport: str | None, best_practice: bool,
          axe_contrast: bool, provider: str | None, fail_on: str, resume: bool, baseline_file: Path | None,
          page_timeout: float | None, workers: int, shard: Shard | None, keep_screenshots: bool | None,
          chromium: str | None, browser_ws: str | None) -> None:
    """Audit TARGETS (URLs, HTML files, @FILE listing URLs, or a sitemap.xml) for accessibility."""
    size = _viewport(viewport) if viewport else {}
    pages = _expand(targets)
    settings = settings_from(provider=provider, chromium=chromium, browser_ws=browser_ws, page_timeout_s=page_timeout,
                             keep_screenshots=keep_screenshots, **size)
    chosen: list[str] = []
    folder = output
    try:
        with browser_while_loading(settings, workers, _load_engine) as browser:
            from uiagent.reports.findings_baseline import compare, load_findings_baseline

            # Whatever can be wrong with the inputs is found before the first page, not after the whole audit.
            chosen = _formats(formats)
            folder = output.parent if len(chosen) == 1 and output.suffix else output
            _writable(folder)
            accepted = load_findings_baseline(baseline_file) if baseline_file is not None else None
            report = _run_audit(pages, folder, settings, level=level, best_practice=best_practice,
                                axe_contrast=axe_contrast, resume=resume, workers=workers, shard=shard, browser=browser)
    except UiagentError as error:
        fail(str(error))
    except KeyboardInterrupt:
        _interrupted(folder, chosen, output)
    from uiagent.reports import write_reports

    reports_ok = print_reports(write_reports(report, chosen, output))
    if accepted is not None:
        _print_comparison(compare(report.findings, accepted))
    gate = gated(report.findings, fail_on, accepted)
    failed_pages = any(page.status == "error" for page in report.pages)
    sys.exit(EXIT_FINDINGS if gate or failed_pages or not reports_ok else EXIT_OK)


def _writable(folder: Path) -> None:
    """The output folder exists or can be made, and files can be written in it."""
    if folder.exists() and not folder.is_dir():
        fail(f"output {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        fail(f"output folder {folder} cannot be written: {error.strerror or error}")


def _interrupted(folder: Path, formats: list[str], output: Path) -> NoReturn:
    """Ctrl-C: the pages already audited are in the journal; report them, say how to finish, and stop. (No
    `formats` yet: it came while the audit was starting.)"""
    from uiagent.reports import write_reports
    from uiagent.reports.results import load_results

    done = None
    if formats:
        try:
            done = load_results(folder)
        except UiagentError:
            pass  # (no page finished: no journal yet)
    if done is None:
        console.print("[yellow]interrupted[/] before any page was finished")
        sys.exit(EXIT_INTERRUPTED)
    print_reports(write_reports(done, formats, output))
    console.print(f"[yellow]interrupted[/]: {len(done.pages)} page(s) finished and reported; run the same command "
                  "with --resume to audit the rest")
    sys.exit(EXIT_INTERRUPTED)


class _RenderByDefault(click.Group):
    """`uiagent report RESULTS` renders RESULTS (the `render` subcommand); `uiagent report merge ...` merges."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["render", *args]
        return super().parse_args(ctx, args)


@main.group(cls=_RenderByDefault)
def report() -> None:
    """Render reports from saved RESULTS (an audit's folder or findings JSON), or merge shards' outputs."""


@report.command("render")
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "formats", default="html", show_default=True, help="Comma-separated: html,json,sarif,junit,md.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Folder (default: beside the results).")
def render(results: Path, formats: str, output: Path | None) -> None:
    """Render reports from saved RESULTS: an audit's folder (even an interrupted one) or its findings JSON."""
    from uiagent.reports import write_reports
    from uiagent.reports.results import load_results

    chosen = _formats(formats)
    try:
        loaded = load_results(results)
    except UiagentError as error:
        fail(str(error))
    target = output or (results if results.is_dir() else results.parent)
    reports_ok = print_reports(write_reports(loaded, chosen, target))
    console.print(f"{len(loaded.pages)} page(s), {sum(f.status != 'pass' for f in loaded.findings)} finding(s)")
    sys.exit(EXIT_OK if reports_ok else EXIT_FINDINGS)


@report.command("merge")
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the merged reports.")
@click.option("--format", "formats", default="html,json", show_default=True,
              help="Comma-separated: html,json,sarif,junit,md.")
@click.option("--allow-mismatch", is_flag=True, help="Merge outputs of different uiagent versions or options "
              "(the report says so).")
def merge(folders: tuple[Path, ...], output: Path, formats: str, allow_mismatch: bool) -> None:
    """Merge the output FOLDERS of a run's shards (`audit --shard i/n`) into one report: pages once, findings
    deduplicated by fingerprint, model usage summed. A missing or unfinished shard is named and the report is
    marked partial (exit 1)."""
    from uiagent.reports import write_reports
    from uiagent.reports.merge import merge_outputs

    chosen = _formats(formats)
    _writable(output)

    try:
        merged = merge_outputs(list(folders), allow_mismatch=allow_mismatch)
    except UiagentError as error:
        fail(str(error))
    for note in merged.notes:
        console.print(f"[yellow]partial:[/] {note}")
    reports_ok = print_reports(write_reports(merged, chosen, output))
    console.print(f"{len(merged.pages)} page(s), {sum(f.status != 'pass' for f in merged.findings)} finding(s) from "
                  f"{len(folders)} output(s)")
    sys.exit(EXIT_OK if reports_ok and not merged.notes else EXIT_FINDINGS)


@main.group()
def baseline() -> None:
    """Accept known findings, then fail only on new ones."""


@baseline.command("accept")
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--file", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_FINDINGS_BASELINE,
              show_default=True)
@click.option("--reason", default="", help="Why these findings are accepted (kept with each entry).")
@click.option("--expires", type=click.DateTime(formats=["%Y-%m-%d"]), help="After this date they fail again.")
@click.option("--issue", "issues", multiple=True, metavar="ID",
              help="Accept this whole issue (its id from findings.json `groups` or the HTML report): every occurrence "
                   "of its cause, now and later, on any page. Repeatable. Without it, every current finding.")
def baseline_accept(results: Path, baseline_file: Path, reason: str, expires: dt.datetime | None,
                    issues: tuple[str, ...]) -> None:
    """Store the current findings of RESULTS in the baseline."""
    from uiagent.reports.findings_baseline import accept
    from uiagent.reports.results import load_results

    try:
        loaded = load_results(results)
        stored = accept(loaded.findings, baseline_file, reason, expires.date() if expires else None,
                        issues=list(issues))
    except UiagentError as error:
        fail(str(error))
    console.print(f"{len(stored.entries)} accepted finding(s) and {len(stored.issues)} accepted issue(s) in "
                  f"{baseline_file}")


@baseline.command("diff")
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--file", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_FINDINGS_BASELINE,
              show_default=True)
def baseline_diff(results: Path, baseline_file: Path) -> None:
    """Compare RESULTS with the baseline: new, worse, expired (these fail), still present, fixed."""
    from uiagent.reports.findings_baseline import compare, load_findings_baseline
    from uiagent.reports.results import load_results

    try:
        comparison = compare(load_results(results).findings, load_findings_baseline(baseline_file))
    except UiagentError as error:
        fail(str(error))
    _print_comparison(comparison)
    sys.exit(EXIT_FINDINGS if comparison.failing else EXIT_OK)


@main.command()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/demo"),
              show_default=True)
@click.option("--format", "formats", default="html,json,sarif,junit,md", show_default=True)
@click.option("--serve", is_flag=True, help="Only serve the demo site until Ctrl-C, printing its address.")
@browser_options
def demo(output: Path, formats: str, serve: bool, chromium: str | None, browser_ws: str | None) -> None:
    """Run the main job on the bundled demo site: audit every page and score the findings against its labels."""
    from uiagent.demo import demo_pages, serve_demo
    from uiagent.demo.scoring import score
    from uiagent.reports import write_reports

    chosen = _formats(formats)
    with serve_demo() as site:
        if serve:
            console.print(f"Demo site at [bold]{site.base_url}[/] (Ctrl-C to stop)")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                return
        settings = settings_from(chromium=chromium, browser_ws=browser_ws)
        with browser_while_loading(settings, 1, _load_engine) as browser:
            report = _run_audit([site.url(page.path) for page in demo_pages()], output, settings, browser=browser)
    print_reports(write_reports(report, chosen, output))
    result = score(report)
    console.print(f"Labelled defects found by the check meant for them: [bold]{result.found}/{result.expected}[/]; "
                  f"findings on clean control pages: [bold]{result.false_on_clean}[/]")
    for line in result.missed + result.clean_findings:
        console.print(f"  [red]{line}[/]")
    sys.exit(EXIT_OK if result.perfect else EXIT_FINDINGS)


def _viewport(text: str) -> dict[str, int]:
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", text.strip())
    if not match:
        raise click.UsageError(f"--viewport {text!r}: expected WIDTHxHEIGHT, e.g. 1280x720 or 390x844")
    return {"viewport_width": int(match.group(1)), "viewport_height": int(match.group(2))}


def _expand(targets: tuple[str, ...]) -> list[str]:
    """`@urls.txt` stands for the URLs in that file (one a line, # comments); a sitemap.xml for its <loc>s. A list
    or sitemap that cannot be read is a usage error naming it; each page it names is checked on its own later."""
    expanded: list[str] = []
    for target in targets:
        if target.startswith("@"):
            path = Path(target[1:])
            if not path.is_file():
                raise click.UsageError(f"{target}: URL list file not found")
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise click.UsageError(f"{target}: not a UTF-8 text file (byte {error.start}): a list of URLs, "
                                       "one a line") from None
            except OSError as error:
                raise click.UsageError(f"{target}: cannot be read ({error.strerror or error})") from None
            expanded += [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        elif target.endswith("sitemap.xml") and Path(target).is_file():
            expanded += _sitemap(target)
        else:
            expanded.append(target)
    if not expanded:
        raise click.UsageError("no pages to audit")
    return expanded


def _sitemap(path: str) -> list[str]:
    import xml.etree.ElementTree as ET

    try:
        tree = ET.parse(path)
    except ET.ParseError as error:
        raise click.UsageError(f"{path}: not a readable sitemap ({error})") from None
    except OSError as error:
        raise click.UsageError(f"{path}: cannot be read ({error.strerror or error})") from None
    return [loc.text.strip() for loc in tree.iter() if loc.tag.endswith("loc") and loc.text and loc.text.strip()]


def _run_audit(targets: list[str], folder: Path, settings: Settings, *, level: str = "AA",
               best_practice: bool = False, axe_contrast: bool = False, resume: bool = False, workers: int = 1,
               shard: Shard | None = None, browser: Browser | None = None) -> AuditReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from uiagent.audit import AuditOptions, audit_targets
    from uiagent.reports.results import record_usage
    from uiagent.wiring import open_judge

    try:
        judge = open_judge(settings)
    except UiagentError as error:
        fail(str(error))
    options = AuditOptions(level=level, best_practice=best_practice, axe_contrast=axe_contrast, judge=judge)

    def report_page(page: PageAudit) -> None:
        if page.status in ("error", "skipped"):
            console.print(f"[{'red' if page.status == 'error' else 'yellow'}]{page.status}[/] {page.error}")
            return
        problems = sum(f.status != "pass" for f in page.findings)
        colour = "green" if not problems else "yellow"
        console.print(f"[{colour}]{page.status:7}[/] {page.url}  {problems} finding(s), {page.seconds:.1f}s")
        for run in page.checks:
            if run.status == "error":
                console.print(f"        [yellow]not checked[/] {run.check}: {run.detail}")
        for warning in page.warnings:
            console.print(f"        [yellow]warning[/] {warning}")

    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as progress:
            task = progress.add_task("auditing", total=len(shard.select(targets) if shard else targets))

            def advance(page: PageAudit) -> None:
                report_page(page)
                progress.advance(task)

            report = audit_targets(targets, settings, options, folder, on_page=advance, browser=browser,
                                   resume=resume, workers=workers, shard=shard)
    except UiagentError as error:
        fail(str(error))
    finally:
        if judge is not None:
            usage = judge.judge.ledger.totals()
            judge.close()
    if judge is not None:
        report.usage = usage
        record_usage(folder, usage)
    _findings_table(report)
    return report


def _findings_table(report: AuditReport) -> None:
    """One row per issue (findings of one rule and one cause), not per occurrence: a site's thousands of
    occurrences are in the reports."""
    from rich.table import Table

    from uiagent.audit.groups import group_findings

    table = Table(title="Issues")
    for column in ("rule", "WCAG", "status", "occurrences", "pages", "first element", "cause"):
        table.add_column(column)
    first: dict[str, Any] = {}
    for finding in report.findings:
        first.setdefault(finding.fingerprint, finding)
    issues = [group for group in group_findings(report.findings) if group.status != "pass"]
    for group in issues[:ISSUES_PRINTED]:
        example = first[group.fingerprints[0]]
        element = f"{example.selector or ''} ({urlsplit(example.page).path.rsplit('/', 1)[-1] or example.page})"
        table.add_row(group.rule, ", ".join(group.wcag), group.status, str(group.occurrences), str(len(group.pages)),
                      element, group.cause[:60])
    console.print(table)
    if len(issues) > ISSUES_PRINTED:
        console.print(f"{len(issues) - ISSUES_PRINTED} more issue(s) in the reports")


def _print_comparison(comparison) -> None:
    console.print(f"baseline: {len(comparison.new)} new, {len(comparison.worse)} worse, {len(comparison.expired)} "
                  f"expired, {len(comparison.still_present)} still present, {len(comparison.fixed)} fixed"
                  + (f", {len(comparison.fixed_issues)} accepted issue(s) no longer found" if comparison.fixed_issues
                     else ""))
    for label, findings in (("new", comparison.new), ("worse", comparison.worse), ("expired", comparison.expired)):
        for finding in findings:
            console.print(f"  [red]{label}[/] {finding.rule} on {finding.selector} ({finding.page})")

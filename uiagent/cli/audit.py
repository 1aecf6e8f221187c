"""`uiagent audit`, `uiagent demo`, `uiagent report` and `uiagent baseline`: accessibility audits and their reports."""

from __future__ import annotations

import datetime as dt
import re
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from uiagent.audit import AuditOptions, AuditReport, PageAudit, audit_targets
from uiagent.audit.gate import DEFAULT_FINDINGS_BASELINE, FAIL_ON
from uiagent.cli.app import EXIT_FINDINGS, EXIT_OK, browser_options, console, fail, main, settings_from
from uiagent.errors import UiagentError
from uiagent.reports import parse_formats, write_reports
from uiagent.reports.baseline import accept, compare, load_baseline
from uiagent.reports.results import load_results
from uiagent.vlm import JudgeSession


def _formats(text: str) -> list[str]:
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
@browser_options
def audit(targets: tuple[str, ...], output: Path, formats: str, level: str, viewport: str | None, best_practice: bool,
          axe_contrast: bool, provider: str | None, fail_on: str, resume: bool, baseline_file: Path | None,
          chromium: str | None, browser_ws: str | None) -> None:
    """Audit TARGETS (URLs, HTML files, @FILE listing URLs, or a sitemap.xml) for accessibility."""
    chosen = _formats(formats)
    folder = output.parent if len(chosen) == 1 and output.suffix else output
    size = _viewport(viewport) if viewport else {}
    report = _run_audit(_expand(targets), folder, level=level, best_practice=best_practice, axe_contrast=axe_contrast,
                        provider=provider, resume=resume, chromium=chromium, browser_ws=browser_ws, **size)
    for fmt, path in write_reports(report, chosen, output).items():
        console.print(f"{fmt}: [bold]{path}[/]")
    gate = [f for f in report.findings if f.status in FAIL_ON[fail_on]]
    if baseline_file is not None:
        comparison = compare(report.findings, load_baseline(baseline_file))
        _print_comparison(comparison)
        gate = [f for f in comparison.failing if f.status in FAIL_ON[fail_on]]
    failed_pages = any(page.status == "error" for page in report.pages)
    sys.exit(EXIT_FINDINGS if gate or failed_pages else EXIT_OK)


@main.command()
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "formats", default="html", show_default=True, help="Comma-separated: html,json,sarif,junit,md.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Folder (default: beside the results).")
def report(results: Path, formats: str, output: Path | None) -> None:
    """Render reports from saved RESULTS: an audit's folder (even an interrupted one) or its findings JSON."""
    chosen = _formats(formats)
    try:
        loaded = load_results(results)
    except UiagentError as error:
        fail(str(error))
    target = output or (results if results.is_dir() else results.parent)
    for fmt, path in write_reports(loaded, chosen, target).items():
        console.print(f"{fmt}: [bold]{path}[/]")
    console.print(f"{len(loaded.pages)} page(s), {sum(f.status != 'pass' for f in loaded.findings)} finding(s)")


@main.group()
def baseline() -> None:
    """Accept known findings, then fail only on new ones."""


@baseline.command("accept")
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--file", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_FINDINGS_BASELINE,
              show_default=True)
@click.option("--reason", default="", help="Why these findings are accepted (kept with each entry).")
@click.option("--expires", type=click.DateTime(formats=["%Y-%m-%d"]), help="After this date they fail again.")
def baseline_accept(results: Path, baseline_file: Path, reason: str, expires: dt.datetime | None) -> None:
    """Store the current findings of RESULTS in the baseline."""
    try:
        loaded = load_results(results)
        stored = accept(loaded.findings, baseline_file, reason, expires.date() if expires else None)
    except UiagentError as error:
        fail(str(error))
    console.print(f"{len(stored.entries)} accepted finding(s) in {baseline_file}")


@baseline.command("diff")
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--file", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_FINDINGS_BASELINE,
              show_default=True)
def baseline_diff(results: Path, baseline_file: Path) -> None:
    """Compare RESULTS with the baseline: new, worse, expired (these fail), still present, fixed."""
    try:
        comparison = compare(load_results(results).findings, load_baseline(baseline_file))
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

    chosen = _formats(formats)
    with serve_demo() as site:
        if serve:
            console.print(f"Demo site at [bold]{site.base_url}[/] (Ctrl-C to stop)")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                return
        report = _run_audit([site.url(page.path) for page in demo_pages()], output, chromium=chromium,
                            browser_ws=browser_ws)
    for fmt, path in write_reports(report, chosen, output).items():
        console.print(f"{fmt}: [bold]{path}[/]")
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
    """`@urls.txt` stands for the URLs in that file (one a line, # comments); a sitemap.xml for its <loc>s."""
    expanded: list[str] = []
    for target in targets:
        if target.startswith("@"):
            path = Path(target[1:])
            if not path.is_file():
                raise click.UsageError(f"{target}: URL list file not found")
            expanded += [line.strip() for line in path.read_text().splitlines()
                         if line.strip() and not line.lstrip().startswith("#")]
        elif target.endswith("sitemap.xml") and Path(target).is_file():
            import xml.etree.ElementTree as ET

            expanded += [loc.text.strip() for loc in ET.parse(target).iter() if loc.tag.endswith("loc") and loc.text]
        else:
            expanded.append(target)
    if not expanded:
        raise click.UsageError("no pages to audit")
    return expanded


def _run_audit(targets: list[str], folder: Path, *, level: str = "AA", best_practice: bool = False,
               axe_contrast: bool = False, provider: str | None = None, resume: bool = False,
               **settings_overrides: object) -> AuditReport:
    settings = settings_from(provider=provider, **settings_overrides)
    judge = None
    try:
        if settings.provider:
            judge = JudgeSession.from_settings(settings)
    except UiagentError as error:
        fail(str(error))
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
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as progress:
            task = progress.add_task("auditing", total=len(targets))

            def advance(page: PageAudit) -> None:
                report_page(page)
                progress.advance(task)

            report = audit_targets(targets, settings, options, folder, on_page=advance, resume=resume)
    except UiagentError as error:
        fail(str(error))
    finally:
        if judge is not None:
            usage = judge.judge.ledger.totals()
            judge.close()
    if judge is not None:
        report.usage = usage
    _findings_table(report)
    return report


def _findings_table(report: AuditReport) -> None:
    table = Table(title="Findings")
    for column in ("page", "rule", "WCAG", "status", "judges", "element"):
        table.add_column(column)
    for finding in report.findings:
        if finding.status != "pass":
            table.add_row(urlsplit(finding.page).path.rsplit("/", 1)[-1] or finding.page, finding.rule,
                          ", ".join(finding.wcag), finding.status, "+".join(finding.source), finding.selector or "")
    console.print(table)


def _print_comparison(comparison) -> None:  # type: ignore[no-untyped-def]
    console.print(f"baseline: {len(comparison.new)} new, {len(comparison.worse)} worse, {len(comparison.expired)} "
                  f"expired, {len(comparison.still_present)} still present, {len(comparison.fixed)} fixed")
    for label, findings in (("new", comparison.new), ("worse", comparison.worse), ("expired", comparison.expired)):
        for finding in findings:
            console.print(f"  [red]{label}[/] {finding.rule} on {finding.selector} ({finding.page})")

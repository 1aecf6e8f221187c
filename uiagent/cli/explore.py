"""`uiagent explore`: crawl a site, capture each page at several viewports, and rank its layout and
accessibility defects."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from uiagent.audit import AuditOptions
from uiagent.audit.gate import FAIL_ON, gated
from uiagent.browser.devices import PRESETS
from uiagent.capture.targets import resolve_target
from uiagent.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    browser_options,
    console,
    fail,
    main,
    print_reports,
    screenshot_options,
    settings_from,
    shard_option,
)
from uiagent.errors import UiagentError
from uiagent.explore import CrawlLimits, ExploredPage, ExploreOptions, ExploreReport
from uiagent.explore import explore as run_explore
from uiagent.explore.rank import finding_score
from uiagent.reports import parse_formats, write_reports
from uiagent.shards import Shard
from uiagent.wiring import open_judge


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--demo-site", is_flag=True, help="Explore the bundled demo site (served on loopback).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("reports/explore"),
              show_default=True, help="Folder for explore.json, pages.jsonl, screenshots and reports.")
@click.option("--format", "formats", default="html,json", show_default=True,
              help="Report formats besides explore.json: html,json,sarif,junit,md.")
@click.option("--max-pages", type=click.IntRange(1), default=50, show_default=True)
@click.option("--max-depth", type=click.IntRange(0), default=3, show_default=True, help="Links followed from the start.")
@click.option("--max-query-variants", type=click.IntRange(1), default=10, show_default=True,
              help="Pages per path with different query strings (calendar and filter traps).")
@click.option("--include", multiple=True, help="Only URLs matching this regular expression (repeatable).")
@click.option("--exclude", multiple=True, help="Never URLs matching this regular expression (repeatable).")
@click.option("--ignore-robots", is_flag=True, help="Do not read robots.txt.")
@click.option("--near-duplicate-bits", type=click.IntRange(-1, 256), default=24, show_default=True,
              help="Pages whose first screen's 256-bit perceptual hash is within this many bits of an explored "
                   "page's are duplicates (-1: never).")
@click.option("--viewports", default="desktop,tablet,phone", show_default=True,
              help="Comma-separated presets; the first gets the full audit and gives the links.")
@click.option("--workers", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Pages explored at once (each worker has its own browser).")
@click.option("--provider", help="VLM provider: asks for visual defects and reviews accessibility (default: UIAGENT_PROVIDER).")
@click.option("--level", type=click.Choice(["A", "AA", "AAA"]), default="AA", show_default=True, help="WCAG level.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="violation", show_default=True)
@click.option("--resume", is_flag=True, help="Keep the pages an interrupted exploration finished and go on from them.")
@click.option("--page-timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds one page's audit may take (default 120): past it, the checks not yet run are named as "
                   "not checked and the page is partial.")
@shard_option
@screenshot_options
@browser_options
def explore(urls: tuple[str, ...], demo_site: bool, output: Path, formats: str, max_pages: int, max_depth: int,
            max_query_variants: int, include: tuple[str, ...], exclude: tuple[str, ...], ignore_robots: bool,
            near_duplicate_bits: int, viewports: str, workers: int, provider: str | None, level: str, fail_on: str,
            resume: bool, page_timeout: float | None, shard: Shard | None, keep_screenshots: bool | None,
            chromium: str | None, browser_ws: str | None) -> None:
    """Crawl from URLS (same origin only) and report each page's layout and accessibility defects, ranked."""
    try:
        chosen = parse_formats(formats)
        starts = [resolve_target(url) for url in urls]
    except UiagentError as error:
        raise click.UsageError(str(error)) from error
    if not starts and not demo_site:
        raise click.UsageError("give a URL to start from (or --demo-site)")
    names = tuple(v.strip() for v in viewports.split(",") if v.strip())
    unknown = [v for v in names if v not in PRESETS]
    if unknown or not names:
        raise click.UsageError(f"--viewports: unknown {unknown or [viewports]}; choose from {', '.join(PRESETS)}")
    limits = _limits(max_pages, max_depth, max_query_variants, include, exclude, ignore_robots, near_duplicate_bits)
    settings = settings_from(provider=provider, chromium=chromium, browser_ws=browser_ws, page_timeout_s=page_timeout,
                             keep_screenshots=keep_screenshots)
    with ExitStack() as stack:
        if demo_site:
            from uiagent.demo import serve_demo

            starts.append(stack.enter_context(serve_demo()).url("index.html"))
        try:
            judge = open_judge(settings)
            if judge is not None:
                stack.callback(judge.close)
            options = ExploreOptions(viewports=names, audit=AuditOptions(level=level, judge=judge), judge=judge,
                                     shard=shard)
            report = _with_progress(starts, settings, options, output, limits, workers, resume)
        except UiagentError as error:
            fail(str(error))
    (output / "explore.json").write_text(report.model_dump_json(indent=1), encoding="utf-8")
    reports_ok = print_reports(write_reports(report.as_audit_report(), chosen, output))
    _ranking(report)
    _output_size(output, report)
    console.print(f"explore.json: [bold]{output / 'explore.json'}[/]")
    failing = gated(report.findings, fail_on)
    errors = [p for p in report.pages if p.status == "error"]
    sys.exit(EXIT_FINDINGS if failing or errors or not reports_ok else EXIT_OK)


def _limits(max_pages: int, max_depth: int, max_query_variants: int, include: tuple[str, ...],
            exclude: tuple[str, ...], ignore_robots: bool, near_duplicate_bits: int) -> CrawlLimits:
    import re

    for pattern in include + exclude:
        try:
            re.compile(pattern)
        except re.error as error:
            raise click.UsageError(f"pattern {pattern!r} is not a regular expression: {error}") from None
    return CrawlLimits(max_pages=max_pages, max_depth=max_depth, max_query_variants=max_query_variants,
                       include=include, exclude=exclude, respect_robots=not ignore_robots,
                       near_duplicate_bits=near_duplicate_bits)


def _with_progress(starts: list[str], settings, options: ExploreOptions, output: Path, limits: CrawlLimits,
                   workers: int, resume: bool) -> ExploreReport:
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("exploring", total=len(starts))
        done = 0

        def advance(page: ExploredPage, queued: int) -> None:
            nonlocal done
            done += 1
            progress.update(task, completed=done, total=done + queued)
            _print_page(page)

        return run_explore(starts, settings, options, output, limits=limits, workers=workers, resume=resume,
                           on_page=advance)


def _print_page(page: ExploredPage) -> None:
    colour = {"ok": "green", "partial": "yellow", "error": "red", "duplicate": "dim", "skipped": "dim"}[page.status]
    line = f"[{colour}]{page.status:9}[/] {escape(page.url)}"
    if page.status in ("ok", "partial"):
        line += f"  {len(page.findings)} finding(s), score {page.score:g}, {page.seconds:.1f}s"
    else:
        line += f"  {escape(page.error or '')}"
    console.print(line, highlight=False)


def _ranking(report: ExploreReport) -> None:
    pages = Table(title="Pages, most in need of attention first")
    for column in ("#", "page", "score", "findings", "viewports"):
        pages.add_column(column)
    explored = [p for p in report.pages if p.status in ("ok", "partial")]
    for rank, page in enumerate(explored, 1):
        pages.add_row(str(rank), urlsplit(page.url).path or page.url, f"{page.score:g}", str(len(page.findings)),
                      ", ".join(v.name for v in page.viewports if not v.error))
    console.print(pages)
    defects = Table(title="Defects, ranked")
    for column in ("score", "page", "rule", "element", "status", "viewports"):
        defects.add_column(column)
    for finding in report.findings[:25]:
        defects.add_row(f"{finding_score(finding):g}", urlsplit(finding.page).path, finding.rule, finding.selector or "",
                        finding.status, ", ".join(v for v in finding.evidence.get("viewports", []) if v))
    console.print(defects)
    counts = {status: sum(p.status == status for p in report.pages) for status in ("ok", "partial", "error", "duplicate", "skipped")}
    console.print(f"{len(report.pages)} page(s): " + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
                  + f"; {len(report.skipped)} URL(s) not visited; {report.seconds:.1f}s with {report.workers} worker(s)")
    for limit in report.limits_reached:
        console.print(f"[yellow]limit:[/] {limit}")


def _output_size(output: Path, report: ExploreReport) -> None:
    """What the run left on disk, in all and per page explored: a site of 20,000 pages must fit somewhere."""
    total = sum(path.stat().st_size for path in output.rglob("*") if path.is_file())
    explored = sum(p.status in ("ok", "partial") for p in report.pages) or 1
    html = output / "report.html"
    console.print(f"output: {total / 1e6:.1f} MB in {output}, {total / explored / 1e3:.0f} KB per page explored"
                  + (f"; report.html {html.stat().st_size / 1e6:.1f} MB" if html.exists() else ""))

"""Exploring a site: worker threads, each with its own browser (Playwright's sync API is one thread's), take
pages from the shared frontier until it is empty or a limit is reached. Each page's result is appended to
pages.jsonl as it finishes, so an interrupted exploration keeps what it did and `resume` goes on from there."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from uiagent import __version__
from uiagent.browser import open_browser
from uiagent.config import Settings
from uiagent.explore.frontier import CrawlLimits, Frontier
from uiagent.explore.models import ExploredPage, ExploreReport, Skipped
from uiagent.explore.rank import ranked
from uiagent.explore.visit import ExploreOptions, explore_page
from uiagent.journal import append_record
from uiagent.reports.results import RunManifest, write_manifest

JOURNAL = "pages.jsonl"


def explore(start: list[str], settings: Settings, options: ExploreOptions, output_dir: Path, *,
            limits: CrawlLimits | None = None, workers: int = 1, resume: bool = False,
            on_page: Callable[[ExploredPage, int], None] | None = None) -> ExploreReport:
    """`on_page(result, queued)` after each page, with how many pages wait in the queue (for a progress bar)."""
    started = time.perf_counter()
    frontier = Frontier(start, limits or CrawlLimits())
    output_dir.mkdir(parents=True, exist_ok=True)
    journal = output_dir / JOURNAL
    pages: list[ExploredPage] = []
    if resume and journal.exists():
        pages = _resume(journal, frontier)
    else:
        journal.write_text("")
    manifest = RunManifest(tool="uiagent explore", options={**options.audit.recorded(settings),
                                                            "viewports": list(options.viewports)},
                           shard=str(options.shard) if options.shard else None)
    write_manifest(output_dir, manifest)
    lock = threading.Lock()
    failures: list[BaseException] = []

    def record(result: ExploredPage) -> None:
        with lock:
            pages.append(result)
            append_record(journal, result)
        if on_page:
            on_page(result, frontier.queued())

    def work() -> None:
        try:
            with open_browser(settings) as browser:
                while (item := frontier.take()) is not None:
                    try:
                        result = explore_page(browser, item, frontier, settings, options, output_dir)
                    except Exception as error:  # noqa: BLE001 - one page's unexpected failure is that page's result
                        result = ExploredPage(url=item.url, depth=item.depth, found_on=item.found_on, status="error",
                                              error=f"{item.url}: {type(error).__name__}: {error}")
                    finally:
                        frontier.finished()
                    record(result)
        except Exception as error:  # noqa: BLE001 - this worker's browser could not start; the others go on
            failures.append(error)

    threads = [threading.Thread(target=work, name=f"uiagent-explore-{n}", daemon=True) for n in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures and not pages:
        raise failures[0]
    usage = options.judge.judge.ledger.totals() if options.judge else {}
    reported = sum(page.status in ("ok", "partial", "error") for page in pages)  # what its reports count
    write_manifest(output_dir, manifest.model_copy(update={"complete": True, "targets": reported, "usage": usage}))
    return ExploreReport(
        version=__version__, start=start, pages=sorted(pages, key=lambda p: (-p.score, p.url)),
        findings=ranked([f for page in pages for f in page.findings]),
        skipped=[Skipped(url=url, reason=reason) for url, reason in sorted(frontier.skipped.items())],
        limits_reached=frontier.limits_reached, workers=workers, seconds=round(time.perf_counter() - started, 3),
        usage=usage)


def _resume(journal: Path, frontier: Frontier) -> list[ExploredPage]:
    """Pages of an earlier run are kept (but failed ones, which are tried again); their links are queued again."""
    kept = []
    for line in journal.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        page = ExploredPage.model_validate_json(line)
        if page.status == "error":
            continue
        kept.append(page)
        frontier.mark_done(page.url, page.perceptual_hash if page.status != "duplicate" else "")
    for page in kept:
        for link in page.links:
            frontier.add(link, page.depth + 1, page.url)
    journal.write_text("".join(page.model_dump_json() + "\n" for page in kept), encoding="utf-8")
    return kept

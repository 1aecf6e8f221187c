"""Running one job over many pages: a fresh context per page, each result journalled at once.

A page's failure (bad target, unreachable, HTTP error, never loads, browser error) becomes that page's
result through `failed`, naming the page and the cause; the other pages still run.

With several workers, each is a thread with a browser of its own (Playwright's sync API belongs to the thread
that started it), taking the next page from one shared queue; results keep the targets' order.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError
from pydantic import BaseModel

from uiagent.browser import open_browser
from uiagent.capture.targets import load_page, playwright_cause, resolve_target
from uiagent.config import Settings
from uiagent.errors import NotAWebPage, PageLoadError, TargetError
from uiagent.journal import append_record

R = TypeVar("R", bound=BaseModel)


def for_each_page(
    targets: Iterable[str],
    settings: Settings,
    journal: Path,
    visit: Callable[[str, Page, str, list[str]], R],
    failed: Callable[..., R],
    *,
    browser: Browser | None = None,
    on_result: Callable[[R], None] | None = None,
    done: dict[str, R] | None = None,
    workers: int = 1,
) -> list[R]:
    """`visit(target, page, url, warnings)` for each loaded page, `failed(target, url, message, skipped)` for the
    others (`skipped`: the address serves no web page, an image or a PDF, which is not a failure).

    `done` (URL -> result) resumes an interrupted run: those pages are not visited again and the journal
    is kept and appended to. `workers` pages at a time, each worker with its own browser (a `browser` given
    serves one worker only)."""
    if browser is not None and workers > 1:
        raise ValueError("a browser given by the caller serves one worker; let each worker open its own")
    targets = list(targets)
    journal.parent.mkdir(parents=True, exist_ok=True)
    if done is None or not journal.exists():
        journal.write_text("")
    results: list[R | None] = [(done or {}).get(_url_or_none(target) or target) for target in targets]
    waiting = queue.SimpleQueue[int]()
    for index, earlier in enumerate(results):
        if earlier is None:
            waiting.put(index)
    lock = threading.Lock()

    def work(own: Browser) -> None:
        while True:
            try:
                index = waiting.get_nowait()
            except queue.Empty:
                return
            result = _one(own, targets[index], settings, visit, failed)
            with lock:  # appended per page: an interrupted run keeps every page already done
                append_record(journal, result)
                results[index] = result
                if on_result:
                    on_result(result)

    def worker() -> None:
        with open_browser(settings) as own:
            work(own)

    queued = waiting.qsize()
    if browser is not None:
        work(browser)
    elif queued and min(workers, queued) == 1:
        worker()
    elif queued:
        _in_threads(worker, min(workers, queued))
    return [result for result in results if result is not None]


def _in_threads(worker: Callable[[], None], count: int) -> None:
    """`worker` in `count` threads. A worker that fails (its browser would not start) leaves its pages to the
    others; only when every worker failed is the first failure raised."""
    failures: list[BaseException] = []

    def guarded() -> None:
        try:
            worker()
        except BaseException as error:  # noqa: BLE001 - reported below, after the other workers finish
            failures.append(error)

    threads = [threading.Thread(target=guarded, name=f"uiagent-page-worker-{n}", daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(failures) == count:
        raise failures[0]


def _url_or_none(target: str) -> str | None:
    try:
        return resolve_target(target)
    except TargetError:
        return None


def _one(browser: Browser, target: str, settings: Settings, visit: Callable[[str, Page, str, list[str]], R],
         failed: Callable[..., R]) -> R:
    try:
        url = resolve_target(target)
    except TargetError as error:
        return failed(target, None, str(error), False)
    context = browser.new_context(viewport={"width": settings.viewport_width, "height": settings.viewport_height})
    try:
        page = context.new_page()
        script_errors = load_page(page, url, settings.navigation_timeout_s)
        return visit(target, page, url, script_errors)
    except PageLoadError as error:
        return failed(target, url, str(error), isinstance(error, NotAWebPage))
    except PlaywrightError as error:
        return failed(target, url, f"{url}: browser error: {playwright_cause(error)}", False)
    finally:
        context.close()

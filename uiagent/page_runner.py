"""Running one job over many pages: one browser, a fresh context per page, each result journalled at once.

A page's failure (bad target, unreachable, HTTP error, never loads, browser error) becomes that page's
result through `failed`, naming the page and the cause; the other pages still run.
"""

from __future__ import annotations

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
) -> list[R]:
    """`visit(target, page, url, warnings)` for each loaded page, `failed(target, url, message, skipped)` for the
    others (`skipped`: the address serves no web page, an image or a PDF, which is not a failure).

    `done` (URL -> result) resumes an interrupted run: those pages are not visited again and the journal
    is kept and appended to."""
    if browser is None:
        with open_browser(settings) as own:
            return for_each_page(targets, settings, journal, visit, failed, browser=own, on_result=on_result,
                                 done=done)
    journal.parent.mkdir(parents=True, exist_ok=True)
    if done is None or not journal.exists():
        journal.write_text("")
    results: list[R] = []
    for target in targets:
        earlier = (done or {}).get(_url_or_none(target) or target)
        if earlier is not None:
            results.append(earlier)
            continue
        result = _one(browser, target, settings, visit, failed)
        # Appended per page: an interrupted run keeps every page already done.
        with journal.open("a", encoding="utf-8") as stream:
            stream.write(result.model_dump_json() + "\n")
        results.append(result)
        if on_result:
            on_result(result)
    return results


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

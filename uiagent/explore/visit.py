"""Exploring one page: at the desktop size, load it, skip it if it looks like a page already explored, collect
its links and run the full audit; at each other viewport, load it again and run the layout checks; where a
VLM is configured, ask it for visual defects at every viewport. Each viewport in its own browser context."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import imagehash
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from uiagent.audit import AuditOptions, audit_page
from uiagent.audit.checks import Check, CheckInput
from uiagent.audit.checks.layout import CLIPPED_TEXT, PAGE_OVERFLOW, TEXT_OVERLAP
from uiagent.audit.evidence import keep_crops, keep_page_images
from uiagent.audit.findings import CheckRun, Finding
from uiagent.audit.reconcile import reconcile
from uiagent.audit.run import run_timed
from uiagent.browser.devices import PRESETS, context_args
from uiagent.capture import capture, load_page
from uiagent.capture.models import Capture
from uiagent.capture.targets import playwright_cause
from uiagent.config import Settings
from uiagent.errors import NotAWebPage, PageLoadError
from uiagent.explore.frontier import CrawlItem, Frontier, normalize
from uiagent.explore.models import ExploredPage, ViewportShot
from uiagent.explore.rank import finding_score, merge_viewports
from uiagent.explore.visual_review import VisualReviewError, visual_defects
from uiagent.paths import slug_for_url
from uiagent.shards import Shard
from uiagent.vlm import JudgeSession
from uiagent.vlm.questions import MAX_ASKED_HEIGHT

# At the other viewports: what changes with the width. Broken images and the accessibility checks do not,
# so the desktop audit covers them once.
LAYOUT_CHECKS: tuple[Check, ...] = (CLIPPED_TEXT, TEXT_OVERLAP, PAGE_OVERFLOW)
LINKS_JS = "els => els.map(e => e.href).filter(Boolean)"


@dataclass
class ExploreOptions:
    viewports: tuple[str, ...] = ("desktop", "tablet", "phone")
    audit: AuditOptions = field(default_factory=AuditOptions)
    judge: JudgeSession | None = None  # asks for visual defects at every viewport when given
    shard: Shard | None = None  # only pages of this shard are explored; the others are crawled for their links


def explore_page(browser: Browser, item: CrawlItem, frontier: Frontier, settings: Settings, options: ExploreOptions,
                 output_dir: Path) -> ExploredPage:
    started = time.perf_counter()
    result = ExploredPage(url=item.url, depth=item.depth, found_on=item.found_on, status="ok")
    page_dir = output_dir / slug_for_url(item.url)
    first, *others = options.viewports
    findings: list[Finding] = []
    try:
        with _page_at(browser, first, settings) as page:
            load_page(page, item.url, settings.navigation_timeout_s)
            if not frontier.in_scope(page.url):
                return _done(result, started, status="skipped",
                             error=f"{item.url}: redirected off-site to {page.url}; not explored")
            first_screen = capture(page, "viewport", settings=settings)
            result.title = first_screen.dom.title
            result.perceptual_hash = str(imagehash.phash(first_screen.image(), hash_size=16))
            twin = frontier.near_duplicate(item.url, result.perceptual_hash)
            if twin is not None:
                return _done(result, started, status="duplicate", duplicate_of=twin,
                             error=f"{item.url}: looks like {twin} (perceptual hash); not explored again")
            result.links = _links(page, item, frontier)
            if options.shard is not None and not options.shard.owns(item.url):
                # Crawled for its links (every shard crawls the same site), audited by the shard that owns it.
                return _done(result, started, status="skipped",
                             error=f"{item.url}: explored by another shard than {options.shard}")
            audit = audit_page(page, options.audit, settings, evidence_dir=page_dir / first)
            result.checks += audit.checks
            result.viewports.append(_shot(first, page, first_screen, audit.screenshot, audit.thumbnail))
            findings += _at_viewport(audit.findings, first, audit.screenshot)
            if options.judge is not None:
                whole = capture(page, "full_page", settings=_as_far_as_asked(settings))
                reviewed = _review(whole, first, options.judge, result.checks)
                cropped = keep_crops(whole, reviewed, page_dir / first, settings.screenshot_quality)
                findings += _at_viewport(cropped, first, audit.screenshot)
    except PageLoadError as error:
        return _done(result, started, status="skipped" if isinstance(error, NotAWebPage) else "error", error=str(error))
    except PlaywrightError as error:
        return _done(result, started, status="error", error=f"{item.url}: browser error: {playwright_cause(error)}")
    for viewport in others:
        shot, found, runs = _layout_at(browser, item.url, viewport, settings, options.judge, page_dir)
        result.viewports.append(shot)
        result.checks += runs
        findings += found
    if any(run.status == "error" for run in result.checks) or any(v.error for v in result.viewports):
        result.status = "partial"
    result.findings = merge_viewports(findings)
    result.score = round(sum(finding_score(f) for f in result.findings), 3)
    return _done(result, started)


def _layout_at(browser: Browser, url: str, viewport: str, settings: Settings, judge: JudgeSession | None,
               page_dir: Path) -> tuple[ViewportShot, list[Finding], list[CheckRun]]:
    runs: list[CheckRun] = []
    try:
        with _page_at(browser, viewport, settings) as page:
            load_page(page, url, settings.navigation_timeout_s)
            shot = capture(page, "full_page", settings=_as_far_as_asked(settings))
            folder = page_dir / viewport
            screenshot, thumbnail = keep_page_images(shot, folder, full_page=settings.keep_screenshots,
                                                     quality=settings.screenshot_quality)
            context = CheckInput(page=page, capture=shot, settings=settings)
            found: list[Finding] = []
            for check in LAYOUT_CHECKS:
                new, run = run_timed(f"{check.id}@{viewport}", partial(check.run, context))
                found += new
                runs.append(run)
            if judge is not None:
                found += _review(shot, viewport, judge, runs)
            merged = reconcile(found, context.measurements)  # says which judges agree, as at the first viewport
            merged = keep_crops(shot, merged, folder, settings.screenshot_quality)
            return _shot(viewport, page, shot, screenshot, thumbnail), _at_viewport(merged, viewport, screenshot), runs
    except (PageLoadError, PlaywrightError) as error:
        cause = str(error) if isinstance(error, PageLoadError) else playwright_cause(error)
        size = PRESETS.get(viewport, {}).get("viewport", {"width": 0, "height": 0})
        return ViewportShot(name=viewport, error=cause, **size), [], runs


def _review(shot: Capture, viewport: str, judge: JudgeSession, runs: list[CheckRun]) -> list[Finding]:
    begun = time.perf_counter()
    name = f"vlm-visual-defects@{viewport}"
    try:
        found = visual_defects(shot, judge, viewport)
    except VisualReviewError as error:
        runs.append(CheckRun(check=name, status="error", detail=str(error)))
        return []
    runs.append(CheckRun(check=name, status="ok", seconds=round(time.perf_counter() - begun, 3),
                         detail=f"{len(found)} finding(s)"))
    return found


@contextmanager
def _page_at(browser: Browser, viewport: str, settings: Settings) -> Iterator[Page]:
    """A page in a fresh context at a viewport preset, closed whatever happens."""
    context = browser.new_context(**context_args(viewport, None))
    context.set_default_timeout(settings.navigation_timeout_s * 1000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _links(page: Page, item: CrawlItem, frontier: Frontier) -> list[str]:
    links = []
    for href in page.eval_on_selector_all("a[href], area[href]", LINKS_JS):
        if frontier.in_scope(href):
            links.append(normalize(href))
        frontier.add(href, item.depth + 1, item.url)
    return sorted(set(links))


def _as_far_as_asked(settings: Settings) -> Settings:
    """The settings for a capture that only the layout checks (which read the DOM), a VLM question (which shows the
    page's top) and a thumbnail will read: the audit measured all of the page, and every tile of a long page past
    what a question shows would be a shot of about a second for nothing."""
    return settings.model_copy(update={"max_full_page_height": min(settings.max_full_page_height, MAX_ASKED_HEIGHT)})


def _at_viewport(findings: list[Finding], viewport: str, screenshot: str | None) -> list[Finding]:
    """The findings measured at `viewport`, naming it (and the capture they were measured on, when it was kept)."""
    where = {"viewport": viewport, **({"screenshot": screenshot} if screenshot else {})}
    return [f.model_copy(update={"evidence": {**f.evidence, **where}}) for f in findings]


def _shot(name: str, page: Page, shot: Capture, screenshot: str | None, thumbnail: str | None) -> ViewportShot:
    size = page.viewport_size or {"width": 0, "height": 0}
    return ViewportShot(name=name, width=size["width"], height=size["height"], screenshot=screenshot,
                        thumbnail=thumbnail, content_hash=shot.content_hash, perceptual_hash=shot.perceptual_hash,
                        warnings=shot.warnings)


def _done(result: ExploredPage, started: float, **update: object) -> ExploredPage:
    for key, value in update.items():
        setattr(result, key, value)
    result.seconds = round(time.perf_counter() - started, 3)
    return result

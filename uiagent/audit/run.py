"""Auditing pages: capture, axe in every frame, the pixel and interaction checks, the VLM review, reconcile.

Each check runs on its own: one that fails (a page that navigates away, blocks something, or times out)
is named in the page's `checks` and the page is `partial`; the other checks' findings are kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from uiagent import __version__
from uiagent.audit.axe import AxeOutcome, axe_options, restrict_to_act, start_axe
from uiagent.audit.checks import BUILTIN_CHECKS, Check, CheckInput
from uiagent.audit.checks.base import validate_check_options
from uiagent.audit.evidence import keep_crops, keep_page_images
from uiagent.audit.findings import AuditReport, CheckRun, Finding, PageAudit
from uiagent.audit.reconcile import reconcile
from uiagent.capture import Capture, capture
from uiagent.capture.stabilize import instant_scrolling
from uiagent.capture.targets import navigation_held, playwright_cause
from uiagent.config import Settings
from uiagent.errors import CheckSkipped
from uiagent.hooks import plugin_checks
from uiagent.page_runner import for_each_page
from uiagent.paths import slug_for_url
from uiagent.shards import Shard

if TYPE_CHECKING:
    from uiagent.vlm import JudgeSession

AXE_COLOUR_RULES = ("color-contrast", "color-contrast-enhanced", "link-in-text-block")


@dataclass
class AuditOptions:
    level: str = "AA"
    best_practice: bool = False
    # axe's colour rules (color-contrast, link-in-text-block) are slow on large pages and blind to what is
    # painted; the pixel checks text-contrast and link-in-text-block measure the same. On: run both.
    axe_contrast: bool = False
    checks: tuple[Check, ...] = field(default_factory=lambda: BUILTIN_CHECKS + plugin_checks())
    skip: frozenset[str] = field(default_factory=frozenset)
    judge: JudgeSession | None = None  # the VLM review runs when a judge is given
    # Only what implements these W3C ACT rules (checks and axe rules by their ACT ids): a conformance run
    # that scores each test case on its own rule need not run the rest.
    only_act: frozenset[str] | None = None

    def active_checks(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.id not in self.skip and len(check.level) <= len(self.level)
                     and (self.best_practice or not check.best_practice)
                     and (self.only_act is None or set(check.act) & self.only_act))

    def recorded(self, settings: Settings) -> dict[str, object]:
        """What of these options (and the settings) changes the findings: recorded with a run's results, so
        that only outputs of like runs are merged."""
        return {"level": self.level, "best_practice": self.best_practice, "axe_contrast": self.axe_contrast,
                "viewport": f"{settings.viewport_width}x{settings.viewport_height}", "skip": sorted(self.skip),
                "judged": self.judge is not None, "check_options": settings.check_options}

    def replaced_axe_rules(self) -> tuple[str, ...]:
        """axe rules that running checks replace; `axe_contrast` keeps axe's colour rules running too."""
        replaced = {rule for check in self.active_checks() for rule in check.replaces}
        return tuple(sorted(replaced - set(AXE_COLOUR_RULES) if self.axe_contrast else replaced))


def audit_page(page: Page, options: AuditOptions, settings: Settings, evidence_dir: Path | None = None) -> PageAudit:
    """Audit the page as loaded now. The page is held in place meanwhile: its own attempts to navigate (a meta
    refresh, a script) are stopped and named in the audit's warnings."""
    validate_check_options(settings.check_options, options.checks)
    with navigation_held(page) as attempts, instant_scrolling(page):
        try:
            audit = _audit_loaded_page(page, options, settings, evidence_dir)
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
            # It was already on its way elsewhere when the hold began: audit where it ended.
            page.wait_for_load_state("load", timeout=settings.navigation_timeout_s * 1000)
            audit = _audit_loaded_page(page, options, settings, evidence_dir)
            audit.warnings.append(f"the page navigated to {page.url} as the audit began; that page was audited")
    if attempts:
        audit.warnings.append(f"the page tried to navigate to {attempts[0]} (a meta refresh or a script) during "
                              "the audit: it was held on the page as loaded")
    return audit


def _audit_loaded_page(page: Page, options: AuditOptions, settings: Settings, evidence_dir: Path | None) -> PageAudit:
    started = time.perf_counter()
    # The reference state: nothing focused or hovered (the focus check compares against this capture). The mouse
    # goes off the page, where it hovers nothing.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.mouse.move(-1, -1)
    axe_run: dict[str, Any] | None = axe_options(options.level, options.best_practice, options.replaced_axe_rules())
    if options.only_act is not None and "axe" not in options.skip:
        axe_run = restrict_to_act(page, axe_run or {}, options.only_act)
    axe_outcome = (start_axe(page, axe_run, deadline=started + settings.page_timeout_s / 2)
                   if axe_run is not None and "axe" not in options.skip else None)
    shot = capture(page, "full_page", settings=settings)  # while axe runs in the page
    try:
        return _check_captured(page, shot, axe_outcome, options, settings, evidence_dir, started)
    finally:
        shot.release()  # now, not at Python's next full collection (see Capture.release)


def _check_captured(page: Page, shot: Capture, axe_outcome: Callable[[], AxeOutcome] | None, options: AuditOptions,
                    settings: Settings, evidence_dir: Path | None, started: float) -> PageAudit:
    """Run the checks on the page and on its reference capture `shot`, axe already started in the page."""
    deadline = started + settings.page_timeout_s
    runs: list[CheckRun] = []
    findings: list[Finding] = []
    checks = options.active_checks()
    inactive = {check.id for check in options.checks} - {check.id for check in checks}
    context = CheckInput(page=page, capture=shot, settings=settings)
    audited_url = page.url

    def attempt(name: str, work: Callable[[], list[Finding]] | Future[list[Finding]], act: tuple[str, ...] = ()) -> None:
        if name in options.skip:
            runs.append(CheckRun(check=name, status="skipped", detail="skipped by option"))
            return
        if name in inactive:
            runs.append(CheckRun(check=name, status="skipped", detail="implements none of the ACT rules asked for"))
            return
        if time.perf_counter() > deadline:
            if isinstance(work, Future):
                work.cancel()
            runs.append(CheckRun(check=name, status="error", detail=f"not checked: the page's time limit "
                                 f"({settings.page_timeout_s:g} s, --page-timeout) was reached"))
            return
        if not isinstance(work, Future) and page.url != audited_url:
            # Whatever is on screen now is another page: checking it would misreport.
            runs.append(CheckRun(check=name, status="error", detail=f"not checked: the page navigated away to {page.url}"))
            return
        found, run = run_timed(name, work.result if isinstance(work, Future) else work)
        findings.extend(f.model_copy(update={"act": list(act)}) if act and f.rule == name and not f.act else f
                        for f in found)
        runs.append(run)

    def axe() -> list[Finding]:
        assert axe_outcome is not None  # (not started only when skipped)
        outcome = axe_outcome()
        if outcome.notes:
            runs.append(CheckRun(check="axe-frames", status="error", detail="; ".join(outcome.notes)))
        return outcome.findings

    # Checks that read only the capture, and writing the page's images, run in a worker thread meanwhile: the
    # main thread mostly waits for the browser.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="uiagent-check") as background:
        saved = (background.submit(keep_page_images, shot, evidence_dir, full_page=settings.keep_screenshots,
                                   quality=settings.screenshot_quality) if evidence_dir is not None else None)
        slow = {check.id: background.submit(check.run, context) for check in checks if check.kind == "background"}
        if axe_outcome is not None or "axe" in options.skip:
            attempt("axe", axe)
        for kind in ("capture", "interactive"):
            for check in (c for c in options.checks if c.kind == kind):
                if not check.relayout:
                    context.relayout.restore()  # the page's own layout, after the re-layout checks before it
                attempt(check.id, partial(check.run, context), check.act)
        context.relayout.restore()
        for check in (c for c in options.checks if c.kind == "background"):
            attempt(check.id, slow.get(check.id, list), check.act)
        # An image that could not be written is an error of the audit.
        screenshot, thumbnail = saved.result() if saved is not None else (None, None)
    if options.judge is not None:
        from uiagent.audit.review import review_page
        from uiagent.vlm.questions import MAX_ASKED_HEIGHT

        judge = options.judge
        attempt("vlm-review", lambda: review_page(context, judge, findings))
        height = shot.size[1]
        if runs[-1].status == "ok" and height > MAX_ASKED_HEIGHT:
            runs[-1].detail += f"; the model was shown the page's first {MAX_ASKED_HEIGHT:,} px of {height:,}"
    else:
        from uiagent.audit.review import not_judged

        runs.append(CheckRun(check="vlm-review", status="skipped", detail=not_judged()))
    if shot.truncated_height:
        runs.append(CheckRun(check="capture", status="error", detail=f"the page is {shot.dom.scroll_height:,} px tall: "
                             f"only its first {settings.max_full_page_height:,} px were captured, so the pixel checks "
                             "did not see the rest (raise max_full_page_height to measure it all)"))
    closed = shot.closed_shadow_roots
    if closed:
        runs.append(CheckRun(check="closed-shadow-dom", status="error",
                             detail=f"{closed} closed shadow root(s): their content is not inspected by axe or the "
                                    "DOM-based checks (only seen in the screenshot)"))
    status = "partial" if any(run.status == "error" for run in runs) else "ok"
    reconciled = reconcile(findings, context.measurements)
    if evidence_dir is not None:
        reconciled = keep_crops(shot, reconciled, evidence_dir, settings.screenshot_quality)
    return PageAudit(url=audited_url, title=shot.dom.title, status=status, findings=reconciled, checks=runs,
                     screenshot=screenshot, thumbnail=thumbnail, elements=len(shot.dom.elements),
                     warnings=list(shot.warnings), seconds=round(time.perf_counter() - started, 3))


def run_timed(name: str, work: Callable[[], list[Finding]]) -> tuple[list[Finding], CheckRun]:
    """Run one check and say what it did. Its failure becomes its CheckRun (an error naming the cause), not an
    exception: a check's own failure must not lose the other checks' findings."""
    begun = time.perf_counter()
    try:
        found = work()
    except CheckSkipped as reason:
        return [], CheckRun(check=name, status="skipped", seconds=round(time.perf_counter() - begun, 3), detail=str(reason))
    except PlaywrightError as error:
        detail = playwright_cause(error)
        if "context was destroyed" in detail or "navigat" in detail:
            detail = f"the page navigated away during this check ({detail})"
        return [], CheckRun(check=name, status="error", seconds=time.perf_counter() - begun, detail=detail)
    except Exception as error:  # noqa: BLE001 - a check's own bug is its CheckRun's error, not the audit's end
        return [], CheckRun(check=name, status="error", seconds=time.perf_counter() - begun,
                            detail=f"{type(error).__name__}: {error}")
    return found, CheckRun(check=name, status="ok", seconds=round(time.perf_counter() - begun, 3),
                           detail=f"{len(found)} finding(s)")


def audit_targets(
    targets: Iterable[str],
    settings: Settings,
    options: AuditOptions,
    output_dir: Path,
    on_page: Callable[[PageAudit], None] | None = None,
    browser: Browser | None = None,
    resume: bool = False,
    workers: int = 1,
    shard: Shard | None = None,
) -> AuditReport:
    """Audit every target (of `shard` only, when given), `workers` pages at a time; each page's result is appended
    to output_dir/pages.jsonl as soon as it exists, and output_dir/run.json says what the run is and whether it
    ended. With `resume`, pages already in that journal (and not failed) are kept and not audited again."""
    from uiagent.reports.results import (
        JOURNAL,
        RunManifest,
        read_journal,
        write_manifest,
    )

    validate_check_options(settings.check_options, options.checks)  # one clear error before any page is loaded
    targets = list(targets) if shard is None else shard.select(targets)
    manifest = RunManifest(options=options.recorded(settings), shard=str(shard) if shard else None,
                           targets=len(targets))
    write_manifest(output_dir, manifest)
    journal = output_dir / JOURNAL
    done = None
    if resume and journal.exists():
        done = {page.url: page for page in read_journal(journal) if page.status != "error"}

    def visit(target: str, page: Page, url: str, script_errors: list[str]) -> PageAudit:
        audit = audit_page(page, options, settings, evidence_dir=output_dir / slug_for_url(url))
        # Recorded under the URL asked for (a redirect or a script may have moved the page), so that --resume
        # and the reports find it again.
        return audit.model_copy(update={"url": url, "final_url": audit.url if audit.url != url else None,
                                        "warnings": [*script_errors, *audit.warnings]})

    def failed(target: str, url: str | None, message: str, skipped: bool) -> PageAudit:
        return PageAudit(url=url or target, status="skipped" if skipped else "error", error=message)

    pages = for_each_page(list(targets), settings, journal, visit, failed, browser=browser, on_result=on_page,
                          done=done, workers=workers)
    write_manifest(output_dir, manifest.model_copy(update={"complete": True}))
    return AuditReport(version=__version__, wcag_level=options.level,
                       findings=[f for page in pages for f in page.findings], pages=pages)

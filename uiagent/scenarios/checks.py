"""Built-in steps that check the current state: a visual expectation judged by the VLM (expect, expect_not),
what the page showed over time (record, then recorded), a screenshot baseline, an accessibility audit gated by
the findings baseline, and the keyboard focus order."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from uiagent.audit import AuditOptions
from uiagent.audit.gate import (
    DEFAULT_FINDINGS_BASELINE,
    AccessibilityError,
    check_accessibility,
)
from uiagent.baselines import MatchLevel
from uiagent.capture.keyboard import tab_walk_from_top
from uiagent.scenarios.model import Shorthand, Strict, Target
from uiagent.scenarios.steps import StepFailure, StepKind, StepRuntime


class Expect(Shorthand):
    shorthand: ClassVar[str] = "that"
    that: str = Field(min_length=1, description="What should be true of the page, in plain language.")
    target: Target | None = Field(None, description="Judge only this element (a crop, fewer image tokens).")
    full_page: bool = False
    timeout: float | None = Field(None, gt=0, le=300, description="Keep looking until it holds, up to this many seconds.")


class ExpectNot(Shorthand):
    shorthand: ClassVar[str] = "that"
    that: str = Field(min_length=1)
    target: Target | None = None
    full_page: bool = False


class Baseline(Shorthand):
    shorthand: ClassVar[str] = "name"
    name: str
    target: Target | None = None
    full_page: bool = False
    threshold: float | None = Field(None, ge=0, le=1, description="Share of pixels that may change and still pass.")
    match: MatchLevel | None = Field(None, description="What must stay the same: strict (pixels, the default), layout "
                                     "(element boxes), ignore-colors (edges) or content (texts and images).")
    ignore: list[str] = Field(default_factory=list, description="CSS selectors left out of the comparison.")
    dynamic: list[str] = Field(default_factory=list, description="CSS selectors whose content may change but "
                               "whose box must stay where it was.")


class Record(Shorthand):
    shorthand: ClassVar[str] = "max_seconds"
    max_seconds: float = Field(5.0, gt=0, le=60, description="Stop recording this long after it began, at most.")
    max_frames: int = Field(8, ge=1, le=32, description="Send at most this many frames to the model.")
    quiet_seconds: float = Field(1.0, ge=0, le=30, description="Stop once the page has been still this long.")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, value: Any) -> Any:
        return {} if value is None else value  # `- record:` alone records with the defaults


class Recorded(Strict):
    shown: str | None = Field(None, min_length=1, description="What the page must have shown at some moment.")
    in_order: list[str] | None = Field(None, min_length=1, description="What it must have shown, in this order.")

    @model_validator(mode="after")
    def _one(self) -> Recorded:
        if (self.shown is None) == (self.in_order is None):
            raise ValueError("give either `shown` or `in_order`")
        return self


class Audit(Strict):
    fail_on: Literal["violation", "needs-review", "never"] = "violation"
    baseline: str | None = Field(None, description="Findings baseline, relative to this file (default: the "
                                 "project's .uiagent/findings-baseline.json).")
    level: Literal["A", "AA"] = "AA"
    best_practice: bool = False
    skip: list[str] = Field(default_factory=list, description="Check ids not to run here (e.g. focus-visible).")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, value: Any) -> Any:
        return {} if value is None else value  # `- audit:` alone audits with the defaults


class FocusOrder(Shorthand):
    shorthand: ClassVar[str] = "order"
    order: list[Target] = Field(min_length=1, description="Elements that Tab must reach, in this order.")
    exact: bool = Field(False, description="No other element may take focus before or between them.")
    max_tabs: int = Field(200, ge=1, le=2000)


def expect(step: Expect, runtime: StepRuntime) -> None:
    target = runtime.locate(step.target) if step.target else runtime.page
    expectation = runtime.assertions.expect(target, full_page=step.full_page, soft=False)
    if step.timeout is not None:
        expectation.wait_for(step.that, timeout=step.timeout)
    else:
        expectation.to_satisfy(step.that)


def expect_not(step: ExpectNot, runtime: StepRuntime) -> None:
    target = runtime.locate(step.target) if step.target else runtime.page
    runtime.assertions.expect(target, full_page=step.full_page, soft=False).not_to_satisfy(step.that)


def record(step: Record, runtime: StepRuntime) -> None:
    """Start recording the page: the steps that follow run while it records, until a `recorded` step judges it."""
    if runtime.recording is not None:
        raise StepFailure("a recording is already running: judge it with a `recorded` step before starting another")
    recording = runtime.assertions.expect(runtime.page).recording(
        max_seconds=step.max_seconds, max_frames=step.max_frames, quiet_seconds=step.quiet_seconds)
    recording.start()
    runtime.recording = recording


def recorded(step: Recorded, runtime: StepRuntime) -> None:
    """Stop the recording once the page is still, and judge what it showed."""
    recording, runtime.recording = runtime.recording, None
    if recording is None:
        raise StepFailure("no recording is running: start one with a `record` step before the steps to record")
    recording.stop()
    if step.shown is not None:
        recording.to_have_shown(step.shown)
    else:
        recording.to_show_in_order(step.in_order or [])


def baseline(step: Baseline, runtime: StepRuntime) -> None:
    target = runtime.locate(step.target) if step.target else runtime.page
    runtime.assertions.expect(target, full_page=step.full_page).to_match_baseline(
        step.name, threshold=step.threshold, match=step.match, ignore=step.ignore, dynamic=step.dynamic)


def audit(step: Audit, runtime: StepRuntime) -> None:
    options = AuditOptions(level=step.level, best_practice=step.best_practice, skip=frozenset(step.skip),
                           judge=runtime.assertions.judge)
    findings_baseline = runtime.path(step.baseline) if step.baseline else runtime.root_dir / DEFAULT_FINDINGS_BASELINE
    evidence = runtime.output_dir / f"audit-{len(runtime.audits) + 1}"
    try:
        result = check_accessibility(runtime.page, options, runtime.settings, findings_baseline, step.fail_on,
                                     evidence_dir=evidence)
    except AccessibilityError as failure:
        runtime.audits.append(failure.audit)
        raise StepFailure(str(failure)) from None
    runtime.audits.append(result)
    not_checked = [f"{run.check} ({run.detail})" for run in result.checks if run.status == "error"]
    if not_checked:
        runtime.notes.append(f"audit of {result.url}: not checked: {'; '.join(not_checked)}")


_MARK = "data-uiagent-focus-order"

# The element that has focus, looking through shadow roots; null once focus has left the document.
_FOCUSED = f"""() => {{
  let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const marked = e.closest('[{_MARK}]');
  const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 40);
  const ids = window.__uiagentFocusIds = window.__uiagentFocusIds || new WeakMap();
  if (!ids.has(e)) ids.set(e, Math.random());  // an identity, so two alike elements are told apart
  return {{key: ids.get(e), mark: marked === e ? Number(e.getAttribute('{_MARK}')) : null,
           what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (text ? ` "${{text}}"` : '')}};
}}"""


_CLEAN_UP = f"() => document.querySelectorAll('[{_MARK}]').forEach(e => e.removeAttribute('{_MARK}'))"


def focus_order(step: FocusOrder, runtime: StepRuntime) -> None:
    """Tab from the top of the page; the listed elements must take focus in the listed order."""
    page = runtime.page
    wanted = [runtime.locate(target) for target in step.order]
    for index, locator in enumerate(wanted):
        locator.evaluate(f"(e, i) => e.setAttribute('{_MARK}', i)", index)
    stops: list[dict[str, Any]] = []
    reached = 0
    try:
        with tab_walk_from_top(page):
            for _ in range(step.max_tabs):
                page.keyboard.press("Tab")
                focused = page.evaluate(_FOCUSED)
                if focused is None or (stops and focused["key"] == stops[-1]["key"]):
                    break  # focus left the document, or stopped moving: the whole sequence has been seen
                stops.append(focused)
                reached += focused["mark"] == reached
                if (step.exact and len(stops) == len(wanted)) or (not step.exact and reached == len(wanted)):
                    break
    finally:
        page.evaluate(_CLEAN_UP)
    sequence = ", ".join(stop["what"] for stop in stops) or "nothing (no element took focus)"
    expected = ", ".join(target.describe() for target in step.order)
    if step.exact and [stop["mark"] for stop in stops] != list(range(len(wanted))):
        raise StepFailure(f"focus order: expected exactly {expected}; Tab reached {sequence}")
    if not step.exact and reached < len(wanted):
        raise StepFailure(f"focus order: expected {expected} in this order, but {step.order[reached].describe()} "
                          f"did not take focus after the ones before it. Tab reached: {sequence}")


CHECKS = (
    StepKind("expect", Expect, expect, "A visual expectation the VLM must judge true (optionally polled)."),
    StepKind("expect_not", ExpectNot, expect_not, "A visual expectation the VLM must judge false."),
    StepKind("baseline", Baseline, baseline, "Compare with a stored screenshot; a real change is judged by the VLM."),
    StepKind("record", Record, record, "Start recording the page; the steps after it run while it records."),
    StepKind("recorded", Recorded, recorded, "Judge what the page showed since `record` (shown, or in_order)."),
    StepKind("audit", Audit, audit, "Accessibility audit of the current state, gated by the findings baseline."),
    StepKind("focus_order", FocusOrder, focus_order, "Tab through the page: these elements take focus in order."),
)


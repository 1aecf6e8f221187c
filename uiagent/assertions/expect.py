"""Visual assertions: `expect_visual(page or locator).to_satisfy("...")` and friends.

One AssertionContext per test holds what its assertions share (the judge, the policies, the test's
budget, where evidence goes, soft results). The pytest plugin and the scenario runner both build on it.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar

from playwright.sync_api import Locator, Page
from pydantic import BaseModel, Field

from uiagent.assertions.errors import (
    NoProviderConfigured,
    UncertainVerdict,
    UncertainVerdictWarning,
    VisualAssertionError,
)
from uiagent.assertions.evidence import annotate, describe_failure
from uiagent.baselines import (
    BaselineStore,
    as_selectors,
    diff_images,
    diff_overlay,
    locate_regions,
    measure,
)
from uiagent.baselines.match import (
    MatchLevel,
    Side,
    blank,
    compare,
    describe,
    dynamic_changes,
    match_level,
    region_boxes,
)
from uiagent.baselines.pixel_diff import outline_boxes
from uiagent.capture import capture, document_box
from uiagent.capture.models import Box, Capture
from uiagent.config import Settings
from uiagent.errors import ConfigError
from uiagent.vlm import JudgeSession, Question, prepare_images, question_about
from uiagent.vlm.budget import BudgetTracker
from uiagent.vlm.verdict import Verdict

if TYPE_CHECKING:
    from uiagent.assertions.recording import Recording

M = TypeVar("M", bound=BaseModel)
UncertainPolicy = Literal["fail", "xfail", "warn"]
Kind = Literal["satisfy", "not_satisfy", "query", "wait_for", "baseline", "recording"]


class AssertionRecord(BaseModel):
    """One assertion's result, for the terminal summary, JUnit properties and the results file."""

    test: str
    kind: Kind
    expectation: str
    outcome: Literal["pass", "fail", "uncertain"]
    baseline_mode: str | None = Field(None, description="identical, pixel, model, created, updated or missing; "
                                      "under another match level than strict, the level.")
    baseline_match: str | None = Field(None, description="A baseline's match level: strict, layout, ignore-colors "
                                       "or content.")
    cached: bool = False
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    estimated_cost_usd: float = 0.0
    model_ms: float = 0.0
    screenshot: str | None = None
    message: str = ""


@dataclass
class Policy:
    uncertain: UncertainPolicy = "fail"
    soft: bool = False
    votes: int | None = None
    update_baselines: bool = False
    baseline_threshold: float = 0.001  # share of pixels that may change and still pass without a model
    pixel_tolerance: int = 8  # per-channel difference (0-255) that still counts as unchanged
    baseline_match: str = "strict"  # match level of a baseline assertion that names none (marker `match`)
    baseline_ignore: tuple[str, ...] = ()  # selectors every baseline of the test leaves out (marker `ignore`)
    baseline_dynamic: tuple[str, ...] = ()  # selectors whose content may change, not their box (marker `dynamic`)


@dataclass
class _Pending:
    description: str
    future: Future[Verdict]
    settle: Any  # callable(verdict) -> None, raising on failure


@dataclass
class AssertionContext:
    test_id: str
    settings: Settings
    policy: Policy
    output_dir: Path
    baselines: BaselineStore
    judge: JudgeSession | None = None
    budget: BudgetTracker | None = None
    records: list[AssertionRecord] = field(default_factory=list)
    on_record: Any = None  # callable(AssertionRecord)
    _pending: list[_Pending] = field(default_factory=list)
    _failures: list[str] = field(default_factory=list)
    _uncertain: list[str] = field(default_factory=list)
    _evidence_count: int = 0

    def expect(self, target: Page | Locator, *, full_page: bool = False, soft: bool | None = None,
               votes: int | None = None) -> VisualExpectation:
        return VisualExpectation(self, target, full_page=full_page,
                                 soft=self.policy.soft if soft is None else soft,
                                 votes=votes if votes is not None else self.policy.votes)

    def finish(self) -> None:
        """Wait for soft assertions; raise once, listing every failed expectation of the test."""
        __tracebackhide__ = True  # a failure points at the user's line, not uiagent's
        for pending in self._pending:
            try:
                pending.settle(pending.future.result())
            except VisualAssertionError as failure:
                self._failures.append(str(failure))
            except UncertainVerdict as undecided:
                self._uncertain.append(str(undecided))
        self._pending.clear()
        failures, uncertain = self._failures, self._uncertain
        self._failures, self._uncertain = [], []
        if failures:
            count = len(failures)
            raise VisualAssertionError(f"{count} visual expectation{'s' if count > 1 else ''} failed:\n\n"
                                       + "\n\n".join(failures + uncertain))
        if uncertain:
            raise UncertainVerdict("\n\n".join(uncertain))

    # -- shared machinery ---------------------------------------------------------------------------

    def require_judge(self, what: str) -> JudgeSession:
        if self.judge is None:
            raise NoProviderConfigured(f"{what}: needs a VLM provider; {NoProviderConfigured.HOW}")
        return self.judge

    def record(self, record: AssertionRecord) -> None:
        self.records.append(record)
        if self.on_record:
            self.on_record(record)

    def save_evidence(self, image: Any, kind: str) -> Path:
        self._evidence_count += 1
        self.output_dir.mkdir(parents=True, exist_ok=True)
        path = self.output_dir / f"{self._evidence_count}-{kind}.png"
        image.save(path, format="PNG")
        return path



class VisualExpectation:
    def __init__(self, context: AssertionContext, target: Page | Locator, *, full_page: bool, soft: bool,
                 votes: int | None):
        self.context = context
        self.target = target
        self.full_page = full_page
        self.soft = soft
        self.votes = votes

    @property
    def page(self) -> Page:
        return self.target.page if isinstance(self.target, Locator) else self.target

    def describe_target(self) -> str:
        what = repr(self.target) if isinstance(self.target, Locator) else ("full page" if self.full_page else "viewport")
        return f"{what} of {self.page.url}"

    # -- the API ------------------------------------------------------------------------------------

    def to_satisfy(self, expectation: str) -> Verdict | None:
        """Pass when the model judges that `expectation` holds for the target. Returns the verdict
        (None in soft mode, where the outcome is settled when the test ends)."""
        __tracebackhide__ = True
        return self._judge(expectation, negate=False)

    def not_to_satisfy(self, expectation: str) -> Verdict | None:
        """Pass when the model judges that `expectation` does not hold."""
        __tracebackhide__ = True
        return self._judge(expectation, negate=True)

    def recording(self, *, max_seconds: float = 5.0, max_frames: int = 8, quiet_seconds: float = 1.0) -> Recording:
        """Record the page while an action runs (`with ... as rec:`), then judge what it showed over time:
        `rec.to_have_shown(...)`, `rec.to_show_in_order([...])` (uiagent.assertions.recording). Frames are taken
        until the page has been still for `quiet_seconds` after the block, at most `max_seconds` from its start;
        at most `max_frames` are sent."""
        if isinstance(self.target, Locator):
            raise ConfigError("recording: a recording is of the page's viewport; use expect_visual(page).recording()")
        from uiagent.assertions.recording import Recording

        return Recording(self, max_seconds=max_seconds, max_frames=max_frames, quiet_seconds=quiet_seconds)

    def query(self, question: str, schema: type[M]) -> M | None:
        """Extract typed data from the target: a Pydantic model in, an instance out. An answer the model could
        not give follows the uncertain policy: fail, xfail, or (warn) a warning and None."""
        __tracebackhide__ = True
        judge = self.context.require_judge(f"query {question!r}")
        shot, region = self._capture()
        asked = self._question(shot, region, question, judge, schema=schema)
        verdict = judge.ask(asked)
        self._record("query", question, verdict, verdict.outcome)
        if verdict.data is None:
            self._uncertain(f"Visual query could not be answered: {question!r}", verdict, shot, region)
            return None  # (only under "warn": the other policies raise)
        return schema.model_validate(verdict.data)

    def wait_for(self, condition: str, timeout: float = 10.0, interval: float = 0.5) -> Verdict:
        """Poll until the model judges `condition` true; identical frames are answered from the cache."""
        __tracebackhide__ = True
        judge = self.context.require_judge(f"wait_for {condition!r}")
        deadline = time.monotonic() + timeout
        while True:
            shot, region = self._capture()
            verdict = judge.ask(self._question(shot, region, condition, judge))
            if verdict.outcome == "pass":
                self._record("wait_for", condition, verdict, "pass")
                return verdict
            if time.monotonic() >= deadline:
                self._record("wait_for", condition, verdict, "fail")
                raise VisualAssertionError(self._message(
                    f"Visual condition not reached within {timeout:g}s: {condition!r}", verdict, shot, region))
            time.sleep(interval)

    def to_match_baseline(self, name: str, *, threshold: float | None = None, tolerance: int | None = None,
                          ask_model: bool = True, match: MatchLevel | None = None,
                          ignore: str | Sequence[str] = (), dynamic: str | Sequence[str] = ()) -> None:
        """Compare with the stored reference `name` under a match level (uiagent.baselines.match).

        "strict" (the default) compares pixels: identical or nearly so passes without a model; a larger change is
        judged by the model (when configured) and fails with the changed regions shown. "layout" compares the
        elements' boxes, "ignore-colors" the picture's edges (`threshold`: the share of pixels whose edges may
        change, 0.01% unless given), "content" the texts and pictures wherever they are: each decides from what
        was measured, and asks no model. `ignore` (CSS selectors) is left out of every comparison; `dynamic` too,
        but its box must stay where it was. With `match` unset the marker's level applies; the marker's ignore and
        dynamic selectors are added to these."""
        __tracebackhide__ = True
        context, policy = self.context, self.context.policy
        level = match_level(policy.baseline_match if match is None else match)
        ignore = [*policy.baseline_ignore, *as_selectors(ignore)]
        dynamic = [*policy.baseline_dynamic, *as_selectors(dynamic)]
        given_threshold = threshold  # under ignore-colors the level's own default applies, not the marker's
        threshold = policy.baseline_threshold if threshold is None else threshold
        tolerance = policy.pixel_tolerance if tolerance is None else tolerance
        shot, region = self._capture()
        current = self._masked_image(shot, region)
        regions = locate_regions(self.page, region or shot.origin, ignore, dynamic)
        store = context.baselines
        path = store.path(name)
        stored = store.load(name)
        if policy.update_baselines or stored is None:
            if stored is None and not policy.update_baselines:
                self._record("baseline", name, None, "fail", mode="missing", match=level)
                raise VisualAssertionError(
                    f"No baseline {name!r} at {path}.\n  Run with --uiagent-update-baselines to record it "
                    "from this screenshot.")
            # The facts are kept whatever the level, so a later assertion may compare at another.
            store.save(name, current, measure(shot, region, current))
            self._record("baseline", name, None, "pass", mode="updated" if stored is not None else "created",
                         match=level)
            return
        stored_facts = store.load_facts(name)
        if stored_facts is None and (level != "strict" or dynamic):
            needs = f"match={level!r}" if level != "strict" else "dynamic="
            raise ConfigError(f"Baseline {name!r} ({path}) has no facts file beside it "
                              f"({store.facts_path(name).name}): it was recorded before uiagent kept them, and "
                              f"{needs} compares them. Re-record it with --uiagent-update-baselines.")
        before, after = region_boxes(regions, stored_facts)
        if before or after:  # left out alike on both sides (the union of where the regions were and are)
            stored, shown = blank(stored, before + after), blank(current, before + after)
        else:
            shown = current
        if level != "strict":
            assert stored_facts is not None
            differences = compare(level, Side(stored, stored_facts), Side(shown, measure(shot, region, current)),
                                  regions, threshold=given_threshold)
            if differences:
                self._baseline_mismatch(name, path, level, current, differences)
            self._record("baseline", name, None, "pass", mode=level, match=level)
            return
        moved = dynamic_changes(regions, stored_facts) if stored_facts is not None else []
        if moved:  # a rule, not a judgement: no model is asked
            self._baseline_mismatch(name, path, level, current, moved)
        undecided = self._match_pixels(name, path, stored, shown, current, threshold=threshold, tolerance=tolerance,
                                       ask_model=ask_model, left_out=bool(before or after))
        if undecided is not None:
            self._apply_uncertain(undecided)  # from here, so that a warning points at the test's line

    def _match_pixels(self, name: str, path: Path, stored: Any, shown: Any, current: Any, *, threshold: float,
                      tolerance: int, ask_model: bool, left_out: bool = False) -> str | None:
        """Strict: identical or nearly so passes without a model; a larger change is judged by the model (when
        configured) and fails with the changed regions shown. `shown` is `current` with the regions blanked.
        Returns the message of a change the model could not decide, for the uncertain policy."""
        __tracebackhide__ = True
        context, level = self.context, "strict"
        diff = diff_images(stored, shown, tolerance)
        if diff.identical:
            self._record("baseline", name, None, "pass", mode="identical", match=level)
            return None
        if not diff.size_changed and diff.changed_ratio <= threshold:
            self._record("baseline", name, None, "pass", mode="pixel", match=level)
            return None
        summary = (f"size changed from {stored.width}x{stored.height} to {shown.width}x{shown.height}"
                   if diff.size_changed else
                   f"{diff.changed_pixels:,} pixels changed ({diff.changed_ratio:.2%}, threshold {threshold:.2%}) "
                   f"in {len(diff.regions)} region(s): " + ", ".join(
                       f"({b.x:.0f},{b.y:.0f} {b.width:.0f}x{b.height:.0f})" for b in diff.regions[:5]))
        if left_out:  # said to the model too, which sees the same flat boxes in both images
            summary += "; regions left out of the comparison are painted flat purple in both"
        overlay = diff_overlay(shown, diff)
        verdict = None
        if ask_model and context.judge is not None and not diff.size_changed:
            verdict = self._judge_change(stored, shown, overlay, summary)
            if verdict.outcome == "pass":
                self._record("baseline", name, verdict, "pass", mode="model", match=level)
                return None
        evidence = context.save_evidence(overlay, f"baseline-{name}-diff")
        context.save_evidence(current, f"baseline-{name}-actual")
        outcome = "uncertain" if verdict is not None and verdict.outcome == "uncertain" else "fail"
        message = describe_failure(f"Screenshot does not match baseline {name!r} ({path})",
                                   target=self.describe_target(), verdict=verdict, screenshot=evidence,
                                   details=[summary] + ([] if verdict else ["no model judged the change"]))
        self._record("baseline", name, verdict, outcome, mode="model" if verdict else "pixel", message=message,
                     match=level)
        if outcome == "uncertain":
            return message
        raise VisualAssertionError(message)

    def _baseline_mismatch(self, name: str, path: Path, level: str, current: Any, differences: list[Any]) -> NoReturn:
        """Fail naming what differed, the differing boxes outlined on the current screenshot."""
        __tracebackhide__ = True
        context = self.context
        boxes = [box for difference in differences for box in difference.boxes]
        evidence = context.save_evidence(outline_boxes(current, boxes), f"baseline-{name}-diff")
        context.save_evidence(current, f"baseline-{name}-actual")
        message = describe_failure(f"Screenshot does not match baseline {name!r} ({path}) at match={level!r}",
                                   target=self.describe_target(), verdict=None, screenshot=evidence,
                                   details=describe(differences))
        self._record("baseline", name, None, "fail", mode=level, message=message, match=level)
        raise VisualAssertionError(message)

    # -- internals ----------------------------------------------------------------------------------

    def _judge(self, expectation: str, *, negate: bool) -> Verdict | None:
        __tracebackhide__ = True
        kind: Kind = "not_satisfy" if negate else "satisfy"
        judge = self.context.require_judge(f"{kind.replace('_', ' ')} {expectation!r}")
        shot, region = self._capture()
        future = judge.submit(self._question(shot, region, expectation, judge))
        headline = (f"Visual expectation {'unexpectedly held' if negate else 'failed'}: "
                    f"{'NOT ' if negate else ''}{expectation!r}")

        def settle(verdict: Verdict) -> None:
            __tracebackhide__ = True
            outcome = verdict.outcome
            if negate and outcome != "uncertain":
                outcome = "fail" if outcome == "pass" else "pass"
            if outcome == "pass":
                self._record(kind, expectation, verdict, "pass")
                return
            message = self._message(headline if outcome == "fail" else
                                    f"Visual expectation could not be decided: {expectation!r}", verdict, shot, region)
            self._record(kind, expectation, verdict, outcome, message=message)
            if outcome == "uncertain":
                self._apply_uncertain(message)
                return
            raise VisualAssertionError(message)

        if self.soft:
            self.context._pending.append(_Pending(expectation, future, settle))
            return None
        verdict = future.result()
        settle(verdict)
        return verdict

    def _capture(self) -> tuple[Capture, Box | None]:
        settings = self.context.settings
        if isinstance(self.target, Locator):
            self.target.scroll_into_view_if_needed()
            shot = capture(self.page, "viewport", settings=settings)
            return shot, document_box(self.target)
        return capture(self.page, "full_page" if self.full_page else "viewport", settings=settings), None

    def _question(self, shot: Capture, region: Box | None, text: str, judge: JudgeSession,
                  schema: type[BaseModel] | None = None) -> Question:
        asked = question_about(shot, text, judge.judge.prepare_options(), region=region,
                               label=f"{self.context.test_id}: {text}", votes=self.votes)
        budgets = (self.context.budget,) if self.context.budget else ()
        return replace(asked, budgets=budgets, schema=schema)

    def _masked_image(self, shot: Capture, region: Box | None) -> Any:
        """The image a baseline stores: the capture's masks painted over, cropped to the target."""
        image = shot.image()
        if region is not None:
            image = image.crop((round(region.x - shot.origin.x), round(region.y - shot.origin.y),
                                round(region.right - shot.origin.x), round(region.bottom - shot.origin.y)))
        return image

    def _judge_change(self, baseline: Any, current: Any, overlay: Any, summary: str) -> Verdict:
        judge = self.context.judge
        assert judge is not None
        options = judge.judge.prepare_options()
        whole = Box(x=0, y=0, width=current.width, height=current.height)
        images = [prepare_images(image, whole, options)[0] for image in (baseline, current, overlay)]
        expectation = (
            "Image 1 is the approved baseline screenshot, image 2 the current one, image 3 the current one with "
            f"the changed regions outlined in red ({summary}). The expectation holds (pass) if the differences "
            "would not matter to a user: rendering noise, or the same content, layout, colours and state. It "
            "fails if a user would notice a change in content, layout, colour or state (a visual regression).")
        asked = Question(expectation=expectation, images=images, tiles=False, label=f"{self.context.test_id}: baseline",
                         votes=self.votes, budgets=(self.context.budget,) if self.context.budget else (),
                         preparation={"kind": "baseline-compare"})
        return judge.ask(asked)

    def _message(self, headline: str, verdict: Verdict, shot: Capture, region: Box | None) -> str:
        evidence = self.context.save_evidence(annotate(shot.image(), shot.origin, verdict, region), "annotated")
        return describe_failure(headline, target=self.describe_target(), verdict=verdict, screenshot=evidence)

    def _uncertain(self, headline: str, verdict: Verdict, shot: Capture, region: Box | None) -> None:
        __tracebackhide__ = True
        self._apply_uncertain(self._message(headline, verdict, shot, region))

    def _apply_uncertain(self, message: str) -> None:
        __tracebackhide__ = True
        policy = self.context.policy.uncertain
        if policy == "warn":
            warnings.warn(UncertainVerdictWarning(message), stacklevel=3)
        elif policy == "xfail":
            raise UncertainVerdict(message)
        else:
            raise VisualAssertionError(message)

    def _record(self, kind: Kind, expectation: str, verdict: Verdict | None, outcome: str, *,
                mode: str | None = None, message: str = "", match: str | None = None) -> None:
        self.context.record(AssertionRecord(
            test=self.context.test_id, kind=kind, expectation=expectation, outcome=outcome,
            baseline_mode=mode, baseline_match=match, cached=bool(verdict and verdict.cached), calls=verdict.calls if verdict else 0,
            tokens_in=0 if not verdict or verdict.cached else verdict.tokens_in,
            tokens_out=0 if not verdict or verdict.cached else verdict.tokens_out,
            estimated_cost_usd=0.0 if not verdict or verdict.cached else verdict.estimated_cost_usd,
            model_ms=0.0 if not verdict or verdict.cached else verdict.latency_ms, message=message,
        ))

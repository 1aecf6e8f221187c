"""Visual assertions: `expect_visual(page or locator).to_satisfy("...")` and friends.

One AssertionContext per test holds what its assertions share (the judge, the policies, the test's
budget, where evidence goes, soft results). The pytest plugin and the scenario runner both build on it.
"""

from __future__ import annotations

import time
import warnings
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from playwright.sync_api import Locator, Page
from pydantic import BaseModel, Field

from uiagent.assertions.errors import (
    NoProviderConfigured,
    UncertainVerdict,
    UncertainVerdictWarning,
    VisualAssertionError,
)
from uiagent.assertions.evidence import annotate, describe_failure
from uiagent.baselines import BaselineStore, diff_images, diff_overlay
from uiagent.capture import capture, document_box
from uiagent.capture.models import Box, Capture
from uiagent.config import Settings
from uiagent.vlm import JudgeSession, Question, prepare_images, question_about
from uiagent.vlm.budget import BudgetTracker
from uiagent.vlm.verdict import Verdict

M = TypeVar("M", bound=BaseModel)
UncertainPolicy = Literal["fail", "xfail", "warn"]
Kind = Literal["satisfy", "not_satisfy", "query", "wait_for", "baseline"]


class AssertionRecord(BaseModel):
    """One assertion's result, for the terminal summary, JUnit properties and the results file."""

    test: str
    kind: Kind
    expectation: str
    outcome: Literal["pass", "fail", "uncertain"]
    baseline_mode: str | None = Field(None, description="identical, pixel, model, created or updated.")
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
        for pending in self._pending:
            try:
                pending.settle(pending.future.result())
            except VisualAssertionError as failure:
                self._failures.append(str(failure))
            except UncertainVerdict as uncertain:
                self._uncertain.append(str(uncertain))
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
        return self._judge(expectation, negate=False)

    def not_to_satisfy(self, expectation: str) -> Verdict | None:
        """Pass when the model judges that `expectation` does not hold."""
        return self._judge(expectation, negate=True)

    def query(self, question: str, schema: type[M]) -> M | None:
        """Extract typed data from the target: a Pydantic model in, an instance out. An answer the model could
        not give follows the uncertain policy: fail, xfail, or (warn) a warning and None."""
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
                          ask_model: bool = True) -> None:
        """Compare with the stored reference `name`: identical or nearly so passes without a model; a larger
        change is judged by the model (when configured) and fails with the changed regions shown."""
        context = self.context
        threshold = context.policy.baseline_threshold if threshold is None else threshold
        tolerance = context.policy.pixel_tolerance if tolerance is None else tolerance
        shot, region = self._capture()
        current = self._masked_image(shot, region)
        path = context.baselines.path(name)
        stored = context.baselines.load(name)
        if context.policy.update_baselines or stored is None:
            if stored is None and not context.policy.update_baselines:
                self._record("baseline", name, None, "fail", mode="missing")
                raise VisualAssertionError(
                    f"No baseline {name!r} at {path}.\n  Run with --uiagent-update-baselines to record it "
                    "from this screenshot.")
            context.baselines.save(name, current)
            self._record("baseline", name, None, "pass", mode="updated" if stored is not None else "created")
            return
        diff = diff_images(stored, current, tolerance)
        if diff.identical:
            self._record("baseline", name, None, "pass", mode="identical")
            return
        if not diff.size_changed and diff.changed_ratio <= threshold:
            self._record("baseline", name, None, "pass", mode="pixel")
            return
        summary = (f"size changed from {stored.width}x{stored.height} to {current.width}x{current.height}"
                   if diff.size_changed else
                   f"{diff.changed_pixels:,} pixels changed ({diff.changed_ratio:.2%}, threshold {threshold:.2%}) "
                   f"in {len(diff.regions)} region(s): " + ", ".join(
                       f"({b.x:.0f},{b.y:.0f} {b.width:.0f}x{b.height:.0f})" for b in diff.regions[:5]))
        overlay = diff_overlay(current, diff)
        verdict = None
        if ask_model and context.judge is not None and not diff.size_changed:
            verdict = self._judge_change(stored, current, overlay, summary)
            if verdict.outcome == "pass":
                self._record("baseline", name, verdict, "pass", mode="model")
                return
        evidence = context.save_evidence(overlay, f"baseline-{name}-diff")
        context.save_evidence(current, f"baseline-{name}-actual")
        outcome = "uncertain" if verdict is not None and verdict.outcome == "uncertain" else "fail"
        message = describe_failure(f"Screenshot does not match baseline {name!r} ({path})",
                                   target=self.describe_target(), verdict=verdict, screenshot=evidence,
                                   details=[summary] + ([] if verdict else ["no model judged the change"]))
        self._record("baseline", name, verdict, outcome, mode="model" if verdict else "pixel", message=message)
        if outcome == "uncertain":
            self._apply_uncertain(message)
            return
        raise VisualAssertionError(message)

    # -- internals ----------------------------------------------------------------------------------

    def _judge(self, expectation: str, *, negate: bool) -> Verdict | None:
        kind: Kind = "not_satisfy" if negate else "satisfy"
        judge = self.context.require_judge(f"{kind.replace('_', ' ')} {expectation!r}")
        shot, region = self._capture()
        future = judge.submit(self._question(shot, region, expectation, judge))
        headline = (f"Visual expectation {'unexpectedly held' if negate else 'failed'}: "
                    f"{'NOT ' if negate else ''}{expectation!r}")

        def settle(verdict: Verdict) -> None:
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
        self._apply_uncertain(self._message(headline, verdict, shot, region))

    def _apply_uncertain(self, message: str) -> None:
        policy = self.context.policy.uncertain
        if policy == "warn":
            warnings.warn(UncertainVerdictWarning(message), stacklevel=3)
        elif policy == "xfail":
            raise UncertainVerdict(message)
        else:
            raise VisualAssertionError(message)

    def _record(self, kind: Kind, expectation: str, verdict: Verdict | None, outcome: str, *,
                mode: str | None = None, message: str = "") -> None:
        self.context.record(AssertionRecord(
            test=self.context.test_id, kind=kind, expectation=expectation, outcome=outcome,  # type: ignore[arg-type]
            baseline_mode=mode, cached=bool(verdict and verdict.cached), calls=verdict.calls if verdict else 0,
            tokens_in=0 if not verdict or verdict.cached else verdict.tokens_in,
            tokens_out=0 if not verdict or verdict.cached else verdict.tokens_out,
            estimated_cost_usd=0.0 if not verdict or verdict.cached else verdict.estimated_cost_usd,
            model_ms=0.0 if not verdict or verdict.cached else verdict.latency_ms, message=message,
        ))

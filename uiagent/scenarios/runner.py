"""Running one scenario on a page: its steps in order, stopping at the first that fails. The result says, per
step, what happened and where in the file it was written; it is the same whichever face ran it (CLI, pytest)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from pydantic import BaseModel, Field

from uiagent.audit.findings import PageAudit
from uiagent.capture import capture
from uiagent.errors import UiagentError, Undecided, outcome_of
from uiagent.scenarios.actions import Goto
from uiagent.scenarios.model import ScenarioSpec, Step
from uiagent.scenarios.steps import StepKind, StepRuntime

StepStatus = Literal["passed", "failed", "skipped", "uncertain"]


class StepResult(BaseModel):
    index: int = Field(description="0 for the start URL, then 1, 2... as written.")
    kind: str
    line: int
    status: StepStatus
    seconds: float = 0.0
    message: str = ""


class ScenarioResult(BaseModel):
    file: str
    name: str
    id: str
    line: int
    status: Literal["passed", "failed", "uncertain"]
    failure: str | None = Field(None, description="file:line: the step that failed and why.")
    steps: list[StepResult] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Skipped model steps, script errors, screenshots.")
    url: str = Field("", description="The page's URL when the scenario ended.")
    audits: list[PageAudit] = Field(default_factory=list, description="The results of its audit steps.")
    seconds: float = 0.0


def run_scenario(spec: ScenarioSpec, page: Page, kinds: Mapping[str, StepKind], runtime: StepRuntime) -> ScenarioResult:
    started = time.perf_counter()
    runtime.scenario_file = spec.path
    steps = list(spec.steps)
    if spec.url:
        steps.insert(0, Step(index=-1, kind="goto", args=Goto(url=spec.url), line=spec.line))
    results: list[StepResult] = []
    failure: str | None = None
    status: Literal["passed", "failed", "uncertain"] = "passed"
    for step in steps:
        if status != "passed":
            results.append(StepResult(index=step.index + 1, kind=step.kind, line=step.line, status="skipped",
                                      message="not run: an earlier step did not pass"))
            continue
        outcome, message, seconds = _run_step(step, kinds[step.kind], runtime)
        results.append(StepResult(index=step.index + 1, kind=step.kind, line=step.line, status=outcome,
                                  seconds=seconds, message=message))
        if outcome in ("failed", "uncertain"):
            status = outcome
            failure = f"{spec.where(step.line)}: {step.describe()} {'failed' if outcome == 'failed' else 'was uncertain'}: {message}"
            _save_failure_screenshot(page, runtime)
        elif outcome == "skipped":
            runtime.notes.append(f"{spec.where(step.line)}: {step.describe()} skipped: {message}")
    if runtime.recording is not None:  # a `record` whose `recorded` never came (or never ran)
        runtime.recording.stop()
        runtime.recording = None
        if status == "passed":
            status, failure = "failed", f"{spec.where(spec.line)}: a `record` step was never judged: add a `recorded` step"
    return ScenarioResult(file=str(spec.path), name=spec.name, id=spec.id, line=spec.line, status=status,
                          failure=failure, steps=results, notes=list(runtime.notes), url=_url(page),
                          audits=list(runtime.audits), seconds=round(time.perf_counter() - started, 3))


def _run_step(step: Step, kind: StepKind, runtime: StepRuntime) -> tuple[StepStatus, str, float]:
    begun = time.perf_counter()

    def took() -> float:
        return round(time.perf_counter() - begun, 3)

    try:
        kind.run(step.args, runtime)
    except (AssertionError, Undecided, PlaywrightError, UiagentError) as error:
        outcome = outcome_of(error)
        message = _playwright_cause(error.message) if isinstance(error, PlaywrightError) else str(error)
        if outcome == "no-provider":
            return ("skipped" if runtime.no_provider == "skip" else "failed"), message, took()
        # A step that errs (the browser, a setting) fails its scenario as a failed expectation does.
        return ("uncertain" if outcome == "uncertain" else "failed"), message, took()
    return "passed", "", took()


def _playwright_cause(message: str) -> str:
    """Playwright's first line and what it was waiting for, without its call log."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return "browser error"
    first = lines[0].split(": ", 1)[-1] if lines[0].startswith(("Locator.", "Page.", "Keyboard.")) else lines[0]
    waiting = next((line.lstrip("- ") for line in lines[1:] if "waiting for" in line or "element is" in line), "")
    return f"{first} ({waiting})" if waiting else first


def _save_failure_screenshot(page: Page, runtime: StepRuntime) -> None:
    try:
        runtime.output_dir.mkdir(parents=True, exist_ok=True)
        path = runtime.output_dir / "failure.png"
        # Through a capture, so password and card fields are masked as in every other output.
        quick = runtime.settings.model_copy(update={"network_idle_cap_s": 0, "stable_timeout_s": 1.0})
        path.write_bytes(capture(page, "viewport", settings=quick).png)
        runtime.notes.append(f"screenshot at the failure: {path}")
    except (PlaywrightError, OSError, UiagentError) as error:  # the failure's own message matters more
        runtime.notes.append(f"no screenshot at the failure: {type(error).__name__}: {str(error).splitlines()[0]}")


def _url(page: Page) -> str:
    try:
        return page.url
    except PlaywrightError:
        return ""


"""Opening what the faces (CLI commands, the pytest plugin, the scenario runner) share, from settings: one place
that decides how a judge, a test's assertion context and a scenario's step runtime come to life.

Every command imports this module; what each opens is imported when it is opened, so a command pays only for what
it uses (an audit without a model never loads the VLM clients, the assertions or the scenario machinery)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from uiagent.config import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from uiagent.assertions import AssertionContext, AssertionRecord, Policy
    from uiagent.scenarios.steps import StepRuntime
    from uiagent.vlm import JudgeSession
    from uiagent.vlm.budget import Budget


def open_judge(settings: Settings, *, check: bool = True) -> JudgeSession | None:
    """The judge for the configured provider, or None when none is set. `check`ed once before anything is judged
    (a wrong key, base URL or a server that is not a VLM API is one clear error, not a page-by-page failure); a
    test run opens its judges unchecked, on first use, and each assertion says what went wrong."""
    if not settings.provider:
        return None
    from uiagent.vlm import JudgeSession

    session = JudgeSession.from_settings(settings)
    if not check:
        return session
    try:
        session.check()
    except BaseException:
        session.close()
        raise
    return session


def assertion_context(test_id: str, settings: Settings, policy: Policy, output_dir: Path, *, source: Path, name: str,
                      judge: JudgeSession | None, budget: Budget | None = None,
                      on_record: Callable[[AssertionRecord], None] | None = None) -> AssertionContext:
    """One test's (or scenario's) assertion context: its evidence in `output_dir`, its screenshot baselines beside
    `source` under `name`, the judge with a budget of the test's own (the configured one, or `budget`)."""
    from uiagent.assertions import AssertionContext
    from uiagent.baselines import BaselineStore, baseline_folder

    tracker = judge.judge.test_budget(f"test {test_id}") if judge is not None else None
    if tracker is not None and budget is not None:
        tracker.budget = budget
    return AssertionContext(test_id=test_id, settings=settings, policy=policy, output_dir=output_dir,
                            baselines=BaselineStore(baseline_folder(source, name)), judge=judge, budget=tracker,
                            on_record=on_record)


def step_runtime(page: Page, assertions: AssertionContext, *, base_url: str | None, root_dir: Path,
                 no_provider: str) -> StepRuntime:
    """A scenario's step runtime on `page`: the assertion context's settings and evidence folder, the configured
    step timeout."""
    from uiagent.scenarios.steps import StepRuntime

    settings = assertions.settings
    return StepRuntime(page=page, assertions=assertions, settings=settings, output_dir=assertions.output_dir,
                       base_url=base_url, root_dir=root_dir, timeout_s=settings.step_timeout_s, no_provider=no_provider)

"""Scenario files as pytest test modules: each scenario is a test item that runs on pytest-playwright's
browser (its `new_context` fixture, so launch args, context args and artifacts work as for any test) and
uiagent's assertion context (provider, policies, budgets, baselines). Collected by the plugin's
`pytest_collect_file` for files matching the `uiagent_scenarios` ini patterns."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from uiagent.browser.devices import context_args
from uiagent.errors import ScenarioFailed, ScenarioStepSkipped, UiagentError
from uiagent.pytest_session import SESSION
from uiagent.scenarios.kinds import step_kinds
from uiagent.scenarios.loader import ScenarioFileError, load_scenarios
from uiagent.scenarios.model import ScenarioSpec
from uiagent.scenarios.runner import run_scenario
from uiagent.scenarios.steps import StepKind
from uiagent.wiring import step_runtime


class ScenarioModule(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        kinds = step_kinds()
        for spec in load_scenarios(self.path, kinds):
            yield ScenarioItem.from_parent(self, name=spec.id, callobj=_test_function(spec, kinds), spec=spec)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, (ScenarioFileError, UiagentError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class ScenarioItem(pytest.Function):
    def __init__(self, *args: Any, spec: ScenarioSpec, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.spec = spec

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, self.spec.line - 1, f"scenario: {self.spec.name}"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, (ScenarioFailed, UiagentError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


def _test_function(spec: ScenarioSpec, kinds: dict[str, StepKind]) -> Callable[..., None]:
    def run(new_context: Any, browser_context_args: dict, playwright: Any, base_url: str | None, uiagent_context: Any,
            pytestconfig: pytest.Config) -> None:
        try:
            wanted = context_args(spec.device, spec.viewport.model_dump() if spec.viewport else None,
                                  playwright.devices)
        except UiagentError as error:
            raise ScenarioFileError(spec.path, [(spec.device_line, str(error))]) from None
        # The user's browser_context_args win, but for the viewport a scenario asks for.
        page = new_context(**{k: v for k, v in wanted.items() if k not in browser_context_args}).new_page()
        if "viewport" in wanted and "viewport" in browser_context_args:
            page.set_viewport_size(wanted["viewport"])
        runtime = step_runtime(page, uiagent_context, base_url=base_url or spec.base_url, root_dir=pytestconfig.rootpath,
                               no_provider=pytestconfig.stash[SESSION].no_provider)
        result = run_scenario(spec, page, kinds, runtime)
        if result.status == "failed":
            raise ScenarioFailed(result)
        if result.status == "uncertain":
            pytest.xfail(result.failure or "uncertain")
        for step in result.steps:
            if step.status == "skipped":
                warnings.warn(ScenarioStepSkipped(f"{spec.path}:{step.line}: {step.kind} skipped: {step.message}"),
                              stacklevel=1)

    return run

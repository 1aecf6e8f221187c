"""Declarative scenarios: YAML user flows (steps and checks between them), run by `uiagent run` and
collected by pytest as test modules. See the README's *Scenarios* for the format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uiagent.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from uiagent.scenarios.kinds import BUILTIN_STEPS, step_kinds
    from uiagent.scenarios.loader import ScenarioFileError, load_scenarios
    from uiagent.scenarios.model import ScenarioSpec, Step, Target
    from uiagent.scenarios.runner import ScenarioResult, StepResult, run_scenario
    from uiagent.scenarios.steps import StepFailure, StepKind, StepRuntime

# Imported on first use: a plugin that adds a step kind imports StepKind, and with it should not load every
# built-in step, the assertions and the model clients (a tenth of a second on every command that loads plugins).
_EXPORTS = {"BUILTIN_STEPS": "uiagent.scenarios.kinds", "step_kinds": "uiagent.scenarios.kinds",
            "ScenarioFileError": "uiagent.scenarios.loader", "load_scenarios": "uiagent.scenarios.loader",
            "ScenarioSpec": "uiagent.scenarios.model", "Step": "uiagent.scenarios.model",
            "Target": "uiagent.scenarios.model", "ScenarioResult": "uiagent.scenarios.runner",
            "StepResult": "uiagent.scenarios.runner", "run_scenario": "uiagent.scenarios.runner",
            "StepFailure": "uiagent.scenarios.steps", "StepKind": "uiagent.scenarios.steps",
            "StepRuntime": "uiagent.scenarios.steps"}

__all__ = ["BUILTIN_STEPS", "ScenarioFileError", "ScenarioResult", "ScenarioSpec", "Step", "StepFailure", "StepKind",
           "StepResult", "StepRuntime", "Target", "load_scenarios", "run_scenario", "step_kinds"]

__getattr__ = lazy_exports(__name__, _EXPORTS, globals())

"""The error and outcome tree (uiagent.errors), browser-free: every public exception uiagent defines lives in
that one module, expectations that fail are one AssertionError subclass, the undecided are apart from both, and
one function maps an exception to what a face reports."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from playwright.sync_api import Error as PlaywrightError

import uiagent
from uiagent import errors
from uiagent.errors import (
    AccessibilityError,
    ConfigError,
    ExpectationFailed,
    NoProviderConfigured,
    ScenarioFailed,
    StepFailure,
    UiagentError,
    UncertainVerdict,
    Undecided,
    VisualAssertionError,
    outcome_of,
)

# Signals a module raises and catches itself, never seen outside it.
PRIVATE_SIGNALS = {"uiagent.audit.checks.images_of_text.OcrUnavailable", "uiagent.capture.focus_log.BudgetSpent",
                   "uiagent.capture.frame_worlds.DevToolsUnavailable", "uiagent.capture.frame_worlds.ScriptFailed",
                   "uiagent.explore.visual_review.VisualReviewError", "uiagent.vlm.verdict.AnswerParseError"}


def test_every_public_exception_is_defined_in_uiagent_errors() -> None:
    defined = set()
    for module in pkgutil.walk_packages(uiagent.__path__, "uiagent."):
        if ".simulator" in module.name or module.name.endswith("__main__"):
            continue
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.name \
                    and not name.startswith("_"):
                defined.add(f"{module.name}.{name}")
    elsewhere = {name for name in defined if not name.startswith("uiagent.errors.")}
    assert elsewhere == PRIVATE_SIGNALS
    assert all(name in errors.__doc__ for name in (n.rsplit(".", 1)[1] for n in defined if n.startswith("uiagent.errors.")))


def test_failed_expectations_are_one_assertion_error_and_the_undecided_stand_apart() -> None:
    for failure in (VisualAssertionError, AccessibilityError, StepFailure, ScenarioFailed):
        assert issubclass(failure, ExpectationFailed) and issubclass(failure, AssertionError)
    for undecided in (UncertainVerdict, NoProviderConfigured):
        assert issubclass(undecided, Undecided)
        assert not issubclass(undecided, (AssertionError, UiagentError))


@pytest.mark.parametrize(("error", "outcome"), [
    (StepFailure("the cart is empty"), "failed"), (AssertionError("plain assert"), "failed"),
    (UncertainVerdict("could not tell"), "uncertain"), (NoProviderConfigured("no model"), "no-provider"),
    (ConfigError("bad setting"), "error"), (PlaywrightError("Timeout 5000ms exceeded"), "error"),
    (KeyError("x"), "error"),
])
def test_one_function_says_what_an_exception_is_to_a_face(error: BaseException, outcome: str) -> None:
    assert outcome_of(error) == outcome

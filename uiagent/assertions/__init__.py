"""Visual assertions over pages and locators, shared by the pytest plugin and the scenario runner."""

from uiagent.assertions.errors import (
    NoProviderConfigured,
    UncertainVerdict,
    UncertainVerdictWarning,
    VisualAssertionError,
)
from uiagent.assertions.expect import AssertionContext, AssertionRecord, Policy, VisualExpectation

__all__ = ["AssertionContext", "AssertionRecord", "NoProviderConfigured", "Policy", "UncertainVerdict",
           "UncertainVerdictWarning", "VisualAssertionError", "VisualExpectation"]

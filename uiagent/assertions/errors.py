"""What a visual assertion raises. Faces (pytest, scenarios) turn the last two into skip, xfail or a warning."""

from __future__ import annotations

from uiagent.errors import UiagentError


class VisualAssertionError(AssertionError):
    """A visual expectation does not hold (or, by policy, could not be decided)."""


class UncertainVerdict(Exception):
    """The model could not decide and the uncertain policy is `xfail`."""


class UncertainVerdictWarning(UserWarning):
    """The model could not decide and the uncertain policy is `warn`."""


class NoProviderConfigured(UiagentError):
    """A model assertion ran with no VLM provider configured."""

    HOW = ("configure one with --uiagent-provider, UIAGENT_PROVIDER or `provider` under [tool.uiagent] "
           "(e.g. anthropic:claude-sonnet-4-6), or run offline against `uiagent simulate`")

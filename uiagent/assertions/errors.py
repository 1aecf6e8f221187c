"""What a visual assertion raises (defined with every other error in uiagent.errors). Faces (pytest, scenarios)
turn the undecided ones into skip, xfail or a warning."""

from uiagent.errors import NoProviderConfigured, UncertainVerdict, UncertainVerdictWarning, VisualAssertionError

__all__ = ["NoProviderConfigured", "UncertainVerdict", "UncertainVerdictWarning", "VisualAssertionError"]

"""uiagent: UI testing and accessibility auditing with Playwright, axe-core, pixel measurements and VLMs.

The public API, for tests, plugins and scripts (`from uiagent import ...`):

- auditing: `audit_page`, `audit_targets`, `AuditOptions`; what they return: `AuditReport`, `PageAudit`,
  `Finding`, `FindingGroup` (findings grouped into issues: `group_findings`), `CheckRun`;
- checks and hooks for plugins: `Check`, `CheckInput`, `CheckMessage` (a message naming its own rule, criteria or
  impact), `hookimpl`; scenario steps: `StepKind`, `StepRuntime`, `StepFailure`;
- visual expectations: `VisualExpectation`, `AssertionContext`, `Policy`; `Recording` (what moves, judged over
  the frames recorded around an action);
- settings: `Settings`, `load_settings`;
- errors and outcomes (uiagent.errors draws the whole tree): `UiagentError`, `ConfigError`, `ExpectationFailed`
  and its `VisualAssertionError`, `AccessibilityError`; `Undecided` and its `UncertainVerdict`,
  `NoProviderConfigured`; `CheckSkipped`, which a check raises when it cannot measure a page;
  `RecordingCutWarning`.

Names are imported on first use, so `import uiagent` (and the command line's `--help`) stays cheap.
"""

from __future__ import annotations

from uiagent.lazy_exports import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "AuditOptions": "uiagent.audit.run", "audit_page": "uiagent.audit.run", "audit_targets": "uiagent.audit.run",
    "AuditReport": "uiagent.audit.findings", "PageAudit": "uiagent.audit.findings", "Finding": "uiagent.audit.findings",
    "FindingGroup": "uiagent.audit.findings", "CheckRun": "uiagent.audit.findings",
    "group_findings": "uiagent.audit.groups",
    "Check": "uiagent.audit.checks.base", "CheckInput": "uiagent.audit.checks.base",
    "CheckMessage": "uiagent.audit.checks.base", "hookimpl": "uiagent.hooks",
    "StepKind": "uiagent.scenarios", "StepRuntime": "uiagent.scenarios", "StepFailure": "uiagent.scenarios",
    "VisualExpectation": "uiagent.assertions", "AssertionContext": "uiagent.assertions",
    "Policy": "uiagent.assertions", "Recording": "uiagent.assertions.recording",
    "Settings": "uiagent.config", "load_settings": "uiagent.config",
    "UiagentError": "uiagent.errors", "ConfigError": "uiagent.errors", "ExpectationFailed": "uiagent.errors",
    "VisualAssertionError": "uiagent.errors", "AccessibilityError": "uiagent.errors", "Undecided": "uiagent.errors",
    "UncertainVerdict": "uiagent.errors", "NoProviderConfigured": "uiagent.errors", "CheckSkipped": "uiagent.errors",
    "RecordingCutWarning": "uiagent.errors",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

"""The accessibility audit: axe-core in every frame, pixel and interaction checks, VLM review, reconciliation.

Names are imported on first use: a module of this package (the findings gate's statuses, say) can be imported
without the whole engine, so the command line parses its options before it loads Playwright and the checks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uiagent.audit.findings import AuditReport, CheckRun, Finding, PageAudit
    from uiagent.audit.run import AuditOptions, audit_page, audit_targets

_EXPORTS = {"AuditReport": "uiagent.audit.findings", "CheckRun": "uiagent.audit.findings",
            "Finding": "uiagent.audit.findings", "PageAudit": "uiagent.audit.findings",
            "AuditOptions": "uiagent.audit.run", "audit_page": "uiagent.audit.run", "audit_targets": "uiagent.audit.run"}

__all__ = ["AuditOptions", "AuditReport", "CheckRun", "Finding", "PageAudit", "audit_page", "audit_targets"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'uiagent.audit' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value

"""The accessibility audit: axe-core in every frame, pixel and interaction checks, VLM review, reconciliation.

Names are imported on first use: a module of this package (the findings gate's statuses, say) can be imported
without the whole engine, so the command line parses its options before it loads Playwright and the checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from uiagent.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from uiagent.audit.findings import AuditReport, CheckRun, Finding, PageAudit
    from uiagent.audit.run import AuditOptions, audit_page, audit_targets

_EXPORTS = {"AuditReport": "uiagent.audit.findings", "CheckRun": "uiagent.audit.findings",
            "Finding": "uiagent.audit.findings", "PageAudit": "uiagent.audit.findings",
            "AuditOptions": "uiagent.audit.run", "audit_page": "uiagent.audit.run", "audit_targets": "uiagent.audit.run"}

__all__ = ["AuditOptions", "AuditReport", "CheckRun", "Finding", "PageAudit", "audit_page", "audit_targets"]


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())

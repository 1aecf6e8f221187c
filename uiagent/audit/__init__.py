"""The accessibility audit: axe-core in every frame, pixel and interaction checks, VLM review, reconciliation."""

from uiagent.audit.findings import AuditReport, CheckRun, Finding, PageAudit
from uiagent.audit.run import AuditOptions, audit_page, audit_targets

__all__ = ["AuditOptions", "AuditReport", "CheckRun", "Finding", "PageAudit", "audit_page", "audit_targets"]

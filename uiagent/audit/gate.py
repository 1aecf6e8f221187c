"""Gating an audit of the page as it is now on a findings baseline: the shared core of pytest's
`accessibility.check(page)` and the scenario `audit` step."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from uiagent.audit.findings import Finding, PageAudit
from uiagent.audit.run import AuditOptions, audit_page
from uiagent.config import Settings
from uiagent.errors import AccessibilityError
from uiagent.reports.baseline import compare, load_baseline

# --fail-on: which statuses fail a run
FAIL_ON = {"violation": {"violation"}, "needs-review": {"violation", "needs-review"}, "never": set()}
DEFAULT_FINDINGS_BASELINE = Path(".uiagent/findings-baseline.json")


def failing_findings(findings: list[Finding], baseline: Path, fail_on: str = "violation") -> list[Finding]:
    """The findings at or above `fail_on` that the baseline file does not accept (new, worse or expired)."""
    comparison = compare(findings, load_baseline(baseline))
    return [f for f in comparison.failing if f.status in FAIL_ON[fail_on]]


def check_accessibility(page: Page, options: AuditOptions, settings: Settings, baseline: Path,
                        fail_on: str = "violation", evidence_dir: Path | None = None) -> PageAudit:
    """Audit the page as loaded now; raise AccessibilityError listing what the baseline does not accept."""
    audit = audit_page(page, options, settings, evidence_dir=evidence_dir)
    failing = failing_findings(audit.findings, baseline, fail_on)
    if failing:
        lines = "\n".join(f"  {f.status}: {f.rule} (WCAG {', '.join(f.wcag) or '-'}) on {f.selector}: {f.message}"
                          for f in failing)
        raise AccessibilityError(f"{len(failing)} accessibility finding(s) not in the baseline on {page.url}:\n"
                                 f"{lines}\n  (accept known ones with `uiagent baseline accept`)", audit)
    return audit

"""The findings gate: which findings fail a run (`gated`, for `uiagent audit` and `explore` too), and gating an
audit of the page as it is now on a findings baseline: the shared core of pytest's `accessibility.check(page)`
and the scenario `audit` step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from uiagent.errors import AccessibilityError

if TYPE_CHECKING:  # (imported where used: the command line reads FAIL_ON before it loads the engine)
    from playwright.sync_api import Page

    from uiagent.audit.findings import Finding, PageAudit
    from uiagent.audit.run import AuditOptions
    from uiagent.config import Settings
    from uiagent.reports.findings_baseline import FindingsBaseline

# --fail-on: which statuses fail a run
FAIL_ON = {"violation": {"violation"}, "needs-review": {"violation", "needs-review"}, "never": set()}
DEFAULT_FINDINGS_BASELINE = Path(".uiagent/findings-baseline.json")


def gated(findings: list[Finding], fail_on: str = "violation", accepted: FindingsBaseline | None = None) -> list[Finding]:
    """The findings that fail a run, whichever face runs it: at or above `fail_on`, and not accepted by the
    findings baseline when there is one (new, worse or expired)."""
    from uiagent.reports.findings_baseline import compare

    candidates = findings if accepted is None else compare(findings, accepted).failing
    return [f for f in candidates if f.status in FAIL_ON[fail_on]]


def failing_findings(findings: list[Finding], baseline: Path, fail_on: str = "violation") -> list[Finding]:
    """The findings at or above `fail_on` that the baseline file does not accept."""
    from uiagent.reports.findings_baseline import load_findings_baseline

    return gated(findings, fail_on, load_findings_baseline(baseline))


def check_accessibility(page: Page, options: AuditOptions, settings: Settings, baseline: Path,
                        fail_on: str = "violation", evidence_dir: Path | None = None) -> PageAudit:
    """Audit the page as loaded now; raise AccessibilityError listing what the baseline does not accept."""
    __tracebackhide__ = True  # a failure points at the user's line, not uiagent's
    from uiagent.audit.run import audit_page

    audit = audit_page(page, options, settings, evidence_dir=evidence_dir)
    failing = failing_findings(audit.findings, baseline, fail_on)
    if failing:
        lines = "\n".join(f"  {f.status}: {f.rule} (WCAG {', '.join(f.wcag) or '-'}) on {f.selector}: {f.message}"
                          for f in failing)
        raise AccessibilityError(f"{len(failing)} accessibility finding(s) not in the baseline on {page.url}:\n"
                                 f"{lines}\n  (accept known ones with `uiagent baseline accept`)", audit)
    return audit

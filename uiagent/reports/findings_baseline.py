"""Findings baselines (not the screenshot baselines of uiagent.baselines): accepted findings by fingerprint, and accepted issues (a rule and a cause, every occurrence
of it on any page: uiagent.audit.groups) by issue id, each with a reason and an optional expiry.

A later run is compared with it: new findings (and accepted ones that got worse, or whose acceptance
expired) fail; findings still present as accepted pass; accepted ones no longer found are reported fixed.
The same file serves the CLI (`uiagent baseline accept|diff`, `uiagent audit --baseline`) and pytest
(`compare(findings, load_findings_baseline(path))`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from uiagent.audit.findings import Finding
from uiagent.audit.groups import group_findings, group_of
from uiagent.errors import ConfigError

SEVERITY = {"pass": 0, "needs-review": 1, "violation": 2}


class AcceptedFinding(BaseModel):
    fingerprint: str
    rule: str
    page: str
    selector: str | None = None
    status: str
    reason: str = ""
    accepted: dt.date
    expires: dt.date | None = None


class AcceptedIssue(BaseModel):
    issue: str
    rule: str
    cause: str
    status: str
    reason: str = ""
    accepted: dt.date
    expires: dt.date | None = None


class FindingsBaseline(BaseModel):
    entries: dict[str, AcceptedFinding] = Field(default_factory=dict)
    issues: dict[str, AcceptedIssue] = Field(default_factory=dict)


class Comparison(BaseModel):
    new: list[Finding] = Field(default_factory=list)
    worse: list[Finding] = Field(default_factory=list)
    expired: list[Finding] = Field(default_factory=list)
    still_present: list[Finding] = Field(default_factory=list)
    fixed: list[AcceptedFinding] = Field(default_factory=list)
    fixed_issues: list[AcceptedIssue] = Field(default_factory=list)

    @property
    def failing(self) -> list[Finding]:
        return self.new + self.worse + self.expired


def load_findings_baseline(path: Path) -> FindingsBaseline:
    if not path.exists():
        return FindingsBaseline()
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a findings baseline file")
    try:
        return FindingsBaseline.model_validate_json(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a uiagent findings baseline (a binary file, not UTF-8 JSON)") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error})") from None
    except ValidationError as error:
        raise ConfigError(f"{path}: not a uiagent findings baseline ({error.errors()[0]['msg']})") from None


def accept(findings: list[Finding], path: Path, reason: str = "", expires: dt.date | None = None,
           today: dt.date | None = None, issues: list[str] | None = None) -> FindingsBaseline:
    """Accept every finding (by fingerprint), or, when `issues` names issue ids, those whole issues: their
    occurrences now and any later occurrence of the same cause, on any page."""
    baseline = load_findings_baseline(path)
    today = today or dt.date.today()
    if issues:
        known = {group.id: group for group in group_findings(findings) if group.status != "pass"}
        unknown = [issue for issue in issues if issue not in known]
        if unknown:
            raise ConfigError(f"no such issue in these results: {', '.join(unknown)} (issue ids are in findings.json "
                              "under `groups`, and in the HTML report)")
        for issue in issues:
            group = known[issue]
            baseline.issues[issue] = AcceptedIssue(issue=issue, rule=group.rule, cause=group.cause,
                                                   status=group.status, reason=reason, accepted=today,
                                                   expires=expires)
    else:
        for finding in findings:
            if finding.status == "pass":
                continue
            baseline.entries[finding.fingerprint] = AcceptedFinding(
                fingerprint=finding.fingerprint, rule=finding.rule, page=finding.page, selector=finding.selector,
                status=finding.status, reason=reason, accepted=today, expires=expires)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(baseline.model_dump_json(indent=1), encoding="utf-8")
    return baseline


def compare(findings: list[Finding], baseline: FindingsBaseline, today: dt.date | None = None) -> Comparison:
    today = today or dt.date.today()
    result = Comparison()
    seen, seen_issues = set(), set()
    for finding in findings:
        if finding.status == "pass":
            continue
        entry: AcceptedFinding | AcceptedIssue | None = baseline.entries.get(finding.fingerprint)
        seen.add(finding.fingerprint)
        if entry is None and baseline.issues:
            issue = group_of(finding)  # an issue's id carries its status: a worse finding is another issue
            entry = baseline.issues.get(issue)
            seen_issues.add(issue)
        if entry is None:
            result.new.append(finding)
        elif entry.expires is not None and entry.expires < today:
            result.expired.append(finding)
        elif SEVERITY[finding.status] > SEVERITY.get(entry.status, 0):
            result.worse.append(finding)
        else:
            result.still_present.append(finding)
    result.fixed = [entry for fp, entry in baseline.entries.items() if fp not in seen]
    result.fixed_issues = [entry for issue, entry in baseline.issues.items() if issue not in seen_issues]
    return result

"""Findings grouped into issues a team can act on: the occurrences of one rule that share one cause.

Nobody reads 11,712 findings one by one; axe DevTools, Lighthouse and Siteimprove report a rule's occurrences
as one issue with its elements. The cause is the most specific thing the occurrences are seen to share:
- a measured colour pair (foreground on background), for contrast and colour findings;
- axe's failure summary, for axe's own findings: the same rule failed for the same reason;
- otherwise the component: the element's selector with positions and numbers left out (`#toc > ul > li > a`),
  the same for every link of one list and for one region of every page built from the same template;
- for findings about no element, their message.
Numbers (ratios, sizes, counts) are left out of summaries and messages so that one cause is one group.
Violations and findings to review never share a group: accepting one must not accept the other.

A group's id depends only on its rule, status and cause, so it is stable across runs and pages, and a findings
baseline can accept a whole group (uiagent.reports.findings_baseline).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from uiagent.audit.findings import IMPACT_WEIGHT, AuditReport, Finding, FindingGroup

STATUS_ORDER = {"violation": 0, "needs-review": 1, "pass": 2}
_POSITION = re.compile(r":nth-(?:of-type|child)\(\d+\)")
_NUMBER = re.compile(r"(?<![#\w])\d+(?:\.\d+)?")  # not the digits of a #rrggbb colour or of a word
_HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def cause_of(finding: Finding) -> str:
    """What a finding shares with the others of its issue (see the module's docstring)."""
    evidence = finding.evidence
    foreground, background = str(evidence.get("foreground", "")), str(evidence.get("background", ""))
    if _HEX.match(foreground) and _HEX.match(background):
        return f"colours {foreground.lower()} on {background.lower()}"
    if finding.source == ["axe"] and evidence.get("axe"):
        return "axe: " + fold_numbers(" ".join(str(evidence["axe"]).split()))
    if finding.selector:
        return "component " + component(finding.selector)
    return "message " + fold_numbers(finding.message)


def component(selector: str) -> str:
    """A selector with the positions and numbers that tell one item of a list, or one numbered id, from another."""
    return fold_numbers(_POSITION.sub("", selector))


def fold_numbers(text: str) -> str:
    return _NUMBER.sub("N", text)


def group_id(rule: str, status: str, cause: str) -> str:
    return f"{rule}~" + hashlib.sha256(f"{rule}|{status}|{cause}".encode()).hexdigest()[:10]


def group_of(finding: Finding) -> str:
    """The id of the group a finding belongs to."""
    return group_id(finding.rule, finding.status, cause_of(finding))


def by_issue(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Each issue's id with its occurrences, in the findings' order."""
    members: dict[str, list[Finding]] = {}
    for finding in findings:
        members.setdefault(group_of(finding), []).append(finding)
    return members


def group_findings(findings: Iterable[Finding]) -> list[FindingGroup]:
    """The issues among `findings`: violations first, then findings to review, then passes; within each, by
    impact times reach."""
    groups = []
    for key, found in by_issue(findings).items():
        first = found[0]
        groups.append(FindingGroup(
            id=key, rule=first.rule, status=first.status, wcag=first.wcag, act=first.act, cause=cause_of(first),
            impact=max((f.impact for f in found), key=IMPACT_WEIGHT.__getitem__), message=first.message,
            occurrences=len(found), pages=list(dict.fromkeys(f.page for f in found)),
            fingerprints=[f.fingerprint for f in found]))
    return sorted(groups, key=lambda g: (STATUS_ORDER[g.status], -g.reach, -g.occurrences, g.rule))


def with_groups(report: AuditReport) -> AuditReport:
    """The report with its groups filled in (from its findings), as every report format shows them."""
    return report if report.groups or not report.findings else report.model_copy(
        update={"groups": group_findings(report.findings)})

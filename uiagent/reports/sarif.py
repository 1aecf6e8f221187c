"""SARIF 2.1.0, as GitHub code scanning reads it: one rule per check, one result per finding (what code scanning
expects), stable partial fingerprints: the finding's, and its issue's (uiagent.audit.groups)."""

from __future__ import annotations

from typing import Any

from uiagent import __version__
from uiagent.audit.findings import AuditReport
from uiagent.audit.groups import group_of
from uiagent.audit.wcag import CRITERIA, understanding_url
from uiagent.reports.hints import fix_hint

LEVELS = {"violation": "error", "needs-review": "warning"}
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def to_sarif(report: AuditReport) -> dict[str, Any]:
    findings = [f for f in report.findings if f.status in LEVELS]
    rules: dict[str, dict[str, Any]] = {}
    for finding in findings:
        if finding.rule in rules:
            continue
        criteria = [f"{c} {CRITERIA[c][0]}" if c in CRITERIA else c for c in finding.wcag]
        help_uri = finding.evidence.get("help_url") or (understanding_url(finding.wcag[0]) if finding.wcag else None)
        rule: dict[str, Any] = {
            "id": finding.rule, "name": finding.rule.replace("-", " ").title().replace(" ", ""),
            "shortDescription": {"text": finding.message.split(":")[0][:200]},
            "fullDescription": {"text": f"WCAG {', '.join(criteria)}" if criteria else "Layout defect"},
            "help": {"text": fix_hint(finding.rule)},
            "properties": {"tags": ["accessibility", *(f"wcag{c}" for c in finding.wcag),
                                    *(f"act:{act}" for act in finding.act)], "act": finding.act},
        }
        if help_uri:
            rule["helpUri"] = help_uri
        rules[finding.rule] = rule
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    results = []
    for finding in findings:
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": finding.page},
                                                         "region": {"startLine": 1}}}
        if finding.selector:
            location["logicalLocations"] = [{"fullyQualifiedName": finding.selector, "kind": "element"}]
        results.append({
            "ruleId": finding.rule, "ruleIndex": index[finding.rule], "level": LEVELS[finding.status],
            "message": {"text": finding.message}, "locations": [location],
            "partialFingerprints": {"uiagentFindingFingerprint/v1": finding.fingerprint,
                                    "uiagentIssue/v1": group_of(finding)},
            "properties": {"sources": finding.source, "agreement": finding.agreement, "impact": finding.impact,
                           "wcag": finding.wcag, "act": finding.act, "issue": group_of(finding)},
        })
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "uiagent", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://www.w3.org/WAI/WCAG22/", "rules": list(rules.values())}},
        "results": results,
    }]}

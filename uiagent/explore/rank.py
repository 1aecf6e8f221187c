"""Ranking what exploration found: one finding per element and rule across viewports, a score per finding
(impact, certainty, how many viewports show it, whether judges agree) and per page (the sum)."""

from __future__ import annotations

from uiagent.audit.findings import Finding

IMPACT = {"critical": 4.0, "serious": 3.0, "moderate": 2.0, "minor": 1.0}
CERTAINTY = {"violation": 1.0, "needs-review": 0.5, "pass": 0.0}


def merge_viewports(findings: list[Finding]) -> list[Finding]:
    """Findings about the same element and rule at several viewports become one, listing the viewports."""
    merged: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        key = (finding.rule, finding.selector or finding.message)
        viewport = finding.evidence.get("viewport")
        if key not in merged:
            merged[key] = finding.model_copy(update={"evidence": {**finding.evidence, "viewports": [viewport]}})
            continue
        seen = merged[key].evidence["viewports"]
        if viewport not in seen:
            seen.append(viewport)
    return [_agreement(finding, merged.values()).with_identity() for finding in merged.values()]


def _agreement(finding: Finding, all_findings) -> Finding:
    """A model's visual-defect claim on an element that a measurement also flagged is confirmed by it."""
    if finding.source != ["vlm"] or finding.rule != "visual-defect":
        return finding
    confirming = [f.rule for f in all_findings if f is not finding and f.selector and f.selector == finding.selector
                  and "vlm" not in f.source]
    if confirming:
        return finding.model_copy(update={"agreement": "both", "evidence": {**finding.evidence,
                                                                             "confirmed_by": confirming}})
    return finding.model_copy(update={"agreement": "vlm-only"})


def finding_score(finding: Finding) -> float:
    viewports = len(finding.evidence.get("viewports") or [None])
    score = IMPACT.get(finding.impact or "minor", 1.0) * CERTAINTY[finding.status] * (1 + 0.25 * (viewports - 1))
    return round(score * (1.2 if finding.agreement == "both" else 1.0), 3)


def ranked(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-finding_score(f), f.page, f.rule, f.selector or ""))

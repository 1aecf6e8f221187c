"""Reconciliation: one finding per element and criterion, saying which judges agree.

A DOM finding (axe) and a pixel finding about the same element and WCAG criterion become one finding
with both sources ("both"). An axe `incomplete` that a pixel measurement settles takes the pixel's
status, with the measurement as evidence. A VLM claim that a pixel measurement can check is confirmed
or refuted by it.
"""

from __future__ import annotations

from typing import Any

from uiagent.audit.findings import Finding

# axe rules and the pixel check that measures the same thing.
AXE_TO_PIXEL = {"color-contrast": "text-contrast", "target-size": "target-size"}
SEVERITY = {"violation": 2, "needs-review": 1, "pass": 0}


def reconcile(findings: list[Finding], measurements: dict[str, Any]) -> list[Finding]:
    groups: dict[tuple[str, str], list[Finding]] = {}
    order: list[tuple[str, str]] = []
    for finding in findings:
        key = (finding.selector or finding.id or str(id(finding)), _family(finding))
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append(finding)
    merged = [_merge(groups[key], measurements) for key in order]
    return [finding.with_identity() for finding in merged]


def _family(finding: Finding) -> str:
    """What a finding is about: its criteria and the ACT rules it implements. Only findings about the same
    thing merge, so that (say) a clipped-text finding under 1.4.12 cannot lend its violation to an axe
    spacing rule's ACT id on the same element."""
    if finding.wcag:
        return ",".join(sorted(finding.wcag)) + "|" + ",".join(sorted(finding.act))
    return AXE_TO_PIXEL.get(finding.rule, finding.rule)


def _merge(group: list[Finding], measurements: dict[str, Any]) -> Finding:
    sources = sorted({source for finding in group for source in finding.source})
    dom = [f for f in group if "axe" in f.source]
    pixel = [f for f in group if "pixel" in f.source]
    vlm = [f for f in group if "vlm" in f.source]
    lead = max(pixel or dom or vlm, key=lambda f: SEVERITY[f.status])
    evidence = {k: v for f in group for k, v in f.evidence.items()}
    status = lead.status
    agreement = None

    if dom and not pixel:
        settled = _settle_with_measurement(dom[0], measurements)
        if settled is not None:
            return settled
    if dom and pixel:
        agreement = "both"
        if any(f.status == "needs-review" for f in dom):
            evidence["settled"] = f"axe could not decide; measured on pixels: {lead.message}"
    elif dom:
        agreement = "dom-only"
    elif pixel and vlm:
        agreement = "both"
    elif pixel:
        agreement = "pixel-only"
    elif vlm:
        agreement = "vlm-only"
        checked = _check_vlm_claim(vlm[0], measurements)
        if checked is not None:
            status, agreement, evidence["verified"] = checked
    return lead.model_copy(update={"source": sources, "status": status, "agreement": agreement, "evidence": evidence,
                                   "impact": lead.impact or next((f.impact for f in group if f.impact), None),
                                   "act": sorted({act for f in group for act in f.act})})


def _settle_with_measurement(finding: Finding, measurements: dict[str, Any]) -> Finding | None:
    """An axe contrast result on an element the pixel check measured as passing."""
    ratio = measurements.get("contrast", {}).get(finding.selector)
    if finding.rule != "color-contrast" or ratio is None:
        return None
    evidence = {**finding.evidence, "ratio": ratio, "settled": f"measured on pixels: {ratio}:1 passes"}
    if finding.status == "needs-review":
        return finding.model_copy(update={"status": "pass", "agreement": "dom-only", "evidence": evidence,
                                          "source": ["axe", "pixel"],
                                          "message": f"{finding.message} (settled: {ratio}:1 measured)"})
    return finding.model_copy(update={"agreement": "contradicts", "evidence": evidence, "source": ["axe", "pixel"]})


def _check_vlm_claim(claim: Finding, measurements: dict[str, Any]) -> tuple[str, str, str] | None:
    if "1.4.3" not in claim.wcag:
        return None
    ratio = measurements.get("contrast", {}).get(claim.selector)
    if ratio is None:
        return None
    if ratio < 4.5:
        return "violation", "both", f"confirmed by pixel contrast {ratio}:1"
    return "pass", "contradicts", f"refuted by pixel contrast {ratio}:1"

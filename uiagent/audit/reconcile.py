"""Reconciliation: one finding per element and criterion, saying which judges agree.

A DOM finding (axe) and a pixel finding about the same element and WCAG criterion become one finding
with both sources ("both"). An axe `incomplete` that a measurement settles (contrast on pixels, a video's
sound in its file) takes the measurement's status, with the measurement as evidence. A VLM claim that a pixel
measurement can check is confirmed or refuted by it.
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
    # A model's claim names criteria, never ACT rules: it joins the measured findings of its element and criteria
    # (whatever ACT rules those implement), so the one issue is reported once, with the judges that agree.
    for finding in sorted(findings, key=_is_claim):  # (stable: the measured findings first, in their order)
        key = (finding.selector or finding.id or str(id(finding)), _family(finding))
        if key not in groups and finding.wcag and _is_claim(finding):
            criteria = _family(finding).split("|")[0]
            key = next((k for k in order if k[0] == key[0] and k[1].split("|")[0] == criteria), key)
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append(finding)
    merged = [_merge(groups[key], measurements) for key in order]
    return [finding.with_identity() for finding in merged]


def _is_claim(finding: Finding) -> bool:
    return finding.source == ["vlm"] and not finding.act


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
            status, agreement, evidence["verified"] = checked  # type: ignore[assignment]  # (a Status, by construction)
    return lead.model_copy(update={"source": sources, "status": status, "agreement": agreement, "evidence": evidence,
                                   "impact": lead.impact or next((f.impact for f in group if f.impact), None),
                                   "act": list(dict.fromkeys(act for f in group for act in f.act))})


# axe rules and the measurement of the same thing, with how it was measured: contrast on pixels
# (contrast_findings' outcomes); whether a video holds sound, in its media file (the media checks).
MEASURED = {"color-contrast": ("text-contrast", "on pixels"),
            "color-contrast-enhanced": ("text-contrast-enhanced", "on pixels"),
            "video-caption": ("video-sound", "in the media file")}
VLM_MEASURED = {"1.4.3": "text-contrast", "1.4.6": "text-contrast-enhanced"}


def _settle_with_measurement(finding: Finding, measurements: dict[str, Any]) -> Finding | None:
    """An axe result on an element uiagent measured (contrast on pixels, a video's sound): the measurement
    settles it. An axe `incomplete` the measurement passes or finds inapplicable is settled as a pass; an axe
    violation it passes or exempts is contradicted and left for a person, never reported as a violation."""
    kind, how = MEASURED.get(finding.rule, ("", ""))
    measured = measurements.get(kind, {}).get(finding.selector)
    if measured is None or measured["status"] not in ("pass", "not-applicable"):
        return None
    said = (f"measured {how}: {measured['ratio']}:1 passes {measured['required']:g}:1" if measured["status"] == "pass"
            else f"measured {how}: not applicable ({measured['reason']})")
    evidence = {**finding.evidence, **({"ratio": measured["ratio"]} if "ratio" in measured else {}), "settled": said}
    if finding.status == "needs-review":
        return finding.model_copy(update={"status": "pass", "agreement": "dom-only", "evidence": evidence,
                                          "source": ["axe", "pixel"], "message": f"{finding.message} (settled: {said})"})
    return finding.model_copy(update={"status": "needs-review", "agreement": "contradicts", "evidence": evidence,
                                      "source": ["axe", "pixel"]})


def _check_vlm_claim(claim: Finding, measurements: dict[str, Any]) -> tuple[str, str, str] | None:
    """A model's contrast claim, checked against the pixel measurement of the same element and criterion (with
    the threshold the text's size calls for)."""
    measured = next((measurements.get(VLM_MEASURED[c], {}).get(claim.selector) for c in claim.wcag if c in VLM_MEASURED),
                    None)
    if measured is None or measured["status"] == "not-applicable":
        return None
    said = f"pixel contrast {measured['ratio']}:1 against {measured['required']:g}:1"
    if measured["status"] == "violation":
        return "violation", "both", f"confirmed by {said}"
    if measured["status"] == "pass":
        return "pass", "contradicts", f"refuted by {said}"
    return None

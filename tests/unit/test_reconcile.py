"""Reconciliation (uiagent.audit.reconcile) as a table: findings and pixel measurements in, findings out.

One finding per element and criterion, saying which judges agree: axe (DOM) and pixel findings on the same element
and criterion merge; a pixel measurement settles or contradicts an axe contrast result it did not itself report;
a model's contrast claim is confirmed or refuted by the measurement (whose threshold already follows the text's
size: 4.5:1, large text 3:1); findings on other elements or about other things stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from uiagent.audit.checks.base import CheckInput
from uiagent.audit.checks.contrast import (
    TEXT_CONTRAST,
    RunContrast,
    check_text_contrast,
    measure_plain,
)
from uiagent.audit.findings import Finding
from uiagent.audit.reconcile import reconcile
from uiagent.capture.models import Box, Capture, DomFacts, TextRun
from uiagent.config import Settings

PAGE = "http://127.0.0.1:8000/shop/cart.html"
CONTRAST_ACT = ["afw4f7", "09o5cg"]  # what axe-core's color-contrast and the text-contrast check both carry


def axe(status: str, selector: str | None = "#a", rule: str = "color-contrast", wcag: tuple[str, ...] = ("1.4.3",),
        act: list[str] | None = None, impact: str | None = "serious", **evidence: Any) -> Finding:
    return Finding(page=PAGE, source=["axe"], rule=rule, wcag=list(wcag), status=status, impact=impact,  # type: ignore[arg-type]
                   selector=selector, message=f"axe {rule} on {selector}", evidence=evidence,
                   act=CONTRAST_ACT if act is None else act)


def pixel(status: str, selector: str | None = "#a", rule: str = "text-contrast", wcag: tuple[str, ...] = ("1.4.3",),
          act: list[str] | None = None, impact: str | None = "serious", **evidence: Any) -> Finding:
    return Finding(page=PAGE, source=["pixel"], rule=rule, wcag=list(wcag), status=status, impact=impact,  # type: ignore[arg-type]
                   selector=selector, message=f"pixel {rule} on {selector}", evidence=evidence,
                   act=CONTRAST_ACT if act is None else act)


def vlm(selector: str | None = "#a", category: str = "low-contrast", criterion: str = "1.4.3",
        act: tuple[str, ...] = ()) -> Finding:
    """A model's claim, as uiagent.audit.review makes it: always needs-review until something checks it."""
    return Finding(page=PAGE, source=["vlm"], rule=f"vlm-{category}", wcag=[criterion], status="needs-review",
                   impact="moderate", selector=selector, message=f"model: {category} on {selector}", act=list(act))


def measured(status: str, ratio: float | None = None, required: float = 4.5, reason: str = "") -> dict[str, Any]:
    """One element's outcome as contrast_findings records it in the measurements."""
    if status == "not-applicable":
        return {"status": status, "reason": reason}
    return {"status": status, "ratio": ratio, "required": required, "reason": reason}


@dataclass(frozen=True)
class Out:
    """What a reconciled finding says, in the columns the table checks."""

    rule: str
    selector: str | None
    sources: tuple[str, ...]
    status: str
    agreement: str | None


def summary(findings: list[Finding]) -> list[Out]:
    return [Out(f.rule, f.selector, tuple(f.source), f.status, f.agreement) for f in findings]


# (findings in, measurements, findings out)
TABLE = [
    # -- DOM and pixels on the same element and criterion: one finding with both sources -------------------------
    pytest.param([axe("violation"), pixel("violation")], {},
                 [Out("text-contrast", "#a", ("axe", "pixel"), "violation", "both")],
                 id="dom-and-pixel-agreeing-on-a-violation-become-one-finding-from-both"),
    pytest.param([pixel("violation"), axe("violation")], {},
                 [Out("text-contrast", "#a", ("axe", "pixel"), "violation", "both")],
                 id="the-merge-does-not-depend-on-which-judge-came-first"),
    pytest.param([axe("needs-review"), pixel("violation")], {},
                 [Out("text-contrast", "#a", ("axe", "pixel"), "violation", "both")],
                 id="pixels-decide-what-axe-could-not"),
    pytest.param([axe("violation"), pixel("needs-review")], {},
                 [Out("text-contrast", "#a", ("axe", "pixel"), "needs-review", "both")],
                 id="dom-and-pixel-disagreeing-the-pixel-measurement-leads-even-when-axe-is-more-severe"),
    pytest.param([axe("violation", rule="target-size", wcag=("2.5.8",), act=[]),
                  pixel("violation", rule="target-size", wcag=("2.5.8",), act=[])], {},
                 [Out("target-size", "#a", ("axe", "pixel"), "violation", "both")],
                 id="target-size-from-axe-and-pixels-merge-too"),
    pytest.param([axe("violation", wcag=(), act=[]), pixel("violation", wcag=(), act=[])], {},
                 [Out("text-contrast", "#a", ("axe", "pixel"), "violation", "both")],
                 id="without-criteria-axe-color-contrast-pairs-with-pixel-text-contrast-by-rule"),
    # -- an axe contrast result the pixels measured but did not report --------------------------------------------
    pytest.param([axe("needs-review")], {"text-contrast": {"#a": measured("pass", 5.12)}},
                 [Out("color-contrast", "#a", ("axe", "pixel"), "pass", "dom-only")],
                 id="axe-incomplete-settled-as-a-pass-by-a-passing-measurement"),
    pytest.param([axe("violation")], {"text-contrast": {"#a": measured("pass", 5.12)}},
                 [Out("color-contrast", "#a", ("axe", "pixel"), "needs-review", "contradicts")],
                 id="axe-violation-contradicted-by-a-passing-measurement-goes-to-a-person"),
    pytest.param([axe("violation")], {"text-contrast": {"#a": measured("not-applicable", reason="inactive")}},
                 [Out("color-contrast", "#a", ("axe", "pixel"), "needs-review", "contradicts")],
                 id="axe-violation-on-text-the-measurement-exempts-goes-to-a-person"),
    pytest.param([axe("violation")], {"text-contrast": {"#a": measured("needs-review", 3.9)}},
                 [Out("color-contrast", "#a", ("axe",), "violation", "dom-only")],
                 id="axe-violation-stands-when-the-measurement-is-itself-undecided"),
    pytest.param([axe("violation")], {"text-contrast": {"#other": measured("pass", 9.0)}},
                 [Out("color-contrast", "#a", ("axe",), "violation", "dom-only")],
                 id="axe-violation-stands-when-its-element-was-not-measured"),
    pytest.param([axe("violation")], {"text-contrast-enhanced": {"#a": measured("pass", 7.5, 7.0)}},
                 [Out("color-contrast", "#a", ("axe",), "violation", "dom-only")],
                 id="an-aaa-measurement-does-not-settle-an-aa-axe-result"),
    pytest.param([axe("needs-review", rule="color-contrast-enhanced", wcag=("1.4.6",), act=["09o5cg"])],
                 {"text-contrast-enhanced": {"#a": measured("pass", 7.5, 7.0)}},
                 [Out("color-contrast-enhanced", "#a", ("axe", "pixel"), "pass", "dom-only")],
                 id="axe-enhanced-incomplete-settled-by-the-enhanced-measurement"),
    pytest.param([axe("violation", rule="image-alt", wcag=("1.1.1",), act=["23a2a8"])],
                 {"text-contrast": {"#a": measured("pass", 9.0)}},
                 [Out("image-alt", "#a", ("axe",), "violation", "dom-only")],
                 id="a-contrast-measurement-never-touches-another-axe-rule"),
    # -- a model's claim checked by the measurement of the same element and criterion ---------------------------
    pytest.param([vlm()], {"text-contrast": {"#a": measured("violation", 2.1)}},
                 [Out("vlm-low-contrast", "#a", ("vlm",), "violation", "both")],
                 id="model-contrast-claim-confirmed-by-a-failing-measurement"),
    pytest.param([vlm()], {"text-contrast": {"#a": measured("pass", 6.3)}},
                 [Out("vlm-low-contrast", "#a", ("vlm",), "pass", "contradicts")],
                 id="model-contrast-claim-refuted-by-a-passing-measurement"),
    pytest.param([vlm()], {"text-contrast": {"#a": measured("pass", 3.4, required=3.0)}},
                 [Out("vlm-low-contrast", "#a", ("vlm",), "pass", "contradicts")],
                 id="large-text-at-3.4-to-1-passes-3-to-1-so-the-claim-is-refuted"),
    pytest.param([vlm()], {"text-contrast": {"#a": measured("violation", 3.4, required=4.5)}},
                 [Out("vlm-low-contrast", "#a", ("vlm",), "violation", "both")],
                 id="normal-text-at-3.4-to-1-fails-4.5-to-1-so-the-claim-is-confirmed"),
    pytest.param([vlm()], {"text-contrast": {"#a": measured("needs-review", 4.0)}},
                 [Out("vlm-low-contrast", "#a", ("vlm",), "needs-review", "vlm-only")],
                 id="model-claim-stays-for-a-person-when-the-measurement-is-undecided"),
    pytest.param([vlm()], {"text-contrast": {"#a": measured("not-applicable", reason="inactive")}},
                 [Out("vlm-low-contrast", "#a", ("vlm",), "needs-review", "vlm-only")],
                 id="model-claim-stays-for-a-person-on-text-the-measurement-exempts"),
    pytest.param([vlm()], {}, [Out("vlm-low-contrast", "#a", ("vlm",), "needs-review", "vlm-only")],
                 id="model-claim-without-a-measurement-stays-for-a-person"),
    pytest.param([vlm(selector=None)], {"text-contrast": {"#a": measured("violation", 2.1)}},
                 [Out("vlm-low-contrast", None, ("vlm",), "needs-review", "vlm-only")],
                 id="model-claim-about-no-element-is-not-checked"),
    pytest.param([vlm(criterion="1.4.6")], {"text-contrast": {"#a": measured("violation", 2.1)},
                                             "text-contrast-enhanced": {"#a": measured("pass", 8.0, 7.0)}},
                 [Out("vlm-low-contrast", "#a", ("vlm",), "pass", "contradicts")],
                 id="an-aaa-claim-is-checked-against-the-aaa-measurement"),
    pytest.param([vlm(category="image-name-not-descriptive", criterion="1.1.1", act=("qt1vmo",))],
                 {"text-contrast": {"#a": measured("pass", 9.0)}},
                 [Out("vlm-image-name-not-descriptive", "#a", ("vlm",), "needs-review", "vlm-only")],
                 id="a-model-claim-no-pixel-can-measure-stays-for-a-person"),
    pytest.param([vlm(act=tuple(CONTRAST_ACT)), pixel("violation")], {},
                 [Out("text-contrast", "#a", ("pixel", "vlm"), "violation", "both")],
                 id="model-and-pixel-findings-of-one-family-merge-with-the-pixel-leading"),
    # -- apart: other elements, other criteria, other ACT rules ------------------------------------------------
    pytest.param([axe("violation", selector="#a"), pixel("violation", selector="#b")], {},
                 [Out("color-contrast", "#a", ("axe",), "violation", "dom-only"),
                  Out("text-contrast", "#b", ("pixel",), "violation", "pixel-only")],
                 id="findings-on-different-elements-stay-apart-in-their-first-order"),
    pytest.param([pixel("violation"), pixel("violation", rule="target-size", wcag=("2.5.8",), act=[])], {},
                 [Out("text-contrast", "#a", ("pixel",), "violation", "pixel-only"),
                  Out("target-size", "#a", ("pixel",), "violation", "pixel-only")],
                 id="one-element-failing-two-criteria-keeps-two-findings"),
    pytest.param([pixel("violation", rule="text-clipped", wcag=("1.4.12",), act=[]),
                  axe("needs-review", rule="avoid-inline-spacing", wcag=("1.4.12",), act=["24afc2"])], {},
                 [Out("text-clipped", "#a", ("pixel",), "violation", "pixel-only"),
                  Out("avoid-inline-spacing", "#a", ("axe",), "needs-review", "dom-only")],
                 id="same-criterion-but-another-act-rule-stays-apart"),
    pytest.param([pixel("violation", selector=None), pixel("violation", selector=None)], {},
                 [Out("text-contrast", None, ("pixel",), "violation", "pixel-only")] * 2,
                 id="findings-about-no-element-never-merge"),
    # -- status precedence within a group: violation over needs-review over pass --------------------------------
    pytest.param([pixel("needs-review"), pixel("violation"), pixel("pass")], {},
                 [Out("text-contrast", "#a", ("pixel",), "violation", "pixel-only")],
                 id="violation-beats-needs-review-and-pass"),
    pytest.param([pixel("pass"), pixel("needs-review")], {},
                 [Out("text-contrast", "#a", ("pixel",), "needs-review", "pixel-only")],
                 id="needs-review-beats-pass"),
    pytest.param([axe("needs-review"), axe("violation")], {},
                 [Out("color-contrast", "#a", ("axe",), "violation", "dom-only")],
                 id="the-most-severe-dom-finding-leads-when-no-pixel-finding-is-there"),
    pytest.param([pixel("pass")], {}, [Out("text-contrast", "#a", ("pixel",), "pass", "pixel-only")],
                 id="a-lone-pass-stays-a-pass"),
]


@pytest.mark.parametrize(("findings", "measurements", "expected"), TABLE)
def test_reconcile_table(findings: list[Finding], measurements: dict[str, Any], expected: list[Out]) -> None:
    assert summary(reconcile(findings, measurements)) == expected


def test_the_table_uses_the_act_ids_the_text_contrast_check_really_carries() -> None:
    assert sorted(TEXT_CONTRAST.act) == sorted(CONTRAST_ACT)


def test_every_reconciled_finding_gets_its_identity() -> None:
    out = reconcile([axe("violation"), pixel("violation"), vlm(selector="#b")], {})
    assert all(len(f.fingerprint) == 16 and f.id == f"{f.rule}-{f.fingerprint[:8]}" for f in out)
    # The fingerprint ignores the host: the same page on another server is the same finding.
    moved = reconcile([f.model_copy(update={"page": "https://staging.example/shop/cart.html"})
                       for f in [axe("violation"), pixel("violation")]], {})
    assert moved[0].fingerprint == out[0].fingerprint


def test_reconcile_leaves_its_input_findings_unchanged() -> None:
    findings = [axe("needs-review", note="axe"), pixel("violation", ratio=2.1)]
    before = [f.model_dump() for f in findings]
    reconcile(findings, {})
    reconcile([axe("violation")], {"text-contrast": {"#a": measured("pass", 5.0)}})
    assert [f.model_dump() for f in findings] == before


def test_a_merged_finding_keeps_the_evidence_impact_and_act_ids_of_every_judge() -> None:
    [merged] = reconcile([axe("needs-review", impact=None, act=["afw4f7", "09o5cg"], axe_summary="fg #777"),
                          pixel("violation", impact=None, act=["09o5cg", "afw4f7"], ratio=2.1),
                          pixel("needs-review", impact="minor", act=["09o5cg", "afw4f7"], method="plain")], {})
    assert merged.status == "violation" and merged.agreement == "both"
    assert merged.evidence["axe_summary"] == "fg #777" and merged.evidence["ratio"] == 2.1
    assert merged.evidence["method"] == "plain"
    assert merged.evidence["settled"].startswith("axe could not decide; measured on pixels:")
    assert merged.impact == "minor"  # the lead has none: the first judge that gave one
    assert merged.act == ["afw4f7", "09o5cg"]  # every judge's, once, in order


def test_settling_says_what_was_measured() -> None:
    [passed] = reconcile([axe("needs-review")], {"text-contrast": {"#a": measured("pass", 5.12, 4.5)}})
    assert passed.evidence["settled"] == "measured on pixels: 5.12:1 passes 4.5:1"
    assert passed.evidence["ratio"] == 5.12 and passed.message.endswith("(settled: measured on pixels: 5.12:1 passes 4.5:1)")
    [exempt] = reconcile([axe("violation")], {"text-contrast": {"#a": measured("not-applicable", reason="inactive")}})
    assert exempt.evidence["settled"] == "measured on pixels: not applicable (inactive)"
    [confirmed] = reconcile([vlm()], {"text-contrast": {"#a": measured("violation", 2.1, 4.5)}})
    assert confirmed.evidence["verified"] == "confirmed by pixel contrast 2.1:1 against 4.5:1"


def test_a_video_measured_without_sound_settles_axes_question_about_its_captions() -> None:
    question = axe("needs-review", rule="video-caption", wcag=["1.2.2"], act=["eac66b"])
    silent = {"video-sound": {"#a": {"status": "not-applicable", "reason": "its media file holds no sound"}}}
    [settled] = reconcile([question], silent)
    assert settled.status == "pass" and "ratio" not in settled.evidence
    assert settled.evidence["settled"] == "measured in the media file: not applicable (its media file holds no sound)"
    [other] = reconcile([question], {"video-sound": {"#b": silent["video-sound"]["#a"]}})  # another video's
    assert other.status == "needs-review"
    # A contrast measurement of the element settles only the contrast rules, never the video's.
    [unsettled] = reconcile([question], {"text-contrast": {"#a": measured("pass", 5.0)}})
    assert unsettled.status == "needs-review"


# -- the whole path: pixels measured against the threshold of the text's size, then a model's claims checked -------

GREY_777, WHITE = (0x77, 0x77, 0x77), (255, 255, 255)


def text_run(selector: str, font_size_px: float, box: Box) -> TextRun:
    return TextRun(selector=selector, text="Checkout", box=box, color="rgb(119, 119, 119)",
                   background_color="rgb(255, 255, 255)", background_image=False, font_size_px=font_size_px,
                   font_weight=400, lines=[box])


def test_777_on_white_is_a_violation_for_normal_text_and_a_pass_for_large_text_and_model_claims_follow() -> None:
    # Two runs of #777 text on white (4.48:1): anti-aliased strokes drawn on the pixels, one 16 px, one 24 px.
    pixels = np.full((40, 60, 3), WHITE, dtype=np.uint8)
    for top in (2, 22):
        for x in (5, 15, 25, 35):
            pixels[top + 2:top + 14, x] = GREY_777
            pixels[top + 2:top + 14, x + 1] = (187, 187, 187)  # the edge, half-way to white
    normal = text_run("#normal", 16, Box(x=0, y=2, width=60, height=16))
    large = text_run("#large", 24, Box(x=0, y=22, width=60, height=16))
    runs: list[RunContrast] = [measure_plain(pixels, normal), measure_plain(pixels, large)]  # type: ignore[list-item]
    assert [r.glyph_ratios for r in runs] == [[pytest.approx(4.478, abs=1e-3)]] * 2

    dom = DomFacts(url=PAGE, title="", lang="en", viewport_width=60, viewport_height=40, scroll_width=60,
                   scroll_height=40, elements=[], text_runs=[normal, large], focusables=[], images=[])
    capture = Capture.of(pixels=pixels, url=PAGE, kind="full_page", origin=Box(x=0, y=0, width=60, height=40),
                         stable=True, settle_ms=0, dom=dom)
    context = CheckInput(page=None, capture=capture, settings=Settings())  # type: ignore[arg-type]
    context.measurements["text_contrast_runs"] = runs
    # run.py gives a check's findings the check's ACT ids, as here.
    found = [f.model_copy(update={"act": list(TEXT_CONTRAST.act)}) for f in check_text_contrast(context)]
    assert [(f.selector, f.status, f.evidence["ratio"], f.evidence["required"]) for f in found] == [
        ("#normal", "violation", 4.47, 4.5)]
    assert context.measurements["text-contrast"]["#large"] == {"status": "pass", "ratio": 4.47, "required": 3.0,
                                                               "reason": ""}

    out = reconcile([*found, vlm("#normal"), vlm("#large")], context.measurements)
    # On normal text the model's claim joins the measured violation; on large text the measurement refutes it.
    assert [(f.selector, f.source, f.status, f.agreement) for f in out if "pixel" in f.source] == [
        ("#normal", ["pixel", "vlm"], "violation", "both")]
    claims = {f.selector: (f.status, f.agreement, f.evidence["verified"]) for f in out if f.source == ["vlm"]}
    assert claims == {"#large": ("pass", "contradicts", "refuted by pixel contrast 4.47:1 against 3:1")}


def test_a_model_claim_and_the_pixel_finding_on_one_element_and_criterion_are_one_finding() -> None:
    # What uiagent.audit.review and the text-contrast check (its act ids filled in by run.py) really produce.
    out = reconcile([pixel("violation"), vlm()], {"text-contrast": {"#a": measured("violation", 2.1)}})
    assert summary(out) == [Out("text-contrast", "#a", ("pixel", "vlm"), "violation", "both")]

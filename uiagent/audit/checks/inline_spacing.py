"""Text spacing that users cannot override (WCAG 1.4.12 Text Spacing; W3C ACT rules 24afc2, 9e45ec, 78fd32).

A style attribute that sets letter-spacing, word-spacing or line-height with !important beats every style sheet,
including the one a reader applies to widen spacing. So the value it sets must already be at least the criterion's:
letter spacing 0.12 times the font size, word spacing 0.16 times, line height 1.5 times (the last only for text that
wraps onto several lines; the factors are the check's options). Only elements with visible text of their own are
judged: a value that text inherits from an ancestor is not important on it. This replaces axe's
avoid-inline-spacing, which also judges containers whose text sits in children (a false alarm on the ACT cases),
rounds the ratio to two decimals, and gives one finding the three rules' ids together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from uiagent.audit.checks.base import Check, CheckInput, CheckMessage
from uiagent.audit.findings import Finding
from uiagent.capture.frames import FramePlace, frame_place
from uiagent.capture.scripts import page_script

INLINE_SPACING_JS = page_script("inline_spacing.js")
# property: (finding rule, ACT rule, the check's option: the minimum as a multiple of the font size)
SPACING_RULES = {
    "letter-spacing": ("important-letter-spacing", "24afc2", "letter_spacing"),
    "word-spacing": ("important-word-spacing", "9e45ec", "word_spacing"),
    "line-height": ("important-line-height", "78fd32", "line_height"),
}
FACTORS = {"letter_spacing": 0.12, "word_spacing": 0.16, "line_height": 1.5}
TOLERANCE_PX = 0.01  # float noise in computed values: a value exactly at the minimum passes

Wrap = Literal["soft", "none", "unknown"]  # how text lays out in lines: see lineFacts in inline_spacing.js


@dataclass(frozen=True)
class SpacingVerdict:
    status: Literal["violation", "needs-review"]
    message: str  # the check's message that says why
    value_px: float | None
    minimum_px: float | None


def parse_px(value: str) -> float | None:
    value = value.strip()
    if not value.endswith("px"):
        return None
    try:
        return float(value[:-2])
    except ValueError:
        return None


def spacing_px(property_: str, computed: str, normal_px: float | None) -> float | None:
    """The used value in px: `normal` is no extra spacing, or for line-height the font's measured normal."""
    if computed.strip() == "normal":
        return normal_px if property_ == "line-height" else 0.0
    return parse_px(computed)


def judge_spacing(property_: str, computed: str, font_size: str, normal_px: float | None = None,
                  wrap: Wrap = "none", factor: float | None = None) -> SpacingVerdict | None:
    """None: passes, or the rule does not apply. `wrap` matters only to line-height, which applies to text that
    wraps because of its width ("soft"); "unknown": on several lines, but not proven to wrap. `factor`: the minimum
    as a multiple of the font size (the criterion's, unless given)."""
    factor = FACTORS[SPACING_RULES[property_][2]] if factor is None else factor
    if property_ == "line-height" and wrap == "none":
        return None
    size = parse_px(font_size)
    value = spacing_px(property_, computed, normal_px)
    if size is None or value is None:
        unmeasured = "normal-unmeasured" if computed.strip() == "normal" else "not-px"
        return SpacingVerdict("needs-review", f"{property_}:{unmeasured}", value, None)
    minimum = factor * size
    if value >= minimum - TOLERANCE_PX:
        return None
    if property_ == "line-height" and wrap == "unknown":
        return SpacingVerdict("needs-review", f"{property_}:too-small-if-wrapping", value, minimum)
    return SpacingVerdict("violation", f"{property_}:too-small", value, minimum)


def spacing_findings(context: CheckInput, element: dict[str, Any], place: FramePlace,
                     options: Mapping[str, float]) -> list[Finding]:
    """The findings for one element of INLINE_SPACING_JS's result, one per property that fails or is unsure, held
    to the check's `options` (its factors)."""
    findings = []
    for declared in element["properties"]:
        property_ = declared["property"]
        _, act, option = SPACING_RULES[property_]
        factor = options[option]
        verdict = judge_spacing(property_, declared["computed"], element["font_size"], declared["normal_px"],
                                element.get("wrap", "none"), factor)
        if verdict is None:
            continue
        finding = context.finding(
            INLINE_SPACING, verdict.message, selector=place.prefix + element["selector"], box=place.box(element["box"]),
            status=verdict.status, property=property_, declared=declared["declared"], computed=declared["computed"],
            value_px=verdict.value_px, font_size=element["font_size"], minimum_px=verdict.minimum_px,
            minimum_ratio=factor, **({key: element[key] for key in ("lines", "forced_breaks", "wrap")}
                                     if property_ == "line-height" else {}))
        findings.append(finding.model_copy(update={"act": [act]}))  # each rule's finding carries only its own id
    return findings


def check_inline_spacing(context: CheckInput) -> list[Finding]:
    """In every frame: a style attribute applies in its own document (axe's rule, replaced, ran in frames too)."""
    findings = []
    options = context.options(INLINE_SPACING)
    for frame in context.page.frames:
        if frame.is_detached():
            continue
        elements = frame.evaluate(INLINE_SPACING_JS, None)
        place = frame_place(frame) if elements else None
        if place is not None:
            findings += [finding for element in elements for finding in spacing_findings(context, element, place, options)]
    return findings


TOO_SMALL = ("{property} is fixed at {value_px:g}px with !important, under {minimum_ratio:g} times the font size "
             "({minimum_px:g}px at {font_size}), and no user style sheet can raise it")
MESSAGES = {
    "too-small": TOO_SMALL,
    "too-small-if-wrapping": TOO_SMALL + "; the text spans several lines, but it could not be confirmed that it "
                                         "wraps rather than only breaks at line breaks",
    "not-px": "{property} is fixed with !important, but its computed value {computed!r} (font size {font_size}) is "
              "not in px",
    "normal-unmeasured": "{property} is fixed with !important, but the normal line height could not be measured",
}
INLINE_SPACING = Check("inline-spacing", ("1.4.12",), "Letter spacing, word spacing and line height fixed with "
                       "!important in style attributes must meet the text-spacing minimums.", check_inline_spacing,
                       act=tuple(act for _, act, _ in SPACING_RULES.values()), replaces=("avoid-inline-spacing",),
                       options=FACTORS, messages={  # each under its property's rule
                           f"{property_}:{key}": CheckMessage(text, rule)
                           for property_, (rule, _, _) in SPACING_RULES.items() for key, text in MESSAGES.items()})

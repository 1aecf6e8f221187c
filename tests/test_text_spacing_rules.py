"""The decisions of the inline-spacing check (WCAG 1.4.12) and the meta-viewport-zoom check (1.4.4), without a
browser: spacing values against the font size, and meta viewport content parsed as browsers parse it."""

from __future__ import annotations

import pytest

from uiagent.audit.checks import BUILTIN_CHECKS
from uiagent.audit.checks.inline_spacing import judge_spacing
from uiagent.audit.checks.meta_viewport import judge_viewport, parse_viewport, viewport_numbers


def outcome(verdict) -> str:  # type: ignore[no-untyped-def]
    return "pass" if verdict is None else verdict.status


# --- letter and word spacing: at least 0.12 and 0.16 times the font size -----------------------------------

@pytest.mark.parametrize(("property_", "computed", "font_size", "expected"), [
    ("letter-spacing", "2.4px", "16px", "pass"),        # 0.15em
    ("letter-spacing", "3px", "25px", "pass"),          # exactly 0.12: equal passes
    ("letter-spacing", "1.92px", "16px", "pass"),       # 0.12em as Chromium computes it
    ("letter-spacing", "1.6px", "16px", "violation"),   # 0.1em
    ("letter-spacing", "2px", "20px", "violation"),
    ("letter-spacing", "normal", "16px", "violation"),  # normal and initial add no spacing
    ("letter-spacing", "-1px", "16px", "violation"),
    ("letter-spacing", "2.3px", "20px", "violation"),   # 0.115: a ratio rounded to 2 decimals would pass it
    ("word-spacing", "3.2px", "16px", "pass"),          # 0.2em
    ("word-spacing", "4px", "25px", "pass"),            # exactly 0.16
    ("word-spacing", "2px", "20px", "violation"),
    ("word-spacing", "0px", "16px", "violation"),       # Chromium's computed normal
    ("word-spacing", "10%", "16px", "needs-review"),    # not px: not decided
])
def test_spacing_against_the_font_size(property_: str, computed: str, font_size: str, expected: str) -> None:
    assert outcome(judge_spacing(property_, computed, font_size)) == expected


def test_a_failing_spacing_says_by_how_much() -> None:
    verdict = judge_spacing("letter-spacing", "1.6px", "16px")
    assert verdict is not None and verdict.value_px == 1.6 and verdict.minimum_px == pytest.approx(1.92)
    assert verdict.message == "letter-spacing:too-small"


# --- line height: at least 1.5 times the font size, only for text that wraps ----------------------------------



@pytest.mark.parametrize(("computed", "font_size", "normal_px", "expected"), [
    ("32px", "16px", None, "pass"),        # 2em
    ("30px", "20px", None, "pass"),        # exactly 1.5
    ("25.6px", "16px", None, "pass"),      # 160% and 1.6 both compute to px
    ("24px", "16px", None, "pass"),
    ("16px", "16px", None, "violation"),   # 1em
    ("19.2px", "16px", None, "violation"),  # 120% or 1.2
    ("normal", "16px", 18.4, "violation"),  # the font's normal, measured
    ("normal", "16px", None, "needs-review"),  # normal that could not be measured
])
def test_line_height_of_wrapping_text(computed: str, font_size: str, normal_px: float | None, expected: str) -> None:
    assert outcome(judge_spacing("line-height", computed, font_size, normal_px, wrap="soft")) == expected


def test_line_height_of_text_that_does_not_wrap_does_not_apply() -> None:
    assert judge_spacing("line-height", "16px", "16px", wrap="none") is None
    assert judge_spacing("line-height", "normal", "16px", None, wrap="none") is None


def test_line_height_on_lines_that_may_only_be_forced_breaks_is_left_for_review() -> None:
    verdict = judge_spacing("line-height", "16px", "16px", wrap="unknown")
    assert verdict is not None
    assert (verdict.status, verdict.message) == ("needs-review", "line-height:too-small-if-wrapping")
    assert judge_spacing("line-height", "24px", "16px", wrap="unknown") is None  # passes anyway


# --- meta viewport: parsing the content attribute ------------------------------------------------------------

@pytest.mark.parametrize(("content", "pairs"), [
    ("width=device-width, initial-scale=1", {"width": "device-width", "initial-scale": "1"}),
    ("WIDTH=Device-Width; Maximum-Scale=1", {"width": "device-width", "maximum-scale": "1"}),
    ("width = device-width   user-scalable = no", {"width": "device-width", "user-scalable": "no"}),
    ("maximum-scale=1, maximum-scale=3", {"maximum-scale": "3"}),  # the last one wins
    ("user-scalable", {"user-scalable": ""}),
    ("maximum-scale=, width=500", {"maximum-scale": "", "width": "500"}),
    ("", {}),
    (" , ;", {}),
])
def test_viewport_content_is_parsed_as_browsers_parse_it(content: str, pairs: dict[str, str]) -> None:
    assert parse_viewport(content) == pairs


@pytest.mark.parametrize(("value", "numbers"), [
    ("yes", (1.0,)), ("no", (0.0,)), ("device-width", (10.0,)), ("device-height", (10.0,)),
    ("2.0", (2.0,)), ("-1", (-1.0,)), (".5", (0.5,)), ("1e1", (10.0,)), ("+3", (3.0,)),
    ("invalid", (0.0,)), ("2x", (2.0, 0.0)), ("1.0x", (1.0, 0.0)),
])
def test_viewport_values_read_as_numbers(value: str, numbers: tuple[float, ...]) -> None:
    assert viewport_numbers(value) == numbers


@pytest.mark.parametrize(("content", "expected"), [
    # user-scalable: zoom is fixed strictly between -1 and 1 (invalid words read as 0)
    ("user-scalable=yes", "ok"), ("user-scalable=5", "ok"), ("user-scalable=-1", "ok"),
    ("user-scalable=device-width", "ok"),
    ("user-scalable=no", "fail"), ("user-scalable=0", "fail"), ("user-scalable=0.5", "fail"),
    ("user-scalable=invalid", "fail"),
    # maximum-scale: negative is dropped; otherwise clamped to [0.1, 10], and under 2 fails
    ("maximum-scale=2.0", "ok"), ("maximum-scale=6", "ok"), ("maximum-scale=-1", "ok"),
    ("maximum-scale=device-width", "ok"), ("maximum-scale=20", "ok"),
    ("maximum-scale=1.0", "fail"), ("maximum-scale=1.5", "fail"), ("maximum-scale=yes", "fail"),
    ("maximum-scale=no", "fail"), ("maximum-scale=invalid", "fail"), ("maximum-scale=0", "fail"),
    # several pairs, and a minimum-scale over the maximum does not rescue it
    ("user-scalable=yes, initial-scale=0.8, maximum-scale=1.5", "fail"),
    ("width=device-width user-scalable=no", "fail"),
    ("minimum-scale=3, maximum-scale=1", "fail"),
    ("user-scalable=yes maximum-scale=3", "ok"),
    # what a browser may read either way
    ("maximum-scale=", "review"), ("user-scalable", "review"), ("maximum-scale=2x", "review"),
    ("user-scalable=5px", "review"),
    ("maximum-scale=1.0x", "fail"),  # fails however it is read
    ("maximum-scale=, user-scalable=no", "fail"),  # one sure failure decides
])
def test_viewport_zoom_verdicts(content: str, expected: str) -> None:
    verdict = judge_viewport(content)
    assert verdict is not None and verdict.outcome == expected, verdict


@pytest.mark.parametrize("content", [None, "", "width=device-width", "initial-scale=1, minimum-scale=0.5"])
def test_viewport_without_a_zoom_key_is_not_judged(content: str | None) -> None:
    assert judge_viewport(content) is None


def test_failing_viewport_names_the_key_and_value() -> None:
    verdict = judge_viewport("width=device-width, maximum-scale=1.5")
    assert verdict is not None and verdict.reasons == ("maximum-scale=1.5 limits zoom to under 2x",)


def test_both_checks_are_registered_with_their_act_rules() -> None:
    checks = {check.id: check for check in BUILTIN_CHECKS}
    assert checks["inline-spacing"].act == ("24afc2", "9e45ec", "78fd32")
    assert checks["inline-spacing"].replaces == ("avoid-inline-spacing",)
    assert checks["meta-viewport-zoom"].act == ("b4f0c3",)
    assert checks["meta-viewport-zoom"].replaces == ("meta-viewport",)

"""The decisions of the zoom-clip check (WCAG 1.4.4, ACT rule 59br37), without a browser: what zoom_clip.js
measures at 640x512 CSS px, judged under the rule's exceptions. The facts below are shaped like the script's
output for the situations the rule's examples teach (fixed heights, nowrap boxes, one-line boxes, sr-only text)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from uiagent.audit.checks import BUILTIN_CHECKS
from uiagent.audit.checks.base import CheckInput
from uiagent.audit.checks.zoom_clip import ZOOM_CLIP, describe, judge_text, zoom_clip_findings


def clip(**overrides: Any) -> dict[str, Any]:
    """A box with overflow hidden cutting text below: 16 px text, 18 px normal line height, a 24 px tall box."""
    return {"axis": "y", "clipper": "#box", "overflow": "hidden", "root": False, "cut": [0, 29], "first_line_cut": 0,
            "white_space": "normal", "text_overflow": "clip", "line_height": 18, "box_height": 24,
            "line_clamp": False, "scrolled": False, "moving": False, "editor": False, **overrides}


def text(*clips: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {"selector": "#box", "text": "Some words that wrap", "box": {"x": 8, "y": 8, "width": 300, "height": 53},
            "font_size": 16, "line_height": 18, "glyph_height": 17, "visible": [300, 24], "clips": list(clips),
            **overrides}


def outcome(facts: dict[str, Any]) -> str:
    verdicts = judge_text(facts)
    return verdicts[0].status if verdicts else "pass"


@pytest.mark.parametrize(("facts", "expected"), [
    # A fixed height shorter than the wrapped text: the lines below are cut off.
    (text(clip()), "violation"),
    # Sideways, a nowrap box that marks the cut with an ellipsis (or any string) is allowed...
    (text(clip(axis="x", cut=[0, 580], white_space="nowrap", text_overflow="ellipsis")), "pass"),
    (text(clip(axis="x", cut=[0, 580], white_space="nowrap", text_overflow='"…"')), "pass"),
    # ...but not with text-overflow: clip, nor a box that wraps, nor preformatted text.
    (text(clip(axis="x", cut=[0, 1154], white_space="nowrap", text_overflow="clip")), "violation"),
    (text(clip(axis="x", cut=[0, 40], white_space="normal", text_overflow="ellipsis")), "violation"),
    (text(clip(axis="x", cut=[0, 40], white_space="pre", text_overflow="ellipsis")), "violation"),
    # The ellipsis exception is sideways only: a nowrap ellipsis box 10 px tall still cuts its line in half.
    (text(clip(cut=[0, 7], first_line_cut=7, white_space="nowrap", text_overflow="ellipsis", box_height=10)),
     "violation"),
    # Below, a box no taller than its line height keeps its text to one line: allowed, when the line shows whole
    # (glyphs 17 px tall in a 16 px line overhang it by half a pixel on each side).
    (text(clip(cut=[1, 32], first_line_cut=1, line_height=16, box_height=16), line_height=16), "pass"),
    (text(clip(cut=[0, 32], line_height=24, box_height=20)), "pass"),
    # The letter of that exception holds for a 10 px box and an 18 px line, but the line itself is cut: fails.
    (text(clip(cut=[0, 7], first_line_cut=7, line_height=18, box_height=10)), "violation"),
    # overflow: clip measures the content box, as the script reports it.
    (text(clip(overflow="clip", cut=[0, 20], line_height=18, box_height=18)), "pass"),
    # Glyph overhang and rounding are not text cut off.
    (text(clip(cut=[0, 1])), "pass"),
    (text(clip(cut=[0, 2.5]), line_height=14, glyph_height=19), "pass"),  # overhang (19 - 14) / 2 = 2.5
    (text(clip(cut=[0, 4]), line_height=14, glyph_height=19), "violation"),
    (text(clip(axis="x", cut=[0.8, 0])), "pass"),
    # Less than 2 px of the text shows (a 1x1 px sr-only box, or a collapsed panel): not visible, so not applicable.
    (text(clip(cut=[0, 106], box_height=1), clip(axis="x", cut=[0, 82]), visible=[1, 1]), "pass"),
    (text(clip(cut=[0, 40]), visible=[300, 0]), "pass"),
    # What may be on purpose is left to a person: clamped lines, moving text, the page's own overflow.
    (text(clip(line_clamp=True)), "needs-review"),
    (text(clip(axis="x", cut=[40, 0], moving=True)), "needs-review"),
    (text(clip(axis="x", cut=[300, 0], scrolled=True)), "needs-review"),
    (text(clip(clipper="body", root=True)), "needs-review"),
    # A code editor cuts its lines with overflow: hidden and scrolls them to the caret itself.
    (text(clip(axis="x", cut=[0, 207], white_space="pre", editor=True)), "needs-review"),
    # A normal line height that could not be measured: the one-line exception cannot be applied.
    (text(clip(line_height=None, box_height=10, cut=[0, 8]), line_height=None), "needs-review"),
])
def test_text_cut_off_at_200_percent_zoom(facts: dict[str, Any], expected: str) -> None:
    assert outcome(facts) == expected


def test_each_axis_is_judged_on_its_own() -> None:
    # Cut sideways with an ellipsis (allowed) and below by a short box (not allowed): the cut below fails.
    facts = text(clip(axis="x", cut=[0, 200], white_space="nowrap", text_overflow="ellipsis"),
                 clip(cut=[0, 7], first_line_cut=7, box_height=10))
    [verdict] = judge_text(facts)
    assert (verdict.status, verdict.axis, describe(verdict)) == ("violation", "y", "7 px hidden below")


class Context:
    """What zoom_clip_findings needs of a CheckInput: the page's URL and `finding`."""

    capture = SimpleNamespace(url="http://127.0.0.1/page.html")
    finding = CheckInput.finding


def test_findings_name_the_text_and_the_box_that_cuts_it() -> None:
    facts = {"viewport": [640, 512], "texts": [
        text(clip(clipper="#card"), selector="#card p"),
        text(clip(clipper="#card", cut=[0, 40]), selector="#card p", text="More words"),  # same element: one finding
        text(clip(axis="x", cut=[0, 300], white_space="nowrap", text_overflow="ellipsis"), selector="#title"),
    ]}
    [finding] = zoom_clip_findings(Context(), facts, unzoomed={"#card"})  # type: ignore[arg-type]
    assert (finding.rule, finding.selector, finding.status, finding.wcag) == ("zoom-clip", "#card p", "violation",
                                                                             ["1.4.4"])
    assert "#card hides its overflow and cuts this text off (29 px hidden below)" in finding.message
    assert finding.evidence["clipped_by"] == "#card" and finding.evidence["viewport"] == "640x512"
    assert finding.evidence["also_clipped_unzoomed"] is True  # reported all the same: zoom does not fix it


def test_a_violation_leads_over_a_review_on_the_same_element() -> None:
    facts = {"viewport": [640, 512], "texts": [text(clip(clipper="#strip", axis="x", cut=[0, 50], moving=True)),
                                               text(clip(clipper="#card"))]}
    [finding] = zoom_clip_findings(Context(), facts, unzoomed=set())  # type: ignore[arg-type]
    assert finding.status == "violation" and finding.evidence["clipped_by_all"] == ["#card", "#strip"]


def test_the_pages_own_overflow_is_one_finding_for_a_person() -> None:
    facts = {"viewport": [640, 512], "texts": [text(clip(clipper="body", root=True), selector=f"#p{i}")
                                               for i in range(30)]}
    [finding] = zoom_clip_findings(Context(), facts, unzoomed=set())  # type: ignore[arg-type]
    assert (finding.selector, finding.status) == ("body", "needs-review")
    assert "30 text(s)" in finding.message and "scroll lock" in finding.message


def test_a_viewport_that_is_not_640_by_512_is_not_judged() -> None:
    facts = {"viewport": [980, 784], "texts": [text(clip())]}
    [finding] = zoom_clip_findings(Context(), facts, unzoomed=set())  # type: ignore[arg-type]
    assert finding.status == "needs-review" and "Could not emulate 200% zoom" in finding.message


def test_the_check_is_registered_for_rule_59br37_after_the_capture_checks() -> None:
    assert ZOOM_CLIP.act == ("59br37",) and ZOOM_CLIP.wcag == ("1.4.4",) and ZOOM_CLIP.kind == "interactive"
    kinds = [check.kind for check in BUILTIN_CHECKS]
    assert ZOOM_CLIP in BUILTIN_CHECKS and kinds.index("interactive") > max(
        i for i, kind in enumerate(kinds) if kind != "interactive")
    # Only zoom-clip claims the rule: scaling font sizes is not zoom.
    assert [check.id for check in BUILTIN_CHECKS if "59br37" in check.act] == ["zoom-clip"]
    assert "text-resize" not in {check.id for check in BUILTIN_CHECKS}

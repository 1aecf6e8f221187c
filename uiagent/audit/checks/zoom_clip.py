"""Text cut off by CSS overflow at 200% zoom (WCAG 1.4.4 Resize Text; W3C ACT rule 59br37).

200% zoom of a 1280x1024 window lays the page out in a 640x512 CSS px viewport: media queries, vw/vh units and
resize handlers see that size, while px font sizes and heights keep theirs. So this check sets the viewport to
640x512 and restores it, zoom_clip.js measures which boxes that hide their overflow (hidden or clip) cut off
visible text, and the functions below decide under the rule's exceptions: a `nowrap` box that marks the cut with
an ellipsis may cut text sideways, and a box no taller than its line height (text kept to one line) may cut it
below. Doubling font sizes instead (what the retired text-resize check did) is not zoom: boxes sized in px stay
put while their text grows, which reports text that zoom leaves readable and misses what media queries and vh do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.resize import clipped_at_normal_size
from uiagent.audit.findings import Finding
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script
from uiagent.capture.stabilize import as_answered

ZOOM_CLIP_JS = page_script("zoom_clip.js")

ZOOM_WIDTH, ZOOM_HEIGHT = 640, 512  # 1280x1024 at 200%, as the rule defines zoom
MIN_VISIBLE_PX = 2.0  # less of the text than this in either dimension is not visible: an sr-only box, say
MIN_CUT_PX = 1.0  # rounding in layout
# A single line may lose this much of its glyph box at the top or bottom and still count as "kept to one line"
# (the line box is shorter than the glyphs); more, and the box cuts into the line itself.
FIRST_LINE_CUT_PX, FIRST_LINE_CUT_SHARE = 2.0, 0.15


@dataclass(frozen=True)
class Verdict:
    """One box cutting off one text node on one axis."""

    status: Literal["violation", "needs-review"]
    clipper: str
    axis: Literal["x", "y"]
    cut: tuple[float, float]  # px hidden before (left or above) and after (right or below)
    reason: str = ""  # why a person must look (needs-review only)
    root: bool = False  # the cut is the page's own overflow (html or body)


def judge_text(text: dict[str, Any]) -> list[Verdict]:
    """What the boxes listed in a text's `clips` (zoom_clip.js) do to it under rule 59br37. Text of which less than
    2 px shows in either dimension is not visible, so the rule does not apply to it."""
    if min(text["visible"]) < MIN_VISIBLE_PX:
        return []
    verdicts = (judge_clip(text, clip) for clip in text["clips"])
    return [verdict for verdict in verdicts if verdict is not None]


def judge_clip(text: dict[str, Any], clip: dict[str, Any]) -> Verdict | None:
    """None when the box does not cut the text off, or the rule's exception for that axis covers it."""
    cut = (float(clip["cut"][0]), float(clip["cut"][1]))
    if clip["axis"] == "x":
        if max(cut) <= MIN_CUT_PX:
            return None
        if clip["white_space"] == "nowrap" and clip["text_overflow"] != "clip":  # an ellipsis marks the cut
            return None
    else:
        if max(cut) <= _vertical_tolerance(text):
            return None
        line_height = clip["line_height"]
        if line_height is None:
            return Verdict("needs-review", clip["clipper"], "y", cut, root=clip["root"],
                           reason=f"could not measure the normal line height of {clip['clipper']}, so could not "
                                  "tell whether it keeps its text to one line (which the rule allows)")
        if _single_line(text, clip, line_height):
            return None
    reason = _review_reason(clip)
    return Verdict("needs-review" if reason else "violation", clip["clipper"], clip["axis"], cut, reason=reason,
                   root=clip["root"])


def _vertical_tolerance(text: dict[str, Any]) -> float:
    """Glyphs taller than their line box overhang it by half the difference on each side; a box as tall as its
    lines may cut that overhang without hiding text."""
    line_height = text["line_height"]
    if line_height is None:
        return MIN_CUT_PX
    return max(MIN_CUT_PX, (float(text["glyph_height"]) - float(line_height)) / 2 + MIN_CUT_PX)


def _single_line(text: dict[str, Any], clip: dict[str, Any], line_height: float) -> bool:
    """The rule's vertical exception: the box is no taller than its line height (its border box, or its content box
    for `overflow: clip`). Only when it shows the first line whole: a 10 px box with an 18 px line height meets the
    exception's letter while cutting the line itself in half."""
    if line_height < float(clip["box_height"]) - 0.01:
        return False
    allowed = max(FIRST_LINE_CUT_PX, FIRST_LINE_CUT_SHARE * float(text["glyph_height"]))
    return float(clip["first_line_cut"]) <= allowed


def _review_reason(clip: dict[str, Any]) -> str:
    """Why a cut that fails the rule's letter may be on purpose and is left to a person; empty when it is not."""
    box = clip["clipper"]
    if clip["root"]:
        return (f"the page itself hides its overflow ({box}), often a scroll lock left by a dialog or a cookie "
                "banner; check that all text can be reached at 200% zoom")
    if clip["line_clamp"]:
        return (f"{box} clamps its text to a number of lines (-webkit-line-clamp): check that the full text is "
                "available, for example on the page the box links to")
    if clip["editor"]:
        return (f"{box} is part of an editor (a text field is in it or beside it): check that its cut text can be "
                "brought into view, for example by moving the caret")
    if clip["moving"] or clip["scrolled"]:
        return (f"the text moves inside {box} (a transform, an animation or a scrolled box, as in a carousel or "
                "a ticker): check that the cut text can be brought into view")
    return ""


def describe(verdict: Verdict) -> str:
    """Where the text is cut, in words: '12 px hidden below'."""
    before, after = ("on the left", "on the right") if verdict.axis == "x" else ("above", "below")
    sides = [f"{px:g} px hidden {side}" for px, side in ((verdict.cut[0], before), (verdict.cut[1], after)) if px > 0]
    return " and ".join(sides)


def check_zoom_clip(context: CheckInput) -> list[Finding]:
    page = context.page
    unzoomed = clipped_at_normal_size(context)
    context.relayout.resize({"width": ZOOM_WIDTH, "height": ZOOM_HEIGHT})
    return as_answered(page, lambda: zoom_clip_findings(
        context, json.loads(page.evaluate(ZOOM_CLIP_JS, None)), unzoomed))


def zoom_clip_findings(context: CheckInput, facts: dict[str, Any], unzoomed: set[str]) -> list[Finding]:
    """A finding per element whose text is cut off (its worst verdict leads), and one for the page when its own
    overflow cuts text. `unzoomed`: boxes that already cut text at the audit's viewport."""
    width, height = facts["viewport"]
    zoomed = f"{ZOOM_WIDTH}x{ZOOM_HEIGHT}"
    if (width, height) != (ZOOM_WIDTH, ZOOM_HEIGHT):
        return [context.finding(ZOOM_CLIP, "not-zoomed", selector="html", box=None, status="needs-review",
                                viewport=f"{width}x{height}", zoom_viewport=zoomed)]
    findings = []
    by_element: dict[str, list[tuple[dict[str, Any], Verdict]]] = {}
    # The page's own overflow (a scroll lock) can cut every text below the fold: one finding for the page.
    page_cuts: dict[str, list[tuple[dict[str, Any], Verdict]]] = {}
    for text in facts["texts"]:
        for verdict in judge_text(text):
            cuts = page_cuts.setdefault(verdict.clipper, []) if verdict.root else \
                by_element.setdefault(text["selector"], [])
            cuts.append((text, verdict))
    for selector, judged in by_element.items():
        text, lead = min(judged, key=lambda pair: pair[1].status != "violation")
        findings.append(context.finding(
            ZOOM_CLIP, "cut-maybe" if lead.reason else "cut", selector=selector, box=Box.model_validate(text["box"]),
            status=lead.status, clipped_by=lead.clipper, axis=lead.axis, cut_px=list(lead.cut), hidden=describe(lead),
            **({"reason": lead.reason} if lead.reason else {}), viewport=zoomed, text=text["text"],
            also_clipped_unzoomed=lead.clipper in unzoomed,
            clipped_by_all=sorted({verdict.clipper for _, verdict in judged})))
    for clipper, cut in page_cuts.items():
        findings.append(context.finding(
            ZOOM_CLIP, "page-cut", selector=clipper, box=None, status="needs-review", viewport=zoomed,
            count=len(cut), reason=cut[0][1].reason, texts=[text["text"] for text, _ in cut[:5]]))
    return findings


ZOOM_CLIP = Check("zoom-clip", ("1.4.4",), "No text cut off by boxes that hide their overflow at 200% zoom (a "
                  "640x512 CSS px viewport).", check_zoom_clip, kind="interactive", relayout=True, act=("59br37",), messages={
    "cut": "At 200% zoom ({viewport} CSS px) {clipped_by} hides its overflow and cuts this text off ({hidden})",
    "cut-maybe": "At 200% zoom ({viewport} CSS px) {clipped_by} hides its overflow and cuts this text off "
                 "({hidden}); {reason}",
    "page-cut": "At 200% zoom ({viewport} CSS px) {count} text(s) are cut off: {reason}",
    "not-zoomed": "Could not emulate 200% zoom: the viewport became {viewport} CSS px, not {zoom_viewport} (a mobile "
                  "viewport?); check text at 200% zoom by hand"})

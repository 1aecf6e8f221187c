"""Text contrast measured on the rendered pixels: WCAG 1.4.3 (ACT afw4f7) and, at level AAA, 1.4.6 (ACT 09o5cg).

The rules ask for the *highest possible* contrast between a character's foreground colours and the background
colours in its box (plus a pixel): text fails only where even its best pair of colours is too faint. So text
over a gradient or a photo fails only where every pixel around a glyph is too close to it, and a text shadow
that sets the text off counts for it.

Two ways to measure a run of text (an element's own text):
- plain text (an opaque colour, no shadow or other effect, on a plain background colour): every pixel of its
  lines lies between that background and the text colour. When the pixels show exactly that, the contrast of
  the two colours decides, so thin glyphs and anti-aliased punctuation are judged by their colour, not by their
  blurred edges;
- anything else: a second shot of the same area with all text transparent tells which pixels are text (those
  that changed) and what lies behind them, and each glyph is measured in its own box, with its painted pixels
  and, where the colour is known, its colour composited over what lies behind it (the better of the two).

A run is a violation when every glyph measured fails; when only some fail (the background varies under the
text) it needs review. Text the page marks as inactive (a disabled control or what labels it) and text without
human language (no letters or digits; an icon glyph of a control named otherwise) are WCAG's exceptions,
decided in the page (dom_facts.js) and not measured.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from playwright.sync_api import Error as PlaywrightError

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.colour import (
    contrast_ratio,
    hex_colour,
    parse_css_colour,
    pixel_luminance,
    relative_luminance,
)
from uiagent.audit.findings import Finding
from uiagent.capture.capture import shoot_document_area
from uiagent.capture.models import Box, TextRun
from uiagent.capture.scripts import ADOPTED_SHEET_JS, page_script
from uiagent.capture.tiles import Pixels

# As one JSON string: the boxes of thousands of characters, walked value by value by Playwright, took seconds.
CHARACTER_BOXES_JS = page_script("character_boxes.js", as_json=True)

PLAIN_TOLERANCE = 24.0  # RGB distance from the background-to-text segment still read as anti-aliasing
PLAIN_SHARE = 0.98  # share of a line's pixels that must lie on that segment for the line to be plain
INK_DIFFERENCE = 6  # per-channel change between the two shots that marks a text pixel
MIN_GLYPH_PIXELS = 4  # fewer: a dot or a comma's tail, not a character to judge on its own
MAX_GLYPHS = 400  # per run: beyond this, evenly spaced glyphs stand for the rest
MAX_CHARACTERS = 20_000  # per page, whose boxes are fetched; past it, runs of inked columns stand in
BARELY_VISIBLE = 1.1  # text this faint may be hidden on purpose: a person decides
TRANSPARENT_TEXT_CSS = ("*, *::before, *::after { color: transparent !important; -webkit-text-fill-color: transparent "
                        "!important; -webkit-text-stroke-color: transparent !important; transition: none !important; "
                        "caret-color: transparent !important; }")


def is_large_text(font_size_px: float, font_weight: int) -> bool:
    """WCAG large-scale text: at least 18 pt (24 px), or 14 pt (18.67 px) bold."""
    return font_size_px >= 24 or (font_size_px >= 56 / 3 - 0.01 and font_weight >= 700)


def highest_contrast(foreground: np.ndarray, background: np.ndarray) -> float:
    """The highest contrast between any foreground and any background colour (arrays of RGB): reached by the
    luminance extremes of the two sets."""
    return _highest_ratio(relative_luminance(foreground.reshape(-1, 3)), relative_luminance(background.reshape(-1, 3)))


def _highest_ratio(fg: np.ndarray, bg: np.ndarray) -> float:
    """highest_contrast of colours given by their luminances."""
    return float(max((fg.max() + 0.05) / (bg.min() + 0.05), (bg.max() + 0.05) / (fg.min() + 0.05), 1.0))


@dataclass
class RunContrast:
    """The highest possible contrast of each glyph of a run (or one value for a plain run), or why the run was
    not measured."""

    run: TextRun
    glyph_ratios: list[float] = field(default_factory=list)
    method: str = ""
    foreground: np.ndarray | None = None
    background: np.ndarray | None = None
    skipped: str = ""  # not measured: exempt, not visible in the capture
    by_glyph: bool = False  # one ratio per glyph, not one for the run

    @property
    def large(self) -> bool:
        return is_large_text(self.run.font_size_px, self.run.font_weight)


def measure_plain(pixels: Pixels, run: TextRun) -> RunContrast | None:
    """A plain run measured by its colours once its pixels confirm them; None when it is not plain."""
    text, background = parse_css_colour(run.color), parse_css_colour(run.background_color)
    if (text is None or background is None or text[1] < 1 or background[1] < 1 or run.opacity < 0.999 or run.effects
            or run.background_image):
        return None
    colour, behind = text[0], background[0]
    segment = colour - behind
    length = float(segment @ segment)
    reached = False
    for line in run.lines or [run.box]:
        region = _region(pixels, line, margin=0)
        if region is None:
            continue
        away = region.reshape(-1, 3).astype(np.float64) - behind
        along = np.clip((away @ segment) / length, 0, 1) if length else np.zeros(len(away))
        off = away - along[:, None] * segment  # from the segment between the two colours
        # Distances compared squared: a page of 7,000 runs spent a fifth of a second in square roots.
        if np.mean(_squared(off) <= PLAIN_TOLERANCE ** 2) < PLAIN_SHARE:
            return None  # something else is painted here: a shadow, an image, another element
        reached |= bool((_squared(away) >= 8 ** 2).any())
    if not reached:
        return RunContrast(run, skipped="not visible: its pixels do not differ from the background")
    ratio = float(contrast_ratio(colour, behind))
    return RunContrast(run, [ratio], "text colour on background colour, confirmed on the pixels", colour, behind)


def measure_painted(first: np.ndarray, second: np.ndarray, origin: tuple[int, int], run: TextRun,
                    characters: list[Box]) -> RunContrast:
    """A run measured character by character from two shots (8-bit RGB) of the area at `origin` (document px): as
    painted, and with all text transparent. Each character is read in the box of its own painted pixels grown by one
    pixel, as the ACT rule defines it; without `characters` (their layout boxes), runs of inked columns stand in for
    them. Luminance is looked up once for each line's area, not for each character's pixels (a page's thousands of
    characters spent seconds there)."""
    text = parse_css_colour(run.color)
    css = text is not None and not set(run.effects) & {"text-fill-color", "background-clip-text", "text-stroke",
                                                       "filter-or-blend"}
    alpha = text[1] * run.opacity if css and text is not None else 0.0
    # Opaque text composited over anything is its own colour: one luminance for every glyph.
    own = relative_luminance(text[0][None]) if css and text is not None and alpha >= 1 else None
    ratios: list[float] = []
    worst: tuple[float, np.ndarray, np.ndarray] | None = None
    for (rx0, ry0, rx1, ry1), boxes in _lines(characters or run.lines or [run.box], first.shape, origin):
        painted, behind = first[ry0:ry1, rx0:rx1], second[ry0:ry1, rx0:rx1]
        painted_l, behind_l = pixel_luminance(painted), pixel_luminance(behind)
        changed = np.abs(painted.astype(np.int16) - behind.astype(np.int16)).max(axis=2) >= INK_DIFFERENCE
        for area, (x0, y0, x1, y1) in boxes:
            x0, y0, x1, y1 = x0 - rx0, y0 - ry0, x1 - rx0, y1 - ry0
            any_ink = changed[y0:y1, x0:x1]
            # This character's pixels, not its neighbours': theirs are text too, never the background around it.
            ink = (any_ink & _inside(area, (x0 + rx0, y0 + ry0, x1 + rx0, y1 + ry0), origin, any_ink.shape)
                   if characters else any_ink)
            for gx0, gy0, gx1, gy1 in (_glyph_boxes(ink, whole=True) if characters else _glyph_boxes(ink)):
                glyph = (slice(y0 + gy0, y0 + gy1), slice(x0 + gx0, x0 + gx1))
                glyph_ink, clear = ink[gy0:gy1, gx0:gx1], ~any_ink[gy0:gy1, gx0:gx1]
                around = bool(clear.any())  # (else what lies behind the glyph is its background)
                bg = painted_l[glyph][clear] if around else behind_l[glyph].ravel()
                ratio = _highest_ratio(painted_l[glyph][glyph_ink], bg)
                if own is not None:
                    ratio = max(ratio, _highest_ratio(own, bg))
                elif css and text is not None:  # the colour composited over what lies behind each text pixel
                    composed = alpha * text[0] + (1 - alpha) * behind[glyph][glyph_ink].astype(np.float64)
                    ratio = max(ratio, _highest_ratio(relative_luminance(composed), bg))
                ratios.append(ratio)
                if worst is None or ratio < worst[0]:
                    worst = (ratio, painted[glyph][glyph_ink],
                             painted[glyph][clear] if around else behind[glyph].reshape(-1, 3))
    if not ratios:
        return RunContrast(run, skipped="not visible in the capture: no pixel of it changes with its colour")
    if len(ratios) > MAX_GLYPHS:
        ratios = ratios[:: len(ratios) // MAX_GLYPHS + 1]
    assert worst is not None
    fg_colours, bg_colours = worst[1].astype(np.float64), worst[2].astype(np.float64)
    fg_l, bg_l = relative_luminance(fg_colours), relative_luminance(bg_colours)
    return RunContrast(run, ratios, "each glyph's pixels against the background around it (two shots)",
                       fg_colours[np.argmin(np.abs(fg_l - fg_l.mean()))], bg_colours[np.argmax(np.abs(bg_l - fg_l.mean()))],
                       by_glyph=True)


Clipped = tuple[int, int, int, int]


def _lines(areas: Sequence[Box], shape: tuple[int, ...], origin: tuple[int, int]
           ) -> list[tuple[Clipped, list[tuple[Box, Clipped]]]]:
    """`areas` (document px) clipped to an image of `shape` at `origin` with a margin of 2 px, in groups that follow
    one another on the same rows (a line of characters), each with the box around the group."""
    groups: list[tuple[list[int], list[tuple[Box, Clipped]]]] = []
    for area in areas:
        box = _clip(area, shape, origin, margin=2)
        if box is None:
            continue
        if groups and box[1] < groups[-1][0][3] and groups[-1][0][1] < box[3]:  # (rows shared with the line)
            bounds, members = groups[-1]
            bounds[:] = [min(bounds[0], box[0]), min(bounds[1], box[1]), max(bounds[2], box[2]), max(bounds[3], box[3])]
            members.append((area, box))
        else:
            groups.append((list(box), [(area, box)]))
    return [((bounds[0], bounds[1], bounds[2], bounds[3]), members) for bounds, members in groups]


def _squared(vectors: np.ndarray) -> np.ndarray:
    """Each row's squared length."""
    return np.einsum("ij,ij->i", vectors, vectors)


def measure_text(context: CheckInput) -> list[RunContrast]:
    """Every visible run's glyph contrasts, measured once per page and shared by the 1.4.3 and 1.4.6 checks."""
    cached = context.measurements.get("text_contrast_runs")
    if cached is not None:
        return cached
    measured: list[RunContrast] = []
    painted: list[TextRun] = []
    for run in context.capture.dom.text_runs:
        if run.exempt:
            measured.append(RunContrast(run, skipped=run.exempt))
            continue
        if run.scrolled_away:  # (what the capture shows at its box is something else's)
            measured.append(RunContrast(run, skipped="not shown: scrolled out of the box that scrolls or hides it"))
            continue
        plain = measure_plain(context.pixels, run)
        if plain is None:
            painted.append(run)
        else:
            measured.append(plain)
    for band in _bands(painted, context.settings.tile_height - 7):  # (the shot adds 7 rows of margin)
        measured.extend(_measure_with_text_hidden(context, band))
    context.measurements["text_contrast_runs"] = measured
    return measured


def _bands(runs: list[TextRun], height: int) -> list[list[TextRun]]:
    """`runs` in groups whose lines span at most `height` rows, each in the order given: one second shot each, as
    the capture of a tall page is shot in tiles. One shot of all the text of a 110,664 px page is 425 MB decoded,
    and as much again for the same area cut from the capture to compare it with."""
    bands: list[list[int]] = []
    top = 0.0
    for index in sorted(range(len(runs)), key=lambda i: _span(runs[i])[0]):
        start, end = _span(runs[index])
        if bands and end - top <= height:
            bands[-1].append(index)
        else:
            bands.append([index])
            top = start
    return [[runs[index] for index in sorted(band)] for band in bands]


def _span(run: TextRun) -> tuple[float, float]:
    lines = run.lines or [run.box]
    return min(line.y for line in lines), max(line.bottom for line in lines)


def _measure_with_text_hidden(context: CheckInput, runs: list[TextRun]) -> list[RunContrast]:
    """One more shot, of the area these runs cover, with every text transparent; then each run glyph by glyph."""
    pixels = context.pixels
    height, width = pixels.shape[:2]
    lines = [line for run in runs for line in (run.lines or [run.box])]
    x0, y0 = max(0, int(min(b.x for b in lines)) - 3), max(0, int(min(b.y for b in lines)) - 3)
    x1, y1 = min(width, int(max(b.right for b in lines)) + 4), min(height, int(max(b.bottom for b in lines)) + 4)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return [RunContrast(run, skipped="not visible in the capture") for run in runs]
    page = context.page
    try:
        characters = json.loads(page.evaluate(CHARACTER_BOXES_JS, {"selectors": [run.selector for run in runs],
                                                                   "max": MAX_CHARACTERS}))
        page.evaluate(ADOPTED_SHEET_JS, {"key": "text-hidden", "css": TRANSPARENT_TEXT_CSS})
        try:
            hidden = shoot_document_area(page, (x0, y0, x1, y1))
        finally:
            page.evaluate(ADOPTED_SHEET_JS, {"key": "text-hidden", "css": None})
    except PlaywrightError as error:  # the page went away, or will not take a constructed style sheet
        reason = f"could not measure: the text could not be hidden for a second shot ({error.message.splitlines()[0]})"
        return [RunContrast(run, skipped=reason) for run in runs]
    first = pixels[y0:y1, x0:x1]
    if hidden.shape != first.shape:
        return [RunContrast(run, skipped="could not measure: the page changed size between shots") for run in runs]
    return [measure_painted(first, hidden, (x0, y0), run,
                            [Box(x=x, y=y, width=w, height=h) for x, y, w, h in characters.get(run.selector, [])])
            for run in runs]


def _region(pixels: Pixels, box: Box, margin: int) -> np.ndarray | None:
    clipped = _clip(box, pixels.shape, (0, 0), margin)
    if clipped is None:
        return None
    x0, y0, x1, y1 = clipped
    return pixels[y0:y1, x0:x1]


def _clip(box: Box, shape: tuple[int, ...], origin: tuple[int, int], margin: int) -> tuple[int, int, int, int] | None:
    """The box (document px) grown by `margin`, in the coordinates of an image of `shape` lying at `origin`."""
    height, width = shape[:2]
    x0, y0 = max(0, int(np.floor(box.x)) - margin - origin[0]), max(0, int(np.floor(box.y)) - margin - origin[1])
    x1 = min(width, int(np.ceil(box.right)) + margin - origin[0])
    y1 = min(height, int(np.ceil(box.bottom)) + margin - origin[1])
    return (x0, y0, x1, y1) if x1 - x0 >= 2 and y1 - y0 >= 2 else None


def _inside(area: Box, box: tuple[int, int, int, int], origin: tuple[int, int], shape: tuple[int, ...]) -> np.ndarray:
    """A mask of `shape` (the pixels of `box`) that is true inside the layout box `area` (document px)."""
    mask = np.zeros(shape[:2], dtype=bool)
    left, top = int(np.floor(area.x)) - origin[0] - box[0], int(np.floor(area.y)) - origin[1] - box[1]
    mask[max(0, top):max(0, top + int(np.ceil(area.height)) + 1), max(0, left):max(0, left + int(np.ceil(area.width)) + 1)] = True
    return mask


def _glyph_boxes(ink: np.ndarray, whole: bool = False) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) around each run of columns holding ink (or, `whole`, around all of it), grown by a
    pixel: a glyph, or glyphs that touch. Runs of fewer than MIN_GLYPH_PIXELS ink pixels are left out unless
    nothing else is there."""
    if whole:
        if ink.sum() < MIN_GLYPH_PIXELS:
            return []
        rows, columns_ = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        return [(max(0, int(columns_[0]) - 1), max(0, int(rows[0]) - 1), min(ink.shape[1], int(columns_[-1]) + 2),
                 min(ink.shape[0], int(rows[-1]) + 2))]
    columns = ink.any(axis=0)
    edges = np.flatnonzero(np.diff(np.concatenate([[False], columns, [False]]).astype(np.int8)))
    boxes: list[tuple[int, int, int, int]] = []
    small: list[tuple[int, int, int, int]] = []
    height, width = ink.shape
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        rows = np.flatnonzero(ink[:, start:stop].any(axis=1))
        box = (max(0, start - 1), max(0, int(rows[0]) - 1), min(width, stop + 1), min(height, int(rows[-1]) + 2))
        (boxes if ink[:, start:stop].sum() >= MIN_GLYPH_PIXELS else small).append(box)
    return boxes or small


def painted_text_colour(pixels: Pixels, boxes: Sequence[Box], css_colour: str) -> np.ndarray | None:
    """The colour text in `boxes` (its line fragments) is painted in: its CSS colour when its pixels reach it (a
    translucent one, such as Material's rgba(0, 0, 0, 0.87), blended over the background around it), else the pixels
    farthest from that background, which thin strokes never quite fill (lighter than the colour); None when nothing
    is painted."""
    regions = [region for box in boxes if (region := _region(pixels, box, margin=0)) is not None]
    if not regions:
        return None
    flat = np.concatenate([region.reshape(-1, 3) for region in regions]).astype(np.float64)
    background = np.median(flat, axis=0)
    distance = np.linalg.norm(flat - background, axis=1)
    if distance.max() < 8:
        return None
    parsed = parse_css_colour(css_colour)
    if parsed is not None and parsed[1] > 0:
        colour = parsed[0] * parsed[1] + background * (1 - parsed[1])
        # Reached, and not gone past: anti-aliased edges run through every shade between the text and the
        # background, so a colour between them is always reached; pixels farther out say it is painted otherwise.
        if (np.linalg.norm(flat - colour, axis=1).min() <= 48
                and distance.max() <= np.linalg.norm(colour - background) + 24):
            return colour
    return np.median(flat[distance >= np.percentile(distance, 90)], axis=0)


def contrast_findings(context: CheckInput, check: Check) -> list[Finding]:
    """Findings of one criterion, held to the check's `normal` and `large` (text) ratios."""
    options = context.options(check)
    findings = []
    outcomes: dict[str, dict] = context.measurements.setdefault(check.id, {})
    for measured in measure_text(context):
        run = measured.run
        required = options["large"] if measured.large else options["normal"]
        if measured.skipped:
            outcomes[run.selector] = {"status": "not-applicable", "reason": measured.skipped}
            continue
        ratios = np.asarray(measured.glyph_ratios)
        worst, best = float(ratios.min()), float(ratios.max())
        failing = int((ratios < required).sum())
        status = "pass" if not failing else "violation" if failing == len(ratios) else "needs-review"
        reason = ""
        if status == "needs-review":
            reason = (f"{failing} of {len(ratios)} characters are below {required:g}:1 where the background varies "
                      f"under the text (from {_floor(worst)}:1 to {_floor(best)}:1): a person decides")
        elif status == "violation" and run.aria_hidden:
            status, reason = "needs-review", "the text is hidden from assistive technology: it may be decorative"
        elif status == "violation" and best < BARELY_VISIBLE:
            status, reason = "needs-review", "the text is barely visible at all: it may be hidden on purpose"
        outcomes[run.selector] = {"status": status, "ratio": _floor(worst), "required": required, "reason": reason}
        if status == "pass":
            continue
        findings.append(context.finding(
            check, "below" if status == "violation" else "maybe-below", selector=run.selector, box=run.box,
            status=status, ratio=_floor(best if status == "violation" else worst), required=required,
            text_size="large" if measured.large else "normal",
            foreground=hex_colour(measured.foreground) if measured.foreground is not None else None,
            background=hex_colour(measured.background) if measured.background is not None else None,
            method=measured.method, font_size_px=run.font_size_px, font_weight=run.font_weight, text=run.text[:120],
            reason=reason, **({"failing_characters": f"{failing}/{len(ratios)}"} if measured.by_glyph else {})))
    return findings


def _floor(ratio: float) -> float:
    """Ratios are shown floored to two decimals, so 4.499 never reads as 4.5."""
    return float(np.floor(ratio * 100) / 100)


def check_text_contrast(context: CheckInput) -> list[Finding]:
    return contrast_findings(context, TEXT_CONTRAST)


def check_text_contrast_enhanced(context: CheckInput) -> list[Finding]:
    return contrast_findings(context, TEXT_CONTRAST_ENHANCED)


MESSAGES = {"below": "Text contrast {ratio}:1 is below {required:g}:1 ({text_size} text), even at its best",
            "maybe-below": "Text contrast may be below {required:g}:1 ({text_size} text): {reason}"}
TEXT_CONTRAST = Check("text-contrast", ("1.4.3",), "The highest possible contrast of every visible character with the "
                      "background painted around it, measured on the pixels (4.5:1, large text 3:1).",
                      check_text_contrast, act=("afw4f7", "09o5cg"), replaces=("color-contrast",),
                      options={"normal": 4.5, "large": 3.0}, messages=MESSAGES)
TEXT_CONTRAST_ENHANCED = Check("text-contrast-enhanced", ("1.4.6",), "Enhanced contrast (7:1, large text 4.5:1), "
                               "measured like text-contrast.", check_text_contrast_enhanced, act=("09o5cg",),
                               replaces=("color-contrast-enhanced",), options={"normal": 7.0, "large": 4.5},
                               messages=MESSAGES)

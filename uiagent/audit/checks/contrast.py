"""Text contrast measured on the rendered pixels (WCAG 1.4.3), for every visible text run.

Unlike a DOM rule it sees what is painted: gradients, background images, pseudo-elements, overlaps and
transparency, so it settles the cases axe leaves `incomplete`.

Method: the background behind each column of the text is read from the pixels just above and below the
text's line box; text pixels are those farthest from that background. The foreground is the computed CSS
colour when the painted text matches it (exact for solid text), else the measured colour. The reported
ratio is a low percentile over the text's columns: the text must be readable where the background is
least favourable, not on average.
"""

from __future__ import annotations

import numpy as np

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.colour import contrast_ratio, hex_colour, parse_css_colour
from uiagent.audit.findings import Finding

RING = 3  # px above and below the line box read as background
CSS_MATCH = 48.0  # RGB distance under which the painted text is taken to be the CSS colour


def is_large_text(font_size_px: float, font_weight: int) -> bool:
    """WCAG large text: at least 18 pt (24 px), or 14 pt (18.66 px) bold."""
    return font_size_px >= 24 or (font_size_px >= 18.66 and font_weight >= 700)


def measure_run(pixels: np.ndarray, box, css_colour: str) -> dict | None:  # type: ignore[no-untyped-def]
    height, width = pixels.shape[:2]
    x0, x1 = max(0, int(np.floor(box.x))), min(width, int(np.ceil(box.right)))
    y0, y1 = max(0, int(np.floor(box.y))), min(height, int(np.ceil(box.bottom)))
    if x1 - x0 < 2 or y1 - y0 < 4:
        return None
    above = pixels[max(0, y0 - RING):y0, x0:x1]
    below = pixels[y1:min(height, y1 + RING), x0:x1]
    ring = np.concatenate([part for part in (above, below) if part.size], axis=0) if (above.size or below.size) else None
    if ring is None:
        return None
    background = np.median(ring.astype(np.float64), axis=0)  # per column: (columns, 3)
    crop = pixels[y0:y1, x0:x1].astype(np.float64)
    distance = np.linalg.norm(crop - background[None, :, :], axis=2)
    strongest = distance.max()
    if strongest < 8:  # nothing painted differs from the background: invisible or empty text
        return {"ratio": 1.0, "fg": background.mean(axis=0), "bg": background.mean(axis=0), "measured": "no-text"}
    text_mask = distance >= max(0.6 * strongest, 8)
    measured = np.median(crop[text_mask], axis=0)
    parsed = parse_css_colour(css_colour)
    foreground = measured
    source = "pixels"
    if parsed is not None and parsed[1] == 1.0:
        # The text's most contrasting pixels reach its CSS colour when it is painted solid.
        extreme = crop[distance >= np.percentile(distance[text_mask], 90)]
        if np.linalg.norm(np.median(extreme, axis=0) - parsed[0]) <= CSS_MATCH:
            foreground, source = parsed[0], "css colour, confirmed on pixels"
    columns = np.nonzero(text_mask.any(axis=0))[0]
    ratios = contrast_ratio(np.broadcast_to(foreground, (len(columns), 3)), background[columns])
    worst = float(np.percentile(ratios, 10))
    worst_column = columns[int(np.argmin(np.abs(ratios - worst)))]
    return {"ratio": worst, "fg": foreground, "bg": background[worst_column], "measured": source,
            "ratio_median": float(np.median(ratios))}


def check_text_contrast(context: CheckInput) -> list[Finding]:
    findings = []
    ratios: dict[str, float] = context.measurements.setdefault("contrast", {})
    for run in context.capture.dom.text_runs:
        measured = measure_run(context.pixels, run.box, run.color)
        if measured is None or measured["measured"] == "no-text":
            continue
        large = is_large_text(run.font_size_px, run.font_weight)
        required = 3.0 if large else 4.5
        ratio = round(measured["ratio"], 2)
        ratios[run.selector] = ratio
        if ratio >= required:
            continue
        findings.append(context.finding(
            "text-contrast", ["1.4.3"],
            f"Text contrast {ratio}:1 is below {required}:1 ({'large' if large else 'normal'} text)",
            selector=run.selector, box=run.box, impact="serious",
            ratio=ratio, required=required, foreground=hex_colour(measured["fg"]),
            background=hex_colour(measured["bg"]), median_ratio=round(measured["ratio_median"], 2),
            foreground_from=measured["measured"], font_size_px=run.font_size_px, font_weight=run.font_weight,
            background_image=run.background_image, text=run.text[:120],
        ))
    return findings


TEXT_CONTRAST = Check("text-contrast", ("1.4.3",), "Contrast of every visible text run, measured on the rendered "
                      "pixels against the background actually behind it.", check_text_contrast,
                      kind="background", act=("afw4f7", "09o5cg"), replaces=("color-contrast",))

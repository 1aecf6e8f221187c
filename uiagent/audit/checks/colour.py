"""WCAG colour arithmetic on pixels."""

from __future__ import annotations

import functools
import re

import numpy as np


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (…, 3) in 0-255."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def parse_css_colour(text: str) -> tuple[np.ndarray, float] | None:
    """A computed CSS colour -> (sRGB 0-255, alpha); None for what is not a colour. 'rgb(1, 2, 3)' and
    'rgba(1, 2, 3, 0.5)' directly; the CSS Color 4 syntaxes Chromium keeps in computed styles (oklch(), lch(), lab(),
    oklab(), color()) converted to sRGB as Chromium paints them on an sRGB page (out-of-gamut channels clipped)."""
    match = re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", text.strip())
    if match:
        r, g, b, a = match.groups()
        return np.array([float(r), float(g), float(b)]), float(a) if a is not None else 1.0
    converted = _css4_colour(text.strip())
    return (np.array(converted[0]), converted[1]) if converted else None


@functools.lru_cache(maxsize=1024)
def _css4_colour(text: str) -> tuple[tuple[float, float, float], float] | None:
    from coloraide import Color  # imported by the pages that use these syntaxes (about 60 ms)

    try:
        colour = Color(text).convert("srgb").fit(method="clip")
    except ValueError:
        return None
    red, green, blue = (255 * channel for channel in colour.coords(nans=False))
    return (red, green, blue), colour.alpha(nans=False)


def hex_colour(rgb: np.ndarray) -> str:
    return "#" + "".join(f"{int(round(v)):02x}" for v in np.clip(rgb, 0, 255))  # noqa: RUF046 - numpy scalars

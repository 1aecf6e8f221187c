"""WCAG colour arithmetic on pixels."""

from __future__ import annotations

import functools
import re

import numpy as np


def _linear(rgb: np.ndarray) -> np.ndarray:
    """sRGB colours (…, 3) in 0-255 as linear light in 0-1."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (…, 3) in 0-255."""
    return _linear(rgb) @ _LUMINANCE_WEIGHTS


_LUMINANCE_WEIGHTS = np.array([0.2126, 0.7152, 0.0722])
_LINEAR_8_BIT = _linear(np.arange(256))  # each 8-bit channel value in linear light: looked up, not raised to a power


def pixel_luminance(pixels: np.ndarray) -> np.ndarray:
    """relative_luminance of 8-bit pixels (…, 3), to the last bit, with the power looked up: an image's map at the
    cost of a lookup a channel."""
    return (_LINEAR_8_BIT[pixels].reshape(-1, 3) @ _LUMINANCE_WEIGHTS).reshape(pixels.shape[:-1])


# Björn Ottosson's Oklab: linear sRGB to cone responses, and their cube roots to lightness and two opponent axes.
_TO_LMS = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
                    [0.2119034982, 0.6806995451, 0.1073969566],
                    [0.0883024619, 0.2817188376, 0.6299787005]])
_TO_OKLAB = np.array([[0.2104542553, 0.7936177850, -0.0040720468],
                      [1.9779984951, -2.4285922050, 0.4505937099],
                      [0.0259040371, 0.7827717662, -0.8086757660]])


def colour_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How different two sRGB colours (…, 3, in 0-255) look: their distance in Oklab, CSS Color 4's deltaEOK (about
    0.02 is the least a person tells apart). Unlike the WCAG contrast ratio it counts hue and saturation too: white
    and a saturated yellow are 1.35:1 apart in luminance, and 0.21 in deltaEOK, farther than white and #d0d0d0."""
    oklab_a, oklab_b = (np.cbrt(_linear(c) @ _TO_LMS.T) @ _TO_OKLAB.T for c in (a, b))
    return np.linalg.norm(oklab_a - oklab_b, axis=-1)


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

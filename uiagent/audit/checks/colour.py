"""WCAG colour arithmetic on pixels."""

from __future__ import annotations

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
    """'rgb(1, 2, 3)' / 'rgba(1, 2, 3, 0.5)' -> (rgb, alpha); None for other syntaxes."""
    match = re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", text.strip())
    if not match:
        return None
    r, g, b, a = match.groups()
    return np.array([float(r), float(g), float(b)]), float(a) if a is not None else 1.0


def hex_colour(rgb: np.ndarray) -> str:
    return "#" + "".join(f"{int(round(v)):02x}" for v in np.clip(rgb, 0, 255))  # noqa: RUF046 - numpy scalars

"""Token and dollar estimates: image tokens per provider's published rules, and list prices per model."""

from __future__ import annotations

import math
from dataclasses import dataclass

# USD per million tokens (input, output), list prices. Self-hosted models cost nothing per token.
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "claude-opus-4-5": (5.0, 25.0), "claude-opus-4-6": (5.0, 25.0), "claude-opus-4-7": (5.0, 25.0),
    "claude-opus-4-8": (5.0, 25.0), "claude-opus-4-1": (15.0, 75.0), "claude-opus-4": (15.0, 75.0),
    "claude-sonnet": (3.0, 15.0), "claude-haiku-4-5": (1.0, 5.0), "claude-haiku": (0.8, 4.0),
    "gpt-4o-mini": (0.15, 0.6), "gpt-4o": (2.5, 10.0), "gpt-4.1-mini": (0.4, 1.6), "gpt-4.1-nano": (0.1, 0.4),
    "gpt-4.1": (2.0, 8.0),
}


def price_per_mtok(kind: str, model: str) -> tuple[float, float] | None:
    """(input, output) USD per million tokens; longest matching prefix wins; None when unknown."""
    if kind == "openai-compatible":
        return (0.0, 0.0)
    matches = [prefix for prefix in PRICES_PER_MTOK if model.startswith(prefix)]
    return PRICES_PER_MTOK[max(matches, key=len)] if matches else None


def estimate_cost(kind: str, model: str, tokens_in: int, tokens_out: int) -> float:
    price = price_per_mtok(kind, model)
    if price is None:
        return 0.0
    return (tokens_in * price[0] + tokens_out * price[1]) / 1_000_000


@dataclass(frozen=True)
class ImageLimits:
    """How big an image may be before the provider scales it down, per image profile."""

    long_edge: int | None = None
    max_pixels: int | None = None
    min_pixels: int | None = None
    block: int = 1


QWEN_DEFAULT_MIN_PIXELS = 4 * 28 * 28
QWEN_DEFAULT_MAX_PIXELS = 1280 * 28 * 28  # what most self-hosted deployments configure; the model allows 16384*28*28


def fitted_size(width: int, height: int, profile: str, *, detail: str = "high",
                qwen_min_pixels: int = QWEN_DEFAULT_MIN_PIXELS, qwen_max_pixels: int = QWEN_DEFAULT_MAX_PIXELS,
                claude_long_edge: int = 1568, claude_max_pixels: int = 1_150_000) -> tuple[int, int]:
    """The size the provider would scale (width, height) to: sending that size means nothing is rescaled."""
    if profile == "claude":
        scale = min(1.0, claude_long_edge / max(width, height), math.sqrt(claude_max_pixels / (width * height)))
        return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))
    if profile == "openai-tiles":
        if detail == "low":
            scale = min(1.0, 512 / max(width, height))
            return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))
        scale = min(1.0, 2048 / max(width, height))
        w, h = width * scale, height * scale
        scale2 = min(1.0, 768 / min(w, h))
        return max(1, math.floor(w * scale2)), max(1, math.floor(h * scale2))
    if profile == "qwen":
        return _qwen_smart_resize(width, height, qwen_min_pixels, qwen_max_pixels)
    # Unknown OpenAI-compatible model: keep within a conservative long edge, in 28-px blocks.
    scale = min(1.0, 1568 / max(width, height))
    return max(28, math.floor(width * scale / 28) * 28), max(28, math.floor(height * scale / 28) * 28)


def _qwen_smart_resize(width: int, height: int, min_pixels: int, max_pixels: int) -> tuple[int, int]:
    """Qwen2-VL's smart_resize: both sides multiples of 28, area within [min_pixels, max_pixels]."""
    h_bar, w_bar = max(28, round(height / 28) * 28), max(28, round(width / 28) * 28)
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt(height * width / max_pixels)
        h_bar, w_bar = max(28, math.floor(height / beta / 28) * 28), max(28, math.floor(width / beta / 28) * 28)
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar, w_bar = math.ceil(height * beta / 28) * 28, math.ceil(width * beta / 28) * 28
    return w_bar, h_bar


def estimate_image_tokens(width: int, height: int, profile: str, *, detail: str = "high", **limits: int) -> int:
    """Image tokens the provider bills for an image of this size (after its own rescaling).

    claude: w*h/750 after its size caps; openai-tiles: 85 + 170 per 512-px tile after fit-2048 and
    short-side-768 (detail low: 85); qwen and generic: one token per 28x28 block (+2 delimiters for qwen).
    """
    w, h = fitted_size(width, height, profile, detail=detail, **limits)
    if profile == "claude":
        return math.ceil(w * h / 750)
    if profile == "openai-tiles":
        if detail == "low":
            return 85
        return 85 + 170 * math.ceil(w / 512) * math.ceil(h / 512)
    if profile == "qwen":
        return (w // 28) * (h // 28) + 2
    return math.ceil(w / 28) * math.ceil(h / 28)


def estimate_text_tokens(text: str) -> int:
    """A rough count (about 4 characters a token) for budgets decided before a call."""
    return max(1, math.ceil(len(text) / 4))

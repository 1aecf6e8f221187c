"""Content and perceptual hashes of a capture."""

from __future__ import annotations

import hashlib

import imagehash
import numpy as np
from PIL import Image


def content_hash(pixels: np.ndarray) -> str:
    """SHA-256 of an RGB array's pixels and its size, hashed in place (no copy of a 100 MB page)."""
    height, width = pixels.shape[:2]
    digest = hashlib.sha256(f"{width}x{height}:".encode())
    digest.update(memoryview(np.ascontiguousarray(pixels)).cast("B"))  # type: ignore[arg-type]  # (no copy)
    return digest.hexdigest()


def perceptual_hash(image: Image.Image) -> str:
    """64-bit pHash as hex: near-identical pages differ by a few bits (see `hash_distance`)."""
    return str(imagehash.phash(image))


def hash_distance(a: str, b: str) -> int:
    return imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b)

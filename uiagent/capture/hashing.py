"""Content and perceptual hashes of a capture."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import imagehash
import numpy as np
from PIL import Image


def content_hash(bands: Iterable[np.ndarray], width: int, height: int) -> str:
    """SHA-256 of an RGB image's pixels and its size, from its bands of rows (one array, or a tall page's tiles) from
    the top, each hashed in place (no copy of a 100 MB page): the same for the same pixels however they are cut."""
    digest = hashlib.sha256(f"{width}x{height}:".encode())
    for band in bands:
        digest.update(memoryview(np.ascontiguousarray(band)).cast("B"))  # type: ignore[arg-type]  # (no copy)
    return digest.hexdigest()


def perceptual_hash(image: Image.Image) -> str:
    """64-bit pHash as hex: near-identical pages differ by a few bits (see `hash_distance`)."""
    return str(imagehash.phash(image))


def hash_distance(a: str, b: str) -> int:
    return imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b)

"""Content and perceptual hashes of a capture."""

from __future__ import annotations

import hashlib

import imagehash
from PIL import Image


def content_hash(image: Image.Image) -> str:
    """SHA-256 of the decoded pixels (not the PNG bytes, whose encoding may vary) and the size."""
    rgb = image.convert("RGB")
    digest = hashlib.sha256(f"{rgb.width}x{rgb.height}:".encode())
    digest.update(rgb.tobytes())
    return digest.hexdigest()


def perceptual_hash(image: Image.Image) -> str:
    """64-bit pHash as hex: near-identical pages differ by a few bits (see `hash_distance`)."""
    return str(imagehash.phash(image.convert("RGB")))


def hash_distance(a: str, b: str) -> int:
    return imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b)

"""Images from the browser (PNG, or JPEG) as RGB pixels."""

from __future__ import annotations

import io

import imagecodecs
import numpy as np
from PIL import Image

DECODE_BAND = 1024  # rows Pillow converts to an array at a time


def decode_rgb(data: bytes) -> Image.Image:
    """A PNG or JPEG from the browser as an RGB image."""
    return Image.open(io.BytesIO(data)).convert("RGB")


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG or JPEG, from its header."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def decode_into(data: bytes, canvas: np.ndarray, top: int = 0) -> None:
    """Decode a PNG or JPEG from the browser into `canvas` (an RGB array) from row `top` down, cut to fit.

    A browser's PNG (8-bit RGB or RGBA) is decoded by libpng through imagecodecs, straight into the canvas rows when
    it is as wide as the canvas and fits (a full-page tile): Pillow holds RGB at 4 bytes a pixel, so a 16,384 px
    tall tile made an 84 MB image on the way in, and it converts fifteen times slower. Anything else (a JPEG, a
    palette or grey PNG a test made) goes through Pillow, band by band."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        rows, columns = min(height, canvas.shape[0] - top), min(width, canvas.shape[1])
        if _is_8_bit_png(data) and image.mode in ("RGB", "RGBA"):
            into = canvas[top:top + rows]
            if image.mode == "RGB" and (rows, width) == (height, canvas.shape[1]) and into.flags.c_contiguous:
                imagecodecs.png_decode(data, out=into)
            else:
                into[:, :columns] = imagecodecs.png_decode(data)[:rows, :columns, :3]
            return
        for band in range(0, rows, DECODE_BAND):
            part = image.crop((0, band, columns, min(rows, band + DECODE_BAND))).convert("RGB")
            canvas[top + band:top + band + part.height, :columns] = np.asarray(part)


def _is_8_bit_png(data: bytes) -> bool:
    # The PNG signature, then the IHDR chunk: length, type, width, height, bit depth (byte 24).
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 24 and data[24] == 8


def decode_rgb_array(data: bytes) -> np.ndarray:
    """A PNG or JPEG from the browser as an RGB array (height, width, 3)."""
    width, height = image_size(data)
    canvas = np.empty((height, width, 3), dtype=np.uint8)
    decode_into(data, canvas)
    return canvas

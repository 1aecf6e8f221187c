"""Provider-aware image preparation: mask, crop, tile, resize to what the provider would keep, encode.

Everything happens before an image leaves the machine. Each prepared image remembers how its pixels map
back to the page's CSS pixels, so boxes in answers can be placed on the page.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image

from uiagent.capture.models import Box, paint_masks
from uiagent.errors import ImageTooLargeError
from uiagent.vlm.pricing import estimate_image_tokens, fitted_size

# Per-image byte limits of the APIs (Anthropic 5 MB, OpenAI 20 MB); compatible servers: stay at 5 MB.
MAX_IMAGE_BYTES = {"claude": 5_000_000, "openai-tiles": 20_000_000, "qwen": 5_000_000, "generic": 5_000_000}
MIN_SHORT_SIDE = 8


@dataclass(frozen=True)
class PreparedImage:
    data: bytes = field(repr=False)
    media_type: Literal["image/png", "image/jpeg"]
    width: int
    height: int
    scale: float  # image px per CSS px
    origin_x: float  # CSS px of the image's top-left corner in the page
    origin_y: float
    estimated_tokens: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def to_css(self, box: list[float], units: Literal["pixels", "normalized_1000"] = "pixels") -> Box | None:
        """Map [x, y, w, h] from the image (or a 0-1000 grid over it) back to page CSS px."""
        if len(box) != 4 or any(not isinstance(v, (int, float)) for v in box):
            return None
        x, y, w, h = box
        if w < 0:  # a model that gave its corners the other way round: the same rectangle
            x, w = x + w, -w
        if h < 0:
            y, h = y + h, -h
        if units == "normalized_1000":
            x, w = x * self.width / 1000, w * self.width / 1000
            y, h = y * self.height / 1000, h * self.height / 1000
        return Box(x=self.origin_x + x / self.scale, y=self.origin_y + y / self.scale,
                   width=w / self.scale, height=h / self.scale)


@dataclass(frozen=True)
class PrepareOptions:
    """Everything that changes the bytes sent; it is part of the verdict cache key."""

    profile: str
    detail: Literal["high", "low"] = "high"
    margin: int = 16
    tile: bool = True
    max_tiles: int = 6
    qwen_min_pixels: int | None = None
    qwen_max_pixels: int | None = None

    def limits(self) -> dict[str, int]:
        limits = {}
        if self.qwen_min_pixels:
            limits["qwen_min_pixels"] = self.qwen_min_pixels
        if self.qwen_max_pixels:
            limits["qwen_max_pixels"] = self.qwen_max_pixels
        return limits


def prepare_images(
    image: Image.Image,
    origin: Box,
    options: PrepareOptions,
    *,
    region: Box | None = None,
    masks: list[Box] = (),  # type: ignore[assignment]
) -> list[PreparedImage]:
    """Prepare a 1-px-per-CSS-px `image` lying at `origin` in the page for sending.

    `region` crops to that box (plus the margin); `masks` are painted over first. Tall images are cut
    into tiles rather than shrunk until text is unreadable.
    """
    image = paint_masks(image.convert("RGB"), origin, masks)
    left, top = 0, 0
    if region is not None:
        left, top, right, bottom = region_with_margin(region, origin, image.size, options.margin)
        image = image.crop((left, top, right, bottom))

    pieces = _tiles(image, options) if options.tile else [(0, image)]
    return [
        _prepare_piece(piece, origin.x + left, origin.y + top + offset, options) for offset, piece in pieces
    ]


def region_with_margin(region: Box, origin: Box, size: tuple[int, int], margin: int) -> tuple[int, int, int, int]:
    """`region` and `margin` px around it, as (left, top, right, bottom) pixels of an image of `size` lying at
    `origin`, cut to the image (an ImageTooLargeError when nothing of it is in the image)."""
    width, height = size
    left = max(0, math.floor(region.x - origin.x - margin))
    top = max(0, math.floor(region.y - origin.y - margin))
    right = min(width, math.ceil(region.right - origin.x + margin))
    bottom = min(height, math.ceil(region.bottom - origin.y + margin))
    if right <= left or bottom <= top:
        raise ImageTooLargeError(f"region {region} lies outside the captured image ({width}x{height})")
    return left, top, right, bottom


def _tiles(image: Image.Image, options: PrepareOptions) -> list[tuple[int, Image.Image]]:
    """Split a tall image when sending it whole would shrink it below half size."""
    fitted_w, _ = fitted_size(image.width, image.height, options.profile, detail=options.detail, **options.limits())
    if image.height <= image.width or fitted_w / image.width >= 0.5:
        return [(0, image)]
    count = min(options.max_tiles, math.ceil(image.height / image.width))
    step = math.ceil(image.height / count)
    overlap = min(64, step // 10)  # text cut by a seam is whole in one of the two tiles
    return [(top, image.crop((0, max(0, top - overlap), image.width, min(image.height, top + step))))
            for top in range(0, image.height, step)]


def _prepare_piece(image: Image.Image, origin_x: float, origin_y: float, options: PrepareOptions) -> PreparedImage:
    limits = options.limits()
    if options.profile == "qwen" and max(image.size) / min(image.size) > 200:
        raise ImageTooLargeError(
            f"image {image.width}x{image.height} has an aspect ratio above 200, which Qwen-VL rejects; crop it"
        )
    width, height = fitted_size(image.width, image.height, options.profile, detail=options.detail, **limits)
    if min(width, height) < MIN_SHORT_SIDE:
        raise ImageTooLargeError(
            f"image {image.width}x{image.height} cannot be sent to a {options.profile} model: fitted into its "
            f"size limits the short side would be {min(width, height)} px. Crop to a locator or region."
        )
    resized = image if (width, height) == image.size else image.resize((width, height), Image.Resampling.LANCZOS)
    data, media_type = _encode(resized, MAX_IMAGE_BYTES.get(options.profile, 5_000_000))
    return PreparedImage(
        data=data, media_type=media_type, width=width, height=height, scale=width / image.width,
        origin_x=origin_x, origin_y=origin_y,
        estimated_tokens=estimate_image_tokens(width, height, options.profile, detail=options.detail, **limits),
    )


def _encode(image: Image.Image, max_bytes: int) -> tuple[bytes, Literal["image/png", "image/jpeg"]]:
    """PNG for UI-like content (flat colours, sharp text); JPEG for photo-like content or when PNG is too big."""
    sample = image.copy()
    sample.thumbnail((256, 256))
    photo_like = len(sample.getcolors(maxcolors=4096) or ()) == 0  # getcolors returns None past maxcolors
    if not photo_like:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=6)
        if buffer.tell() <= max_bytes:
            return buffer.getvalue(), "image/png"
    for quality in (85, 70, 50):
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=quality)
        if buffer.tell() <= max_bytes:
            return buffer.getvalue(), "image/jpeg"
    raise ImageTooLargeError(f"image {image.width}x{image.height} is over {max_bytes} bytes even as JPEG quality 50")

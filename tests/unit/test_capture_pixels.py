"""A capture's pixels, browser-free: decoded band by band into one RGB array, equal to what Pillow decodes at once,
for every kind of image a browser or a test may give; and let go of when the audit is done."""

from __future__ import annotations

import io
import tracemalloc

import imagecodecs
import numpy as np
import pytest
from PIL import Image

from uiagent.capture.decode import DECODE_BAND, decode_into, decode_rgb, decode_rgb_array
from uiagent.capture.models import Box, Capture, DomFacts

TALL = DECODE_BAND * 2 + 37  # three bands, the last one short


def encoded(image: Image.Image, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, format=kind)
    return out.getvalue()


def noise(height: int, width: int, channels: int = 3) -> np.ndarray:
    return np.random.default_rng(7).integers(0, 256, (height, width, channels), dtype=np.uint8)


@pytest.mark.parametrize("image", [
    Image.fromarray(noise(TALL, 5)),
    Image.fromarray(noise(TALL, 5, 4), "RGBA"),
    Image.fromarray(noise(TALL, 5)).convert("P"),
    Image.fromarray(noise(TALL, 5)[:, :, 0], "L"),
], ids=["rgb", "rgba", "palette", "grey"])
def test_band_by_band_decoding_gives_the_pixels_pillow_gives(image: Image.Image) -> None:
    data = encoded(image)
    pixels = decode_rgb_array(data)
    assert pixels.shape == (TALL, 5, 3) and pixels.dtype == np.uint8
    assert np.array_equal(pixels, np.asarray(decode_rgb(data)))


def test_a_sixteen_bit_png_decodes_as_pillow_decodes_it() -> None:
    data = imagecodecs.png_encode(noise(40, 6).astype(np.uint16) * 257)  # RGB, 16 bits a channel
    assert data[24] == 16 and Image.open(io.BytesIO(data)).mode == "RGB"
    assert np.array_equal(decode_rgb_array(data), np.asarray(decode_rgb(data)))


def test_a_tile_as_wide_as_the_canvas_is_decoded_straight_into_its_rows() -> None:
    tile = noise(TALL, 300)
    canvas = np.full((TALL + 500, 300, 3), 255, dtype=np.uint8)
    data = encoded(Image.fromarray(tile))
    tracemalloc.start()
    decode_into(data, canvas, 200)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert np.array_equal(canvas[200:200 + TALL], tile) and (canvas[:200] == 255).all() and (canvas[200 + TALL:] == 255).all()
    # No array of the tile's size on the way: a 16,384 px tall tile would otherwise cost its size again.
    assert peak < tile.nbytes / 10


def test_a_jpeg_decodes_as_pillow_decodes_it() -> None:
    data = encoded(Image.fromarray(noise(TALL, 16)), "JPEG")
    assert np.array_equal(decode_rgb_array(data), np.asarray(decode_rgb(data)))


def test_a_tile_is_decoded_into_its_rows_and_cut_to_the_canvas() -> None:
    canvas = np.full((TALL, 4, 3), 255, dtype=np.uint8)
    tile = noise(DECODE_BAND + 100, 6)  # wider than the canvas, and running past its bottom
    top = TALL - DECODE_BAND
    decode_into(encoded(Image.fromarray(tile)), canvas, top)
    assert np.array_equal(canvas[top:], tile[:DECODE_BAND, :4])
    assert (canvas[:top] == 255).all()


def capture_of(png: bytes, height: int, width: int) -> Capture:
    dom = DomFacts(url="about:blank", title="", lang="", viewport_width=width, viewport_height=height,
                   scroll_width=width, scroll_height=height, elements=[], text_runs=[], focusables=[], images=[])
    return Capture.of(png=png, url="about:blank", kind="full_page", origin=Box(x=0, y=0, width=width, height=height),
                      stable=True, settle_ms=0.0, dom=dom)


def test_the_pixels_are_read_only_and_no_whole_page_image_is_kept_beside_them() -> None:
    source = noise(TALL, 5)
    shot = capture_of(encoded(Image.fromarray(source)), TALL, 5)
    pixels = shot.pixels()
    assert np.array_equal(pixels, source) and not pixels.flags.writeable
    # Pillow holds RGB at 4 bytes a pixel: kept beside the array, a tall page would be held twice over.
    assert shot._decoded is None
    assert np.array_equal(np.asarray(shot.image()), source)


def test_a_released_capture_says_so_when_its_image_is_asked_for_and_keeps_what_was_measured() -> None:
    shot = capture_of(encoded(Image.fromarray(noise(40, 30))), 40, 30)
    content_hash = shot.content_hash
    shot.release()
    for read in (shot.pixels, shot.image, lambda: shot.png):
        with pytest.raises(RuntimeError, match="released"):
            read()
    assert shot.content_hash == content_hash and shot.dom.viewport_width == 30

"""A tall page's pixels kept as its PNG tiles, browser-free: read by slicing as the one array they stack into would
be read, hashed as it would be, and never decoded all at once."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from uiagent.capture import tiles as tiles_module
from uiagent.capture.models import Box, Capture, DomFacts
from uiagent.capture.tiles import KEPT_DECODED, TiledPixels

WIDTH = 7


def page_of(*heights: int) -> tuple[np.ndarray, TiledPixels]:
    """A page of random pixels and its tiles of these heights."""
    whole = np.random.default_rng(3).integers(0, 256, (sum(heights), WIDTH, 3), dtype=np.uint8)
    tiles, top = [], 0
    for height in heights:
        out = io.BytesIO()
        Image.fromarray(whole[top:top + height]).save(out, format="PNG")
        tiles.append((top, top + height, out.getvalue()))
        top += height
    return whole, TiledPixels(WIDTH, tiles)


@pytest.mark.parametrize("key", [
    (slice(0, 10), slice(0, WIDTH)),       # inside the first tile
    (slice(95, 105), slice(2, 5)),         # across the first seam
    (slice(50, 260), slice(None)),         # across both seams
    (slice(250, None), slice(1, 3)),       # to the end
    (slice(None), slice(None)),            # all of it
    (slice(300, 400), slice(None)),        # past the end: nothing, as an array gives
    (slice(100, 100), slice(None)),        # empty
    (slice(-20, None), slice(None)),       # from the end
    (150,),                                # one row
    (199, 3),                              # one pixel, on a seam's last row
    (-1, 0, 2),                            # one channel of the last row's first pixel
], ids=str)
def test_a_tiled_page_reads_as_the_array_it_stacks_into(key: tuple[object, ...]) -> None:
    whole, tiled = page_of(100, 100, 60)
    assert tiled.shape == whole.shape == (260, WIDTH, 3)
    assert np.array_equal(tiled[key], whole[key])


def test_only_the_rows_read_are_decoded_and_only_a_few_tiles_are_kept() -> None:
    whole, tiled = page_of(*[20] * 8)
    tiled[45:50, 0:2]
    assert list(tiled._decoded) == [2]  # the third tile only
    for top in range(0, 160, 20):
        assert np.array_equal(tiled[top:top + 5], whole[top:top + 5])
    assert list(tiled._decoded) == list(range(8 - KEPT_DECODED, 8))  # the last read, the first let go
    with pytest.raises(ValueError, match="read-only"):
        tiled[0:5][0, 0, 0] = 1  # a view of a decoded tile that every check shares


def test_whole_page_readers_get_what_the_array_gives() -> None:
    whole, tiled = page_of(100, 100, 60)
    assert np.array_equal(np.asarray(tiled), whole)
    overview = tiled.overview()
    assert overview.size == (1, 13 + 13 + 8)  # each tile reduced 8 times, rounding up
    assert np.allclose(np.asarray(overview)[0, 0], whole[:8].reshape(-1, 3).mean(axis=0), atol=1)
    dom = DomFacts(url="http://x/", title="", lang="", viewport_width=WIDTH, viewport_height=50, scroll_width=WIDTH,
                   scroll_height=260, elements=[], text_runs=[], focusables=[], images=[])
    fields = {"url": "http://x/", "kind": "full_page", "origin": Box(x=0, y=0, width=WIDTH, height=260), "stable": True,
              "settle_ms": 0.0, "dom": dom}
    tiled_shot, whole_shot = Capture.of(pixels=tiled, tiles=3, **fields), Capture.of(pixels=whole, **fields)
    assert tiled_shot.content_hash == whole_shot.content_hash
    assert tiled_shot.size == whole_shot.size == (WIDTH, 260)
    assert np.array_equal(np.asarray(tiled_shot.region(Box(x=1, y=90, width=4, height=30))), whole[90:120, 1:5])
    assert np.array_equal(np.asarray(tiled_shot.image()), whole)


def test_tiles_must_cover_the_page_from_the_top_without_gaps() -> None:
    _, tiled = page_of(10, 10)
    (first, second) = tiled._tiles
    for tiles in ([], [second], [first, (15, 25, second[2])]):
        with pytest.raises(ValueError, match="from row 0 down"):
            TiledPixels(WIDTH, tiles)
    with pytest.raises(TypeError, match="by rows"):
        tiled[::2]
    with pytest.raises(IndexError, match="outside"):
        tiled[20]


def test_tiles_are_decoded_one_at_a_time_under_a_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The background checks read the capture while the main thread does: a tile decoded twice at once would be held
    # twice, and the cache's order would be torn.
    _, tiled = page_of(10, 10)
    held = []
    decode = tiles_module.decode_into
    monkeypatch.setattr(tiles_module, "decode_into", lambda *args: held.append(tiled._lock.locked()) or decode(*args))
    tiled[0:20]
    assert held == [True, True]


def test_a_tile_shot_shorter_than_its_rows_is_white_below_what_it_holds() -> None:
    # The page shrank between two shots: the browser cut the last tile to the document.
    whole, tiled = page_of(10, 10)
    first, (top, _, png) = tiled._tiles
    short = TiledPixels(WIDTH, [first, (top, top + 16, png)])
    assert np.array_equal(short[10:20], whole[10:20]) and (short[20:26] == 255).all()

"""A tall page's pixels kept as the PNG tiles it was shot in, each decoded when a reader first needs it.

Flask's API reference is 110,664 px tall: one RGB array of it at 1,280 px wide is 425 MB, its seven PNG tiles
23 MB, and a tile decodes in 0.05 to 0.2 s. The checks read a capture region by region (`pixels[y0:y1, x0:x1]` and
`pixels.shape`), mostly from the top down, so the last two tiles decoded serve them, and a page of any height is
measured in the memory of two tiles.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

import numpy as np
from PIL import Image

from uiagent.capture.decode import decode_into, image_size

KEPT_DECODED = 2  # tiles kept decoded at once, 63 MB each at 1,280 px wide: most of a long page's peak memory
OVERVIEW_REDUCTION = 8  # a tall page's overview (its perceptual hash) is 1/8 of its size each way


class TiledPixels:
    """A read-only RGB "array" (height, width, 3) made of PNG tiles stacked from the top: slicing it gives a
    NumPy array of that part. It is what `Capture.pixels()` gives for a page shot in tiles; `np.asarray` on it
    joins every tile into one array (a plugin check that needs that pays for it)."""

    dtype = np.dtype(np.uint8)
    ndim = 3

    def __init__(self, width: int, tiles: Sequence[tuple[int, int, bytes]]) -> None:
        """`tiles`: (top, bottom, PNG) of each tile in document rows, from 0 down, each tile's PNG `width` wide."""
        if not tiles or tiles[0][0] != 0 or any(a[1] != b[0] for a, b in itertools.pairwise(tiles)):
            raise ValueError("tiles must cover the page from row 0 down, each starting where the last ended")
        self._width = width
        self._tiles = list(tiles)
        self._decoded: OrderedDict[int, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the background checks read it while the main thread does

    @property
    def shape(self) -> tuple[int, int, int]:
        return self._tiles[-1][1], self._width, 3

    def __getitem__(self, key: Any) -> np.ndarray:
        rows, rest = (key[0], key[1:]) if isinstance(key, tuple) else (key, ())
        if isinstance(rows, int | np.integer):
            row = int(rows) + (self.shape[0] if rows < 0 else 0)
            if not 0 <= row < self.shape[0]:
                raise IndexError(f"row {rows} is outside the capture's {self.shape[0]} rows")
            index, (top, _, _) = self._tile_at(row)
            return self._tile(index)[(row - top, *rest)]
        if not isinstance(rows, slice) or rows.step not in (None, 1):
            raise TypeError("a tiled capture is read by rows (an int or a slice with step 1), then columns")
        start, stop, _ = rows.indices(self.shape[0])
        parts = [self._tile(index)[max(start, top) - top:min(stop, bottom) - top]
                 for index, (top, bottom, _) in enumerate(self._tiles) if top < stop and bottom > start]
        if not parts:
            return np.empty((0, self._width, 3), dtype=self.dtype)[(slice(None), *rest)]
        # One tile: a view of it. Across a seam: only the rows asked for are copied.
        joined = parts[0] if len(parts) == 1 else np.concatenate(parts)
        return joined[(slice(None), *rest)]

    def bands(self) -> Iterator[np.ndarray]:
        """Each tile's pixels, from the top down."""
        for index in range(len(self._tiles)):
            yield self._tile(index)

    def overview(self) -> Image.Image:
        """The page at 1/OVERVIEW_REDUCTION of its size (each output pixel the mean of a square of them), made tile by
        tile: for what looks at the page as a whole, such as its perceptual hash."""
        reduced = [Image.fromarray(band).reduce(OVERVIEW_REDUCTION) for band in self.bands()]
        canvas = Image.new("RGB", (reduced[0].width, sum(part.height for part in reduced)))
        top = 0
        for part in reduced:
            canvas.paste(part, (0, top))
            top += part.height
        return canvas

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        joined = np.concatenate(list(self.bands()))
        return joined if dtype is None else joined.astype(dtype)

    def _tile_at(self, row: int) -> tuple[int, tuple[int, int, bytes]]:
        return next((index, tile) for index, tile in enumerate(self._tiles) if tile[0] <= row < tile[1])

    def _tile(self, index: int) -> np.ndarray:
        with self._lock:
            if index in self._decoded:
                self._decoded.move_to_end(index)
                return self._decoded[index]
            top, bottom, png = self._tiles[index]
            shape = (bottom - top, self._width, 3)
            # A tile shot whole fills every row (writing white first cost as much as decoding); one cut short (the
            # page shrank between the shots) is white below what it holds.
            whole = image_size(png) == (self._width, bottom - top)
            canvas = np.empty(shape, dtype=np.uint8) if whole else np.full(shape, 255, dtype=np.uint8)
            decode_into(png, canvas)
            canvas.flags.writeable = False
            self._decoded[index] = canvas
            while len(self._decoded) > KEPT_DECODED:
                self._decoded.popitem(last=False)
            return canvas


Pixels: TypeAlias = np.ndarray | TiledPixels  # what Capture.pixels() gives: one array, or a tall page's tiles

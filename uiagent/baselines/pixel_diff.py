"""Exact pixel comparison of a screenshot against its baseline, with the changed regions as boxes."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
from PIL import Image

from uiagent.capture.models import Box

CELL = 8  # changed pixels are grouped on an 8-px grid, then joined into regions


@dataclass(frozen=True)
class PixelDiff:
    identical: bool
    size_changed: bool
    changed_pixels: int
    total_pixels: int
    regions: list[Box]  # image px, largest first

    @property
    def changed_ratio(self) -> float:
        return self.changed_pixels / self.total_pixels if self.total_pixels else 1.0


def diff_images(baseline: Image.Image, current: Image.Image, tolerance: int = 8) -> PixelDiff:
    """A pixel counts as changed when any channel differs by more than `tolerance` (0-255)."""
    if baseline.size != current.size:
        width, height = max(baseline.width, current.width), max(baseline.height, current.height)
        whole = Box(x=0, y=0, width=width, height=height)
        return PixelDiff(False, True, width * height, width * height, [whole])
    a = np.asarray(baseline.convert("RGB"), dtype=np.int16)
    b = np.asarray(current.convert("RGB"), dtype=np.int16)
    changed = (np.abs(a - b).max(axis=2) > tolerance)
    count = int(changed.sum())
    return PixelDiff(count == 0 and np.array_equal(a, b), False, count, changed.size, _regions(changed))


def diff_mask(changed: np.ndarray) -> PixelDiff:
    """The diff of a (height, width) mask of changed pixels made some other way (the edges of `ignore-colors`)."""
    count = int(changed.sum())
    return PixelDiff(count == 0, False, count, changed.size, _regions(changed))


def _regions(changed: np.ndarray) -> list[Box]:
    """Connected groups of changed 8-px cells (8-neighbour), as boxes in image px."""
    height, width = changed.shape
    rows, cols = -(-height // CELL), -(-width // CELL)
    padded = np.zeros((rows * CELL, cols * CELL), dtype=bool)
    padded[:height, :width] = changed
    cells = np.asarray(padded.reshape(rows, CELL, cols, CELL).any(axis=(1, 3)))
    seen = np.zeros_like(cells)
    boxes: list[Box] = []
    for start in zip(*np.nonzero(cells), strict=True):
        if seen[start]:
            continue
        queue, top, left, bottom, right = deque([start]), start[0], start[1], start[0], start[1]
        seen[start] = True
        while queue:
            r, c = queue.popleft()
            top, bottom, left, right = min(top, r), max(bottom, r), min(left, c), max(right, c)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    nr, nc = r + dr, c + dc
                    if 0 <= nr < rows and 0 <= nc < cols and cells[nr, nc] and not seen[nr, nc]:
                        seen[nr, nc] = True
                        queue.append((nr, nc))
        x, y = left * CELL, top * CELL
        boxes.append(Box(x=x, y=y, width=min((right + 1) * CELL, width) - x, height=min((bottom + 1) * CELL, height) - y))
    return sorted(boxes, key=lambda box: box.area, reverse=True)


def diff_overlay(current: Image.Image, diff: PixelDiff) -> Image.Image:
    """The current screenshot dimmed, with changed regions outlined in red: for people and for the model."""
    return outline_boxes(current, diff.regions)


def outline_boxes(current: Image.Image, boxes: list[Box]) -> Image.Image:
    """The current screenshot dimmed, with `boxes` (image px) outlined in red."""
    from PIL import ImageDraw

    overlay = Image.blend(current.convert("RGB"), Image.new("RGB", current.size, "white"), 0.5)
    draw = ImageDraw.Draw(overlay)
    for box in boxes[:50]:
        draw.rectangle(box.drawn(), outline=(220, 0, 0), width=3)
    return overlay

"""Screenshot against baseline (uiagent.baselines.pixel_diff), on synthetic images: what counts as changed, and
the changed regions as boxes (changed pixels gathered on an 8-px grid, touching cells joined, largest first)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from uiagent.baselines.pixel_diff import CELL, diff_images, diff_overlay
from uiagent.capture.models import Box

GREY = (240, 240, 240)


def image(width: int = 200, height: int = 120, colour: tuple[int, ...] = GREY) -> np.ndarray:
    return np.full((height, width, len(colour)), colour, dtype=np.uint8)


def pil(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(pixels)


def changed(pixels: np.ndarray, x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int] = (20, 40, 200)
            ) -> np.ndarray:
    """A copy with the rectangle [x0, x1) x [y0, y1) repainted."""
    out = pixels.copy()
    out[y0:y1, x0:x1] = colour
    return out


def boxes(diff) -> list[tuple[float, float, float, float]]:  # type: ignore[no-untyped-def]
    return [(b.x, b.y, b.width, b.height) for b in diff.regions]


def covers(box: Box, x0: int, y0: int, x1: int, y1: int) -> bool:
    return box.x <= x0 and box.y <= y0 and box.right >= x1 and box.bottom >= y1


def test_identical_images_have_no_changed_pixels_and_no_regions() -> None:
    diff = diff_images(pil(image()), pil(image()))
    assert (diff.identical, diff.size_changed, diff.changed_pixels, diff.regions) == (True, False, 0, [])
    assert diff.total_pixels == 200 * 120 and diff.changed_ratio == 0.0


def test_a_changed_rectangle_on_the_grid_is_one_region_with_exactly_its_box() -> None:
    diff = diff_images(pil(image()), pil(changed(image(), 16, 24, 48, 40)))
    assert not diff.identical and not diff.size_changed
    assert diff.changed_pixels == 32 * 16 and diff.changed_ratio == pytest.approx(512 / 24_000)
    assert boxes(diff) == [(16, 24, 32, 16)]


def test_a_changed_rectangle_off_the_grid_is_one_region_snapped_out_to_the_8px_cells_around_it() -> None:
    diff = diff_images(pil(image()), pil(changed(image(), 21, 13, 35, 18)))
    [region] = diff.regions
    assert covers(region, 21, 13, 35, 18)
    assert (region.x, region.y, region.right, region.bottom) == (16, 8, 40, 24)
    assert region.right - 35 < CELL and 21 - region.x < CELL


def test_a_single_changed_pixel_is_a_region_of_one_cell() -> None:
    diff = diff_images(pil(image()), pil(changed(image(), 100, 50, 101, 51)))
    assert diff.changed_pixels == 1 and boxes(diff) == [(96, 48, 8, 8)]


def test_two_far_apart_changes_are_two_regions_the_larger_first() -> None:
    base = image()
    current = changed(changed(base, 8, 8, 16, 16), 120, 64, 184, 112)
    diff = diff_images(pil(base), pil(current))
    assert boxes(diff) == [(120, 64, 64, 48), (8, 8, 8, 8)]


def test_changes_in_touching_cells_even_diagonally_are_one_region() -> None:
    base = image()
    current = changed(changed(base, 6, 6, 8, 8), 8, 8, 10, 10)  # two specks in diagonal neighbour cells
    assert boxes(diff_images(pil(base), pil(current))) == [(0, 0, 16, 16)]


def test_changes_one_empty_cell_apart_stay_two_regions() -> None:
    base = image()
    current = changed(changed(base, 0, 0, 8, 8), 16, 0, 24, 8)  # cell 1 between them is unchanged
    assert boxes(diff_images(pil(base), pil(current))) == [(0, 0, 8, 8), (16, 0, 8, 8)]


def test_a_change_at_the_edge_of_an_image_not_a_multiple_of_8_is_clipped_to_the_image() -> None:
    base = image(width=21, height=13)
    diff = diff_images(pil(base), pil(changed(base, 19, 11, 21, 13)))
    assert boxes(diff) == [(16, 8, 5, 5)]


def test_an_outline_around_an_unchanged_middle_is_one_region() -> None:
    base = image()
    current = base.copy()
    current[40:80, 40:120][[0, -1], :] = (0, 0, 0)
    current[40:80, 40:120][:, [0, -1]] = (0, 0, 0)
    assert boxes(diff_images(pil(base), pil(current))) == [(40, 40, 80, 40)]


@pytest.mark.parametrize(("delta", "tolerance", "counted"), [
    pytest.param(8, 8, False, id="a-difference-equal-to-the-tolerance-is-not-a-change"),
    pytest.param(9, 8, True, id="one-more-than-the-tolerance-is-a-change"),
    pytest.param(30, 40, False, id="a-larger-tolerance-hides-a-larger-difference"),
    pytest.param(1, 0, True, id="tolerance-0-counts-any-difference"),
])
def test_a_pixel_changes_when_a_channel_differs_by_more_than_the_tolerance(delta: int, tolerance: int,
                                                                           counted: bool) -> None:
    base = image()
    current = base.copy()
    current[10:20, 10:20, 2] -= delta  # one channel only
    diff = diff_images(pil(base), pil(current), tolerance=tolerance)
    assert diff.changed_pixels == (100 if counted else 0)
    assert len(diff.regions) == (1 if counted else 0)


def test_differences_within_tolerance_are_not_identical_but_have_no_regions() -> None:
    base = image()
    current = base.copy()
    current[:, :] -= 3  # a faint change everywhere: a rendering wobble, say
    diff = diff_images(pil(base), pil(current))
    assert (diff.identical, diff.changed_pixels, diff.regions, diff.changed_ratio) == (False, 0, [], 0.0)


@pytest.mark.parametrize(("baseline", "current"), [
    pytest.param((200, 120), (200, 130), id="taller"),
    pytest.param((200, 120), (180, 120), id="narrower"),
    pytest.param((200, 120), (120, 200), id="rotated"),
])
def test_a_size_change_is_all_changed_over_the_larger_of_the_two(baseline: tuple[int, int],
                                                                   current: tuple[int, int]) -> None:
    diff = diff_images(pil(image(*baseline)), pil(image(*current)))
    width, height = max(baseline[0], current[0]), max(baseline[1], current[1])
    assert (diff.identical, diff.size_changed) == (False, True)
    assert diff.changed_pixels == diff.total_pixels == width * height and diff.changed_ratio == 1.0
    assert boxes(diff) == [(0, 0, width, height)]


def test_images_in_other_modes_are_compared_as_rgb() -> None:
    grey = Image.new("L", (40, 24), 128)
    assert diff_images(grey, grey.convert("RGB")).identical
    assert diff_images(Image.new("RGBA", (40, 24), (1, 2, 3, 255)), Image.new("RGB", (40, 24), (1, 2, 3))).identical


def test_the_overlay_outlines_each_region_in_red_on_a_dimmed_copy() -> None:
    base = image()
    current = changed(base, 120, 64, 184, 112)
    diff = diff_images(pil(base), pil(current))
    overlay = np.asarray(diff_overlay(pil(current), diff))
    assert overlay.shape == current.shape
    assert tuple(overlay[64, 150]) == (220, 0, 0)  # on the outline
    assert np.abs(overlay[5, 5].astype(int) - 248).max() <= 1  # elsewhere: half-way from 240 to white

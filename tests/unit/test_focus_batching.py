"""Focus stops shot in batches (uiagent.audit.checks.focus), browser-free: which stops may be shown focused together
(none may change pixels in another's region: regions apart, and each region apart from the other's own ancestors,
whose :focus-within would change), the height a batch may span, a stop's region from what the page reported, and
what the pixels say about a focus indicator."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from uiagent.audit.checks.base import CheckInput
from uiagent.audit.checks.colour import contrast_ratio
from uiagent.audit.checks.focus import (
    MARGIN,
    MAX_BATCH_HEIGHT,
    FOCUS,
    Indicator,
    Stop,
    _batches,
    _changed_elsewhere,
    _indicator,
    _interfere,
    _no_indicator,
    _overlap,
    _stop,
)
from uiagent.capture.models import Box
from uiagent.config import Settings


def stop(index: int, x: int, y: int, width: int = 80, height: int = 24, ancestors: dict[int, Box] | None = None,
         needs_real_focus: bool = False) -> Stop:
    """A stop whose element is at (x, y), its region grown by MARGIN as _stop makes it."""
    return Stop(index=index, selector=f"#s{index}", doc_box=Box(x=x, y=y, width=width, height=height),
                region=(x - MARGIN, y - MARGIN, x + width + MARGIN, y + height + MARGIN),
                ancestors=ancestors or {}, needs_real_focus=needs_real_focus)


def indices(batches: list[list[Stop]]) -> list[list[int]]:
    return [[s.index for s in batch] for batch in batches]


# -- rectangles ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    pytest.param((0, 0, 10, 10), (5, 5, 15, 15), True, id="overlapping-corners"),
    pytest.param((0, 0, 10, 10), (2, 2, 8, 8), True, id="one-inside-the-other"),
    pytest.param((0, 0, 10, 10), (10, 0, 20, 10), False, id="touching-side-by-side-is-apart"),
    pytest.param((0, 0, 10, 10), (0, 10, 10, 20), False, id="touching-one-above-the-other-is-apart"),
    pytest.param((0, 0, 10, 10), (9, 9, 20, 20), True, id="one-pixel-in-common"),
    pytest.param((0, 0, 10, 10), (30, 0, 40, 10), False, id="far-apart"),
])
def test_regions_overlap_only_when_they_share_a_pixel(a: tuple, b: tuple, expected: bool) -> None:
    assert _overlap(a, b) is expected and _overlap(b, a) is expected


# -- batches ---------------------------------------------------------------------------------------------------------

def test_no_stops_make_no_batches() -> None:
    assert _batches([]) == []


def test_stops_far_apart_share_one_batch_in_reading_order() -> None:
    stops = [stop(3, 400, 300), stop(1, 20, 20), stop(2, 300, 20)]
    assert indices(_batches(stops)) == [[1, 2, 3]]


def test_stops_whose_regions_overlap_go_in_different_batches() -> None:
    # 8 px apart: their elements do not touch, but each one's 6 px margin reaches into the other's region.
    stops = [stop(1, 20, 20), stop(2, 108, 20)]
    assert _interfere(*stops)
    assert indices(_batches(stops)) == [[1], [2]]


def test_regions_that_only_touch_share_a_batch() -> None:
    stops = [stop(1, 20, 20), stop(2, 20 + 80 + 2 * MARGIN, 20)]  # region of 2 starts where region of 1 ends
    assert not _interfere(*stops)
    assert indices(_batches(stops)) == [[1, 2]]


def test_each_stop_joins_the_first_batch_it_fits_in() -> None:
    stops = [stop(1, 20, 20), stop(2, 60, 30), stop(3, 500, 20), stop(4, 70, 40)]  # 1, 2 and 4 overlap
    assert indices(_batches(stops)) == [[1, 3], [2], [4]]


def test_a_stop_inside_anothers_own_ancestor_is_shot_apart_from_it() -> None:
    # A menu button, and a link elsewhere inside the menu's panel: focusing the button may restyle the panel
    # (:focus-within on the button's wrapper, which the link does not share).
    wrapper = Box(x=10, y=10, width=400, height=200)
    button = stop(1, 20, 20, ancestors={7: wrapper, 1: Box(x=0, y=0, width=1280, height=2000)})
    link = stop(2, 300, 150, ancestors={1: Box(x=0, y=0, width=1280, height=2000)})
    assert _interfere(button, link) and _interfere(link, button)
    assert indices(_batches([button, link])) == [[1], [2]]


def test_an_ancestor_both_stops_share_does_not_keep_them_apart() -> None:
    nav = Box(x=10, y=10, width=600, height=60)
    stops = [stop(1, 20, 20, ancestors={5: nav}), stop(2, 300, 20, ancestors={5: nav})]
    assert not _interfere(*stops)
    assert indices(_batches(stops)) == [[1, 2]]


@pytest.mark.parametrize(("gap", "apart"), [
    pytest.param(MARGIN - 1, False, id="a-region-reaching-into-the-ancestors-margin-interferes"),
    pytest.param(MARGIN, True, id="a-region-just-clear-of-the-ancestors-margin-does-not"),
])
def test_an_own_ancestor_counts_with_a_margin_around_it(gap: int, apart: bool) -> None:
    card = Box(x=10, y=10, width=200, height=100)  # the second stop's own ancestor
    first = stop(1, 210 + gap + MARGIN, 10)  # its region starts `gap` px right of the card
    second = stop(2, 20, 20, width=40, ancestors={9: card})
    assert first.region[0] - int(card.right) == gap
    assert _interfere(first, second) is not apart


def test_a_batch_spans_at_most_the_maximum_height() -> None:
    top = stop(1, 20, 100)
    within = stop(2, 20, 100 - MARGIN + MAX_BATCH_HEIGHT - 24 - MARGIN)  # its region ends exactly at the limit
    beyond = stop(3, 400, 100 - MARGIN + MAX_BATCH_HEIGHT - 24 - MARGIN + 1)
    assert within.region[3] - top.region[1] == MAX_BATCH_HEIGHT
    assert indices(_batches([top, within, beyond])) == [[1, 2], [3]]


def test_a_stop_taller_than_a_batch_still_gets_one_of_its_own() -> None:
    stops = [stop(1, 20, 20), stop(2, 400, 20, height=MAX_BATCH_HEIGHT + 500)]
    assert indices(_batches(stops)) == [[1], [2]]


def test_on_a_long_page_every_stop_is_in_one_batch_none_interferes_and_no_batch_is_too_tall() -> None:
    rng = np.random.default_rng(3)
    page = Box(x=0, y=0, width=1280, height=20_000)
    sections = {s: Box(x=0, y=s * 2000, width=1280, height=2000) for s in range(10)}
    stops = []
    for i in range(300):
        x, y = int(rng.integers(0, 1200)), int(rng.integers(0, 19_950))
        stops.append(stop(i, x, y, width=int(rng.integers(10, 80)), height=int(rng.integers(10, 40)),
                          ancestors={0: page, 100 + y // 2000: sections[y // 2000]}))
    batches = _batches(stops)
    assert sorted(s.index for batch in batches for s in batch) == list(range(300))
    assert len(batches) < 100  # batching does save shots
    for batch in batches:
        assert max(s.region[3] for s in batch) - min(s.region[1] for s in batch) <= MAX_BATCH_HEIGHT
        assert not any(_interfere(a, b) for i, a in enumerate(batch) for b in batch[i + 1:])


# -- a stop's region, from what the page said about the focused element ------------------------------------------

def active(**fields: Any) -> dict[str, Any]:
    return {"index": 4, "selector": "#buy", "tag": "button", "doc_box": {"x": 100, "y": 50, "width": 80, "height": 30},
            "ancestors": [{"id": 2, "box": {"x": 0, "y": 0, "width": 640, "height": 480}}], "mutated": False,
            "closed_shadow": False, **fields}


REFERENCE = np.zeros((400, 600, 3), dtype=np.uint8)


def test_a_stops_region_is_its_box_grown_by_the_margin() -> None:
    made = _stop(active(), REFERENCE)
    assert made is not None
    assert (made.index, made.selector, made.region) == (4, "#buy", (94, 44, 186, 86))
    assert made.ancestors == {2: Box(x=0, y=0, width=640, height=480)} and not made.needs_real_focus


def test_a_stops_region_is_clipped_to_the_reference_capture() -> None:
    made = _stop(active(doc_box={"x": 2, "y": 380, "width": 700, "height": 40}), REFERENCE)
    assert made is not None and made.region == (0, 374, 600, 400)


@pytest.mark.parametrize("fields", [
    pytest.param({"tag": "iframe"}, id="an-iframe-whose-content-is-another-document"),
    pytest.param({"doc_box": {"x": 900, "y": 50, "width": 80, "height": 30}}, id="an-element-right-of-the-capture"),
    pytest.param({"doc_box": {"x": 100, "y": 410, "width": 80, "height": 30}}, id="an-element-below-the-capture"),
    pytest.param({"doc_box": {"x": -300, "y": -300, "width": 10, "height": 10}}, id="an-element-moved-off-screen"),
])
def test_there_is_no_stop_where_nothing_can_be_compared(fields: dict[str, Any]) -> None:
    assert _stop(active(**fields), REFERENCE) is None


@pytest.mark.parametrize(("mutated", "closed_shadow", "real"), [
    (False, False, False), (True, False, True), (False, True, True), (True, True, True)])
def test_only_real_focus_shows_a_look_a_script_styles_or_a_closed_shadow_root_hides(
        mutated: bool, closed_shadow: bool, real: bool) -> None:
    made = _stop(active(mutated=mutated, closed_shadow=closed_shadow), REFERENCE)
    assert made is not None and made.needs_real_focus is real


# -- what the pixels say about the indicator ----------------------------------------------------------------------

def region(colour: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    return np.full((42, 92, 3), colour, dtype=np.uint8)


MIN_CHANGED_PIXELS, MIN_CHANGE_CONTRAST = FOCUS.options["min_changed_pixels"], FOCUS.options["min_change_contrast"]


def ringed(base: np.ndarray, colour: tuple[int, int, int], width: int = 2) -> np.ndarray:
    out = base.copy()
    out[4:4 + width, 4:-4] = colour
    out[-4 - width:-4, 4:-4] = colour
    out[4:-4, 4:4 + width] = colour
    out[4:-4, -4 - width:-4] = colour
    return out


def test_no_change_on_focus_is_no_indicator() -> None:
    found = _indicator(region(), region())
    assert (found.changed_pixels, found.change_contrast, found.visible(FOCUS.options)) == (0, 1.0, False)


def test_a_dark_focus_ring_is_a_visible_indicator() -> None:
    found = _indicator(ringed(region(), (0, 95, 204)), region())
    assert found.changed_pixels == 2 * 2 * (92 - 8) + 2 * 2 * (42 - 8) - 4 * 4
    ring_on_white = float(contrast_ratio(np.array([0, 95, 204]), np.array([255, 255, 255])))
    assert found.change_contrast == round(ring_on_white, 2) == 5.98 and found.visible(FOCUS.options)


def test_a_ring_too_close_to_the_background_is_too_faint_to_count() -> None:
    found = _indicator(ringed(region(), (225, 225, 225)), region())
    assert found.changed_pixels > MIN_CHANGED_PIXELS and found.change_contrast < MIN_CHANGE_CONTRAST
    assert not found.visible(FOCUS.options)


def test_a_pale_fill_with_a_dark_line_across_the_element_is_visible() -> None:
    """Most of what changes is a pale cream fill (1.1:1 on white, and little colour); a dark bar across it shows."""
    unfocused = region()
    filled = unfocused.copy()
    filled[6:36, 6:86] = (253, 246, 178)  # the element (80 x 30 px, with focus.py's MARGIN of 6 px around it)
    assert not _indicator(filled, unfocused).visible(FOCUS.options)
    barred = filled.copy()
    barred[6:36, 40] = (17, 17, 17)  # a 1 px stroke across it, as long as its shorter side
    assert _indicator(barred, unfocused).visible(FOCUS.options)
    barred[6:16, 40] = (253, 246, 178)  # shorter: a few dark pixels in a pale fill are not enough
    assert not _indicator(barred, unfocused).visible(FOCUS.options)


def test_a_fill_of_saturated_colour_is_visible_by_its_colour() -> None:
    """White to GOV.UK's focus yellow is 1.35:1 in luminance, and a plain change of colour."""
    unfocused = region()
    yellow = unfocused.copy()
    yellow[6:36, 6:86] = (255, 221, 0)
    found = _indicator(yellow, unfocused)
    assert found.change_contrast < MIN_CHANGE_CONTRAST and found.colour_difference == 0.212
    assert found.visible(FOCUS.options)
    grey = unfocused.copy()
    grey[6:36, 6:86] = (225, 225, 225)  # as dark in luminance (1.29:1), and no colour: faint
    assert not _indicator(grey, unfocused).visible(FOCUS.options)


def test_changes_of_12_or_less_per_channel_are_rendering_noise() -> None:
    assert _indicator(ringed(region(), (243, 243, 243)), region()).changed_pixels == 0
    assert _indicator(ringed(region(), (242, 242, 242)), region()).changed_pixels > 0


def test_regions_of_different_sizes_compare_as_no_change() -> None:
    found = _indicator(region()[:-1], region())
    assert (found.changed_pixels, found.change_contrast) == (0, 1.0)


@pytest.mark.parametrize(("changed", "contrast", "visible"), [
    (MIN_CHANGED_PIXELS, MIN_CHANGE_CONTRAST, True),
    (MIN_CHANGED_PIXELS - 1, 21.0, False),
    (10_000, MIN_CHANGE_CONTRAST - 0.01, False),
])
def test_an_indicator_is_visible_with_enough_changed_pixels_and_enough_contrast(changed: int, contrast: float,
                                                                                 visible: bool) -> None:
    assert Indicator(changed, contrast).visible(FOCUS.options) is visible


@pytest.mark.parametrize(("indicator", "status", "says"), [
    pytest.param(Indicator(0, 1.0, elsewhere=0), "violation", "changes nothing on screen",
                 id="nothing-changes-anywhere-is-a-violation"),
    pytest.param(Indicator(40, 1.2, 0.05, elsewhere=None), "needs-review",
                 "only faintly (contrast 1.20:1, colour difference 0.05)",
                 id="a-faint-change-goes-to-a-person"),
    pytest.param(Indicator(3, 4.0, elsewhere=0), "needs-review", "hardly anything around it",
                 id="a-few-pixels-around-it-go-to-a-person"),
    pytest.param(Indicator(0, 1.0, elsewhere=250), "needs-review", "something else on screen changes",
                 id="a-change-elsewhere-may-be-its-indicator"),
    pytest.param(Indicator(0, 1.0, elsewhere=None), "needs-review", "the rest of the screen could not be compared",
                 id="unknown-elsewhere-is-never-a-violation"),
    pytest.param(Indicator(0, 1.0, elsewhere=0, moved=True), "needs-review", "a script moved focus away",
                 id="focus-a-script-moved-during-the-shot-is-never-a-violation"),
])
def test_a_missing_indicator_is_a_violation_only_when_nothing_on_screen_changes(indicator: Indicator, status: str,
                                                                                 says: str) -> None:
    capture = SimpleNamespace(url="http://127.0.0.1/form.html")
    context = CheckInput(page=None, capture=capture, settings=Settings())  # type: ignore[arg-type]
    finding = _no_indicator(context, stop(4, 100, 50), indicator, context.options(FOCUS))
    assert (finding.rule, finding.wcag, finding.status, finding.selector) == ("focus-visible", ["2.4.7"], status, "#s4")
    assert says in finding.message
    assert finding.evidence["changed_elsewhere"] == indicator.elsewhere


def test_what_changed_elsewhere_in_the_viewport_leaves_the_stops_own_region_out() -> None:
    reference = np.full((400, 600, 3), 255, dtype=np.uint8)
    area, region = (0, 100, 600, 400), (50, 150, 90, 170)  # the viewport scrolled 100 px down; the stop's region
    focused = reference[100:400].copy()
    focused[50:70, 50:90] = 0  # inside the region (document rows 150-170): its own indicator, not "elsewhere"
    assert _changed_elsewhere(focused, area, region, reference) == 0
    focused[0:10, 500:510] = 0  # a ring drawn far away, at document rows 100-110
    assert _changed_elsewhere(focused, area, region, reference) == 100
    assert _changed_elsewhere(focused[:-1], area, region, reference) is None  # a shot that is not the area


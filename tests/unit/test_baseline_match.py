"""Baseline match levels (uiagent.baselines.match, .facts, .store), without a browser: element lists, pictures and
captures made up in the test, compared under each level."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from uiagent.baselines import BaselineStore
from uiagent.baselines.facts import (
    BaselineFacts,
    ElementFacts,
    Region,
    measure,
    picture_hash,
)
from uiagent.baselines.match import (
    MATCH_LEVELS,
    Side,
    blank,
    compare,
    compare_content,
    compare_edges,
    compare_layout,
    describe,
    dynamic_changes,
    match_level,
    region_boxes,
)
from uiagent.capture.models import (
    Box,
    Capture,
    DomFacts,
    Element,
    PaintedImage,
    TextRun,
)
from uiagent.errors import ConfigError


def box(x: float, y: float, width: float = 100, height: float = 40) -> Box:
    return Box(x=x, y=y, width=width, height=height)


def element(selector: str, where: Box, text: str = "", image: str | None = None, tag: str = "div") -> ElementFacts:
    return ElementFacts(selector=selector, tag=tag, box=where, text=text, image=image)


def facts(*elements: ElementFacts) -> BaselineFacts:
    return BaselineFacts(width=800, height=600, elements=list(elements))


FACE = "c3c3c33c3c3cc3c3"  # two made-up perceptual hashes, far apart (32 of 64 bits differ)
STRIPES = "c3c3c33cc3c33c3c"
NEAR_FACE = "c3c3c33c3c3cc3c2"  # one bit from FACE: the same picture re-rendered or rescaled

CARD = facts(
    element("html", box(0, 0, 800, 600), tag="html"),
    element("#title", box(40, 40, 520, 36), "Autumn collection", tag="h1"),
    element("#avatar", box(580, 40, 64, 64), image=FACE, tag="img"),
    element("#date", box(40, 84, 300, 20), "Updated 3 April 2026"),
    element("#date > b", box(100, 84, 40, 20), "April"),
    element("#buy", box(100, 200, 140, 44), "Buy now", tag="button"),
)


def changed(base: BaselineFacts, selector: str, **update: object) -> BaselineFacts:
    """`base` with one element's fields replaced (or, with no fields, the element removed)."""
    return facts(*[e.model_copy(update=update) if e.selector == selector else e
                   for e in base.elements if e.selector != selector or update])


def texts(differences) -> list[str]:  # type: ignore[no-untyped-def]
    return [difference.text for difference in differences]


# -- levels ---------------------------------------------------------------------------------------------------


def test_known_levels_pass_and_an_unknown_one_is_a_usage_error_naming_them() -> None:
    assert [match_level(level) for level in MATCH_LEVELS] == ["strict", "layout", "ignore-colors", "content"]
    with pytest.raises(ConfigError, match="unknown baseline match level 'fuzzy': use one of 'strict', 'layout', "
                                          "'ignore-colors', 'content'"):
        match_level("fuzzy")


# -- layout ---------------------------------------------------------------------------------------------------


def test_layout_names_a_moved_element_with_both_places() -> None:
    moved = changed(CARD, "#buy", box=box(104, 200, 140, 44))
    assert texts(compare_layout(CARD, moved, [])) == ["#buy moved from (100,200) to (104,200)"]


def test_layout_ignores_sub_pixel_noise_text_and_pictures_in_unchanged_boxes() -> None:
    nudged = changed(CARD, "#buy", box=box(100.6, 200.4, 140.5, 44))
    reworded = changed(nudged, "#title", text="Spring sale ends soon")
    swapped = changed(reworded, "#avatar", image=STRIPES)
    assert compare_layout(CARD, swapped, []) == []


def test_layout_reports_removed_added_and_resized_elements_removed_first() -> None:
    now = changed(changed(CARD, "#buy"), "#title", box=box(40, 40, 520, 72))
    now = facts(*now.elements, element("#banner", box(0, 560, 800, 40)))
    assert texts(compare_layout(CARD, now, [])) == [
        "#buy removed (was at (100,200) 140x44)", "#banner added at (0,560) 800x40",
        "#title resized from 520x36 to 520x72"]


def test_layout_lists_the_moved_element_before_the_containers_that_moved_with_it() -> None:
    base = facts(element("main", box(0, 0, 800, 400)), element("#buy", box(100, 200, 140, 44)))
    now = facts(element("main", box(0, 8, 800, 400)), element("#buy", box(100, 208, 140, 44)))
    assert texts(compare_layout(base, now, [])) == ["#buy moved from (100,200) to (100,208)",
                                                    "main moved from (0,0) to (0,8)"]


def test_layout_leaves_out_what_lies_in_an_ignored_region_on_each_side() -> None:
    # The region's element moved and its child changed size: neither counts; #buy outside it still does.
    now = changed(changed(CARD, "#date", box=box(52, 84, 300, 20)), "#date > b", box=box(110, 84, 80, 20))
    ignored = [Region("#date", dynamic=False, found=(("#date", box(52, 84, 300, 20)),))]
    assert compare_layout(CARD, now, ignored) == []
    moved_too = changed(now, "#buy", box=box(100, 204, 140, 44))
    assert texts(compare_layout(CARD, moved_too, ignored)) == ["#buy moved from (100,200) to (100,204)"]


# -- content --------------------------------------------------------------------------------------------------


def test_content_matches_wherever_things_are() -> None:
    moved = changed(changed(CARD, "#buy", box=box(300, 500, 140, 44)), "#avatar", box=box(10, 10, 128, 128),
                    image=NEAR_FACE)
    assert compare_content(CARD, moved, []) == []
    # The same text in another element: texts are a collection, not a map from places.
    relabelled = changed(changed(CARD, "#buy", text=""), "#title", text="Buy now")
    relabelled = facts(*relabelled.elements, element("#heading", box(0, 0), "Autumn collection"))
    assert compare_content(CARD, relabelled, []) == []


def test_content_names_changed_gone_and_new_texts() -> None:
    assert texts(compare_content(CARD, changed(CARD, "#title", text="Spring sale ends soon"), [])) == [
        "text of #title changed from 'Autumn collection' to 'Spring sale ends soon'"]
    assert texts(compare_content(CARD, changed(CARD, "#buy"), [])) == ["text 'Buy now' of #buy is gone"]
    added = facts(*CARD.elements, element("#promo", box(0, 0), "Free shipping"))
    assert texts(compare_content(CARD, added, [])) == ["new text 'Free shipping' in #promo"]


def test_content_names_a_swapped_removed_or_new_picture() -> None:
    assert texts(compare_content(CARD, changed(CARD, "#avatar", image=STRIPES), [])) == ["image #avatar changed"]
    assert texts(compare_content(CARD, changed(CARD, "#avatar"), [])) == ["image #avatar is gone"]
    added = facts(*CARD.elements, element("#logo", box(0, 0, 32, 32), image=STRIPES, tag="img"))
    assert texts(compare_content(CARD, added, [])) == ["new image #logo"]


def test_content_leaves_out_the_text_of_dynamic_regions() -> None:
    dated = changed(changed(CARD, "#date", text="Updated 30 December 2026"), "#date > b", text="December")
    dynamic = [Region("#date", dynamic=True, found=(("#date", box(40, 84, 300, 20)),))]
    assert compare_content(CARD, dated, dynamic) == []
    assert len(compare_content(CARD, dated, [])) == 2


# -- dynamic regions ------------------------------------------------------------------------------------------


def test_a_dynamic_region_must_keep_its_box_be_in_the_baseline_and_match_something() -> None:
    moved = [Region("#date", dynamic=True, found=(("#date", box(52, 84, 300, 20)),))]
    assert texts(dynamic_changes(moved, CARD)) == ["dynamic region #date moved from (40,84) to (52,84)"]
    assert dynamic_changes(moved, CARD, position=False) == [], "content: only that it is there"
    grown = [Region("#date", dynamic=True, found=(("#date", box(40, 84, 300, 40)),))]
    assert texts(dynamic_changes(grown, CARD)) == ["dynamic region #date resized from 300x20 to 300x40"]
    new = [Region(".clock", dynamic=True, found=(("#clock", box(0, 0)),))]
    assert texts(dynamic_changes(new, CARD)) == ["dynamic region '.clock' (#clock) is not in the baseline"]
    assert texts(dynamic_changes([Region(".clock", dynamic=True, found=())], CARD)) == [
        "dynamic region '.clock' matches no element"]
    ignored = [Region("#date", dynamic=False, found=(("#date", box(52, 84, 300, 20)),))]
    assert dynamic_changes(ignored, CARD) == [], "an ignored region may move"


def test_region_boxes_come_from_the_baseline_facts_else_from_now() -> None:
    regions = [Region("#date", dynamic=True, found=(("#date", box(52, 84, 300, 20)),)),
               Region(".ad", dynamic=False, found=(("#ad", box(0, 500, 300, 50)),))]
    before, after = region_boxes(regions, CARD)
    assert before == [box(40, 84, 300, 20), box(0, 500, 300, 50)]
    assert after == [box(52, 84, 300, 20), box(0, 500, 300, 50)]
    assert region_boxes(regions, None) == (after, after), "a baseline without facts: where they are now"


# -- ignore-colors: edges -------------------------------------------------------------------------------------


def picture(button: tuple[int, int, int] = (0, 90, 220), at: int = 100, label: bool = True,
            size: tuple[int, int] = (400, 300)) -> Image.Image:
    """A white picture with a coloured button (and a white bar on it for its label)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((at, 100, at + 139, 143), fill=button)
    if label:
        draw.rectangle((at + 20, 115, at + 100, 127), fill="white")
    return image


def test_edges_keep_a_recoloured_element_and_lose_a_moved_or_changed_one() -> None:
    assert compare_edges(picture(), picture(button=(0, 140, 60))) == []
    assert compare_edges(picture(), picture(button=(200, 30, 30))) == []
    [moved] = compare_edges(picture(), picture(at=104))
    assert moved.text.startswith("edges changed: ") and "threshold 0.01%" in moved.text and moved.boxes
    assert compare_edges(picture(), picture(label=False))  # the label's edges are gone


def test_edges_tolerate_a_one_pixel_shift_and_a_threshold() -> None:
    assert compare_edges(picture(), picture(at=101)) == [], "anti-aliasing moves an edge by a pixel"
    assert compare_edges(picture(), picture(at=104), threshold=0.05) == []


def test_edges_of_pictures_of_different_sizes_differ_in_size() -> None:
    assert texts(compare_edges(picture(), picture(size=(400, 320)))) == ["size changed from 400x300 to 400x320"]


def test_edges_name_the_element_around_a_change_now_or_in_the_baseline() -> None:
    where = facts(element("html", box(0, 0, 400, 300)), element("#buy", box(100, 100, 140, 44)))
    [difference] = compare_edges(picture(), picture(label=False), facts=(where,))
    assert difference.text.startswith("edges changed in #buy: ")


def test_blanked_regions_compare_equal_whatever_they_show() -> None:
    region = box(100, 100, 140, 44)
    assert compare_edges(blank(picture(), [region]), blank(picture(label=False), [region])) == []


def test_compare_runs_the_dynamic_check_then_the_level() -> None:
    moved = [Region("#date", dynamic=True, found=(("#date", box(52, 84, 300, 20)),))]
    before, after = Side(picture(), CARD), Side(picture(), changed(CARD, "#date", box=box(52, 84, 300, 20)))
    assert texts(compare("layout", before, after, moved)) == ["dynamic region #date moved from (40,84) to (52,84)"]
    assert compare("content", before, after, moved) == []
    with pytest.raises(ValueError):
        compare("strict", before, after, [])


def test_describe_lists_at_most_eight_and_counts_the_rest() -> None:
    many = compare_layout(CARD, facts(), [])
    assert len(many) == 6 and describe(many) == texts(many)
    more = compare_layout(facts(*[element(f"#e{i}", box(i, 0)) for i in range(11)]), facts(), [])
    assert describe(more)[-1] == "... and 3 more difference(s)" and len(describe(more)) == 9


# -- facts: measured from a capture, stored beside the PNG ------------------------------------------------------


def capture_of(pixels: np.ndarray, origin: Box, masks: list[Box] = ()) -> Capture:  # type: ignore[assignment]
    dom = DomFacts(url="http://x/", title="", lang="en", viewport_width=400, viewport_height=300, scroll_width=400,
                   scroll_height=900, elements=[
                       Element(selector="#title", tag="h1", box=box(20, 520, 300, 30)),
                       Element(selector="#photo", tag="div", box=box(20, 560, 64, 64)),
                       Element(selector="#card", tag="div", box=box(200, 560, 150, 30)),
                       Element(selector="#far", tag="p", box=box(20, 10, 100, 20)),  # scrolled away
                   ], text_runs=[
                       TextRun(selector="#title", text="Hello", box=box(20, 520, 300, 30), color="", background_color="",
                               background_image=False, font_size_px=16, font_weight=400),
                       TextRun(selector="#card", text="4242 4242 4242 4242", box=box(200, 560, 150, 30), color="",
                               background_color="", background_image=False, font_size_px=16, font_weight=400),
                       TextRun(selector="#far", text="Far", box=box(20, 10, 100, 20), color="", background_color="",
                               background_image=False, font_size_px=16, font_weight=400),
                   ], focusables=[], images=[], painted_images=[
                       PaintedImage(selector="#photo", kind="background", src="http://x/photo.png",
                                    box=box(20, 560, 64, 64))])
    return Capture.of(pixels=pixels, url="http://x/", kind="viewport", origin=origin, stable=True, settle_ms=0,
                      dom=dom, masks=list(masks))


def test_measure_keeps_what_is_in_the_picture_relative_to_it_and_nothing_a_mask_hides() -> None:
    pixels = np.full((300, 400, 3), 255, dtype=np.uint8)
    pixels[60:124, 20:84] = (200, 40, 40)  # the photo (document y 560 = picture y 60)
    pixels[80:100, 30:70] = (20, 20, 20)
    shot = capture_of(pixels, origin=box(0, 500, 400, 300), masks=[box(195, 555, 160, 40)])
    measured = measure(shot, None, shot.image())
    by = measured.by_selector()
    assert set(by) == {"#title", "#photo", "#card"}, "#far is scrolled out of the picture"
    assert by["#title"].box == box(20, 20, 300, 30) and by["#title"].text == "Hello"
    assert by["#photo"].image == picture_hash(shot.image(), box(20, 60, 64, 64)) and by["#photo"].src
    assert by["#card"].text == "" and by["#card"].box == box(200, 60, 150, 30), "masked: its box only"
    assert "4242" not in measured.model_dump_json()


def test_measure_of_a_locator_is_relative_to_its_region() -> None:
    pixels = np.full((300, 400, 3), 255, dtype=np.uint8)
    shot = capture_of(pixels, origin=box(0, 500, 400, 300))
    region = box(10, 510, 200, 100)
    measured = measure(shot, region, shot.image().crop((10, 10, 210, 110)))
    assert (measured.width, measured.height) == (200, 100)
    assert measured.by_selector()["#title"].box == box(10, 10, 300, 30)
    assert "#card" in measured.by_selector(), "partly in the picture: kept"


def test_the_store_keeps_facts_beside_the_png_and_drops_stale_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = BaselineStore(tmp_path)
    image = Image.new("RGB", (800, 600), "white")
    store.save("card", image, CARD)
    assert store.facts_path("card") == tmp_path / "card.json" and store.load_facts("card") == CARD
    lines = store.facts_path("card").read_text().splitlines()
    assert len(lines) == len(CARD.elements) + 2, "one element a line, for reviewable diffs"
    store.save("card", image)  # a picture with no facts: the old facts describe another picture
    assert store.load_facts("card") is None and store.load("card") is not None
    store.facts_path("card").write_text('{"version": 1}')
    with pytest.raises(ConfigError, match="not a baseline facts file.*--uiagent-update-baselines"):
        store.load_facts("card")

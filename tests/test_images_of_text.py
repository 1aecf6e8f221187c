"""The image-of-text decisions (WCAG 1.4.5, ACT 0va7u6) on measured readings and facts, without a browser."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from uiagent.audit.checks.images_of_text import (
    Reading,
    Word,
    decide,
    drawn_by_control,
    exception_cue,
    is_unsure_word,
    is_word,
    mask_painted_over,
    measure,
    merge_passes,
    overlays_of,
    read_words,
    site_names,
)
from uiagent.capture.models import Box, PaintedImage, TextRun


def word(text: str = "Open", confidence: float = 95.0, box: tuple[float, float, float, float] = (10, 10, 60, 30)) -> Word:
    return Word(text, confidence, box)


def reading(words: int = 2, cover: float = 0.3, edges: float = 0.0, unsure: int = 0, drawing: float = 0.0) -> Reading:
    return Reading(words=[word()] * words, unsure=[word(confidence=60)] * unsure, text_cover=cover, edge_density=edges,
                   drawing_ink=drawing)


def painted(**facts: object) -> PaintedImage:
    fields: dict[str, object] = {"selector": "#banner", "kind": "img", "src": "http://shop.test/a/banner.png",
                                 "box": Box(x=0, y=0, width=400, height=100)}
    return PaintedImage.model_validate({**fields, **facts})


def test_words_need_confidence_and_two_letters_or_digits() -> None:
    assert is_word(word("Press")) and is_word(word("me!")) and is_word(word("42"))
    assert not is_word(word("A"))  # one glyph is not human language
    assert not is_word(word("Open", confidence=69))
    assert is_unsure_word(word("panhor", confidence=62))
    assert not is_unsure_word(word("We", confidence=61)) and not is_unsure_word(word("gat", confidence=96))


def test_two_passes_keep_one_reading_per_place() -> None:
    first = [word("Weleome", 35, (0, 0, 100, 30)), word("to", 90, (110, 0, 130, 30))]
    second = [word("Welcome", 88, (2, 1, 99, 31)), word("site", 91, (140, 0, 180, 30))]
    assert [w.text for w in merge_passes(first, second)] == ["Welcome", "to", "site"]
    assert [w.text for w in merge_passes(second, first)] == ["Welcome", "to", "site"]


def test_measures_text_cover_and_the_background_around_it() -> None:
    flat = np.full((100, 200), 240, dtype=np.uint8)
    words = [word("Open", box=(20, 40, 80, 60)), word("daily", box=(90, 40, 160, 60))]
    measured = measure(flat, words, np.zeros(flat.shape, dtype=bool))
    assert measured.edge_density == 0.0
    # Each box padded by half its height (10 px): x 10..170, y 30..70 of 200 x 100.
    assert measured.text_cover == pytest.approx(160 * 40 / 20000, abs=0.01)
    assert measured.drawing_ink == 0.0  # no ink but the words'
    busy = np.random.default_rng(1).integers(0, 255, (100, 200)).astype(np.uint8)
    assert measure(busy, words, np.zeros(busy.shape, dtype=bool)).edge_density > 0.5


def test_measures_the_drawing_around_the_words_against_their_lettering() -> None:
    grey = np.full((100, 200), 255, dtype=np.uint8)
    grey[45:55, 30:40] = 0  # a stroke inside the word's box: 40 edge pixels (both sides of each of its 4 edges)
    words = [word("Open", box=(20, 40, 80, 60))]
    assert measure(grey, words, np.zeros(grey.shape, dtype=bool)).drawing_ink == 0.0
    grey[90, 10:190] = 0  # a line drawn under it, far from the word: 2 edge rows of 180 px
    assert measure(grey, words, np.zeros(grey.shape, dtype=bool)).drawing_ink > 1.0


def test_what_paints_over_an_image_is_left_out_of_its_measure() -> None:
    grey = np.full((100, 200), 240, dtype=np.uint8)
    grey[:, 100:] = np.random.default_rng(2).integers(0, 255, (100, 100))  # busy half, under an HTML overlay
    painted_over = np.zeros(grey.shape, dtype=bool)
    painted_over[:, 95:] = True
    assert measure(grey, [], painted_over).edge_density == 0.0


def test_overlays_are_filled_with_the_images_median_colour() -> None:
    crop = Image.new("RGB", (100, 50), (200, 30, 30))
    ImageDraw.Draw(crop).rectangle((40, 10, 60, 30), fill=(255, 255, 255))  # HTML text painted over it
    filled, mask = mask_painted_over(crop, Box(x=100, y=100, width=100, height=50), [Box(x=142, y=112, width=16, height=16)])
    assert mask.any() and not mask.all()
    assert np.asarray(filled)[20, 50].tolist() == [200, 30, 30]


def test_text_beside_an_inline_image_covers_its_lines_only() -> None:
    image = painted(box=Box(x=200, y=100, width=120, height=40))
    line = {"color": "#000", "background_color": "#fff", "background_image": False, "font_size_px": 16, "font_weight": 400}
    paragraph = TextRun(selector="p", text="Pay with ... or by card", box=Box(x=0, y=90, width=600, height=60), **line,
                        lines=[Box(x=0, y=110, width=195, height=20), Box(x=325, y=110, width=200, height=20)])
    caption = TextRun(selector="#over", text="Sale", box=Box(x=210, y=105, width=40, height=20), **line)
    assert overlays_of(image, [paragraph, caption]) == [caption.box]
    background = painted(kind="background", covered=[Box(x=0, y=0, width=10, height=10)])
    assert overlays_of(background, []) == [Box(x=0, y=0, width=10, height=10)]


@pytest.mark.parametrize(("measured", "status"), [
    (reading(words=15, cover=0.12, edges=0.0), "violation"),  # paragraphs of text on a plain background
    (reading(words=2, cover=0.75, edges=0.35), "violation"),  # a button face that is all text
    (reading(words=2, cover=0.02, edges=0.01), None),  # a small label on a product shot's plain backdrop
    (reading(words=3, cover=0.05, edges=0.30), None),  # a few signs in a street photo
    (reading(words=0, cover=0.0, edges=0.3), None),  # nothing read
    (reading(words=1, cover=0.9, edges=0.0), "needs-review"),  # a lone word: maybe a wordmark
    (reading(words=4, cover=0.3, edges=0.3), "needs-review"),  # text over a picture
    (reading(words=0, unsure=1, cover=0.9, edges=0.0), "needs-review"),  # lettering read without confidence
    (reading(words=0, unsure=2, cover=0.02, edges=0.3), None),  # texture that looks a little like letters
    (reading(words=7, cover=0.09, edges=0.04, drawing=1.3), "needs-review"),  # labels in a diagram's boxes
    (reading(words=6, cover=0.2, edges=0.0, drawing=0.6), "violation"),  # a banner with a drawn frame
    (reading(words=2, cover=0.6, edges=0.3, drawing=1.1), "violation"),  # a button face: the text fills it
])
def test_decision(measured: Reading, status: str | None) -> None:
    outcome = decide(measured, cue=None)
    assert (outcome[0] if outcome else None) == status


def test_a_cue_turns_a_violation_into_a_question_naming_it() -> None:
    outcome = decide(reading(words=5, cover=0.4, edges=0.0), cue="it sits in the site's banner")
    assert outcome == ("needs-review", "cue")
    assert decide(reading(words=3, cover=0.05, edges=0.3), cue="a figure caption describes it") is None


def test_logo_cues() -> None:
    names = site_names("Our look · Northwind Teas", "https://www.northwind.test/look")
    assert exception_cue(painted(labels="site-logo header.png"), "Northwind", names) is not None
    assert exception_cue(painted(name="Acme brand mark"), "Acme", names) is not None
    assert exception_cue(painted(in_banner=True), "Acme", names) is not None
    assert exception_cue(painted(home_link=True), "Acme", names) is not None
    assert "site's name" in (exception_cue(painted(), "Northwind Teas", names) or "")
    assert "site's name" in (exception_cue(painted(), "NORTHWIND", names) or "")  # the host's own name


def test_another_sites_name_in_a_link_to_it_is_a_logo_cue() -> None:
    cue = exception_cue(painted(link_host="www.testmuai.com", name="TestMu AI"), "TestMu Al", set())  # as OCR read it
    assert cue is not None and "www.testmuai.com" in cue
    assert exception_cue(painted(link_host="www.example.com", name="Buy now"), "Buy now", set()) is None


def test_a_file_name_for_a_text_alternative_describes_nothing() -> None:
    # Sphinx gives an image without alt its path: that is no description of it.
    assert exception_cue(painted(alt="_images/flask-name.svg", name="_images/flask-name.svg"), "Flask web development",
                         set()) is None


def test_text_css_paints_over_a_background_is_a_question() -> None:
    assert "CSS" in (exception_cue(painted(kind="background", generated_text=True), "New in", set()) or "")


def test_words_a_form_control_draws_over_its_background_are_its_own_text() -> None:
    shown = "Open this select menu"
    assert all(drawn_by_control(word(text), shown) for text in ("Open", "this", "select", "menu", "men"))  # OCR slips
    assert not drawn_by_control(word("Order"), shown)
    assert not drawn_by_control(word("Open"), "")  # a control that draws no text: every word is the image's
    assert not drawn_by_control(word("—"), shown)  # (no letters to compare)


def test_essential_cues() -> None:
    assert "font" in (exception_cue(painted(nearby_text="A cover illustrating an old Gothic font"), "Ivanhoe", set()) or "")
    assert exception_cue(painted(alt="Chart of sales by month"), "Sales 2024", set()) is not None
    assert exception_cue(painted(caption="Fig. 2, the reading room"), "Reading room", set()) is not None


def test_no_cue_for_an_image_of_text_whose_alt_repeats_it() -> None:
    alt = "The Accessibility Conformance Testing (ACT) Rules Format 1.0 defines a format for writing test rules."
    read = "The Accessibility Conformance Testing (ACT) Rules Format 1.0 defines a format for writing test rules"
    assert exception_cue(painted(alt=alt, name=alt, nearby_text="Welcome to the paragraph"), read,
                         site_names("Failed Example 1", "http://127.0.0.1:8000/x.html")) is None
    assert exception_cue(painted(alt="Summer sale banner", name="Summer sale banner"), "SUMMER SALE 50% OFF",
                         set()) is None  # two of its three words are the image's


def test_a_text_alternative_that_describes_the_image_instead_of_its_words_is_a_question() -> None:
    name = "The checkout's tabs in their compact style"
    cue = exception_cue(painted(alt=name, name=name), "Details Delivery Payment We send every order within two "
                        "working days and you can follow them from the moment they leave", set())
    assert cue is not None and "describes it" in cue
    assert exception_cue(painted(alt="", name=""), "Details Delivery Payment", set()) is None  # no alternative


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_ocr_reads_a_rendered_banner_and_not_a_single_letter() -> None:
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 36)
    banner = Image.new("L", (420, 120), 40)
    ImageDraw.Draw(banner).text((210, 60), "Open every day", font=font, fill=250, anchor="mm")
    tokens = read_words(banner)
    measured = measure(np.asarray(banner), tokens, np.zeros((120, 420), dtype=bool))
    assert [w.text for w in measured.words] == ["Open", "every", "day"]
    assert decide(measured, cue=None) == ("violation", "text")
    letter = Image.new("L", (60, 60), 255)
    ImageDraw.Draw(letter).text((30, 30), "A", font=font, fill=0, anchor="mm")
    assert measure(np.asarray(letter), read_words(letter), np.zeros((60, 60), dtype=bool)).words == []

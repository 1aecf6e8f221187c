"""Contrast arithmetic (uiagent.audit.checks.colour) and the pixel estimates of text colour built on it
(uiagent.audit.checks.contrast), on synthetic pixels: known WCAG values, the thresholds for normal and large
text, alpha compositing, and anti-aliased text drawn with Pillow in a known colour on a known background."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from uiagent.audit.checks.colour import (
    colour_difference,
    contrast_ratio,
    hex_colour,
    parse_css_colour,
    pixel_luminance,
    relative_luminance,
)
from uiagent.audit.checks.contrast import (
    RunContrast,
    check_text_contrast,
    check_text_contrast_enhanced,
    highest_contrast,
    measure_painted,
    measure_plain,
    painted_text_colour,
)
from uiagent.capture.models import Box, TextRun

from ..test_contrast import context_with  # (one page of synthetic measurements, as the check reads them)

WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def rgb(hex_: str) -> np.ndarray:
    hex_ = hex_.lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(c * 2 for c in hex_)
    return np.array([int(hex_[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


def css(colour: tuple[int, int, int]) -> str:
    return f"rgb({colour[0]}, {colour[1]}, {colour[2]})"


# -- relative luminance and contrast ratio -------------------------------------------------------------------------

@pytest.mark.parametrize(("foreground", "background", "ratio"), [
    pytest.param("#000", "#fff", 21.0, id="black-on-white-is-21"),
    pytest.param("#777", "#fff", 4.478, id="777-on-white-is-4.48-just-below-aa"),
    pytest.param("#767676", "#fff", 4.542, id="767676-on-white-is-4.54-just-above-aa"),
    pytest.param("#595959", "#fff", 7.005, id="595959-on-white-is-7.00-aaa"),
    pytest.param("#949494", "#fff", 3.033, id="949494-on-white-is-3.03-large-text-aa"),
    pytest.param("#f00", "#fff", 3.998, id="red-on-white-is-4.00"),
    pytest.param("#00f", "#fff", 8.592, id="blue-on-white-is-8.59"),
    pytest.param("#0f0", "#fff", 1.372, id="lime-on-white-is-1.37"),
    pytest.param("#0f0", "#000", 15.304, id="lime-on-black-is-15.3"),
    pytest.param("#fff", "#fff", 1.0, id="identical-colours-are-1"),
    pytest.param("#000", "#000", 1.0, id="identical-blacks-are-1"),
    pytest.param("#3a7bd5", "#3a7bd5", 1.0, id="identical-blues-are-1"),
])
def test_contrast_ratio_matches_the_wcag_values(foreground: str, background: str, ratio: float) -> None:
    assert float(contrast_ratio(rgb(foreground), rgb(background))) == pytest.approx(ratio, abs=1e-3)


def test_contrast_ratio_is_symmetric_and_between_1_and_21() -> None:
    colours = np.random.default_rng(7).integers(0, 256, size=(500, 3)).astype(np.float64)
    others = colours[::-1]
    forward, backward = contrast_ratio(colours, others), contrast_ratio(others, colours)
    assert forward.shape == (500,)
    np.testing.assert_allclose(forward, backward)
    assert forward.min() >= 1.0 and forward.max() <= 21.0


def test_colour_difference_is_deltaEOK_as_coloraide_computes_it() -> None:
    from coloraide import Color

    rng = np.random.default_rng(7)
    pairs = rng.integers(0, 256, size=(200, 2, 3))
    ours = colour_difference(pairs[:, 0], pairs[:, 1])
    theirs = [Color("srgb", list(a / 255)).delta_e(Color("srgb", list(b / 255)), method="ok") for a, b in pairs]
    assert ours == pytest.approx(theirs, abs=1e-3)
    assert float(colour_difference(np.array([255, 255, 255]), np.array([255, 255, 255]))) == 0


def test_relative_luminance_of_white_black_and_the_primaries() -> None:
    primaries = np.array([WHITE, BLACK, (255, 0, 0), (0, 255, 0), (0, 0, 255)])
    np.testing.assert_allclose(relative_luminance(primaries), [1.0, 0.0, 0.2126, 0.7152, 0.0722])


def test_relative_luminance_grows_with_every_channel() -> None:
    ramp = np.repeat(np.arange(256)[:, None], 3, axis=1)
    assert np.all(np.diff(relative_luminance(ramp)) > 0)
    for channel in range(3):
        single = np.zeros((256, 3))
        single[:, channel] = np.arange(256)
        assert np.all(np.diff(relative_luminance(single)) > 0)


def test_the_sRGB_knee_0_04045_and_wcag2s_0_03928_agree_on_every_8_bit_value() -> None:
    c = np.arange(256) / 255.0
    wcag2 = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    grey = np.repeat(np.arange(256)[:, None], 3, axis=1)
    np.testing.assert_allclose(relative_luminance(grey), wcag2, rtol=0, atol=1e-12)


def test_the_luminance_of_8_bit_pixels_looked_up_is_relative_luminance_to_the_last_bit() -> None:
    image = np.random.default_rng(7).integers(0, 256, (64, 96, 3), dtype=np.uint8)
    image[0, :, :] = np.repeat(np.arange(96)[:, None], 3, axis=1)  # (greys, and every value of a channel below)
    image[1, :, 0] = np.arange(96) + 160
    looked_up = pixel_luminance(image)
    assert looked_up.shape == (64, 96)
    assert np.array_equal(looked_up, relative_luminance(image.reshape(-1, 3).astype(np.float64)).reshape(64, 96))
    assert np.array_equal(pixel_luminance(image[5:9, 10:30][image[5:9, 10:30, 1] > 99]),
                          relative_luminance(image[5:9, 10:30][image[5:9, 10:30, 1] > 99].astype(np.float64)))


def test_characters_on_two_lines_are_each_measured_in_their_own_place() -> None:
    """A run's characters are read a line at a time: each against the pixels of its own box, whichever line. (Its
    colours are the pixels' alone: a fill colour, not the CSS colour, paints it.)"""
    hidden = np.full((40, 60, 3), 255, dtype=np.uint8)
    painted = hidden.copy()
    painted[4:12, 5:9] = 0  # line one: black, then mid grey
    painted[4:12, 15:19] = 119
    painted[24:32, 5:9] = 150  # line two: a paler grey, then black again
    painted[24:32, 15:19] = 0
    boxes = [Box(x=4, y=3, width=6, height=10), Box(x=14, y=3, width=6, height=10),
             Box(x=4, y=23, width=6, height=10), Box(x=14, y=23, width=6, height=10)]
    measured = measure_painted(painted, hidden, (0, 0), run(height=40, effects=["text-fill-color"]), boxes)
    expected = [21.0, float(contrast_ratio(rgb("#777"), rgb("#fff"))), float(contrast_ratio(rgb("#969696"), rgb("#fff"))),
                21.0]
    assert measured.glyph_ratios == pytest.approx(expected)


def test_highest_contrast_of_single_colours_is_their_contrast_ratio_either_way_round() -> None:
    grey, white = rgb("#777")[None], rgb("#fff")[None]
    assert highest_contrast(grey, white) == pytest.approx(4.478, abs=1e-3)
    assert highest_contrast(white, grey) == pytest.approx(highest_contrast(grey, white))


# -- CSS colours in, hex out ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("rgb(119, 119, 119)", ([119, 119, 119], 1.0), id="rgb"),
    pytest.param("rgba(0, 0, 0, 0.54)", ([0, 0, 0], 0.54), id="rgba-keeps-its-alpha"),
    pytest.param("  rgb(10,20,30) ", ([10, 20, 30], 1.0), id="spaces-around-and-none-between"),
    pytest.param("rgba(255, 255, 255, 0)", ([255, 255, 255], 0.0), id="fully-transparent"),
    pytest.param("rgb(12.5, 0, 255)", ([12.5, 0, 255], 1.0), id="fractional-channels"),
    # Chromium computes CSS Color 4 colours as written. As sRGB they are what it paints: each expected value is the
    # pixel Chromium's own screenshot of the colour has (within the rounding to whole levels).
    pytest.param("lch(46.6672 0 0)", ([111, 111, 111], 1.0), id="lch"),
    pytest.param("oklch(0.45 0.2 264)", ([23, 69, 194], 1.0), id="oklch"),
    pytest.param("oklch(0.627 0.194 149.214)", ([0, 166, 62], 1.0), id="oklch-out-of-gamut-clipped"),
    pytest.param("oklch(0.5 0.1 200 / 0.25)", ([0, 115.5, 121.6], 0.25), id="oklch-alpha"),
    pytest.param("lab(50 40 59.5)", ([191, 87, 0], 1.0), id="lab"),
    pytest.param("color(srgb 0.5 0.5 0.5)", ([127.5, 127.5, 127.5], 1.0), id="color-function"),
    pytest.param("color(display-p3 1 0 0)", ([255, 0, 0], 1.0), id="display-p3-clipped-to-srgb"),
    pytest.param("lch(46.6672 0 none)", ([111, 111, 111], 1.0), id="missing-hue"),
    pytest.param("auto", None, id="not-a-colour"),
    pytest.param("", None, id="empty"),
])
def test_parse_css_colour_reads_computed_colours_as_srgb(text: str, expected: tuple | None) -> None:
    parsed = parse_css_colour(text)
    if expected is None:
        assert parsed is None
    else:
        assert parsed is not None
        np.testing.assert_allclose(parsed[0], expected[0], atol=0.75)
        assert parsed[1] == expected[1]


def test_hex_colour_rounds_and_clips_into_range() -> None:
    assert hex_colour(np.array([119, 119, 119])) == "#777777"
    assert hex_colour(np.array([300.0, -4.0, 15.4])) == "#ff000f"
    assert hex_colour(np.array([254.6, 0.4, 16.0])) == "#ff0010"


# -- thresholds: 4.5:1 normal, 3:1 large (AA); 7:1 and 4.5:1 (AAA) ----------------------------------------------

def run(selector: str = "#t", font_size_px: float = 16, font_weight: int = 400, color: str = "rgb(0, 0, 0)",
        background_color: str = "rgb(255, 255, 255)", width: int = 40, height: int = 10, **fields: object) -> TextRun:
    box = Box(x=0, y=0, width=width, height=height)
    return TextRun.model_validate({"selector": selector, "text": "Sample text", "box": box, "color": color,
                                   "background_color": background_color, "background_image": False,
                                   "font_size_px": font_size_px, "font_weight": font_weight, "lines": [box],
                                   **fields})


@pytest.mark.parametrize(("ratio", "font_size_px", "font_weight", "aa", "aaa"), [
    pytest.param(4.5, 16, 400, "pass", "violation", id="normal-text-at-exactly-4.5-passes-aa"),
    pytest.param(4.4999, 16, 400, "violation", "violation", id="normal-text-a-hair-below-4.5-fails-aa"),
    pytest.param(4.478, 16, 400, "violation", "violation", id="normal-777-on-white-fails-aa"),
    pytest.param(4.542, 16, 400, "pass", "violation", id="normal-767676-on-white-passes-aa"),
    pytest.param(3.0, 24, 400, "pass", "violation", id="large-24px-text-at-exactly-3-passes-aa"),
    pytest.param(2.99, 24, 400, "violation", "violation", id="large-24px-text-below-3-fails-aa"),
    pytest.param(3.0, 18.67, 700, "pass", "violation", id="bold-14pt-text-is-large-and-passes-at-3"),
    pytest.param(3.0, 18.67, 400, "violation", "violation", id="regular-14pt-text-is-normal-and-fails-at-3"),
    pytest.param(4.478, 24, 400, "pass", "violation", id="large-777-on-white-passes-aa-but-not-aaa-4.5"),
    pytest.param(4.5, 24, 400, "pass", "pass", id="large-text-at-4.5-passes-aaa"),
    pytest.param(7.0, 16, 400, "pass", "pass", id="normal-text-at-7-passes-aaa"),
    pytest.param(6.99, 16, 400, "pass", "violation", id="normal-text-below-7-fails-aaa"),
])
def test_the_threshold_follows_the_size_and_weight_of_the_text(ratio: float, font_size_px: float, font_weight: int,
                                                                aa: str, aaa: str) -> None:
    context = context_with([RunContrast(run(font_size_px=font_size_px, font_weight=font_weight), [ratio])])
    check_text_contrast(context)
    check_text_contrast_enhanced(context)
    assert context.measurements["text-contrast"]["#t"]["status"] == aa
    assert context.measurements["text-contrast-enhanced"]["#t"]["status"] == aaa
    large = font_size_px >= 24 or (font_size_px >= 18.66 and font_weight >= 700)
    assert context.measurements["text-contrast"]["#t"]["required"] == (3.0 if large else 4.5)
    assert context.measurements["text-contrast-enhanced"]["#t"]["required"] == (4.5 if large else 7.0)


# -- alpha compositing: a translucent text colour over what lies behind it --------------------------------------

@pytest.mark.parametrize(("colour", "opacity", "behind"), [
    pytest.param("rgba(0, 0, 0, 0.3)", 1.0, WHITE, id="black-at-30-percent-over-white"),
    pytest.param("rgba(0, 0, 0, 0.54)", 1.0, WHITE, id="black-at-54-percent-over-white"),
    pytest.param("rgba(255, 255, 255, 0.7)", 1.0, (20, 20, 60), id="white-at-70-percent-over-navy"),
    pytest.param("rgb(0, 0, 0)", 0.4, WHITE, id="opaque-black-in-an-element-at-40-percent-opacity"),
    pytest.param("rgba(200, 0, 0, 0.5)", 0.5, (240, 240, 240), id="alpha-and-opacity-multiply"),
])
def test_translucent_text_is_measured_as_its_colour_composited_over_the_background(
        colour: str, opacity: float, behind: tuple[int, int, int]) -> None:
    parsed = parse_css_colour(colour)
    assert parsed is not None
    alpha = parsed[1] * opacity
    composite = alpha * parsed[0] + (1 - alpha) * np.array(behind, dtype=np.float64)
    hidden = np.full((10, 40, 3), behind, dtype=np.uint8)
    painted = hidden.copy()
    painted[2:8, 4:7] = np.round(composite).astype(np.uint8)
    measured = measure_painted(painted, hidden, (0, 0), run(color=colour, opacity=opacity),
                               [Box(x=3, y=0, width=5, height=10)])
    expected = float(contrast_ratio(composite, np.array(behind, dtype=np.float64)))
    assert measured.glyph_ratios == [pytest.approx(expected, abs=0.02)]
    # Compositing lowers the contrast from that of the opaque colour.
    assert expected < float(contrast_ratio(parsed[0], np.array(behind, dtype=np.float64)))


# -- anti-aliased text drawn with Pillow in a known colour on a known background ---------------------------------

def drawn_text(colour: tuple[int, int, int], background: tuple[int, int, int], size_px: int,
               text: str = "Read the docs") -> np.ndarray:
    """Text drawn four times larger and box-filtered down: every glyph edge is anti-aliased, as in a browser."""
    scale = 4
    font = ImageFont.load_default(size=size_px * scale)
    _, _, right, bottom = font.getbbox(text)
    width, height = right // scale + 4, int(size_px * 1.25)
    big = Image.new("RGB", (width * scale, height * scale), background)
    ImageDraw.Draw(big).text((2 * scale, (height * scale - bottom) // 2), text, fill=colour, font=font)
    return np.asarray(big.resize((width, height), Image.Resampling.BOX))


def whole(pixels: np.ndarray) -> list[Box]:
    """The image as one line fragment."""
    return [Box(x=0, y=0, width=pixels.shape[1], height=pixels.shape[0])]


PAIRS = [
    pytest.param((90, 90, 90), WHITE, id="grey-on-white"),
    pytest.param((0, 0, 238), WHITE, id="link-blue-on-white"),
    pytest.param((200, 30, 30), (20, 20, 60), id="red-on-navy"),
    pytest.param((240, 240, 240), (51, 51, 51), id="light-on-dark"),
]


@pytest.mark.parametrize(("colour", "background"), PAIRS)
def test_the_drawn_text_really_is_anti_aliased(colour: tuple[int, int, int], background: tuple[int, int, int]) -> None:
    pixels = drawn_text(colour, background, 16).reshape(-1, 3)
    in_between = ~np.all(pixels == colour, axis=1) & ~np.all(pixels == background, axis=1)
    assert in_between.sum() > 50 and np.all(pixels == colour, axis=1).any()


@pytest.mark.parametrize("size_px", [12, 16, 24])
@pytest.mark.parametrize(("colour", "background"), PAIRS)
def test_a_plain_run_of_anti_aliased_text_measures_the_exact_ratio_of_its_colours(
        colour: tuple[int, int, int], background: tuple[int, int, int], size_px: int) -> None:
    pixels = drawn_text(colour, background, size_px)
    h, w = pixels.shape[:2]
    measured = measure_plain(pixels, run(color=css(colour), background_color=css(background), width=w, height=h))
    assert measured is not None and not measured.skipped
    expected = float(contrast_ratio(np.array(colour, dtype=np.float64), np.array(background, dtype=np.float64)))
    assert measured.glyph_ratios == [pytest.approx(expected)]


@pytest.mark.parametrize("size_px", [12, 16, 24])
@pytest.mark.parametrize(("colour", "background"), PAIRS)
def test_painted_text_colour_is_the_css_colour_whenever_the_pixels_reach_it(
        colour: tuple[int, int, int], background: tuple[int, int, int], size_px: int) -> None:
    pixels = drawn_text(colour, background, size_px)
    np.testing.assert_array_equal(painted_text_colour(pixels, whole(pixels), css(colour)), colour)


@pytest.mark.parametrize("size_px", [16, 24, 40])
@pytest.mark.parametrize(("colour", "background"), PAIRS)
def test_painted_text_colour_read_from_the_pixels_alone_is_the_text_colour_not_its_blurred_edges(
        colour: tuple[int, int, int], background: tuple[int, int, int], size_px: int) -> None:
    pixels = drawn_text(colour, background, size_px)
    for unknown in ("currentcolor", "rgba(0, 0, 0, 0.5)"):  # no usable CSS colour: the pixels decide
        estimate = painted_text_colour(pixels, whole(pixels), unknown)
        assert estimate is not None
        assert np.abs(estimate - colour).max() <= 8, (unknown, estimate)


@pytest.mark.parametrize("size_px", [12, 16, 24])
def test_painted_text_colour_of_a_translucent_css_colour_is_that_colour_over_the_background(size_px: int) -> None:
    # Material for MkDocs paints its text rgba(0, 0, 0, 0.87): #212121 on white. Thin strokes never fill it, so
    # the pixels alone read it lighter, and a link beside it looked nearer in colour than it is.
    painted = (33, 33, 33)
    pixels = drawn_text(painted, WHITE, size_px)
    estimate = painted_text_colour(pixels, whole(pixels), "rgba(0, 0, 0, 0.87)")
    assert estimate is not None and np.abs(estimate - painted).max() <= 1


def test_painted_text_colour_ignores_a_css_colour_the_pixels_never_reach() -> None:
    pixels = drawn_text((0, 0, 238), WHITE, 24)  # painted blue; the style says red (a filter, a blend mode...)
    estimate = painted_text_colour(pixels, whole(pixels), "rgb(255, 0, 0)")
    assert estimate is not None and np.abs(estimate - (0, 0, 238)).max() <= 8


def test_painted_text_colour_is_none_where_nothing_is_painted() -> None:
    flat = np.full((20, 60, 3), (250, 250, 250), dtype=np.uint8)
    assert painted_text_colour(flat, whole(flat), "rgb(0, 0, 0)") is None
    faint = flat.copy()
    faint[5:15, 10:50] = (246, 246, 246)  # 6.9 RGB units from the background (under 8): nothing to read
    assert painted_text_colour(faint, whole(faint), "rgb(0, 0, 0)") is None
    text = drawn_text(BLACK, WHITE, 16)
    assert painted_text_colour(text, [Box(x=500, y=500, width=30, height=10)], "rgb(0, 0, 0)") is None  # off the image


def test_painted_text_colour_of_wrapped_text_is_read_on_its_line_fragments_alone() -> None:
    """A link that wraps ends one line and starts the next: its bounding box holds the black text beside it on
    both lines, more of it than of the link's own blue."""
    blue, black = (26, 115, 232), (33, 33, 33)
    pixels = np.full((40, 140, 3), 255, dtype=np.uint8)
    for x in range(0, 140, 4):  # a stroke every fourth column: the lines' glyphs
        pixels[2:18, x] = blue if x >= 100 else black
        pixels[22:38, x] = blue if x < 40 else black
    fragments = [Box(x=100, y=0, width=40, height=20), Box(x=0, y=20, width=40, height=20)]
    np.testing.assert_array_equal(painted_text_colour(pixels, fragments, "rgb(26, 115, 232)"), blue)
    mixed = painted_text_colour(pixels, whole(pixels), "rgb(26, 115, 232)")
    assert mixed is not None and not np.array_equal(mixed, blue)  # the union box reads the text around it

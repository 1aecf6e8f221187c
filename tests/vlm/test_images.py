"""Provider-aware image preparation and the published token rules."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image

from uiagent.capture.models import Box
from uiagent.vlm import ImageTooLargeError, PrepareOptions, estimate_image_tokens, prepare_images
from uiagent.vlm.pricing import estimate_cost, fitted_size

from .conftest import ui_image


@pytest.mark.parametrize(("size", "profile", "tokens"), [
    ((1280, 720), "claude", math.ceil(1280 * 720 / 750)),  # 1229, under the caps
    ((1000, 1000), "claude", 1334),
    ((1024, 1024), "openai-tiles", 765),
    ((2048, 4096), "openai-tiles", 1105),
    ((1280, 720), "openai-tiles", 1105),
    ((4000, 4000), "openai-tiles", 765),
    ((1280, 720), "qwen", 46 * 26 + 2),
])
def test_token_estimates_follow_the_published_rules(size: tuple[int, int], profile: str, tokens: int) -> None:
    assert estimate_image_tokens(*size, profile) == tokens


def test_openai_low_detail_is_flat_and_claude_caps_large_images() -> None:
    assert estimate_image_tokens(4000, 3000, "openai-tiles", detail="low") == 85
    assert estimate_image_tokens(1920, 1080, "claude") <= 1600
    w, h = fitted_size(1920, 1080, "claude")
    assert max(w, h) <= 1568 and w * h <= 1_150_000


def test_qwen_sizes_are_multiples_of_28_within_the_pixel_range() -> None:
    w, h = fitted_size(1920, 1080, "qwen", qwen_max_pixels=1280 * 28 * 28)
    assert w % 28 == 0 and h % 28 == 0 and w * h <= 1280 * 28 * 28
    w, h = fitted_size(20, 20, "qwen", qwen_min_pixels=56 * 56)
    assert w * h >= 56 * 56


@pytest.mark.parametrize("profile", ["claude", "openai-tiles", "qwen", "generic"])
def test_prepared_images_are_never_larger_than_the_provider_keeps(profile: str) -> None:
    image = ui_image(2400, 1600)
    [prepared] = prepare_images(image, Box(x=0, y=0, width=2400, height=1600), PrepareOptions(profile=profile))
    sent = Image.open(io.BytesIO(prepared.data))
    assert sent.size == (prepared.width, prepared.height)
    assert fitted_size(*sent.size, profile) == sent.size, "the provider would not rescale it again"
    assert prepared.estimated_tokens == estimate_image_tokens(*sent.size, profile)


def test_crop_to_region_keeps_a_margin_and_maps_boxes_back_to_css() -> None:
    image = ui_image()
    origin = Box(x=0, y=500, width=800, height=600)  # the image lies 500 CSS px down the page
    button = Box(x=100, y=600, width=200, height=50)
    [prepared] = prepare_images(image, origin, PrepareOptions(profile="claude", margin=16), region=button)
    assert (prepared.width, prepared.height) == (232, 82)
    css = prepared.to_css([16, 16, 200, 50])
    assert (css.x, css.y, css.width, css.height) == (100, 600, 200, 50)


def test_boxes_on_a_0_1000_grid_map_back_too() -> None:
    [prepared] = prepare_images(ui_image(), Box(x=0, y=0, width=800, height=600), PrepareOptions(profile="claude"))
    css = prepared.to_css([125, 1000 / 6, 250, 1000 / 12], units="normalized_1000")
    assert css.x == pytest.approx(100) and css.y == pytest.approx(100) and css.width == pytest.approx(200)


def test_downscaled_images_map_boxes_through_the_scale() -> None:
    image = ui_image(3136, 1000)
    [prepared] = prepare_images(image, Box(x=0, y=0, width=3136, height=1000), PrepareOptions(profile="claude"))
    assert prepared.scale == pytest.approx(0.5, abs=0.01)
    css = prepared.to_css([50, 50, 100, 25])
    assert css.x == pytest.approx(100, abs=1) and css.width == pytest.approx(200, abs=2)


def test_masks_are_painted_before_anything_is_encoded() -> None:
    image = ui_image()
    mask = Box(x=100, y=100, width=200, height=50)
    [prepared] = prepare_images(image, Box(x=0, y=0, width=800, height=600), PrepareOptions(profile="claude"),
                                masks=[mask])
    pixels = np.asarray(Image.open(io.BytesIO(prepared.data)).convert("RGB"))
    assert (pixels[100:150, 100:300] == 0).all()
    assert tuple(pixels[10, 10]) == (250, 250, 250)


def test_tall_captures_are_tiled_instead_of_shrunk_unreadably() -> None:
    tall = ui_image(1280, 9000)
    images = prepare_images(tall, Box(x=0, y=0, width=1280, height=9000), PrepareOptions(profile="claude"))
    assert len(images) == 6
    assert all(image.scale >= 0.5 for image in images)
    assert images[1].origin_y > 0 and images[-1].origin_y + images[-1].height / images[-1].scale >= 8999
    single = prepare_images(tall, Box(x=0, y=0, width=1280, height=9000), PrepareOptions(profile="claude", tile=False))
    assert len(single) == 1 and single[0].scale < 0.2


def test_photo_like_content_is_jpeg_and_ui_content_png() -> None:
    noise = Image.fromarray(np.random.default_rng(1).integers(0, 255, (400, 600, 3), dtype=np.uint8))
    [photo] = prepare_images(noise, Box(x=0, y=0, width=600, height=400), PrepareOptions(profile="claude"))
    [ui] = prepare_images(ui_image(), Box(x=0, y=0, width=800, height=600), PrepareOptions(profile="claude"))
    assert photo.media_type == "image/jpeg" and ui.media_type == "image/png"


def test_images_over_every_limit_are_refused_with_the_reason() -> None:
    strip = ui_image(60_000, 20)
    with pytest.raises(ImageTooLargeError, match="short side would be"):
        prepare_images(strip, Box(x=0, y=0, width=60_000, height=20), PrepareOptions(profile="claude"))
    with pytest.raises(ImageTooLargeError, match="aspect ratio above 200"):
        prepare_images(ui_image(6000, 20), Box(x=0, y=0, width=6000, height=20), PrepareOptions(profile="qwen"))


def test_cost_estimates_use_list_prices() -> None:
    assert estimate_cost("anthropic", "claude-sonnet-4-6", 1_000_000, 0) == pytest.approx(3.0)
    assert estimate_cost("openai", "gpt-4o-mini", 0, 1_000_000) == pytest.approx(0.6)
    assert estimate_cost("openai-compatible", "qwen2.5-vl-7b", 10**6, 10**6) == 0

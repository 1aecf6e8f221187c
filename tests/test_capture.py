"""Capture against real Chromium: pixel geometry, stabilization, tiling, DOM facts and hashes."""

from __future__ import annotations

import time

import numpy as np
import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from uiagent.capture import capture, load_page
from uiagent.capture.beyond_viewport import beyond_viewport_shots
from uiagent.capture.decode import decode_rgb_array
from uiagent.capture.hashing import hash_distance
from uiagent.capture.stabilize import SHOT_OPTIONS
from uiagent.capture.tiles import TiledPixels
from uiagent.config import Settings


def open_fixture(page: Page, fixture_site, name: str) -> None:  # type: ignore[no-untyped-def]
    load_page(page, fixture_site.url(name), timeout_s=5)


def test_viewport_capture_is_one_pixel_per_css_pixel(page: Page, fixture_site, fast_settings: Settings) -> None:
    open_fixture(page, fixture_site, "dom-facts.html")
    shot = capture(page, "viewport", settings=fast_settings)
    image = shot.image()
    assert image.size == (1280, 720)
    assert (shot.origin.width, shot.origin.height) == (1280, 720)
    assert shot.stable


def test_locator_capture_reports_its_place_in_the_document(page: Page, fixture_site, fast_settings: Settings) -> None:
    open_fixture(page, fixture_site, "dom-facts.html")
    shot = capture(page, "locator", locator=page.locator(".panel"), settings=fast_settings)
    image = shot.image()
    assert image.size == (round(shot.origin.width), round(shot.origin.height))
    # The panel's background fills the crop's corner.
    assert image.getpixel((2, 2)) == (20, 40, 60)
    panel_top = page.evaluate("document.querySelector('.panel').getBoundingClientRect().top + scrollY")
    assert shot.origin.y == pytest.approx(panel_top)


def test_infinite_css_animation_and_caret_do_not_prevent_a_stable_capture(
    page: Page, fixture_site, fast_settings: Settings
) -> None:
    open_fixture(page, fixture_site, "animated-css.html")
    shot = capture(page, "viewport", settings=fast_settings)
    assert shot.stable, shot.warnings
    again = capture(page, "viewport", settings=fast_settings)
    assert again.content_hash == shot.content_hash


def test_script_animation_is_waited_out_until_frames_repeat(page: Page, fixture_site) -> None:
    open_fixture(page, fixture_site, "animated-js-finite.html")
    shot = capture(page, "viewport", settings=Settings(network_idle_cap_s=0, stable_timeout_s=3))
    assert shot.stable
    pixels = np.asarray(shot.image())
    # The box ends at left=300px: its final position is in the capture, not a frame in between.
    assert tuple(pixels[70, 330]) == (23, 50, 77)
    assert tuple(pixels[70, 20]) == (255, 255, 255)


def test_never_settling_page_is_captured_with_a_warning(page: Page, fixture_site) -> None:
    open_fixture(page, fixture_site, "animated-js-forever.html")
    shot = capture(page, "viewport", settings=Settings(network_idle_cap_s=0, stable_timeout_s=0.5))
    assert not shot.stable
    assert any("kept changing" in w for w in shot.warnings)


def test_very_tall_page_is_captured_in_tiles_and_stitched(page: Page, fixture_site) -> None:
    open_fixture(page, fixture_site, "tall.html")
    shot = capture(page, "full_page", settings=Settings(network_idle_cap_s=0, tile_height=4096))
    pixels = np.asarray(shot.image())
    assert pixels.shape[0] == 20_000
    assert shot.tiles == 5
    # Measured tile by tile: each tile is decoded when read, and the page is never held as one array for it.
    tiled = shot.pixels()
    assert isinstance(tiled, TiledPixels) and tiled.shape == (20_000, pixels.shape[1], 3)
    assert tuple(tiled[4095, 100]) == (255, 0, 0) and tuple(tiled[4090:4100, 100:101].reshape(-1, 3)[-1]) == (255, 0, 0)
    # Bands alternate red/blue every 1000 px; the last 1000 px are green. Check across tile seams.
    for y, colour in [(10, (255, 0, 0)), (1010, (0, 0, 255)), (4095, (255, 0, 0)), (4097, (255, 0, 0)),
                      (8200, (255, 0, 0)), (13_500, (0, 0, 255)), (19_990, (0, 128, 0))]:
        assert tuple(pixels[y, 100]) == colour, y
    # The stitched image is kept decoded; it is the image the PNG holds, and callers get copies.
    from io import BytesIO

    from PIL import Image, ImageDraw

    assert np.array_equal(np.asarray(Image.open(BytesIO(shot.png)).convert("RGB")), pixels)
    ImageDraw.Draw(drawn := shot.image()).rectangle((0, 0, 50, 50), fill=(0, 0, 0))
    assert tuple(np.asarray(drawn)[10, 10]) == (0, 0, 0) and tuple(np.asarray(shot.image())[10, 10]) == (255, 0, 0)


@pytest.mark.parametrize("device_scale", [1, 2])
def test_areas_beyond_the_viewport_are_shot_as_playwright_shoots_them_and_the_page_is_let_go(
        browser: Browser, fixture_site, device_scale: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 800, "height": 600}, device_scale_factor=device_scale)
    page = context.new_page()
    open_fixture(page, fixture_site, "animated-css.html")  # a spinner that never stops; a focused field's caret
    page.evaluate("""() => {
      document.body.style.height = '3000px';
      const frame = document.createElement('iframe');  // a frame of the page's origin, spinning too
      frame.srcdoc = '<style>@keyframes s { to { transform: rotate(90deg) } } div { width: 40px; height: 40px; '
        + 'background: teal; animation: s 0.5s linear infinite }</style><div></div>';
      document.body.prepend(frame);
    }""")
    page.wait_for_function("document.querySelector('iframe').contentDocument?.querySelector('div')")
    expected = decode_rgb_array(page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": 800, "height": 2000},
                                                **SHOT_OPTIONS))
    past_the_end = decode_rgb_array(page.screenshot(full_page=True, clip={"x": 700, "y": 2900, "width": 300,
                                                                           "height": 400}, **SHOT_OPTIONS))
    with beyond_viewport_shots(page) as shoot:
        shot = decode_rgb_array(shoot((0, 0, 800, 2000)))
        held = page.evaluate("[document.getAnimations().length, document.getElementById('field').style.caretColor, "
                             "document.querySelector('iframe').contentDocument.getAnimations().length]")
        cut = decode_rgb_array(shoot((700, 2900, 1000, 3300)))  # cut to the document, as Playwright cuts it
    after = page.evaluate("[document.getAnimations().map(a => a.playState), field.style.caretColor, "
                          "document.querySelector('iframe').contentDocument.getAnimations().length]")
    context.close()
    # The same pixels as Playwright's full-page screenshot (animations disabled, caret hidden, 1 px per CSS px).
    assert shot.shape == (2000, 800, 3)
    assert np.array_equal(shot, expected)
    assert cut.shape == past_the_end.shape and cut.shape[0] < 400 and cut.shape[1] == 100
    assert np.array_equal(cut, past_the_end)
    assert held == [0, "transparent", 0]  # held: the spinners cancelled (the frame's too), the caret transparent
    assert after == [["running"], "", 1]  # let go: the spinners run again, the field's own style is back


def test_without_a_devtools_session_playwright_shoots_beyond_the_viewport(
        page: Page, fixture_site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    open_fixture(page, fixture_site, "tall.html")
    expected = decode_rgb_array(page.screenshot(full_page=True, clip={"x": 0, "y": 900, "width": 300, "height": 200},
                                                **SHOT_OPTIONS))

    def refused(*args: object) -> None:
        raise PlaywrightError("CDP session is only available in Chromium")

    monkeypatch.setattr(type(page.context), "new_cdp_session", refused)
    with beyond_viewport_shots(page) as shoot:
        assert np.array_equal(decode_rgb_array(shoot((0, 900, 300, 1100))), expected)


def test_full_page_capture_is_cut_at_the_height_limit_with_a_warning(page: Page, fixture_site) -> None:
    open_fixture(page, fixture_site, "tall.html")
    shot = capture(page, "full_page", settings=Settings(network_idle_cap_s=0, max_full_page_height=3000))
    assert shot.image().height == 3000
    assert shot.truncated_height
    assert any("20000px tall" in w for w in shot.warnings)


def test_hashes_are_stable_and_perceptual_hash_tolerates_small_changes(
    page: Page, fixture_site, fast_settings: Settings
) -> None:
    open_fixture(page, fixture_site, "dom-facts.html")
    first = capture(page, "viewport", settings=fast_settings)
    page.evaluate("document.getElementById('grey').textContent = 'Grey body text!'")
    changed = capture(page, "viewport", settings=fast_settings)
    assert first.content_hash != changed.content_hash
    assert hash_distance(first.perceptual_hash, changed.perceptual_hash) <= 4


def test_dom_facts_describe_text_focus_images_and_names(page: Page, fixture_site, fast_settings: Settings) -> None:
    open_fixture(page, fixture_site, "dom-facts.html")
    dom = capture(page, "viewport", settings=fast_settings).dom
    assert dom.lang == "fr" and dom.title == "DOM facts"
    runs = {run.selector: run for run in dom.text_runs}
    assert runs["#grey"].color == "rgb(119, 119, 119)"
    assert runs["#grey"].background_color == "rgb(255, 255, 255)"
    assert runs["#grey"].font_size_px == 14
    assert runs["#bold-large"].font_weight == 700 and runs["#bold-large"].font_size_px == 24
    assert runs["#on-dark"].background_color == "rgb(20, 40, 60)"
    assert runs["#on-gradient"].background_image and not runs["#grey"].background_image
    assert "#hidden" not in runs and "#invisible" not in runs

    order = [f.selector for f in dom.focusables]
    assert order[:2] == ["#first", "#third"], "positive tabindex comes first, in ascending order"
    assert "#skipped" not in order and "#disabled" not in order
    assert any(">> #shadow-button" in s for s in order), "open shadow roots are walked"

    names = {e.selector: (e.role, e.name) for e in dom.elements}
    assert names["#email"] == ("textbox", "Email address")
    assert names["#search"] == ("searchbox", "Search the shop")
    assert names["#custom"] == ("button", "Labelled elsewhere")
    assert names["#icon-link"] == ("link", "Home")
    assert names["#empty-alt"][0] == "presentation"

    images = {i.selector: i for i in dom.images}
    assert images["#no-alt"].alt is None
    assert images["#empty-alt"].alt == ""
    assert images["#no-alt"].loaded
    assert not images["#broken"].loaded


def test_dom_gathering_is_capped_on_huge_pages(page: Page) -> None:
    from uiagent.capture import gather_dom_facts

    page.set_content("<div>" + "<span>x</span>" * 3000 + "</div>")
    dom = gather_dom_facts(page, max_elements=500)
    assert dom.truncated
    assert len(dom.elements) <= 500


def test_a_page_loaded_by_uiagent_is_captured_once_its_late_requests_finish(page: Page, fixture_site) -> None:
    """Requests are watched from before navigation: a fetch started after the load event is waited for,
    and a request that never ends is given up on at the cap, with a warning."""
    settings = Settings(network_idle_cap_s=3, network_quiet_s=0.2)
    load_page(page, fixture_site.url("late-fetch.html"), 5)
    shot = capture(page, "viewport", settings=settings)
    assert "Loaded late" in [run.text for run in shot.dom.text_runs] and not shot.warnings

    load_page(page, fixture_site.url("late-fetch.html?from=/__hang"), 5)
    started = time.perf_counter()
    shot = capture(page, "viewport", settings=Settings(network_idle_cap_s=1, network_quiet_s=0.2))
    assert time.perf_counter() - started < 3
    assert "network still busy after 1s; captured anyway" in shot.warnings


def test_a_web_font_that_never_arrives_is_waited_for_only_so_long(page: Page, fixture_site) -> None:
    """A blocked font host leaves `document.fonts.ready` pending for as long as the browser's own network timeout:
    the capture's wait gives up (and says so) instead."""
    from uiagent.capture.stabilize import _FONTS_READY_JS

    page.goto(fixture_site.url("font-never-loads.html"), wait_until="domcontentloaded")
    page.wait_for_function("document.fonts.status === 'loading'")
    started = time.perf_counter()
    assert page.evaluate(_FONTS_READY_JS, 300) is False
    assert time.perf_counter() - started < 2
    plain = page.context.new_page()
    plain.set_content("<p>No web font</p>")
    assert plain.evaluate(_FONTS_READY_JS, 300) is True


def test_media_and_event_streams_still_open_are_not_waited_for(page: Page, fixture_site) -> None:
    """A media request stays open while the browser buffers (a long video, a stream), an event stream for as long as
    the page lives: the page is loaded all the same, so the capture does not wait for them to end, nor warn that the
    network is busy."""
    load_page(page, fixture_site.url("streaming.html"), 5)
    started = time.perf_counter()
    shot = capture(page, "viewport", settings=Settings(network_idle_cap_s=2, network_quiet_s=0.2))
    assert time.perf_counter() - started < 1.5
    assert not [w for w in shot.warnings if "network" in w]

"""Recordings: the frames of the page while an action runs, sent as one ordered multi-image request through the real
SDKs to the simulator, which records what it received. Labelled page: tests/pages/recording/toast.html."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page

from uiagent.assertions import AssertionContext, Policy, VisualExpectation
from uiagent.assertions.recording import Recording
from uiagent.baselines import BaselineStore
from uiagent.capture import load_page
from uiagent.capture.models import Box
from uiagent.capture.screencast import Frame
from uiagent.config import Settings
from uiagent.errors import ConfigError, RecordingCutWarning, VisualAssertionError
from uiagent.vlm import Budget, BudgetExceededError, prepare_images
from uiagent.vlm.budget import BudgetTracker
from uiagent.vlm.simulator import VLMSimulator

from .conftest import answer, script

TOAST_GREEN = (31, 111, 67)
SPINNER_BLUE = (11, 87, 176)


def _context(session, tmp_path: Path, **policy: object) -> AssertionContext:  # type: ignore[no-untyped-def]
    return AssertionContext(test_id="recording", settings=Settings(network_idle_cap_s=0.5, stable_timeout_s=1),
                            policy=Policy(**policy), output_dir=tmp_path / "results",  # type: ignore[arg-type]
                            baselines=BaselineStore(tmp_path / "baselines"), judge=session)


def _open(page: Page, fixture_site) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1000, "height": 700})
    load_page(page, fixture_site.url("recording/toast.html"), timeout_s=10)


def _shows(image: Image.Image, colour: tuple[int, int, int], at_least: int = 200) -> bool:
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return int((np.abs(pixels - colour).max(axis=2) <= 12).sum()) >= at_least


def _card_is_black(image: Image.Image, page: Page) -> bool:
    box = page.locator("#card").bounding_box()
    assert box is not None
    pixels = np.asarray(image.convert("RGB"))
    inside = pixels[int(box["y"]) + 2:int(box["y"] + box["height"]) - 2, int(box["x"]) + 2:int(box["x"] + box["width"]) - 2]
    return bool(inside.size and (inside <= 40).all())


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
def test_a_toast_shown_after_a_click_is_in_a_sent_frame_and_the_frames_go_in_order(
        page: Page, fixture_site, simulator: VLMSimulator, make_session, tmp_path: Path, protocol: str) -> None:  # type: ignore[no-untyped-def]
    _open(page, fixture_site)
    simulator.reset(script(answer("pass", reason="frame 3 shows the toast",
                                  evidence=[{"label": "frame 2: toast", "box": [700, 600, 250, 60], "mark": None}])))
    context = _context(make_session(protocol), tmp_path)
    with context.expect(page).recording(max_seconds=5) as rec:
        page.click("#save")
    verdict = rec.to_have_shown("a toast saying the changes were saved")

    assert verdict.outcome == "pass" and rec.frames_of(verdict) == [2]
    [request] = simulator.requests
    images = [recorded.image() for recorded in request.images]
    assert 2 <= len(images) == len(rec.frames) <= 8
    assert all(image.size == (1000, 700) for image in images), "one CSS px per image px: the viewport"
    assert any(_shows(image, TOAST_GREEN) for image in images), "the toast is in a sent frame"
    assert not _shows(images[0], TOAST_GREEN), "the first frame is from before it"
    times = [float(t) for t in re.findall(r"image \d+ at (\d+\.\d+) s", request.question)]
    assert len(times) == len(images) and times == sorted(times), "each frame's time, in order"
    assert all(_card_is_black(image, page) for image in images), "the card number is masked in every frame"
    [record] = context.records
    assert record.kind == "recording" and record.outcome == "pass" and record.calls == 1


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
def test_a_spinner_then_the_new_list_is_asked_in_order(page: Page, fixture_site, simulator: VLMSimulator,
                                                        make_session, tmp_path: Path, protocol: str) -> None:  # type: ignore[no-untyped-def]
    _open(page, fixture_site)
    simulator.reset(script(answer("pass", contains="Shown in this order")))
    context = _context(make_session(protocol), tmp_path)
    with context.expect(page).recording(max_seconds=5) as rec:
        page.click("#reload")
        page.locator("text=Third item, new").wait_for()  # the test's own code blocks while the spinner shows
    rec.to_show_in_order(["a loading spinner", "the list with a third item and no spinner"])

    [request] = simulator.requests
    assert "1. a loading spinner\n2. the list with a third item and no spinner" in request.question
    images = [recorded.image() for recorded in request.images]
    spinning = [i for i, image in enumerate(images) if _shows(image, SPINNER_BLUE, at_least=50)]
    assert spinning and spinning[-1] < len(images) - 1, "the spinner is sent, and a frame after it"
    assert not _shows(images[-1], SPINNER_BLUE, at_least=50)


def test_a_still_page_sends_one_frame(page: Page, fixture_site, simulator: VLMSimulator, make_session,
                                      tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, fixture_site)
    simulator.reset(script(answer("fail", reason="no toast", evidence=[])))
    context = _context(make_session("anthropic"), tmp_path)
    with context.expect(page).recording(max_seconds=3, quiet_seconds=0.5) as rec:
        page.evaluate("() => document.title")
    assert len(rec.frames) == 1
    with pytest.raises(VisualAssertionError) as failure:
        rec.to_have_shown("a toast saying the changes were saved")
    [request] = simulator.requests
    assert len(request.images) == 1
    message = str(failure.value)
    assert "Recording did not show: 'a toast saying the changes were saved'" in message and "no toast" in message
    assert "Rests on: frame 1 at" in message and "1 frame(s) sent" in message
    sheet = Path(message.split("Frames: ")[1].strip())
    assert sheet.exists() and Image.open(sheet).width == 480


def test_a_failure_names_the_frames_it_rests_on_and_saves_them_outlined(
        page: Page, fixture_site, simulator: VLMSimulator, make_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, fixture_site)
    simulator.reset(script(answer("fail", reason="the toast says 'Saving failed'",
                                  evidence=[{"label": "frame 2: the toast", "box": [700, 600, 250, 60], "mark": None}])))
    context = _context(make_session("openai"), tmp_path)
    with context.expect(page).recording() as rec:
        page.click("#save")
    with pytest.raises(VisualAssertionError, match=r"Rests on: frame 2 at \d+\.\d\d s") as failure:
        rec.to_have_shown("a toast saying the changes were saved")
    sheet = Image.open(str(failure.value).split("Frames: ")[1].strip()).convert("RGB")
    columns = min(4, len(rec.frames))
    cell, cell_height = sheet.width // columns, sheet.height // -(-len(rec.frames) // columns)
    # Frame 2's cell, below its caption: in the first row only (a fifth frame starts a second row below it).
    second = np.asarray(sheet)[20:cell_height, cell:2 * cell]
    assert (np.abs(second[:, :3].astype(int) - (220, 0, 0)).max(axis=2) <= 30).mean() > 0.5, "outlined in red"


def test_an_action_that_outlives_max_seconds_is_cut_with_a_warning(page: Page, fixture_site, simulator: VLMSimulator,
                                                                   make_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, fixture_site)
    context = _context(make_session("anthropic"), tmp_path)
    rec = context.expect(page).recording(max_seconds=1)
    rec.start()
    page.click("#reload")
    page.wait_for_timeout(1500)
    with pytest.warns(RecordingCutWarning, match=r"outlived max_seconds \(1 s\)"):
        rec.stop()
    assert rec.cut and rec.frames and all(frame.seconds <= 1 for frame in rec.frames)


def test_a_recording_whose_page_closed_fails_with_that_cause(page: Page, fixture_site, make_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, fixture_site)
    context = _context(make_session("anthropic"), tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RecordingCutWarning)
        with context.expect(page).recording(max_seconds=2) as rec:
            page.close()
    with pytest.raises(VisualAssertionError, match=r"Recording cannot be judged: the page was closed during the "
                                                   r"recording \(1 frame\(s\) recorded\)"):
        rec.to_have_shown("a toast")


def test_the_action_s_own_error_goes_on_and_bad_options_are_errors(page: Page, fixture_site, make_session,
                                                                    tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, fixture_site)
    context = _context(make_session("anthropic"), tmp_path)
    with pytest.raises(ZeroDivisionError), context.expect(page).recording() as rec:
        _ = 1 / 0
    assert rec.frames, "what was recorded before it is kept"
    with pytest.raises(ConfigError, match="max_frames >= 1"):
        context.expect(page).recording(max_frames=0)
    with pytest.raises(ConfigError, match="a recording is of the page's viewport"):
        context.expect(page.locator("#save")).recording()
    with pytest.raises(ConfigError, match="one or more expectations"):
        rec.to_show_in_order([])
    assert isinstance(rec, Recording)


def _frames(*colours: tuple[int, int, int]) -> list[Frame]:
    """Frames 0.5 s apart: a page with a dark header and a coloured panel that changes."""
    frames = []
    for index, colour in enumerate(colours):
        image = Image.new("RGB", (640, 400), (250, 250, 250))
        ImageDraw.Draw(image).rectangle((0, 0, 639, 60), fill=(30, 30, 30))
        ImageDraw.Draw(image).rectangle((100, 150, 400, 300), fill=colour)
        frames.append(Frame(seconds=index * 0.5, image=image))
    return frames


def _recorded(context: AssertionContext, frames: list[Frame]) -> Recording:
    """A recording whose frames are already in (no browser): what the judging sees."""
    recording = Recording(VisualExpectation(context, None, full_page=False, soft=False, votes=None),  # type: ignore[arg-type]
                          max_seconds=5, max_frames=8, quiet_seconds=1)
    recording.frames, recording.received = frames, len(frames)
    return recording


def test_every_frame_is_in_the_cache_key_and_counts_against_the_budget(simulator: VLMSimulator, make_session,
                                                                        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    simulator.reset(script(answer("pass")))
    session = make_session("anthropic")
    context = _context(session, tmp_path)
    red, green, blue = (200, 30, 30), (30, 160, 60), (30, 60, 200)
    first = _recorded(context, _frames(red, green, blue)).to_have_shown("a green panel")
    again = _recorded(context, _frames(red, green, blue)).to_have_shown("a green panel")
    other_last = _recorded(context, _frames(red, green, (200, 200, 30))).to_have_shown("a green panel")
    assert (first.cached, again.cached, other_last.cached) == (False, True, False)
    assert len(simulator.requests) == 2 and [len(r.images) for r in simulator.requests] == [3, 3]
    one_frame = session.judge.prepare_options()
    per_frame = prepare_images(_frames(red)[0].image, Box(x=0, y=0, width=640, height=400), one_frame)[0]
    assert first.image_tokens_estimated == 3 * per_frame.estimated_tokens

    # A test budget that holds two frames refuses the three-frame recording before any call.
    tight = _context(session, tmp_path)
    tight.budget = BudgetTracker("test recording", Budget(max_image_tokens=2 * per_frame.estimated_tokens + 1))
    with pytest.raises(BudgetExceededError, match="image tokens"):
        _recorded(tight, _frames(red, (90, 90, 90), blue)).to_have_shown("a green panel")
    assert len(simulator.requests) == 2


def test_a_page_that_never_stops_changing_sends_the_cap_and_is_cut(page: Page, fixture_site, simulator: VLMSimulator,
                                                                    make_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_page(page, fixture_site.url("animated-js-forever.html"), timeout_s=10)
    simulator.reset(script(answer("pass")))
    context = _context(make_session("openai"), tmp_path)
    rec = context.expect(page).recording(max_seconds=1.5, max_frames=3)
    rec.start()
    with pytest.warns(RecordingCutWarning):
        rec.stop()
    assert rec.received > 10 and len(rec.frames) == 3
    rec.to_have_shown("a counter that goes up")
    [request] = simulator.requests
    assert len(request.images) == 3

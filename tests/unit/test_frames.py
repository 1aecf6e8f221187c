"""Which recorded frames are sent (uiagent.assertions.recording.select_frames): near-duplicates dropped by
perceptual hash, the rest thinned to the cap keeping the first, the last and the largest changes, in time order."""

from __future__ import annotations

from PIL import Image, ImageDraw

from uiagent.assertions.recording import distinct_frames, select_frames
from uiagent.capture.screencast import Frame


def page(seconds: float, *, toast: bool = False, caret: bool = False, panel: int = 0) -> Frame:
    """A 1000x700 settings page: a header, text lines, optionally a toast (2% of the page), a blinking caret,
    and a panel whose grey level (`panel`) stands for how much the page changed."""
    image = Image.new("RGB", (1000, 700), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 999, 70), fill=(30, 40, 60))
    for y in range(120, 400, 30):
        draw.rectangle((40, y, 600, y + 10), fill=(90, 90, 90))
    if panel:
        draw.rectangle((650, 120, 950, 420), fill=(panel, panel, panel))
    if toast:
        draw.rectangle((700, 600, 950, 660), fill=(31, 111, 67))
    if caret:
        draw.line((45, 450, 45, 466), fill=(0, 0, 0))
    return Frame(seconds=seconds, image=image)


def test_identical_frames_and_a_blinking_caret_are_one_frame() -> None:
    frames = [page(0.0), page(0.5, caret=True), page(1.0), page(1.5, caret=True)]
    assert [f.seconds for f in select_frames(frames, cap=8)] == [0.0]


def test_a_small_toast_is_a_change_and_so_is_its_going() -> None:
    frames = [page(0.0), page(0.2, toast=True), page(0.9, toast=True), page(1.7)]
    assert [f.seconds for f in select_frames(frames, cap=8)] == [0.0, 0.2, 1.7]


def test_thinned_to_the_cap_keeping_first_last_and_the_largest_changes_in_time_order() -> None:
    # Twenty frames, each a small step darker except two big jumps (at 0.5 s and 1.5 s).
    levels = [240 - i for i in range(20)]
    levels[5], levels[15] = 40, 140
    frames = [page(i / 10, panel=level) for i, level in enumerate(levels)]
    distinct = distinct_frames(frames)
    chosen = select_frames(frames, cap=4)
    times = [f.seconds for f in chosen]
    assert len(distinct) > 4 and len(chosen) == 4
    assert times == sorted(times) and times[0] == 0.0 and times[-1] == distinct[-1][0].seconds
    assert {0.5, 1.5} & set(times), "a big change is kept over small steps"


def test_a_cap_of_one_keeps_the_first_frame() -> None:
    frames = [page(0.0), page(0.3, toast=True)]
    assert [f.seconds for f in select_frames(frames, cap=1)] == [0.0]

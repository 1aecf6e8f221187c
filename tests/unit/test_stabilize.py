"""Waiting for a page, browser-free. Two frames of a still page: frames that differ only inside the page's media
players agree (a playing loop, a player's own interface); a difference anywhere else keeps the page unsettled. A
measurement after a change: what is found is measured again once debounced handlers have had their time."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from uiagent.capture.stabilize import DEBOUNCED_ANSWER_MS, Relayout, _same_but_media, as_answered


class PageWith:
    """What the comparison asks of a page: the boxes of its media players."""

    def __init__(self, boxes: list[list[int]]) -> None:
        self.boxes = boxes

    def evaluate(self, script: str) -> list[list[int]]:
        return self.boxes


def png(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def test_frames_that_differ_only_inside_a_player_agree() -> None:
    still = np.full((100, 200, 3), 255, dtype=np.uint8)
    playing = still.copy()
    playing[20:60, 30:110] = (200, 30, 30)  # the video's next frame
    player = PageWith([[30, 20, 110, 60]])
    assert _same_but_media(player, png(still), png(playing))  # type: ignore[arg-type]
    elsewhere = playing.copy()
    elsewhere[80, 150] = (0, 0, 0)  # and one pixel beside it changed too
    assert not _same_but_media(player, png(still), png(elsewhere))  # type: ignore[arg-type]
    assert not _same_but_media(PageWith([]), png(still), png(playing))  # type: ignore[arg-type]  # no player
    assert not _same_but_media(player, png(still), png(still[:90]))  # type: ignore[arg-type]  # resized


class ScriptedPage:
    """A page whose own script fixes its layout `fixed_after_ms` after the change (a debounced resize handler):
    it records the waits asked of it, and what a measurement finds depends on the time waited."""

    def __init__(self, fixed_after_ms: float | None) -> None:
        self.fixed_after_ms = fixed_after_ms
        self.waited_ms = 0.0
        self.frame_waits = 0

    def evaluate(self, script: str, cap_ms: float) -> None:
        self.frame_waits += 1

    def wait_for_timeout(self, ms: float) -> None:
        self.waited_ms += ms

    def measure(self) -> list[str]:
        fixed = self.fixed_after_ms is not None and self.waited_ms >= self.fixed_after_ms
        return [] if fixed else ["#menu is too wide"]


def test_a_failure_counts_only_if_it_outlasts_the_pages_debounced_handlers() -> None:
    debounced = ScriptedPage(fixed_after_ms=150)
    assert as_answered(debounced, debounced.measure) == []  # type: ignore[arg-type]
    assert debounced.frame_waits == 2  # frames waited before each measurement
    never_fixed = ScriptedPage(fixed_after_ms=None)
    assert as_answered(never_fixed, never_fixed.measure) == ["#menu is too wide"]  # type: ignore[arg-type]
    assert never_fixed.waited_ms == DEBOUNCED_ANSWER_MS
    slower = ScriptedPage(fixed_after_ms=DEBOUNCED_ANSWER_MS + 500)  # past what the audit waits: reported
    assert as_answered(slower, slower.measure) == ["#menu is too wide"]  # type: ignore[arg-type]


def test_a_page_that_passes_at_once_is_not_waited_for() -> None:
    fine = ScriptedPage(fixed_after_ms=0)
    assert as_answered(fine, fine.measure) == []  # type: ignore[arg-type]
    assert fine.waited_ms == 0 and fine.frame_waits == 1


class ResizablePage:
    """What Relayout asks of a page: its viewport size, set and read, and a script run (the wait for its scripts)."""

    def __init__(self) -> None:
        self.viewport_size = {"width": 1280, "height": 720}
        self.calls: list[object] = []

    def set_viewport_size(self, size: dict[str, int]) -> None:
        self.viewport_size = size
        self.calls.append(size["width"])

    def evaluate(self, script: str, arg: object = None) -> None:
        self.calls.append("waited")


def test_re_layout_checks_in_a_row_give_the_page_back_its_own_layout_once() -> None:
    page = ResizablePage()
    relayout = Relayout(page)  # type: ignore[arg-type]
    relayout.restore()
    assert page.calls == []  # nothing changed: nothing to give back
    relayout.at_own_size()  # text-spacing, first, at the page's own size: no resize
    relayout.changed()  # its styles changed and put back
    relayout.resize({"width": 640, "height": 512})  # zoom-clip
    relayout.resize({"width": 320, "height": 256})  # reflow
    assert page.calls == [640, 320]
    relayout.restore()  # before the next check that needs the page as it was: one resize, one wait
    assert page.calls == [640, 320, 1280, "waited"] and page.viewport_size == {"width": 1280, "height": 720}
    relayout.restore()
    assert page.calls == [640, 320, 1280, "waited"]


def test_a_check_at_the_own_size_after_a_resize_gets_it_back_unwaited() -> None:
    page = ResizablePage()
    relayout = Relayout(page)  # type: ignore[arg-type]
    relayout.resize({"width": 320, "height": 256})
    relayout.at_own_size()  # its own change next, and one wait for both
    assert page.calls == [320, 1280]
    relayout.restore()  # still unwaited: the page's scripts answer the last change
    assert page.calls == [320, 1280, "waited"]

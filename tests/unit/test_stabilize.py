"""Waiting for a page, browser-free. Two frames of a still page: frames that differ only inside the page's media
players agree (a playing loop, a player's own interface); a difference anywhere else keeps the page unsettled. A
measurement after a change: what is found is measured again once debounced handlers have had their time."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from uiagent.capture.stabilize import DEBOUNCED_ANSWER_MS, _same_but_media, as_answered


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

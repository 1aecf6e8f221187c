"""Two frames of a still page, browser-free: frames that differ only inside the page's media players agree (a
playing loop, a player's own interface); a difference anywhere else keeps the page unsettled."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from uiagent.capture.stabilize import _same_but_media


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

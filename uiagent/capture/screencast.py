"""Frames of a page while something happens on it, from the DevTools screencast: Chromium sends a frame whenever
what it paints changes (nothing while the page is still), so a toast shown for a second or a spinner that comes
and goes is caught however the test's own code blocks meanwhile.

Nothing leaves unmasked: while the screencast runs, the fields to mask (uiagent.capture.masks) are painted black
in the page itself, by a style sheet in every frame and open shadow root, so they stay black wherever they move;
and every box to mask measured as the screencast starts and as it stops is painted over in every frame too, for
what a style sheet cannot reach (closed shadow roots, a frame whose document cannot be read).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image
from playwright.sync_api import CDPSession, Page
from playwright.sync_api import Error as PlaywrightError

from uiagent.capture.decode import decode_rgb
from uiagent.capture.masks import SENSITIVE, find_masks
from uiagent.capture.models import Box, paint_masks
from uiagent.capture.scripts import ADOPTED_SHEET_JS

SHEET_KEY = "recording-masks"
FIRST_FRAME_TIMEOUT_S = 2.0
BLACK_CSS = ("{ background: #000 !important; color: #000 !important; -webkit-text-fill-color: #000 !important; "
             "filter: brightness(0) !important; caret-color: #000 !important; }")


@dataclass(frozen=True)
class Frame:
    seconds: float  # since the screencast began
    image: Image.Image  # the viewport, 1 px per CSS px, masks painted


class Screencast:
    """Start it, let the page act (any Playwright call, or `wait`, lets the frames in), stop it for the frames."""

    def __init__(self, page: Page, mask_selectors: Sequence[str] = ()):
        self.page = page
        self.mask_selectors = list(mask_selectors)
        self.began = 0.0
        self.error: str | None = None  # why the screencast ended early (the page closed), if it did
        self._received: list[tuple[float, bytes]] = []
        self._decoded: dict[int, Image.Image] = {}  # index -> the frame as received (no masks): never written
        self._session: CDPSession | None = None
        self._masks: list[Box] = []

    def start(self) -> None:
        css = f"{', '.join([SENSITIVE, *self.mask_selectors])} {BLACK_CSS}"
        self._masks = self._unstyled_masks()  # (also checks that mask_selectors are valid CSS, before anything runs)
        for frame in self.page.frames:
            try:
                frame.evaluate(ADOPTED_SHEET_JS, {"key": SHEET_KEY, "css": css})
            except PlaywrightError:
                pass  # a frame that is going away; its box is masked whole if it cannot be read (find_masks)
        size = self.page.viewport_size or {"width": 1280, "height": 720}
        self._session = session = self.page.context.new_cdp_session(self.page)
        session.on("Page.screencastFrame", self._on_frame)
        self.began = time.time()
        session.send("Page.startScreencast", {"format": "jpeg", "quality": 90, "everyNthFrame": 1,
                                              "maxWidth": size["width"], "maxHeight": size["height"]})
        # The page as it was before the action: Chromium sends the first frame at once, but it is taken in only
        # while Playwright listens, and an action that fails at once would leave none.
        deadline = time.monotonic() + FIRST_FRAME_TIMEOUT_S
        while not self._received and time.monotonic() < deadline:
            self.wait(0.02)

    def wait(self, seconds: float) -> None:
        """Let the page run for `seconds`, taking its frames in."""
        self.page.wait_for_timeout(seconds * 1000)

    @property
    def received(self) -> int:
        return len(self._received)

    def frames_since(self, index: int) -> list[Frame]:
        """The frames received from the `index`-th on, decoded and masked."""
        return [self._frame(i) for i in range(index, len(self._received))]

    def stop(self) -> list[Frame]:
        """Stop, take the style sheet away again, and return every frame received, in order."""
        session, self._session = self._session, None
        try:
            if session is not None:
                session.send("Page.stopScreencast")
                session.detach()
            for frame in self.page.frames:
                try:
                    frame.evaluate(ADOPTED_SHEET_JS, {"key": SHEET_KEY, "css": None})
                except PlaywrightError:
                    pass
            self._masks += self._unstyled_masks()
        except PlaywrightError as error:
            self.error = "the page was closed during the recording" if self.page.is_closed() else error.message
        return [self._frame(i, last_read=True) for i in range(len(self._received))]

    def _on_frame(self, params: dict) -> None:
        at = params.get("metadata", {}).get("timestamp") or time.time()
        self._received.append((max(0.0, at - self.began), base64.b64decode(params["data"])))
        try:
            assert self._session is not None
            self._session.send("Page.screencastFrameAck", {"sessionId": params["sessionId"]})
        except (AssertionError, PlaywrightError):
            pass  # stopped meanwhile

    def _frame(self, index: int, *, last_read: bool = False) -> Frame:
        """Frame `index`, decoded once (a recording reads each frame while it waits for stillness, then again
        when it stops; the last read lets the decoded copy go) and masked anew each time: the masks measured at
        the stop cover the earlier frames too."""
        seconds, data = self._received[index]
        image = self._decoded.pop(index, None) if last_read else self._decoded.get(index)
        if image is None:
            image = decode_rgb(data)
            if not last_read:
                self._decoded[index] = image
        return Frame(round(seconds, 3), paint_masks(image, Box(x=0, y=0, width=image.width, height=image.height),
                                                    self._masks))

    def _unstyled_masks(self) -> list[Box]:
        """Viewport boxes of what the style sheet may not reach (see the module's docstring)."""
        boxes, _ = find_masks(self.page, self.mask_selectors)
        scroll_x, scroll_y = self.page.evaluate("() => [scrollX, scrollY]")
        return [Box(x=b.x - scroll_x, y=b.y - scroll_y, width=b.width, height=b.height) for b in boxes]

"""Screenshots of document areas beyond the viewport, laid out as Playwright's full-page screenshot lays them out
(the browser enlarges the view to the document for the shot), encoded for speed.

Through a DevTools session with `optimizeForSpeed`: the browser's PNG encoder compresses less, the pixels are the
same (PNG is lossless), and a 16,384 px tall shot takes about half the time (0.8 s against 1.7 s on a long Sphinx
page). Playwright offers no such option. Its screenshot's holding of the page (animations run to their end or
cancelled, a transparent caret) is shot_hold.js, held once for all the shots of a block, so the tiles of one page
show one moment; frames of another origin are not held. Without a session (a browser other than Chromium),
Playwright's own full-page screenshot.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from uiagent.capture.scripts import page_script
from uiagent.capture.stabilize import SHOT_OPTIONS

SHOT_HOLD_JS = page_script("shot_hold.js")

Area = tuple[int, int, int, int]  # x0, y0, x1, y1 in document CSS px


@contextmanager
def beyond_viewport_shots(page: Page) -> Iterator[Callable[[Area], bytes]]:
    """A function shooting document areas (PNG, 1 px per CSS px), the page held still while the block runs."""
    try:
        session = page.context.new_cdp_session(page)
    except PlaywrightError:
        session = None
    if session is None:  # (outside the except clause: an error of the block is not chained to the refusal)
        yield lambda area: page.screenshot(full_page=True, clip=_clip(area), **SHOT_OPTIONS)
        return
    try:
        # Held from the top document (shot_hold.js reaches frames of its origin): evaluating in each frame would wait
        # for one still loading (an ad, an error page), where Playwright's own hold passes it by.
        document: dict[str, int] | None = page.evaluate(SHOT_HOLD_JS, "hold")
        # One image pixel per CSS pixel (Playwright's scale "css"), by the device pixels per CSS pixel this session
        # sees: a device scale the page emulates belongs to Playwright's own session, and is 1 here.
        metrics = session.send("Page.getLayoutMetrics")
        device, css = metrics["contentSize"]["width"], metrics["cssContentSize"]["width"]
        scale = css / device if device else 1.0

        def shoot(area: Area) -> bytes:
            clip = _clip(_trimmed(area, document) if document else area)
            if not clip["width"] or not clip["height"]:
                raise PlaywrightError(f"cannot take a screenshot of {area}: it lies outside the document")
            shot = session.send("Page.captureScreenshot", {"format": "png", "clip": {**clip, "scale": scale},
                                                           "captureBeyondViewport": True, "optimizeForSpeed": True})
            return base64.b64decode(shot["data"])

        yield shoot
    finally:
        with suppress(PlaywrightError):  # (a page gone meanwhile)
            page.evaluate(SHOT_HOLD_JS, "release")
        with suppress(PlaywrightError):
            session.detach()


def _trimmed(area: Area, document: dict[str, int]) -> Area:
    """`area` cut to the document, as Playwright cuts a full-page screenshot's clip."""
    width, height = document["width"], document["height"]
    x0, y0, x1, y1 = area
    return (max(0, min(x0, width)), max(0, min(y0, height)), max(0, min(x1, width)), max(0, min(y1, height)))


def _clip(area: Area) -> Any:  # (Playwright's Clip, a TypedDict)
    x0, y0, x1, y1 = area
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}

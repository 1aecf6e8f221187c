"""Waiting until a page is ready to be judged: network quiet (capped), fonts loaded, two identical frames; and,
after a check changes the viewport or the styles, until the page's own scripts have answered the change.

Audio and video players are left out of the comparison: a muted background loop never stops changing its own box,
nor does a player's own interface while it fades in or counts time, and the page around them is what the frames
must agree on (waiting for a loop to end would only wait for the cap)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from uiagent.capture.decode import decode_rgb_array
from uiagent.capture.network import network_watch
from uiagent.capture.scripts import ADOPTED_SHEET_JS
from uiagent.config import Settings

# Every screenshot uses these: CSS animations finished or reset, no caret blink, 1 image px per CSS px.
SHOT_OPTIONS: dict[str, Any] = {"animations": "disabled", "caret": "hide", "scale": "css"}
# Waits before each further frame, once one differed, then LATER_WAIT_S each: Playwright's poll intervals.
RETRY_WAITS_S = (0.1, 0.25, 0.5)
LATER_WAIT_S = 1.0
# Web fonts decide how text looks and wraps, so they are waited for; but a font whose file never arrives (a blocked
# font host) would keep `document.fonts.ready` pending for as long as the browser's own network timeout.
FONTS_WAIT_S = 3.0
_FONTS_READY_JS = """(ms) => !document.fonts || Promise.race([
  document.fonts.ready.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))])"""


# `scroll-behavior: smooth` (furo's sidebar, Bootstrap's root) turns every scroll into an animation of a few hundred
# ms: the scroll focus makes into view, and the page scripts' own scrollTo(). What a check shoots or reads then is a
# scroll halfway, not where the page comes to rest. An adopted style sheet, not a <style> element, so no mutation
# observer (the page's, or the focus walk's) sees a change; scrolling is not painted, so no measurement is.
INSTANT_SCROLLING_CSS = "* { scroll-behavior: auto !important; }"


@contextmanager
def instant_scrolling(page: Page) -> Iterator[None]:
    """Every scroll in the block jumps to where it ends, whatever the page's `scroll-behavior`."""
    page.evaluate(ADOPTED_SHEET_JS, {"key": "instant-scrolling", "css": INSTANT_SCROLLING_CSS})
    try:
        yield
    finally:
        with suppress(PlaywrightError):  # (a page that crashed or closed meanwhile has nothing to restore)
            page.evaluate(ADOPTED_SHEET_JS, {"key": "instant-scrolling", "css": None})


# Pages finish much of their responsive layout in script. After the viewport or the text's spacing changes, resize
# and media-query listeners run in the next frame and ResizeObservers after its layout, and they commonly make their
# change in an animation frame of their own (a menu moving the links it has no room for into "More"). Two frames,
# then a task (which runs only once every callback of the second frame has), take in both. Many layouts animate
# the change too (a sidebar sliding out as a drawer, a box easing to its new width): the finite transitions and
# animations then running are finished, as a screenshot's `animations: "disabled"` does, and a frame more lets
# the scripts waiting for their end answer. What a check measures is the page where it comes to rest, not a frame
# of its way there. A page that paints no frames (hidden, throttled) is read after the cap.
_SCRIPTS_ANSWERED_JS = """(capMs) => new Promise((resolve) => {
  const finishAnimations = () => {
    let finished = 0;
    for (const animation of document.getAnimations()) {
      if (animation.playState !== "running" || !Number.isFinite(animation.effect?.getComputedTiming().endTime)) continue;
      try { animation.finish(); finished++; } catch { /* (one that cannot be finished is left running) */ }
    }
    return finished;
  };
  const frames = (left, then) => left ? requestAnimationFrame(() => frames(left - 1, then)) : then();
  frames(2, () => finishAnimations() ? frames(1, () => setTimeout(resolve, 0)) : setTimeout(resolve, 0));
  setTimeout(resolve, capMs);
})"""
SCRIPTS_ANSWER_CAP_MS = 200
# Many sites debounce their resize handling instead: the layout is redone once the window has been still for a
# while, commonly 100 to 250 ms. Waiting that long after every change would cost every page; a failure is measured
# again after it instead, and only what is still failing then counts.
DEBOUNCED_ANSWER_MS = 300

Found = TypeVar("Found")


def after_page_scripts(page: Page) -> None:
    """Wait until the page's own scripts have answered a change to its viewport or styles."""
    page.evaluate(_SCRIPTS_ANSWERED_JS, SCRIPTS_ANSWER_CAP_MS)


def as_answered(page: Page, measure: Callable[[], list[Found]]) -> list[Found]:
    """What `measure` finds once the page's scripts have answered the change just made, debounced ones included."""
    after_page_scripts(page)
    found = measure()
    if found:
        page.wait_for_timeout(DEBOUNCED_ANSWER_MS)
        after_page_scripts(page)
        found = measure()
    return found


class Relayout:
    """The page's own layout, as the re-layout checks (text-spacing, zoom-clip, reflow) take it away and give it
    back. Each changes the styles or the viewport, waits for the page's scripts to answer (`as_answered`) and
    measures. Giving the page back its own size and waiting for its scripts to lay it out again costs a resize and
    about two frames: that is done once, by `restore`, before the next check that needs the page as it was, not
    after each re-layout check, the next of which would change the layout again at once."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.own_size: ViewportSize | None = None  # the page's own size, while it is at another
        self.unsettled = False  # changed since the page's scripts last answered

    def resize(self, size: ViewportSize) -> None:
        """The page at another viewport size (measure with `as_answered`), until `at_own_size` or `restore`."""
        if self.own_size is None:
            self.own_size = self.page.viewport_size
        self.unsettled = True
        self.page.set_viewport_size(size)

    def at_own_size(self) -> None:
        """The page at its own viewport size again, not yet waited for: the caller's next change and its wait for
        the page's scripts take in both."""
        if self.own_size is not None:
            self.page.set_viewport_size(self.own_size)
            self.own_size = None

    def changed(self) -> None:
        """Styles were changed and put back: the page's scripts may still be answering."""
        self.unsettled = True

    def restore(self) -> None:
        """The page as it was: at its own size, its scripts' answer waited for."""
        with suppress(PlaywrightError):  # (a page that crashed or closed meanwhile has nothing to lay out)
            self.at_own_size()
            if self.unsettled:
                after_page_scripts(self.page)
            self.unsettled = False


@contextmanager
def viewport_resized(page: Page, size: ViewportSize) -> Iterator[None]:
    """The page at another viewport size (measure with `as_answered`); then at its own size again, as its scripts
    lay it out back (the checks after this one measure that)."""
    original = page.viewport_size
    page.set_viewport_size(size)
    try:
        yield
    finally:
        if original:
            page.set_viewport_size(original)
            with suppress(PlaywrightError):  # (a page that crashed or closed meanwhile has nothing to lay out)
                after_page_scripts(page)


@dataclass
class Settled:
    frame: bytes = field(repr=False)
    stable: bool
    settle_ms: float
    warnings: list[str]


def settle(page: Page, settings: Settings) -> Settled:
    """Wait for a still page and return its last viewport frame (PNG)."""
    started = time.perf_counter()
    warnings: list[str] = []
    if settings.network_idle_cap_s > 0 and not _network_quiet(page, settings):
        warnings.append(f"network still busy after {settings.network_idle_cap_s:g}s; captured anyway")
    if not page.evaluate(_FONTS_READY_JS, FONTS_WAIT_S * 1000):
        warnings.append(f"web fonts still loading after {FONTS_WAIT_S:g}s; captured with the fonts shown then")

    frame = page.screenshot(**SHOT_OPTIONS)
    deadline = started + settings.stable_timeout_s
    # As Playwright's toHaveScreenshot: the next frame at once (a screenshot waits for a frame of its own), then
    # longer after each one that differs, so a page still changing is not shot dozens of times.
    waits = itertools.chain([settings.stable_interval_s], RETRY_WAITS_S, itertools.repeat(LATER_WAIT_S))
    stable = False
    while True:
        time.sleep(max(0.0, min(next(waits), deadline - time.perf_counter())))
        following = page.screenshot(**SHOT_OPTIONS)
        if following == frame or _same_but_media(page, frame, following):
            stable = True
            break
        frame = following
        if time.perf_counter() >= deadline:
            break
    if not stable:
        warnings.append(
            f"page kept changing for {settings.stable_timeout_s:g}s (script-driven animation?); captured the last frame"
        )
    return Settled(frame=frame, stable=stable, settle_ms=(time.perf_counter() - started) * 1000, warnings=warnings)


# The viewport boxes of the media players (video, audio with controls) in the document and its open shadow roots,
# in whole px.
_MEDIA_BOXES_JS = """() => {
  const boxes = [], roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const el of roots[i].querySelectorAll("*")) {
      if (el.shadowRoot) roots.push(el.shadowRoot);
      if (!(el instanceof HTMLMediaElement)) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        boxes.push([Math.floor(r.left), Math.floor(r.top), Math.ceil(r.right), Math.ceil(r.bottom)]);
      }
    }
  }
  return boxes;
}"""


def _same_but_media(page: Page, frame: bytes, following: bytes) -> bool:
    """Whether two differing frames agree everywhere but in the boxes of the page's audio and video players."""
    boxes = page.evaluate(_MEDIA_BOXES_JS)
    if not boxes:
        return False
    first, second = (decode_rgb_array(png) for png in (frame, following))
    if first.shape != second.shape:
        return False
    for x0, y0, x1, y1 in boxes:
        first[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = second[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    return bool(np.array_equal(first, second))


def _network_quiet(page: Page, settings: Settings) -> bool:
    watch = network_watch(page)
    if watch is not None:
        return watch.wait_quiet(page, settings.network_quiet_s, settings.network_idle_cap_s)
    try:
        page.wait_for_load_state("networkidle", timeout=settings.network_idle_cap_s * 1000)
    except PlaywrightTimeout:
        return False
    return True

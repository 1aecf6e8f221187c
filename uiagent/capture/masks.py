"""What must not leave the machine: password, card-number and one-time-code fields, `[data-uiagent-mask]`
elements and the configured `mask_selectors` (CSS), found in every frame (same- and cross-origin) and shadow root
(open ones by script, closed ones through the DevTools protocol). A capture keeps their boxes, and whatever is
written to disk or sent to a model has them painted over (`Capture.png`, `Capture.image()`).
"""

from __future__ import annotations

from collections.abc import Sequence

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from uiagent.capture.closed_shadow import ClosedShadowDom, inspect_closed_shadow_dom
from uiagent.capture.frames import frame_place
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script
from uiagent.errors import ConfigError

SENSITIVE = ", ".join(("input[type=password i]", "[autocomplete*=cc- i]", "[autocomplete*=password i]",
                       "[autocomplete*=one-time-code i]", "[data-uiagent-mask]"))
SENSITIVE_JS = page_script("sensitive.js")


def find_masks(page: Page, selectors: Sequence[str] = ()) -> tuple[list[Box], ClosedShadowDom]:
    """The document boxes (CSS px of the top document) of everything to mask, and what the closed shadow roots
    hold. A frame whose document cannot be read is masked whole: when in doubt, nothing leaves."""
    argument = {"builtin": SENSITIVE, "selectors": list(selectors)}
    found = page.evaluate(SENSITIVE_JS, argument)
    if found["invalid"]:
        raise ConfigError(f"mask_selectors: not a valid CSS selector: {', '.join(map(repr, found['invalid']))}")
    scroll_x, scroll_y = page.evaluate("() => [scrollX, scrollY]")
    masks = [Box(x=box["x"] + scroll_x, y=box["y"] + scroll_y, width=box["width"], height=box["height"])
             for box in found["boxes"]]
    for frame in page.frames[1:]:
        try:
            inner = frame.evaluate(SENSITIVE_JS, argument)
        except PlaywrightError:
            inner = None
        if inner is not None and not inner["boxes"]:
            continue
        place = frame_place(frame)
        if place is None or place.viewport is None:
            continue  # gone, or not rendered: nothing of it shows
        if inner is None:
            masks.append(place.viewport)
            continue
        for box in inner["boxes"]:
            shown = place.box(box).intersection(place.viewport)  # scrolled out of the frame: hidden by it
            if shown is not None:
                masks.append(shown)
    closed = inspect_closed_shadow_dom(page, ", ".join([SENSITIVE, *selectors]))
    return masks + closed.matches, closed

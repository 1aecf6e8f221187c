"""A stabilized screenshot of a viewport, a full page or a locator, with DOM facts and hashes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from playwright.sync_api import Locator, Page

from uiagent.capture.beyond_viewport import beyond_viewport_shots
from uiagent.capture.decode import decode_rgb_array
from uiagent.capture.masks import find_masks
from uiagent.capture.models import Box, Capture, DomFacts
from uiagent.capture.scripts import page_script
from uiagent.capture.stabilize import SHOT_OPTIONS, settle
from uiagent.capture.tiles import TiledPixels
from uiagent.config import Settings

DOM_FACTS_JS = page_script("dom_facts.js", as_json=True)
MAX_DOM_ELEMENTS = 20_000

Kind = Literal["viewport", "full_page", "locator"]


_DOCUMENT_BOX_JS = ("e => { const r = e.getBoundingClientRect();"
                    " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; }")


def document_box(locator: Locator) -> Box:
    """The element's box in document CSS px (independent of scrolling, unlike Playwright's bounding_box)."""
    return Box.model_validate(locator.evaluate(_DOCUMENT_BOX_JS))


def gather_dom_facts(page: Page, max_elements: int = MAX_DOM_ELEMENTS) -> DomFacts:
    """All DOM facts of the page in one round trip."""
    return DomFacts.model_validate_json(page.evaluate(DOM_FACTS_JS, max_elements))


def capture(
    page: Page,
    kind: Kind = "viewport",
    *,
    locator: Locator | None = None,
    settings: Settings | None = None,
    warnings: list[str] | None = None,
) -> Capture:
    """Capture `page` once it is still. `kind="locator"` needs `locator`; the image is 1 px per CSS px."""
    settings = settings or Settings()
    if (kind == "locator") != (locator is not None):
        raise ValueError("pass a locator exactly when kind='locator'")
    settled = settle(page, settings)
    dom = gather_dom_facts(page)
    masks, closed_shadow = find_masks(page, settings.mask_selectors)
    notes = [*(warnings or []), *settled.warnings]
    truncated = False
    tiles = 1
    tiled: TiledPixels | None = None  # a tall page's tiles
    png: bytes | None

    if kind == "viewport":
        png = settled.frame
        scroll = page.evaluate("() => [window.scrollX, window.scrollY]")
        origin = Box(x=scroll[0], y=scroll[1], width=dom.viewport_width, height=dom.viewport_height)
    elif kind == "full_page":
        height = dom.scroll_height
        if height > settings.max_full_page_height:
            truncated = True
            notes.append(f"page is {height}px tall; captured the first {settings.max_full_page_height}px")
            height = settings.max_full_page_height
        fits = (dom.scroll_width, dom.scroll_height) == (dom.viewport_width, dom.viewport_height)
        at_top = page.evaluate("() => scrollX === 0 && scrollY === 0")
        # A page that fits the viewport exactly: the settled frame already is the full page.
        png, tiles, tiled = (settled.frame, 1, None) if fits and at_top else _full_page(
            page, dom.scroll_width, height, settings.tile_height)
        origin = Box(x=0, y=0, width=dom.scroll_width, height=height)
    else:
        assert locator is not None
        png = locator.screenshot(**SHOT_OPTIONS)
        origin = document_box(locator)

    return Capture.of(
        png=png,
        pixels=tiled,
        url=page.url,
        kind=kind,
        origin=origin,
        tiles=tiles,
        stable=settled.stable,
        settle_ms=round(settled.settle_ms, 1),
        truncated_height=truncated,
        dom=dom,
        warnings=notes,
        masks=masks,
        closed_shadow_roots=closed_shadow.roots,
    )


def _full_page(page: Page, width: int, height: int, tile_height: int) -> tuple[bytes | None, int, TiledPixels | None]:
    """One full-page shot (PNG), or, for a page taller than one shot should be, its tiles, kept as the PNGs the
    browser made and decoded when first read (tiles.py). Always exactly width x height, so the image matches the
    origin box (and any height cap).

    Each tile's shot lays the whole page out again (0.7 s of a 1.1 s tile on a 110,664 px page), and one shot of
    several tiles would pay that once. It is not done: in a shot taller than 16,384 px, Chromium paints some rows
    one level off what the page shows on screen (white as 254, black as 1: 1,759 pixels on Flask's 27,080 px
    changelog shot whole, none when shot in two tiles), and the pixel checks measure what is on screen."""
    with beyond_viewport_shots(page) as shoot:
        if height <= tile_height:
            return shoot((0, 0, width, height)), 1, None
        bands = [(top, min(height, top + tile_height)) for top in range(0, height, tile_height)]
        tiles = [(top, bottom, shoot((0, top, width, bottom))) for top, bottom in bands]
    return None, len(tiles), TiledPixels(width, tiles)


def shoot_document_area(page: Page, area: tuple[int, int, int, int], scroll: Sequence[float] | None = None) -> np.ndarray:
    """A document area (x0, y0, x1, y1 in CSS px) as an RGB array, the page scrolled as at `scroll` (default: as
    it is now): shot from the viewport when it is all on screen, else beyond it (beyond_viewport.py). A shot beyond
    the viewport lays the whole document out, whatever the area: 0.35 s on a long Sphinx page, 1.2 s on rustdoc's
    `Vec` page, against about 35 ms from the viewport."""
    x0, y0, x1, y1 = area
    if scroll is None:
        scroll = page.evaluate("() => [scrollX, scrollY]")
    viewport = page.viewport_size or {"width": 0, "height": 0}
    left, top = x0 - round(scroll[0]), y0 - round(scroll[1])
    if left >= 0 and top >= 0 and left + x1 - x0 <= viewport["width"] and top + y1 - y0 <= viewport["height"]:
        png = page.screenshot(clip={"x": left, "y": top, "width": x1 - x0, "height": y1 - y0}, **SHOT_OPTIONS)
    else:
        with beyond_viewport_shots(page) as shoot:
            png = shoot(area)
    return decode_rgb_array(png)

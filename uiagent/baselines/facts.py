"""What a baseline keeps beside its PNG (`<name>.json`): the elements the capture measured in the picture, each with
its box, its own text and, for an image, a perceptual hash of its pixels. The `layout` and `content` match levels
compare these, not pixels; a PNG alone cannot say which element moved or whose text changed.

Also where the `ignore=` and `dynamic=` selectors lie now (`locate_regions`), measured with the capture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import imagehash
from PIL import Image
from playwright.sync_api import Page
from pydantic import BaseModel, Field

from uiagent.capture.models import Box, Capture
from uiagent.capture.scripts import wrap_script
from uiagent.errors import ConfigError

# Painted pictures that have no `painted_images` entry (those are img, input type=image, object, SVG image and CSS
# backgrounds): their pixels are their content.
PICTURE_TAGS = frozenset({"img", "svg", "canvas", "video"})
MIN_HASHED_SIDE = 4  # px: below this a perceptual hash says nothing


class ElementFacts(BaseModel):
    selector: str = Field(description="As uiagent names elements: #id when unique, else a path from one.")
    tag: str
    box: Box = Field(description="Image px: relative to the top-left of the baseline's picture.")
    text: str = Field("", description="The element's own text (not its children's), whitespace collapsed.")
    image: str | None = Field(None, description="For a picture: the perceptual hash (pHash, hex) of its pixels.")
    src: str | None = Field(None, description="For an image resource: its address (named in messages only).")


class BaselineFacts(BaseModel):
    """The sidecar of one baseline PNG."""

    version: Literal[1] = 1
    width: int
    height: int
    elements: list[ElementFacts]

    def by_selector(self) -> dict[str, ElementFacts]:
        return {element.selector: element for element in self.elements}


def measure(shot: Capture, region: Box | None, image: Image.Image) -> BaselineFacts:
    """The facts of `image`: the picture the baseline stores, cut from `shot` at `region` (None: all of it)."""
    area = region or shot.origin
    picture = Box(x=0, y=0, width=image.width, height=image.height)
    texts = {run.selector: run.text for run in shot.dom.text_runs}
    sources = {painted.selector: painted.src for painted in shot.dom.painted_images}
    elements: list[ElementFacts] = []
    for element in shot.dom.elements:
        box = Box(x=round(element.box.x - area.x, 2), y=round(element.box.y - area.y, 2),
                  width=round(element.box.width, 2), height=round(element.box.height, 2))
        if box.intersection(picture) is None:
            continue  # not in the picture (scrolled away, outside the locator): not part of what is compared
        # What a mask hides must not reach the file either (baselines are committed): its box only.
        masked = any(inside(element.box, mask) for mask in shot.masks)
        pictured = not masked and (element.selector in sources or element.tag in PICTURE_TAGS)
        elements.append(ElementFacts(selector=element.selector, tag=element.tag, box=box,
                                     text="" if masked else texts.get(element.selector, ""),
                                     image=picture_hash(image, box) if pictured else None,
                                     src=sources.get(element.selector)))
    return BaselineFacts(width=image.width, height=image.height, elements=elements)


def picture_hash(image: Image.Image, box: Box) -> str | None:
    """pHash of the pixels under `box` (image px): the same picture at another place or size hashes alike."""
    left, top = max(0, round(box.x)), max(0, round(box.y))
    right, bottom = min(image.width, round(box.right)), min(image.height, round(box.bottom))
    if right - left < MIN_HASHED_SIDE or bottom - top < MIN_HASHED_SIDE:
        return None
    return str(imagehash.phash(image.crop((left, top, right, bottom))))


def inside(box: Box, outer: Box, slack: float = 1.0) -> bool:
    """`box` lies within `outer` (give or take `slack` px of rounding)."""
    return (box.x >= outer.x - slack and box.y >= outer.y - slack and box.right <= outer.right + slack
            and box.bottom <= outer.bottom + slack)


@dataclass(frozen=True)
class Region:
    """A part of the picture named by an `ignore=` or `dynamic=` selector: the elements it matches now, each as
    (its selector as the facts name it, its box in the current picture's px)."""

    selector: str
    dynamic: bool
    found: tuple[tuple[str, Box], ...]


# Each selector's matches with uiagent's name for them (so the baseline's box of the same element can be looked up
# in its facts); null for a selector the browser rejects.
_REGIONS_JS = wrap_script("""(selectors) => selectors.map((selector) => {
  let found;
  try { found = [...document.querySelectorAll(selector)]; } catch (error) { return null; }
  return found.map((el) => {
    const r = el.getBoundingClientRect();
    return [selectorOf(el), {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}];
  });
})""")


def as_selectors(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """`ignore=`/`dynamic=` as given: one selector or several (a lone string is one selector, not its letters)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not all(isinstance(item, str) for item in value):
        raise ConfigError(f"baseline ignore/dynamic: give CSS selectors as strings, not {list(value)!r}")
    return tuple(value)


def locate_regions(page: Page, area: Box, ignore: Sequence[str], dynamic: Sequence[str]) -> list[Region]:
    """Where the ignore and dynamic selectors (CSS, in the top document) lie now, in px of the picture at `area`."""
    selectors = [*ignore, *dynamic]
    if not selectors:
        return []
    found = page.evaluate(_REGIONS_JS, selectors)
    invalid = [selector for selector, matches in zip(selectors, found, strict=True) if matches is None]
    if invalid:
        raise ConfigError(f"baseline ignore/dynamic: not a valid CSS selector: {', '.join(map(repr, invalid))}")
    return [Region(selector=selector, dynamic=index >= len(ignore), found=tuple(
                (name, Box(x=box["x"] - area.x, y=box["y"] - area.y, width=box["width"], height=box["height"]))
                for name, box in matches))
            for index, (selector, matches) in enumerate(zip(selectors, found, strict=True))]

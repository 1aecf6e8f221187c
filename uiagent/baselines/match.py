"""Compare a baseline with the current capture under a match level: what must stay the same for the two to match.

- strict: the pixels. The exact diff (and, above the threshold, the model) stay with the assertion
  (uiagent.assertions.expect); here are only what every level shares: regions blanked, dynamic boxes checked.
- layout: the boxes of the elements in the picture. A moved, resized, removed or added element differs; new text
  in a box of the same size, or a new colour, does not.
- ignore-colors: the picture's edges, wherever neighbouring pixels differ in any channel. A colour replaced by
  another keeps every edge where it was; moved, removed or new text and a different picture do not.
- content: the texts and pictures, as collections, wherever they are. A moved element or a new colour matches;
  a changed or removed text and a different picture (by perceptual hash) do not.

`ignore=` regions are left out of every level. `dynamic=` regions are too, but their box must stay where it was
(under content, where nothing's position counts, they must only still be there).

Each function returns the differences, most telling first, each with the boxes to outline on the evidence image;
none means a match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import imagehash
import numpy as np
from PIL import Image, ImageDraw

from uiagent.baselines.facts import BaselineFacts, ElementFacts, Region, inside
from uiagent.baselines.pixel_diff import CELL, diff_mask
from uiagent.capture.models import Box
from uiagent.errors import ConfigError

MatchLevel = Literal["strict", "layout", "ignore-colors", "content"]
MATCH_LEVELS: tuple[str, ...] = get_args(MatchLevel)

BOX_TOLERANCE = 1.0  # CSS px: sub-pixel layout rounding, under the smallest move anyone would mean
IMAGE_DISTANCE = 10  # pHash bits of 64: a picture re-rendered or rescaled stays within; another picture does not
EDGE_STEP = 24  # 0-255: neighbours differing by more than this (in any channel) make an edge; anti-aliasing less so
EDGE_REACH = 1  # px: an edge counts as kept if the other picture has one this near (anti-aliasing moves it a pixel)
# Share of the pixels whose edges may change, unless a threshold is given. Far below strict's 0.1% of pixels: a
# change touches fewer edge pixels than pixels (a 4 px move of a 140x44 button: 492 against 1,054), and the same
# page re-rendered, or recoloured, changes none.
EDGE_THRESHOLD = 0.0001
BLANK = (128, 0, 128)  # what a left-out region is painted with, alike in both pictures
MAX_LISTED = 8


@dataclass(frozen=True)
class Difference:
    text: str
    boxes: tuple[Box, ...] = ()  # where, in the current picture's px (a removed element: where it was)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the picture (regions blanked) and its facts."""

    image: Image.Image
    facts: BaselineFacts


def match_level(value: str) -> MatchLevel:
    if value not in MATCH_LEVELS:
        raise ConfigError(f"unknown baseline match level {value!r}: use one of {', '.join(map(repr, MATCH_LEVELS))}")
    return value  # type: ignore[return-value]


def compare(level: MatchLevel, baseline: Side, current: Side, regions: Sequence[Region], *,
            threshold: float | None = None) -> list[Difference]:
    """The differences between the two sides under a level other than strict (`threshold`: the share of pixels
    whose edges may change under ignore-colors, EDGE_THRESHOLD if None)."""
    differences = dynamic_changes(regions, baseline.facts, position=level != "content")
    if level == "layout":
        differences += compare_layout(baseline.facts, current.facts, regions)
    elif level == "content":
        differences += compare_content(baseline.facts, current.facts, regions)
    elif level == "ignore-colors":
        differences += compare_edges(baseline.image, current.image,
                                     EDGE_THRESHOLD if threshold is None else threshold,
                                     (current.facts, baseline.facts))
    else:
        raise ValueError(f"compare() is for the levels other than strict, not {level!r}")
    return differences


def region_boxes(regions: Iterable[Region], baseline: BaselineFacts | None) -> tuple[list[Box], list[Box]]:
    """Each region's boxes in the baseline and now. The baseline's come from its facts, by the element's name;
    without facts (a baseline recorded before them) or for an element they lack, the current box stands in."""
    recorded = baseline.by_selector() if baseline is not None else {}
    before: list[Box] = []
    after: list[Box] = []
    for region in regions:
        for selector, box in region.found:
            after.append(box)
            before.append(recorded[selector].box if selector in recorded else box)
    return before, after


def blank(image: Image.Image, boxes: Iterable[Box]) -> Image.Image:
    """A copy with `boxes` painted flat. Both pictures get the same boxes (the regions' before and after), so a
    region compares equal whatever it shows; whether its box moved is `dynamic_changes`' question."""
    painted = image.convert("RGB").copy()
    draw = ImageDraw.Draw(painted)
    for box in boxes:
        if box.width > 0 and box.height > 0:
            draw.rectangle(box.drawn(), fill=BLANK)
    return painted


def dynamic_changes(regions: Iterable[Region], baseline: BaselineFacts, *, position: bool = True) -> list[Difference]:
    """Dynamic regions that are gone, were not in the baseline, or (with `position`) moved or changed size."""
    recorded = baseline.by_selector()
    differences: list[Difference] = []
    for region in regions:
        if not region.dynamic:
            continue
        if not region.found:
            differences.append(Difference(f"dynamic region {region.selector!r} matches no element"))
        for selector, box in region.found:
            if selector not in recorded:
                differences.append(Difference(f"dynamic region {region.selector!r} ({selector}) is not in the "
                                              "baseline", (box,)))
            elif position:
                differences += _box_change(f"dynamic region {selector}", recorded[selector].box, box)
    return differences


def compare_layout(baseline: BaselineFacts, current: BaselineFacts, regions: Sequence[Region]) -> list[Difference]:
    """Elements removed, added, moved or resized (outside the regions), by their names."""
    before, after = _outside_regions(baseline, current, regions)
    old = {element.selector: element for element in before}
    new = {element.selector: element for element in after}
    removed = [Difference(f"{name} removed (was at {_place(element.box)} {_size(element.box)})", (element.box,))
               for name, element in old.items() if name not in new]
    added = [Difference(f"{name} added at {_place(element.box)} {_size(element.box)}", (element.box,))
             for name, element in new.items() if name not in old]
    # The element that moved before the containers that moved or grew with it: smallest first.
    both = sorted((name for name in old if name in new), key=lambda name: new[name].box.area)
    changed = [difference for name in both for difference in _box_change(name, old[name].box, new[name].box)]
    return removed + added + changed


def compare_content(baseline: BaselineFacts, current: BaselineFacts, regions: Sequence[Region]) -> list[Difference]:
    """Texts and pictures gone, changed or new (outside the regions), wherever they are."""
    before, after = _outside_regions(baseline, current, regions)
    return _texts(before, after) + _pictures(before, after)


def compare_edges(baseline: Image.Image, current: Image.Image, threshold: float = EDGE_THRESHOLD,
                  facts: Sequence[BaselineFacts] = ()) -> list[Difference]:
    """Edges lost or gained, beyond `threshold` (a share of the pixels). `facts` (each side's) name the elements
    where."""
    if baseline.size != current.size:
        return [Difference(f"size changed from {baseline.width}x{baseline.height} to "
                           f"{current.width}x{current.height}")]
    old, new = edges(baseline), edges(current)
    diff = diff_mask((old & ~_grow(new, EDGE_REACH)) | (new & ~_grow(old, EDGE_REACH)))
    if diff.changed_ratio <= threshold:
        return []
    names = list(dict.fromkeys(filter(None, (_around(box, facts) for box in diff.regions[:20]))))
    boxes = ", ".join(f"({b.x:.0f},{b.y:.0f} {b.width:.0f}x{b.height:.0f})" for b in diff.regions[:5])
    return [Difference(f"edges changed{' in ' + ', '.join(names[:5]) if names else ''}: {diff.changed_pixels:,} "
                       f"pixels ({diff.changed_ratio:.2%}, threshold {threshold:.2%}) in {len(diff.regions)} "
                       f"region(s): {boxes}", tuple(diff.regions))]


def edges(image: Image.Image) -> np.ndarray:
    """Where the picture has edges: pixels next to a neighbour differing by more than EDGE_STEP in any channel
    (not in luminance alone, so blue next to a red of the same lightness is an edge too)."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    found = np.zeros(pixels.shape[:2], dtype=bool)
    across = np.abs(np.diff(pixels, axis=1)).max(axis=2) > EDGE_STEP
    down = np.abs(np.diff(pixels, axis=0)).max(axis=2) > EDGE_STEP
    found[:, 1:] |= across
    found[:, :-1] |= across
    found[1:, :] |= down
    found[:-1, :] |= down
    return found


def describe(differences: Sequence[Difference]) -> list[str]:
    """The differences as message lines, at most MAX_LISTED and a count of the rest."""
    lines = [difference.text for difference in differences[:MAX_LISTED]]
    if len(differences) > MAX_LISTED:
        lines.append(f"... and {len(differences) - MAX_LISTED} more difference(s)")
    return lines


# -- internals --------------------------------------------------------------------------------------------------


def _outside_regions(baseline: BaselineFacts, current: BaselineFacts,
                     regions: Sequence[Region]) -> tuple[list[ElementFacts], list[ElementFacts]]:
    """Each side's elements that lie in none of its region boxes (a region's own element lies in its box)."""
    before, after = region_boxes(regions, baseline)
    return ([e for e in baseline.elements if not any(inside(e.box, box) for box in before)],
            [e for e in current.elements if not any(inside(e.box, box) for box in after)])


def _box_change(name: str, old: Box, new: Box) -> list[Difference]:
    moved = abs(new.x - old.x) > BOX_TOLERANCE or abs(new.y - old.y) > BOX_TOLERANCE
    resized = abs(new.width - old.width) > BOX_TOLERANCE or abs(new.height - old.height) > BOX_TOLERANCE
    parts = ([f"moved from {_place(old)} to {_place(new)}"] if moved else []) + (
        [f"resized from {_size(old)} to {_size(new)}"] if resized else [])
    return [Difference(f"{name} {' and '.join(parts)}", (old, new))] if parts else []


def _texts(before: list[ElementFacts], after: list[ElementFacts]) -> list[Difference]:
    """Texts compared as multisets; a text missing from an element that now shows another is a changed text."""
    gone = Counter(e.text for e in before if e.text) - Counter(e.text for e in after if e.text)
    new = Counter(e.text for e in after if e.text) - Counter(e.text for e in before if e.text)
    now = {element.selector: element for element in after}
    differences: list[Difference] = []
    for element in before:
        if not element.text or gone[element.text] <= 0:
            continue
        gone[element.text] -= 1
        later = now.get(element.selector)
        if later is not None and new[later.text] > 0:
            new[later.text] -= 1
            differences.append(Difference(f"text of {element.selector} changed from {_quote(element.text)} to "
                                          f"{_quote(later.text)}", (later.box,)))
        else:
            differences.append(Difference(f"text {_quote(element.text)} of {element.selector} is gone",
                                          (element.box,)))
    for element in after:
        if element.text and new[element.text] > 0:
            new[element.text] -= 1
            differences.append(Difference(f"new text {_quote(element.text)} in {element.selector}", (element.box,)))
    return differences


def _pictures(before: list[ElementFacts], after: list[ElementFacts]) -> list[Difference]:
    """Pictures matched by perceptual hash, wherever they are: the nearest within IMAGE_DISTANCE, the same
    element's first. An unmatched one whose element is still there changed; else it is gone, or new."""
    left = [element for element in after if element.image]
    unmatched: list[ElementFacts] = []
    for element in (e for e in before if e.image):
        near = [(_distance(element.image, other.image), other.selector != element.selector, index)
                for index, other in enumerate(left)]
        best = min((item for item in near if item[0] <= IMAGE_DISTANCE), default=None)
        if best is None:
            unmatched.append(element)
        else:
            left.pop(best[2])
    differences: list[Difference] = []
    for element in unmatched:
        same = next((other for other in left if other.selector == element.selector), None)
        if same is None:
            differences.append(Difference(f"image {element.selector} is gone{_src(element.src)}", (element.box,)))
            continue
        left.remove(same)
        source = (f" (src {_quote(element.src)} -> {_quote(same.src)})" if element.src != same.src
                  else _src(same.src))
        differences.append(Difference(f"image {element.selector} changed{source}", (same.box,)))
    differences += [Difference(f"new image {element.selector}{_src(element.src)}", (element.box,))
                    for element in left]
    return differences


def _grow(mask: np.ndarray, reach: int) -> np.ndarray:
    """`mask` dilated by `reach` px (a square neighbourhood)."""
    grown = mask.copy()
    for _ in range(reach):
        step = grown.copy()
        step[1:, :] |= grown[:-1, :]
        step[:-1, :] |= grown[1:, :]
        wide = step.copy()
        wide[:, 1:] |= step[:, :-1]
        wide[:, :-1] |= step[:, 1:]
        grown = wide
    return grown


def _around(box: Box, facts: Sequence[BaselineFacts]) -> str | None:
    """The smallest element, now or in the baseline (a removed one), around a changed region (snapped out to the
    diff's grid, hence the slack): where it is in the page's terms."""
    around = [element for side in facts for element in side.elements if inside(box, element.box, slack=CELL)]
    return min(around, key=lambda element: element.box.area).selector if around else None


def _distance(a: str | None, b: str | None) -> int:
    return imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b) if a and b else 64


def _place(box: Box) -> str:
    return f"({box.x:.0f},{box.y:.0f})"


def _size(box: Box) -> str:
    return f"{box.width:.0f}x{box.height:.0f}"


def _quote(text: str | None, limit: int = 60) -> str:
    text = text or ""
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def _src(src: str | None) -> str:
    return f" (src {_quote(src)})" if src else ""

"""Focus visible (WCAG 2.4.7) and focus not obscured (2.4.11), by moving focus with the keyboard.

A focus indicator is whatever changes around an element when it takes focus: the region around it, focused,
is compared with the same region of the reference capture (taken with nothing focused). No change is a violation;
a change under the check's options (`min_changed_pixels`; `min_change_contrast` in luminance, or
`min_colour_difference` in colour) is too faint to tell. A field that takes typing needs nothing more than its
caret, which WCAG counts as a focus indicator (Understanding 2.4.7, technique G149) and screenshots leave out: only
a transparent caret leaves it to the pixels.

Tab walks the page first, without screenshots: it gives the tab order, what covers each focused element, and whether
focusing it ran a script that changed the DOM. A screenshot costs about two frames (~33 ms) however small, so the
focused looks are then shot in a few batches: focus_emulation.js shows many elements with their focused look at once
(the page's own focus rules, twinned onto attributes, and the attributes a script set on the element itself when it
took focus during the walk, such as the focus-visible polyfill's class), chosen so that no element's change (its own,
or its ancestors' :focus-within styles) can reach another's region. Elements whose focus a script styles otherwise
(changing other elements, or the tree), or that sit in a closed shadow root, are shot during the walk, really
focused; so is every stop of a page with three stops or fewer, and of a page with a style sheet that cannot be read
even from the browser. What the batches find without an indicator is confirmed by real keyboard focus before it is
reported (a script may draw a ring on a canvas, which changes no DOM), against its own place with focus taken away a
moment later. A stop that focus put somewhere else than the reference shows it (it scrolled a box around it, a
sidebar's list; or the stop sits in a box pinned to the window, fixed or sticky, while the window is scrolled) is
compared with its own place unfocused instead: shot during the walk, focused and then with focus taken away, when the
view (the window and the boxes around it, scrolled) is new; the stops that follow in the same view (a sidebar's links,
one after another) are shown focused in batches after the walk, with that view given back (one the page has moved
since is tabbed to again). When focus has left the element by the time its focused look is shot (a script's timer
moved it), a missing indicator is for a person. The mouse is parked off the page: the top left corner is often a logo
link, whose hover look would hide its focus look.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from playwright.sync_api import Page

from uiagent.audit.checks.base import Check, CheckInput, CheckMessage
from uiagent.audit.checks.colour import colour_difference, contrast_ratio
from uiagent.audit.findings import Finding
from uiagent.capture.capture import shoot_document_area
from uiagent.capture.keyboard import FocusRings, focus_rings_hidden, scroll_boxes_back, tab_walk_from_top
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script, wrap_script
from uiagent.capture.style_sheets import style_sheet_texts
from uiagent.capture.tiles import Pixels

ACTIVE_ELEMENT_JS = page_script("active_element.js")
FOCUS_EMULATION_JS = page_script("focus_emulation.js")
MARGIN = 6  # px around the element: outlines and offsets live here
MAX_FOCUS_STOPS = 60
FEW_STOPS = 3  # a batch costs four page calls and a screenshot: about as much as three single shots
MAX_BATCH_HEIGHT = 4096  # px of page one batch screenshot may span: raster time grows with the area

Area = tuple[int, int, int, int]  # x0, y0, x1, y1

_WALK_KEY = "__uiagentFocusWalk"
_WALK_START_JS = f"""() => {{
  const walk = {{stops: [], ids: new Map(), records: [], deltas: new Map(), views: [], scroll: [scrollX, scrollY]}};
  walk.observer = new MutationObserver((records) => {{ walk.records.push(...records); }});
  walk.observer.observe(document, {{subtree: true, attributes: true, attributeOldValue: true, childList: true,
                                   characterData: true}});
  Object.defineProperty(window, '{_WALK_KEY}', {{value: walk, configurable: true}});
  return [scrollX, scrollY];
}}"""
# Focus taken away where it is (into open shadow roots): the page stays scrolled as it is. During the walk, the view
# the screen shows then is noted (the window's scroll, and every box scrolled), and its index among the walk's views
# returned: active_element.js tells whether a later stop sees the same (`same_view`), and _RESTORE_VIEW_JS gives it
# back after the walk.
_BLUR_JS = wrap_script("""(walkKey) => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (el) el.blur();
  const walk = walkKey && window[walkKey];
  if (!walk) return;
  const boxes = new Map();
  for (const box of allElements(document)) if (box.scrollLeft || box.scrollTop) boxes.set(box, [box.scrollLeft, box.scrollTop]);
  walk.view = { x: scrollX, y: scrollY, boxes };
  return walk.views.push(walk.view) - 1;
}""")
# A view the walk noted, given back: the window and every box scrolled as then (a box not noted was at 0, 0). Returns
# the window's scroll now, and the document box of each of the walk's stops asked for (`indices`), to tell whether they
# are back where the walk saw them.
_RESTORE_VIEW_JS = wrap_script("""({ key, view, indices }) => {
  const walk = window[key], noted = walk.views[view];
  scrollTo(noted.x, noted.y);
  for (const box of allElements(document)) {
    if (box === document.scrollingElement) continue;
    const [left, top] = noted.boxes.get(box) || [0, 0];
    if (box.scrollLeft !== left || box.scrollTop !== top) { box.scrollLeft = left; box.scrollTop = top; }
  }
  const boxes = {};
  for (const index of indices) {
    const r = walk.stops[index].getBoundingClientRect();
    boxes[index] = { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  }
  return { scroll: [scrollX, scrollY], boxes };
}""")
# What the walk's own shots changed in the DOM is not the next Tab's doing: Playwright's screenshot sets a style on
# every text field (to hide the caret) and puts it back.
_FORGET_OWN_CHANGES_JS = f"""() => {{
  const walk = window['{_WALK_KEY}'];
  if (walk) {{ walk.observer.takeRecords(); walk.records = []; }}
}}"""
_WALK_END_JS = f"""([x, y]) => {{
  const walk = window['{_WALK_KEY}'];
  if (walk) {{ walk.observer.disconnect(); delete window['{_WALK_KEY}']; }}
  scrollTo(x, y);
}}"""


@dataclass
class Stop:
    """One element Tab reached, and the region around it (document px, inside the reference capture)."""

    index: int
    selector: str
    doc_box: Box
    region: tuple[int, int, int, int]  # x0, y0, x1, y1
    ancestors: dict[int, Box] = field(default_factory=dict)
    # Only real focus shows its look: focusing it changed the DOM beyond attributes of its own (a script styled it),
    # or the focus is inside a closed shadow root, whose style rules scripts cannot read.
    needs_real_focus: bool = False
    # A field that takes typing: its blinking caret (left out of screenshots) is a focus indicator of its own.
    caret: bool = False
    # Focus moved it from where the reference capture shows it (it scrolled a box around it, or it is pinned to the
    # window): only its own place, shot unfocused in the same view, can tell what focusing it changed.
    displaced: bool = False


@dataclass
class SeenInView:
    """Displaced stops seen in one view of the walk, and the window's scroll then: shown focused in batches once the
    walk is over, with that view given back."""

    scroll: list[float]
    stops: list[Stop] = field(default_factory=list)


@dataclass
class Indicator:
    changed_pixels: int
    change_contrast: float
    colour_difference: float = 0.0  # deltaEOK, as strong a part of the change as `change_contrast`
    elsewhere: int | None = None  # pixels that changed in the rest of the viewport, when that was looked at
    moved: bool = False  # a script moved focus off the element around the time its focused look was shot

    def visible(self, options: Mapping[str, float]) -> bool:
        """Enough pixels changed, by enough contrast or a clear enough change of colour, to be seen (the focus
        check's options)."""
        return (self.changed_pixels >= options["min_changed_pixels"]
                and (self.change_contrast >= options["min_change_contrast"]
                     or self.colour_difference >= options["min_colour_difference"]))


def check_focus(context: CheckInput) -> list[Finding]:
    page = context.page
    page.mouse.move(-1, -1)  # off the page: no hover state mixed into the comparison (0, 0 is often a logo link)
    options = context.options(FOCUS)
    findings: list[Finding] = []
    measured: dict[str, dict] = context.measurements.setdefault("focus", {})
    indicators: dict[int, Indicator] = {}
    stops: list[Stop] = []
    seen_in_view: dict[int, SeenInView] = {}  # by the view's index among those the walk noted (page side)
    last_view: int | None = None  # the view the walk last noted, shooting a displaced stop with focus taken away
    few = len(context.capture.dom.focusables) <= FEW_STOPS
    with _focus_walk(page) as (scroll, walk):
        # The walk itself only finds the stops (their looks are shot in batches after it): no ring drawn meanwhile,
        # which on a large page is most of a Tab's cost.
        with focus_rings_hidden(page, hidden=not few) as rings:
            for active in walk:
                stop = _stop(active, context.pixels)
                hidden = active["visible_points"] == 0 and bool(active["covered_by"])
                # An element not drawn itself stands in for a control other elements draw: whether that control is
                # hidden, a person sees.
                obscured = hidden and active["drawn"]
                if hidden:
                    findings.append(context.finding(
                        FOCUS, "obscured" if obscured else "obscured-stand-in", selector=active["selector"],
                        box=Box.model_validate(active["doc_box"]), covered_by=active["covered_by"],
                        status="violation" if obscured else "needs-review"))
                # Whatever indicator an element hidden whole has is hidden with it: that is the finding above, not a
                # missing indicator.
                if stop is None or obscured:
                    continue
                if stop.displaced:
                    placed = _on_screen(page, stop.doc_box, active["scroll"])
                    if placed is None:  # none of it on screen: nothing to see
                        continue
                    stops.append(stop)
                    if active["same_view"] and last_view is not None and not stop.needs_real_focus:
                        # The screen shows the view the last one was shot in (a sidebar's links, one after another):
                        # it is given back after the walk, and this stop shown focused there, with the others seen in
                        # it, in a few batch shots instead of one shot each.
                        seen = seen_in_view.setdefault(last_view, SeenInView(active["scroll"]))
                        seen.stops.append(replace(stop, region=placed[1]))
                        continue
                    with _shot_mid_walk(page, rings):
                        indicators[stop.index], last_view = _measure_displaced(page, placed[1], active["scroll"])
                    continue
                stops.append(stop)
                # Shoot it now, really focused, when only real focus shows its look, or when the page has so few
                # stops that a batch would cost more than shooting them one by one.
                if stop.needs_real_focus or few:
                    with _shot_mid_walk(page, rings):
                        indicators[stop.index] = _measure_focused_now(page, stop, active["scroll"], context.pixels)
        # The batches compare each stop with the reference capture: the boxes the walk scrolled go back first.
        scroll_boxes_back(page)
        in_views = {stop.index for seen in seen_in_view.values() for stop in seen.stops}
        batched = [stop for stop in stops if stop.index not in indicators and stop.index not in in_views]
        emulated = (_measure_emulated(page, batched, context.pixels, scroll, seen_in_view)
                    if batched or seen_in_view else {})
    if emulated is None:  # the page's focus styles cannot all be read: Tab to each stop and shoot it
        indicators.update(_measure_one_by_one(page, batched, context.pixels, scroll))
        emulated = {}
    indicators.update(emulated)
    # Confirm every stop without an indicator with real keyboard focus, looking at the whole viewport too:
    # report only what a keyboard user sees, and an indicator may be drawn anywhere (ACT oj04fd). A stop seen in a
    # view that could not be given back is measured so too.
    suspects = [stop for stop in stops
                if stop.index in indicators and not indicators[stop.index].visible(options) and not stop.caret]
    unmeasured = [stop for stop in stops if stop.index in in_views and stop.index not in indicators]
    if suspects or unmeasured:
        indicators.update(_measure_one_by_one(page, suspects + unmeasured, context.pixels, scroll, in_place=True))
    stops = [stop for stop in stops if stop.index in indicators]  # (one a second walk did not reach again)
    for stop in stops:
        indicator = indicators[stop.index]
        measured[stop.selector] = {"changed_pixels": indicator.changed_pixels,
                                   "change_contrast": indicator.change_contrast,
                                   "colour_difference": indicator.colour_difference}
        if stop.caret:
            measured[stop.selector]["caret"] = True
        elif not indicator.visible(options):
            findings.append(_no_indicator(context, stop, indicator, options))
    return findings


def _no_indicator(context: CheckInput, stop: Stop, indicator: Indicator, options: Mapping[str, float]) -> Finding:
    """A violation when focusing the element changes no pixel on screen; when something changes, but only
    faintly or away from the element, a person decides whether it is a focus indicator."""
    if indicator.moved:
        status, message = "needs-review", "moved"
    elif indicator.changed_pixels >= options["min_changed_pixels"]:
        status, message = "needs-review", "faint"
    elif indicator.changed_pixels or indicator.elsewhere:
        status, message = "needs-review", "elsewhere"
    elif indicator.elsewhere is None:
        status, message = "needs-review", "not-compared"
    else:
        status, message = "violation", "none"
    return context.finding(FOCUS, message, selector=stop.selector, box=stop.doc_box, status=status,
                           changed_pixels=indicator.changed_pixels, change_contrast=indicator.change_contrast,
                           colour_difference=indicator.colour_difference, changed_elsewhere=indicator.elsewhere,
                           held_to=dict(options))


@contextmanager
def _focus_walk(page: Page) -> Iterator[tuple[list[int], Iterator[dict[str, Any]]]]:
    """Tab from the top: yields the page's scroll position before the walk (restored when the block ends)
    and the focused elements in tab order. The walk's bookkeeping (the stop elements, a mutation observer)
    stays on the page until the block ends, for the batch shots."""

    def walk() -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        for _ in range(MAX_FOCUS_STOPS):
            page.keyboard.press("Tab")
            active = page.evaluate(ACTIVE_ELEMENT_JS, _WALK_KEY)
            if active is None or active["selector"] in seen:
                return
            seen.add(active["selector"])
            yield active

    with tab_walk_from_top(page):
        scroll = page.evaluate(_WALK_START_JS)
        try:
            yield scroll, walk()
        finally:
            page.evaluate(_WALK_END_JS, scroll)


@contextmanager
def _shot_mid_walk(page: Page, rings: FocusRings) -> Iterator[None]:
    """Focus rings shown for a shot during the walk; the DOM changes of the shot itself forgotten afterwards, or the
    next stop would seem styled by a script when focused, and so would every stop after it: each shot on its own."""
    with rings.shown():
        yield
    page.evaluate(_FORGET_OWN_CHANGES_JS)


def _stop(active: dict[str, Any], reference: Pixels) -> Stop | None:
    """The stop, or None when there is nothing to compare (an iframe: its content is another document;
    an element with no area inside the captured page)."""
    if active["tag"] == "iframe":
        return None
    height, width = reference.shape[:2]
    doc_box = Box.model_validate(active["doc_box"])
    region = _clip(_around(doc_box), (0, 0, width, height))
    if region is None:
        return None
    return Stop(index=active["index"], selector=active["selector"], doc_box=doc_box, region=region,
                ancestors={a["id"]: Box.model_validate(a["box"]) for a in active["ancestors"]},
                needs_real_focus=active["mutated"] or active["closed_shadow"], caret=bool(active.get("caret")),
                displaced=bool(active.get("displaced")))


def _indicator(focused: np.ndarray, unfocused: np.ndarray) -> Indicator:
    """What changed between the two looks of a region (the element and MARGIN around it), and how strongly, in
    luminance contrast and in colour difference: what nine in ten changed pixels reach, or, when more, the strongest
    part that makes at least a line across the element (as many pixels as its shorter side). A skip link that comes
    into view is mostly a pale bar (1.3:1 on white): the dark words it shows are what is seen. A fill of saturated
    yellow is as faint as that in luminance, and plain to see as a colour."""
    if focused.shape != unfocused.shape:
        return Indicator(0, 1.0)
    changed = np.abs(focused.astype(np.int16) - unfocused.astype(np.int16)).max(axis=2) > 12
    count = int(changed.sum())
    if not count:
        return Indicator(0, 1.0)
    line = min(focused.shape[:2]) - 2 * MARGIN
    before, after = unfocused[changed], focused[changed]
    return Indicator(count, round(_strongest(contrast_ratio(after, before), line), 2),
                     round(_strongest(colour_difference(after, before), line), 3))


def _strongest(values: np.ndarray, line: int) -> float:
    """What nine in ten of `values` reach, or the `line`-th largest of them, whichever is more."""
    strength = float(np.percentile(values, 90))
    if 0 < line <= len(values):
        strength = max(strength, float(np.partition(values, len(values) - line)[len(values) - line]))
    return strength


def _measure_focused_now(page: Page, stop: Stop, scroll: list[float], reference: Pixels) -> Indicator:
    """The stop, focused now, shot (the page scrolled as at `scroll`) and compared with its region of the
    reference: the part of it on screen, which is what a keyboard user sees (and a shot of the viewport, where
    one reaching past it lays out the whole page: seconds on a tall one)."""
    view = _view(page, scroll)
    x0, y0, x1, y1 = region = _clip(stop.region, view) or stop.region
    return _indicator(shoot_document_area(page, region, scroll), reference[y0:y1, x0:x1])


def _measure_displaced(page: Page, region: Area, scroll: list[float]) -> tuple[Indicator, int | None]:
    """A displaced stop, focused now, compared with its own place (`region`, in the document, on screen) unfocused,
    shot with focus taken away (blur() scrolls nothing back, and the next Tab still starts from here). Also the index
    of the view that shot noted (_BLUR_JS): the stops that follow in the same view are shot after the walk. (None: the
    walk's state is gone, a page loaded again meanwhile.)"""
    focused = shoot_document_area(page, region, scroll)
    view = page.evaluate(_BLUR_JS, _WALK_KEY)
    return _indicator(focused, shoot_document_area(page, region, scroll)), view


def _measure_in_place(page: Page, stop: dict[str, Any]) -> Indicator | None:
    """The element focused now (`stop`, as active_element.js read it), compared with its own place a moment later
    with focus taken away: the viewport shot both ways, the region around the element, and the rest as `elsewhere`.
    None when none of the element is on screen. `moved` when focus was no longer on it after the focused shot (a
    script's timer moved it): a shot without its indicator may have been taken after that."""
    scroll = stop["scroll"]
    placed = _on_screen(page, Box.model_validate(stop["doc_box"]), scroll)
    if placed is None:
        return None
    view, _, (x0, y0, x1, y1) = placed
    focused = shoot_document_area(page, view, scroll)
    still = page.evaluate(ACTIVE_ELEMENT_JS, None)
    page.evaluate(_BLUR_JS, None)
    unfocused = shoot_document_area(page, view, scroll)
    indicator = _indicator(focused[y0:y1, x0:x1], unfocused[y0:y1, x0:x1])
    indicator.elsewhere = _changed_elsewhere(focused, (0, 0, view[2] - view[0], view[3] - view[1]),
                                             (x0, y0, x1, y1), unfocused)
    indicator.moved = still is None or still["selector"] != stop["selector"]
    return indicator


def _on_screen(page: Page, box: Box, scroll: list[float]) -> tuple[Area, Area, Area] | None:
    """The document area the viewport shows, the region around `box` inside it, and that region in viewport px;
    None when none of it is on screen."""
    view = _view(page, scroll)
    region = _clip(_around(box), view)
    if region is None:
        return None
    return view, region, (region[0] - view[0], region[1] - view[1], region[2] - view[0], region[3] - view[1])


def _view(page: Page, scroll: list[float]) -> tuple[int, int, int, int]:
    """The document area the viewport shows at `scroll`."""
    viewport = page.viewport_size or {"width": 0, "height": 0}
    x0, y0 = round(scroll[0]), round(scroll[1])
    return x0, y0, x0 + viewport["width"], y0 + viewport["height"]


def _clip(area: tuple[int, int, int, int], bounds: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The part of `area` inside `bounds`, or None when less than 2 px of it is."""
    x0, y0 = max(area[0], bounds[0]), max(area[1], bounds[1])
    x1, y1 = min(area[2], bounds[2]), min(area[3], bounds[3])
    return None if x1 - x0 < 2 or y1 - y0 < 2 else (x0, y0, x1, y1)


def _measure_emulated(page: Page, stops: list[Stop], reference: Pixels, scroll: list[int],
                      seen_in_view: Mapping[int, SeenInView]) -> dict[int, Indicator] | None:
    """Each stop's focused look, from one screenshot per batch of stops shown focused together by
    focus_emulation.js (the page scrolled as at `scroll`); then the displaced stops, in the views they were seen in
    (_measure_in_view). A style sheet scripts may not read (another origin's, or any of a page opened from a file)
    is copied from the text the browser parsed. None when one stays unread: its focus styles would be missing from
    the emulation."""
    unreadable = page.evaluate(FOCUS_EMULATION_JS, {"op": "start", "scroll": scroll})
    try:
        if unreadable:
            texts = style_sheet_texts(page, unreadable)
            if texts:
                unreadable = page.evaluate(FOCUS_EMULATION_JS, {"op": "copy", "texts": texts})
        if unreadable:
            return None
        indicators = _measure_batches(page, stops, reference, scroll)
        if seen_in_view:
            page.evaluate(_BLUR_JS, None)  # (the walk's last stop may still hold focus)
        for view, seen in seen_in_view.items():
            indicators.update(_measure_in_view(page, view, seen))
        return indicators
    finally:
        page.evaluate(FOCUS_EMULATION_JS, {"op": "end"})


def _measure_batches(page: Page, stops: list[Stop], unfocused: Pixels | np.ndarray, scroll: Sequence[float],
                     origin: tuple[int, int] = (0, 0)) -> dict[int, Indicator]:
    """The stops shown focused in batches (focus_emulation.js, started), each batch in one shot, each stop's region
    compared with the same region of `unfocused` (a look of the document from `origin` on)."""
    indicators: dict[int, Indicator] = {}
    ox, oy = origin
    for batch in _batches(stops):
        x0, y0 = min(s.region[0] for s in batch), min(s.region[1] for s in batch)
        x1, y1 = max(s.region[2] for s in batch), max(s.region[3] for s in batch)
        page.evaluate(FOCUS_EMULATION_JS, {"op": "show", "key": _WALK_KEY, "indices": [s.index for s in batch]})
        try:
            shot = shoot_document_area(page, (x0, y0, x1, y1), scroll)
        finally:
            page.evaluate(FOCUS_EMULATION_JS, {"op": "hide"})
        for stop in batch:
            sx0, sy0, sx1, sy1 = stop.region
            indicators[stop.index] = _indicator(shot[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0],
                                                unfocused[sy0 - oy:sy1 - oy, sx0 - ox:sx1 - ox])
    return indicators


def _measure_in_view(page: Page, view: int, seen: SeenInView) -> dict[int, Indicator]:
    """Displaced stops seen in one view of the walk, with that view given back: the area around them shot
    unfocused, then in batches shown focused. A stop not back where the walk saw it (the page changed since) is left
    out, as are all when the window's scroll is not (the caller measures them with real focus)."""
    back = page.evaluate(_RESTORE_VIEW_JS, {"key": _WALK_KEY, "view": view, "indices": [s.index for s in seen.stops]})
    if [round(v) for v in back["scroll"]] != [round(v) for v in seen.scroll]:
        return {}
    stops = [stop for stop in seen.stops if _same_box(Box.model_validate(back["boxes"][str(stop.index)]),
                                                      stop.doc_box)]
    if not stops:
        return {}
    area = (min(s.region[0] for s in stops), min(s.region[1] for s in stops),
            max(s.region[2] for s in stops), max(s.region[3] for s in stops))
    unfocused = shoot_document_area(page, area, seen.scroll)
    return _measure_batches(page, stops, unfocused, seen.scroll, origin=(area[0], area[1]))


def _same_box(a: Box, b: Box) -> bool:
    return all(abs(u - v) < 1 for u, v in ((a.x, b.x), (a.y, b.y), (a.width, b.width), (a.height, b.height)))


def _batches(stops: list[Stop]) -> list[list[Stop]]:
    """Stops grouped so that, shown focused together, none can change pixels in another's region: their
    regions are apart, and so is each region from the boxes of the other's own ancestors (an ancestor both
    share takes :focus-within whichever of them is focused). A batch spans at most MAX_BATCH_HEIGHT px."""
    batches: list[list[Stop]] = []
    for stop in sorted(stops, key=lambda s: (s.region[1], s.region[0])):
        for batch in batches:
            top = min(s.region[1] for s in batch)
            if stop.region[3] - top <= MAX_BATCH_HEIGHT and not any(_interfere(stop, other) for other in batch):
                batch.append(stop)
                break
        else:
            batches.append([stop])
    return batches


def _interfere(a: Stop, b: Stop) -> bool:
    if _overlap(a.region, b.region):
        return True
    own_b = [box for key, box in b.ancestors.items() if key not in a.ancestors]
    own_a = [box for key, box in a.ancestors.items() if key not in b.ancestors]
    return any(_overlap(a.region, _around(box)) for box in own_b) or any(_overlap(b.region, _around(box))
                                                                         for box in own_a)


def _around(box: Box) -> tuple[int, int, int, int]:
    return int(box.x) - MARGIN, int(box.y) - MARGIN, int(box.right) + MARGIN, int(box.bottom) + MARGIN


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _measure_one_by_one(page: Page, wanted: list[Stop], reference: Pixels, scroll: list[int],
                        in_place: bool = False) -> dict[int, Indicator]:
    """Tab from the top again, shooting each wanted stop really focused, then scroll back to `scroll`. A stop
    where Tab now reaches another element (the page changed) is left out. `in_place`: each is compared with its own
    place unfocused, the whole viewport too (_measure_in_place), not with the reference."""
    by_index = {stop.index: stop for stop in wanted}
    indicators: dict[int, Indicator] = {}
    with tab_walk_from_top(page):
        for index in range(max(by_index) + 1):
            page.keyboard.press("Tab")
            if index in by_index:
                active = page.evaluate(ACTIVE_ELEMENT_JS, None)
                if active is None:
                    break
                if active["selector"] == by_index[index].selector:
                    stop = by_index[index]
                    measured = (_measure_focused_now(page, stop, active["scroll"], reference) if not in_place
                                else _measure_in_place(page, active))
                    if measured is not None:
                        indicators[index] = measured
    page.evaluate("([x, y]) => scrollTo(x, y)", scroll)
    return indicators


def _changed_elsewhere(focused: np.ndarray, area: tuple[int, int, int, int], region: tuple[int, int, int, int],
                       reference: Pixels) -> int | None:
    """How many pixels of `focused` (a shot of `area`), outside the stop's own region, differ from the unfocused
    reference (None when the shot does not match the area)."""
    x0, y0, x1, y1 = area
    if focused.shape != reference[y0:y1, x0:x1].shape:
        return None
    changed = np.abs(focused.astype(np.int16) - reference[y0:y1, x0:x1].astype(np.int16)).max(axis=2) > 12
    rx0, ry0, rx1, ry1 = region
    changed[max(0, ry0 - y0):max(0, ry1 - y0), max(0, rx0 - x0):max(0, rx1 - x0)] = False
    return int(changed.sum())


def _visible(changes: str) -> CheckMessage:
    return CheckMessage(f"No visible focus indicator: focusing this element changes {changes}", wcag=("2.4.7",))


FOCUS = Check("focus-visible", ("2.4.7", "2.4.11"), "Keyboard focus: a visible indicator on every element Tab "
              "reaches, not hidden under other content.", check_focus, kind="interactive", act=("oj04fd",),
              # A change is seen by its luminance contrast or by its colour: 0.15 in deltaEOK is about what a grey
              # change of 1.5:1 on white comes to (#d0d0d0: 0.14), and seven times the least difference people see.
              options={"min_changed_pixels": 8, "min_change_contrast": 1.5, "min_colour_difference": 0.15}, messages={
                  "none": _visible("nothing on screen"),
                  "faint": _visible("only faintly (contrast {change_contrast:.2f}:1, colour difference "
                                    "{colour_difference:.2f})"),
                  "elsewhere": _visible("hardly anything around it; something else on screen changes, which may "
                                        "be its indicator"),
                  "not-compared": _visible("nothing around it (the rest of the screen could not be compared)"),
                  "moved": CheckMessage("No focus indicator seen, but a script moved focus away from this element "
                                        "while its focused look was shot", wcag=("2.4.7",)),
                  "obscured": CheckMessage("The focused element is hidden under {covered_by}", "focus-not-obscured",
                                           ("2.4.11",)),
                  "obscured-stand-in": CheckMessage(
                      "The focused element is not drawn itself (transparent or a hairline: a stand-in for a control "
                      "other elements draw) and lies under {covered_by}: check that the control it stands for shows",
                      "focus-not-obscured", ("2.4.11",))})

"""Closed shadow roots: page scripts cannot see into them, the DevTools protocol can (Chromium only; elsewhere
nothing is found and nothing fails).

Each process of the page is its own protocol target: the page with the frames of its own site, and every frame
of another site. In each, a cheap count comes first: the protocol's search counts every element, closed shadow
roots included, and only when it finds more than scripts can see is the whole tree fetched (a third of a second
on 10,000 elements).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import CDPSession, Frame, Page
from playwright.sync_api import Error as PlaywrightError

from uiagent.capture.frames import FramePlace, frame_place
from uiagent.capture.models import Box

# Elements scripts can see from this frame: its document, open shadow roots and frames it may read.
_VISIBLE_ELEMENTS_JS = """() => {
  let count = 0;
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      count++;
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.localName === 'iframe' || el.localName === 'frame') {
        let inner = null;
        try { inner = el.contentDocument; } catch (error) { /* cross-origin */ }
        if (inner) walk(inner);
      }
    }
  };
  walk(document);
  return count;
}"""

@dataclass
class ClosedShadowDom:
    roots: int = 0
    matches: list[Box] = field(default_factory=list)  # CSS px of the top document


def inspect_closed_shadow_dom(page: Page, selector: str) -> ClosedShadowDom:
    """How many closed shadow roots the page has, in every frame, and the boxes of the elements matching
    `selector` inside them (and inside shadow roots nested in them)."""
    found = ClosedShadowDom()
    for session, frame in _targets(page):
        try:
            tree = _tree_if_closed_roots(session, frame)
            if tree is None:
                continue
            # The protocol's boxes are in the viewport of the target's own top frame.
            place = frame_place(frame)
            for root, closed in _shadow_roots(tree):
                found.roots += closed
                if place is not None:
                    found.matches.extend(_matches(session, root, selector, place))
        except PlaywrightError:
            continue  # the frame went away meanwhile
    return found


def _targets(page: Page) -> Iterator[tuple[CDPSession, Frame]]:
    """A protocol session for each process-separate frame (the page first)."""
    for frame in page.frames:
        try:
            session = page.context.new_cdp_session(page if frame is page.main_frame else frame)
        except PlaywrightError:
            continue  # part of its parent's target, or not Chromium
        try:
            yield session, frame
        finally:
            try:
                session.detach()
            except PlaywrightError:
                pass


def _tree_if_closed_roots(session: CDPSession, frame: Frame) -> dict[str, Any] | None:
    session.send("DOM.enable")
    search = session.send("DOM.performSearch", {"query": "*", "includeUserAgentShadowDOM": False})
    session.send("DOM.discardSearchResults", {"searchId": search["searchId"]})
    if search["resultCount"] <= frame.evaluate(_VISIBLE_ELEMENTS_JS):
        return None
    return session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]


def _shadow_roots(tree: dict[str, Any]) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every shadow root that is closed or lies inside a closed one, with whether it is itself closed."""
    stack: list[tuple[dict[str, Any], bool]] = [(tree, False)]
    while stack:
        node, inside_closed = stack.pop()
        for shadow in node.get("shadowRoots", []):
            closed = shadow.get("shadowRootType") == "closed"
            if closed or inside_closed:
                yield shadow, closed
            stack.append((shadow, inside_closed or closed))
        stack.extend((child, inside_closed) for child in node.get("children", []))
        if "contentDocument" in node:
            stack.append((node["contentDocument"], inside_closed))


def _matches(session: CDPSession, root: dict[str, Any], selector: str, place: FramePlace) -> list[Box]:
    boxes = []
    for node_id in session.send("DOM.querySelectorAll", {"nodeId": root["nodeId"], "selector": selector})["nodeIds"]:
        try:
            quad = session.send("DOM.getBoxModel", {"nodeId": node_id})["model"]["border"]
        except PlaywrightError:
            continue  # not rendered
        xs, ys = quad[0::2], quad[1::2]
        boxes.append(place.box(Box(x=min(xs), y=min(ys), width=max(xs) - min(xs), height=max(ys) - min(ys))))
    return boxes

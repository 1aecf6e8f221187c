"""Page scripts in an isolated world of every frame, and Chromium's own accessibility tree for the elements they
return, through the DevTools protocol (Chromium only).

An isolated world shares the frame's DOM but not its globals, so a page that redefines `getComputedStyle` or
`Array.prototype.map` cannot change what a script measures. Elements stay in the world as remote objects and are
handed to `Accessibility.getPartialAXTree`: the role and accessible name Blink computes for the platform's
accessibility API, hence what assistive technology (speech input included) works with, rather than a script's
re-implementation of the accessible-name algorithm.

Each process of the page is its own protocol target: the page with the frames of its own site, and every frame
of another site (an out-of-process frame). Every target's frames are listed by its own session.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import CDPSession, Page
from playwright.sync_api import Error as PlaywrightError

from uiagent.capture.frames import ENTER_FRAME, FRAME_OWNER_JS, FramePlace
from uiagent.capture.models import Box

WORLD_NAME = "uiagent"
OBJECT_GROUP = "uiagent-frame-worlds"

class DevToolsUnavailable(Exception):
    """The browser offers no DevTools protocol session (it is not Chromium, or a remote one refuses)."""


class ScriptFailed(Exception):
    """A script run through the protocol threw."""


@dataclass
class FrameWorld:
    """One frame's isolated world, reached through the session of the target (process) that renders it."""

    session: CDPSession
    frame_id: str
    parent_id: str | None
    context_id: int

    def elements(self, function: str, argument: Any) -> list[str]:
        """The remote object ids of the elements that `function(argument)` returns as an array, in its order;
        they live until the worlds are closed."""
        result = self.session.send("Runtime.evaluate", {
            "expression": f"({function})({json.dumps(argument)})", "contextId": self.context_id,
            "objectGroup": OBJECT_GROUP, "awaitPromise": True})
        _raise_thrown(result)
        array = result["result"].get("objectId")
        if array is None:
            return []
        properties = self.session.send("Runtime.getProperties", {"objectId": array, "ownProperties": True})["result"]
        indexed = {int(p["name"]): p["value"]["objectId"] for p in properties
                   if p["name"].isdigit() and "objectId" in p.get("value", {})}
        return [indexed[index] for index in sorted(indexed)]

    def call(self, function: str, object_ids: list[str]) -> Any:
        """`function(...elements)` in this world, its result by value."""
        result = self.session.send("Runtime.callFunctionOn", {
            "functionDeclaration": function, "executionContextId": self.context_id,
            "arguments": [{"objectId": object_id} for object_id in object_ids],
            "returnByValue": True, "awaitPromise": True})
        _raise_thrown(result)
        return result["result"].get("value")

    def accessibility_node(self, object_id: str) -> dict[str, Any] | None:
        """Chromium's accessibility node for the element: `role`, `name` (with its `sources`), `ignored`."""
        nodes = self.session.send("Accessibility.getPartialAXTree", {"objectId": object_id, "fetchRelatives": False})
        return nodes["nodes"][0] if nodes.get("nodes") else None

    def hosts_closed_shadow_root(self, object_id: str) -> bool:
        """Whether the element or anything inside it hosts a closed shadow root (content no page script reads)."""
        node = self.session.send("DOM.describeNode", {"objectId": object_id, "depth": -1, "pierce": True})["node"]
        stack = [node]
        while stack:
            current = stack.pop()
            for root in current.get("shadowRoots", []):
                if root.get("shadowRootType") == "closed":
                    return True
                stack.append(root)
            stack.extend(current.get("children", []))
        return False


class FrameWorlds:
    """The isolated world of every frame of a page, top frame first."""

    def __init__(self, worlds: list[FrameWorld]):
        self.worlds = worlds
        self._by_frame = {world.frame_id: world for world in worlds}
        self._locations: dict[str, FramePlace | None] = {}

    def location(self, world: FrameWorld) -> FramePlace | None:
        """Where the world's frame lies in the top document; None when its frame element cannot be found (the
        frame went away, or its parent frame has no world)."""
        if world.frame_id not in self._locations:
            self._locations[world.frame_id] = self._locate(world)
        return self._locations[world.frame_id]

    def _locate(self, world: FrameWorld) -> FramePlace | None:
        if world.parent_id is None:
            scroll_x, scroll_y = world.call("() => [scrollX, scrollY]", [])
            return FramePlace("", scroll_x, scroll_y, None)
        parent = self._by_frame.get(world.parent_id)
        outer = self.location(parent) if parent is not None else None
        if parent is None or outer is None:
            return None
        try:
            owner = parent.session.send("DOM.getFrameOwner", {"frameId": world.frame_id})
            element = parent.session.send("DOM.resolveNode", {
                "backendNodeId": owner["backendNodeId"], "executionContextId": parent.context_id,
                "objectGroup": OBJECT_GROUP})["object"]["objectId"]
            where = parent.call(FRAME_OWNER_JS, [element])
        except (PlaywrightError, ScriptFailed):
            return None
        x, y = outer.x + where["x"], outer.y + where["y"]
        return FramePlace(f"{outer.prefix}{where['selector']}{ENTER_FRAME}", x, y,
                          Box(x=x, y=y, width=where["width"], height=where["height"]))


@contextmanager
def frame_worlds(page: Page) -> Iterator[FrameWorlds]:
    """Sessions for the page and each of its out-of-process frames, and an isolated world in every frame they
    render; afterwards remote objects are released, the accessibility tree turned off and sessions detached.
    Raises DevToolsUnavailable when the page itself has no session."""
    try:
        sessions = [page.context.new_cdp_session(page)]
    except PlaywrightError as error:
        raise DevToolsUnavailable(f"no DevTools protocol session for the page ({error.message.splitlines()[0]})") \
            from None
    for frame in page.frames[1:]:
        try:
            sessions.append(page.context.new_cdp_session(frame))
        except PlaywrightError:
            continue  # rendered by its parent's process: listed by that session
    try:
        worlds: list[FrameWorld] = []
        for session in sessions:
            try:
                tree = session.send("Page.getFrameTree")["frameTree"]
            except PlaywrightError:
                continue  # the frame went away meanwhile
            worlds.extend(_worlds(session, tree))
        yield FrameWorlds(worlds)
    finally:
        for session in sessions:
            try:
                session.send("Runtime.releaseObjectGroup", {"objectGroup": OBJECT_GROUP})
                # Asking for accessibility nodes turns Blink's accessibility tree on for the document, and it
                # would be kept up to date through every later change the audit makes: turned off again.
                session.send("Accessibility.disable")
                session.detach()
            except PlaywrightError:
                pass


def _worlds(session: CDPSession, tree: dict[str, Any]) -> Iterator[FrameWorld]:
    stack = [tree]
    while stack:
        node = stack.pop(0)
        frame = node["frame"]
        try:
            context = session.send("Page.createIsolatedWorld", {"frameId": frame["id"], "worldName": WORLD_NAME})
        except PlaywrightError:
            context = None  # the frame has no document (yet), or went away
        if context is not None:
            yield FrameWorld(session, frame["id"], frame.get("parentId"), context["executionContextId"])
        stack.extend(node.get("childFrames", []))


def _raise_thrown(result: dict[str, Any]) -> None:
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        raise ScriptFailed(details.get("exception", {}).get("description") or details.get("text", "script failed"))

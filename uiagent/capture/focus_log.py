"""Pressing keys and reading what they did to focus, through the focus log (keyboard_trap.js) in every frame.

After each key the page is given time to settle: until no focus event came for QUIET_MS. That wait is a timer in
the page, so a page timer set during the key (a blur handler's `setTimeout(refocus, 10)`) is due before it and
runs first, however slow the machine. The settled state is the element holding focus then, followed into open
shadow roots and into frames (a frame of another origin through its own log). Every focus event is tagged with
the key whose dispatch it happened in; one with no key behind it was a script's or a timer's.

The end of the sequence: Tab from the last element hands focus to the browser. Chromium then clears the focused
element, so during that key's dispatch the page sees a focusout with no relatedTarget, no focusin, and nothing
focused (document.hasFocus() cannot tell: Playwright's focus emulation answers true).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page

from uiagent.capture.keyboard import END_MARK, START_MARK
from uiagent.capture.scripts import page_script

FOCUS_LOG_JS = page_script("keyboard_trap.js")
ENTER_FRAME = " >> internal:control=enter-frame >> "
QUIET_MS = 60
# Focus still moving after about a second of windows is unstable: ACT's *focusable* exception lets an element lose
# focus for up to a second. On a loaded machine the windows run late, so a wall-clock cap stops it too.
SETTLE_WINDOWS = 17
SETTLE_WALL_MS = 5000
_SETTLING = {"quiet": QUIET_MS, "rounds": SETTLE_WINDOWS, "wallMs": SETTLE_WALL_MS}
FRAME_SEPARATOR = "/"  # identity of an element in a frame of another origin: "<iframe's identity>/<its own>"


class BudgetSpent(Exception):
    """The key presses or the time allowed for one page are used up."""


@dataclass
class Budget:
    """Key presses, and time counted in the page's own settle windows (QUIET_MS each): a loaded machine runs them
    late but not more of them, so the work a page gets does not shrink with the machine's load. A wall-clock cap,
    well above, stops a page that still takes too long."""

    presses: int
    seconds: float  # of settling, in windows
    wall_seconds: float
    used: int = 0
    windows: int = 0
    started: float = field(default_factory=time.monotonic)

    def spend(self) -> None:
        if (self.used >= self.presses or self.windows * QUIET_MS > self.seconds * 1000
                or time.monotonic() - self.started > self.wall_seconds):
            raise BudgetSpent(f"{self.used} key presses, {self.windows * QUIET_MS / 1000:.1f} s of settling, "
                              f"{time.monotonic() - self.started:.1f} s")
        self.used += 1


@dataclass(frozen=True)
class Step:
    """What one key (or a script's focus(), key None) left: the settled focus and how it got there."""

    key: str | None
    element: str | None  # the focused element's identity; None: nothing in the page holds focus
    ended: bool = False  # the key took focus out of the page, to the browser: the end of the sequence
    returned: bool = False  # ... and then a script put it back in the page with no key behind it
    unstable: bool = False  # focus was still moving when the settle window ran out
    opaque: bool = False  # held where it cannot be followed: a frame that cannot be read, a closed shadow root
    transient: tuple[str, ...] = ()  # elements that took focus and lost it before it settled
    ms: int = 0


def read_step(key: str | None, settled: dict[str, Any], previous: str | None = None,
              left_frame: Sequence[dict[str, Any]] = ()) -> Step:
    """The step a key made, from the log's entries since the last settle (`settled`, from the settle action; with
    `frame_events`, the own log of the frame of another origin that holds focus now) and the element focused
    before it. Identities of elements inside such a frame hold a FRAME_SEPARATOR; when focus was in one before,
    `left_frame` is that frame's own log meanwhile (the key was dispatched there)."""
    events = settled["events"]
    active = settled["active"]
    focus_events = [e for e in events if e["type"] != "keydown"]
    exit_time = None
    if key in ("Tab", "Shift+Tab"):
        exit_time = _left_document(events)
        if exit_time is None and active is None and previous is not None and FRAME_SEPARATOR in previous:
            exit_time = _left_document(left_frame)  # from the frame's last element to the browser
        if (exit_time is not None and active is not None and FRAME_SEPARATOR in active
                and not any(e["type"] == "focusin" and e["t"] > exit_time for e in focus_events)):
            # Into a frame of another origin: this document lost focus and the frame took it, in its own process.
            exit_time = None
    transient: list[str] = []
    for event in focus_events + [e for e in settled.get("frame_events", []) if e["type"] == "focusin"]:
        target = event["target"]
        if event["type"] == "focusin" and target is not None and target != active and target not in transient:
            transient.append(target)
    ended = exit_time is not None
    return Step(key=key, element=active, ended=ended, returned=ended and active is not None,
                unstable=bool(settled.get("unstable")), opaque=bool(settled.get("opaque") or settled.get("closed")),
                transient=tuple(transient), ms=int(settled.get("ms", 0)))


def _left_document(events: Sequence[dict[str, Any]]) -> float | None:
    """When the last Tab in `events` took focus out of the log's document (to the browser), or None: during its
    dispatch, not cancelled, a focusout with no relatedTarget, no focusin, and nothing focused once it was over."""
    tabs = [e for e in events if e["type"] == "keydown" and e["key"] == "Tab"]
    if not tabs:
        return None
    tab = tabs[-1]
    during = [e for e in events if e["type"] != "keydown" and e["k"] == tab["k"]]
    leaving = [e for e in during if e["type"] == "focusout" and e["related"] is None]
    if (tab.get("prevented") is False and "after" in tab and tab["after"] is None and leaving
            and not any(e["type"] == "focusin" for e in during)):
        return float(leaving[-1]["t"])
    return None


class FocusLog:
    """The focus log installed in a page's frames, and the keys pressed through it (each spends the budget)."""

    def __init__(self, page: Page, budget: Budget) -> None:
        self.page = page
        self.budget = budget
        self.names: dict[str, str] = {}  # identity -> selector (frames prefixed)
        self.mutations = 0  # DOM changes the page made since the log was installed (top document)
        self._frames: dict[str, Frame] = {}  # identity of an iframe of another origin -> its frame

    def install(self) -> bool:
        """Log in every frame; False when the top document has no body (an SVG document)."""
        top = self.page.evaluate(FOCUS_LOG_JS, {"op": "install", "marker": START_MARK})
        for frame in self.page.frames[1:]:
            try:
                frame.evaluate(FOCUS_LOG_JS, {"op": "install", "marker": START_MARK})
            except PlaywrightError:
                pass  # a frame that cannot run scripts (gone, or about to navigate): seen from its parent only
        return bool(top and top["body"])

    def uninstall(self) -> None:
        for frame in reversed(self.page.frames):
            try:
                frame.evaluate(FOCUS_LOG_JS, {"op": "uninstall"})
            except PlaywrightError:
                pass

    def press(self, key: str) -> None:
        self.budget.spend()
        self.page.keyboard.press(key)

    def settle(self, key: str | None, previous: str | None) -> Step:
        return self._read(key, previous, self.page.evaluate(FOCUS_LOG_JS, {"op": "settle", **_SETTLING}))

    def step(self, key: str, previous: str | None) -> Step:
        self.press(key)
        return self.settle(key, previous)

    def peek(self) -> tuple[str | None, int, bool]:
        """The focused element now, without waiting for the page to settle, the log's length, and whether the
        element is the one after the page's last (tab_walk_from_top's `end`)."""
        state = self._inside_frames(self._named(self.page.evaluate(FOCUS_LOG_JS, {"op": "peek", "end": END_MARK}),
                                                ""), "peek")
        return state["active"], int(state["index"]), bool(state.get("end"))

    def peek_since(self, index: int) -> dict[str, Any]:
        """peek, with the log's entries from `index` (a length `peek` returned), in the top document only: `opaque`
        when focus is in a frame of another origin, whose own log is not read."""
        return self._named(self.page.evaluate(FOCUS_LOG_JS, {"op": "peek", "end": END_MARK, "from": index}), "")

    def events_since(self, index: int) -> dict[str, Any]:
        """Settles, then the log's entries from `index` (a length `peek` returned) and the focus now."""
        settled = self.page.evaluate(FOCUS_LOG_JS, {"op": "settle", **_SETTLING, "from": index})
        self.mutations = settled["mutations"]
        return self._inside_frames(self._named(settled, ""), "settle")

    def enter(self, identity: str) -> Step | None:
        """Focus on the element by script, settled; None when it cannot be focused that way (gone, or inside a
        frame of another origin)."""
        if FRAME_SEPARATOR in identity:
            return None
        settled = self.page.evaluate(FOCUS_LOG_JS, {"op": "enter", "id": int(identity), **_SETTLING})
        return None if settled is None else self._read(None, None, settled)

    def idle(self, ms: int) -> int:
        """Focus events scripts made in `ms` with no key pressed."""
        self.budget.windows += ms // QUIET_MS
        return int(self.page.evaluate(FOCUS_LOG_JS, {"op": "idle", "ms": ms}))

    def help(self) -> dict[str, Any]:
        """What could explain how to leave a trap (the help action), from the page and every frame it cannot read."""
        found = self.page.evaluate(FOCUS_LOG_JS, {"op": "help"}) or {"lang": "", "images": False, "candidates": []}
        found["unread_frames"] = 0
        for frame in self.page.frames[1:]:
            try:
                inner = frame.evaluate(FOCUS_LOG_JS, {"op": "help"})
            except PlaywrightError:
                inner = None
            if inner is None:
                found["unread_frames"] += 1
                continue
            found["images"] = found["images"] or inner["images"]
            found["candidates"] += inner["candidates"]
        return found

    def boxes(self, identities: list[str]) -> dict[str, dict[str, float]]:
        ids = [int(i) for i in identities if FRAME_SEPARATOR not in i]
        found = self.page.evaluate(FOCUS_LOG_JS, {"op": "boxes", "ids": ids}) or {}
        return {str(k): v for k, v in found.items()}

    def _read(self, key: str | None, previous: str | None, settled: dict[str, Any]) -> Step:
        self.mutations = settled["mutations"]
        self.budget.windows += settled["windows"]
        left_frame: list[dict[str, Any]] = []
        if previous is not None and FRAME_SEPARATOR in previous:
            outer = previous.rsplit(FRAME_SEPARATOR, 1)[0]
            frame = self._frame(outer)
            try:
                drained = frame.evaluate(FOCUS_LOG_JS, {"op": "drain"}) if frame else None
            except PlaywrightError:
                drained = None
            left_frame = self._named(drained, outer + FRAME_SEPARATOR)["events"] if drained else []
        return read_step(key, self._inside_frames(self._named(settled, ""), "settle"), previous, left_frame)

    def name(self, identity: str | None) -> str:
        return "(nothing focused)" if identity is None else self.names.get(identity, identity)

    def _named(self, state: dict[str, Any], prefix: str) -> dict[str, Any]:
        """The log's numbers as identities (prefixed inside a frame of another origin), their names kept."""
        def ident(value: Any) -> str | None:
            return None if value is None else f"{prefix}{value}"

        for number, name in (state.get("names") or {}).items():
            outer = self.names.get(prefix[:-1]) if prefix else None
            self.names[f"{prefix}{number}"] = f"{outer}{ENTER_FRAME}{name}" if outer else name
        state["active"] = ident(state.get("active"))
        for event in state.get("events", []):
            for key in ("target", "related", "after", "before"):
                if key in event:
                    event[key] = ident(event[key])
        return state

    def _inside_frames(self, state: dict[str, Any], op: str) -> dict[str, Any]:
        """When focus is in a frame of another origin, what that frame's own log says (its element, its events)."""
        while state.get("opaque") and state["active"] is not None:
            frame = self._frame(state["active"])
            if frame is None:
                return state
            try:
                frame.evaluate(FOCUS_LOG_JS, {"op": "install", "marker": START_MARK})
                inner = frame.evaluate(FOCUS_LOG_JS, {"op": op, **_SETTLING})
            except PlaywrightError:
                return state
            inner = self._named(inner, state["active"] + FRAME_SEPARATOR)
            if inner["active"] is None:  # the frame's document itself has focus
                return {**state, "opaque": False}
            state = {**state, "active": inner["active"], "opaque": inner.get("opaque"), "closed": inner.get("closed"),
                     "unstable": state.get("unstable") or inner.get("unstable"),
                     "frame_events": state.get("frame_events", []) + inner.get("events", [])}
        return state

    def _frame(self, identity: str) -> Frame | None:
        if identity not in self._frames:
            frame = None
            try:
                if FRAME_SEPARATOR in identity:
                    outer = self._frame(identity.rsplit(FRAME_SEPARATOR, 1)[0])
                    number = int(identity.rsplit(FRAME_SEPARATOR, 1)[1])
                    handle = outer.evaluate_handle(FOCUS_LOG_JS, {"op": "element", "id": number}) if outer else None
                else:
                    handle = self.page.evaluate_handle(FOCUS_LOG_JS, {"op": "element", "id": int(identity)})
                element = handle.as_element() if handle else None
                frame = element.content_frame() if element else None
            except PlaywrightError:
                frame = None
            self._frames[identity] = frame  # type: ignore[assignment]
        return self._frames[identity]

"""No keyboard trap (WCAG 2.1.2), as W3C's ACT rules a1b64e (standard keys release focus), ebe86a (instructions
say how to leave a trap) and 80af7b (the criterion: one of the two holds), measured with the keyboard.

A fast walk presses Tab from the top of the page without waiting, in runs of keys with focus read once a run: when
every element it reaches is new, every focus change came from the key that was pressed, and the last Tab reaches an
element placed after the page's last (where the browser's own interface would take focus), nothing can be trapped
there and the check ends. Anything else (an element reached again, focus moved by a script, a cancelled Tab) is
studied with settled steps (uiagent.capture.focus_log): Tab from the top again until focus reaches the end or runs
in a cycle; the keys the fast walk showed harmless, before a sign no timer can have set up, are pressed without
settling. A cycle's elements, with what Shift+Tab from them reaches, form a region that focus never left. It is
released when any walk from it reaches the end, also after pressing Escape, Enter, Space or an arrow key on each of
its elements (a modal dialog that keeps focus but closes on Escape passes). It is a trap (a1b64e failed) only when
every one of those walks stayed inside it, nothing navigated or opened a dialog, and no script moves focus while the
page is idle. Instructions (ebe86a) can only be failed when there is nothing to read: an English page with no
keyboard word in its text, its elements' names and the text it revealed meanwhile, and no image that could hold the
words. Keys the instructions name are pressed: releasing the trap passes them.

What cannot be decided (a direction where focus left the page and a timer brought it back, as a real browser
would not let it; focus still moving after a second; a frame or closed shadow root that cannot be followed; the
budget spent) is needs-review, never a violation. The page is left as it was: the focus log removed, focus and
scroll restored, and the page reloaded if the release keys changed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from uiagent.audit.checks.base import Check, CheckInput, CheckMessage
from uiagent.audit.findings import Finding
from uiagent.capture.focus_log import FRAME_SEPARATOR, Budget, BudgetSpent, FocusLog, Step
from uiagent.capture.incidents import Incidents
from uiagent.capture.keyboard import focus_rings_hidden, tab_walk_from_top
from uiagent.capture.models import Box

MAX_PRESSES = 400
MAX_SECONDS = 15.0  # of settling after keys (focus_log.Budget), for the fast walk and again for the study
MAX_WALL_SECONDS = 60.0
MAX_WALK = 150
MAX_MEMBERS = 8
MAX_COMBOS = 3
STUDY_MARGIN = 2  # keys before the fast walk's first sign of a trap that the study settles after all the same
IDLE_MS = 500
RELEASE_KEYS = ("Escape", "Enter", "Space", "ArrowDown", "ArrowUp", "ArrowRight", "ArrowLeft")
DIRECTIONS = ("Tab", "Shift+Tab")
STAYED = ("cycle", "stayed")  # walks that kept inside the region
END = "end"  # the fast walk's name for the element after the page's last

Outcome = Literal["passed", "failed", "cantTell"]
# How a walk ended. escaped: focus left the page (the end of the sequence); ambiguous: it left, then a script
# brought it back; unstable: still moving when settling ran out; lost: nothing focused, yet not the end; left: it
# stepped out of the region it had to stay in and did not reach the end; cycle: it ran through the same elements
# twice; stayed: it kept inside the region all its steps; open: none of these within its steps; refused: it could
# not start (focusing its element by script left focus elsewhere).
WalkEnd = Literal["escaped", "ambiguous", "unstable", "lost", "left", "cycle", "stayed", "open", "refused"]

KEYBOARD_WORDS = re.compile(
    r"\b(press|key|keys|keyboard|shortcut|hotkey|hold|hit|type|ctrl|control|alt|option|cmd|command|meta|shift|esc|"
    r"escape|tab|enter|return|space(bar)?|arrow|backspace|delete|home|end|f([1-9]|1[0-2]))\b|[⌘⌥⇧⌃]|\b\w\s*\+\s*\w\b",
    re.IGNORECASE)
_COMBO = re.compile(r"\b(ctrl|control|alt|shift|cmd|meta)\s*[+-]\s*(f\d\d?|[a-z0-9])\b", re.IGNORECASE)
_PRESS_KEY = re.compile(r"\bpress (?:the )?\"?([a-z0-9])\"?[ -]?key\b", re.IGNORECASE)
_THE_KEY = re.compile(r"\bthe ([a-z0-9])-key\b", re.IGNORECASE)
_MODIFIERS = {"ctrl": "Control", "control": "Control", "alt": "Alt", "shift": "Shift", "cmd": "Meta", "meta": "Meta"}


# --- Decisions (no browser) ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Walk:
    """Keys pressed one direction from a start, and how it ended."""

    key: str
    start: str | None
    steps: tuple[Step, ...]
    end: WalkEnd
    cycle: tuple[str, ...] = ()

    @property
    def states(self) -> list[str | None]:
        return ([self.start] if self.start is not None else []) + [step.element for step in self.steps]

    def summary(self, name: Callable[[str | None], str]) -> dict[str, Any]:
        return {"key": self.key, "from": name(self.start) if self.start else "top", "end": self.end,
                "reached": [name(s.element) if not s.ended else "(the browser)" for s in self.steps][:20],
                **({"cycle": [name(m) for m in self.cycle]} if self.cycle else {})}


def find_cycle(states: Sequence[str | None]) -> tuple[str, ...] | None:
    """The cycle the sequence has run through twice in a row with the same states (its last p states, in order),
    or None."""
    n = len(states)
    for period in range(1, (n - 1) // 2 + 1):
        window = states[n - 2 * period - 1:]
        if all(window[i] == window[i + period] for i in range(period + 1)):
            members = tuple(states[n - period:])
            return None if None in members else members  # type: ignore[return-value]
    return None


def walk_end(key: str, start: str | None, steps: Sequence[Step], inside: frozenset[str] | None = None) -> Walk | None:
    """The walk, once its last step ends it: focus left the page (escaped; ambiguous when a script brought it
    back), kept moving (unstable), was lost to nothing without leaving (lost), stepped out of `inside` (left), or
    ran in a cycle. None: go on."""
    last = steps[-1]
    end: WalkEnd | None = None
    cycle: tuple[str, ...] = ()
    if last.unstable:
        end = "unstable"
    elif last.returned:
        end = "ambiguous"
    elif last.ended:
        end = "escaped"
    elif last.element is None:
        end = "lost"
    elif inside is not None and last.element not in inside:
        end = "left"
    else:
        states = ([start] if start is not None else []) + [step.element for step in steps]
        found = find_cycle(states)
        if found:
            end, cycle = "cycle", found
    return Walk(key, start, tuple(steps), end, cycle) if end else None


def fast_walk_clean(identities: Sequence[str | None], spans: Sequence[Sequence[dict[str, Any]]],
                    after: Sequence[dict[str, Any]], settled: str | None) -> bool:
    """Whether a Tab walk pressed without settling shows no sign of a trap: every element it reached was new, every
    focus event happened during a Tab's dispatch that was not cancelled (or right after focus left a frame of
    another origin, whose keys this log does not see), the last Tab reached the element after the page's last
    (END), and focus stayed there. `identities[i]` is the element focused after Tab i, `spans[i]` the log's
    entries up to it, `after` the entries since the last one and `settled` the focus once quiet."""
    if not identities or identities[-1] != END or settled != END:
        return False
    reached = identities[:-1]
    if None in reached or len(set(reached)) != len(reached):
        return False
    if any(e["type"] != "keydown" for e in after):
        return False
    previous: str | None = None
    for identity, span in zip(identities, spans, strict=True):
        tabs = [e for e in span if e["type"] == "keydown" and e["key"] == "Tab"]
        if any(e.get("prevented") is not False for e in tabs):
            return False
        from_frame = previous is not None and FRAME_SEPARATOR in previous
        if not from_frame and (len(tabs) != 1 or any(e["type"] != "keydown" and e["k"] != tabs[0]["k"] for e in span)):
            return False
        previous = identity
    return True


def study_start(identities: Sequence[str | None], spans: Sequence[Sequence[dict[str, Any]]]) -> int:
    """How many Tabs from the top the study may press without settling, from a fast walk that was not clean: the
    keys before its first sign of a trap, less STUDY_MARGIN, when that sign is one no timer can have set up
    earlier: a Tab the page cancelled, or focus back on an element reached before (counted from the element's
    first visit, whatever sent it back). The keys before it each moved focus to a new element and did nothing else,
    so settling after each would show nothing. 0 (from the top, settling after every key) when focus moved with no
    key behind it, was lost, or went into a frame, and when the sign came after the end.
    `identities` and `spans` as for fast_walk_clean."""
    for index, (identity, span) in enumerate(zip(identities, spans, strict=False)):
        tabs = [e for e in span if e["type"] == "keydown" and e["key"] == "Tab"]
        if any(e["type"] != "keydown" and (len(tabs) != 1 or e["k"] != tabs[0]["k"]) for e in span):
            return 0
        if identity is None or identity == END or FRAME_SEPARATOR in identity:
            return 0
        if len(tabs) != 1 or tabs[0].get("prevented") is not False:
            return max(0, index - STUDY_MARGIN)
        if identity in identities[:index]:
            return max(0, identities.index(identity) - STUDY_MARGIN)
    return 0


def walk_length(identities: Sequence[str | None]) -> int | None:
    """How many keys a walk from the top takes to end: at the element after the page's last (END), at nothing
    focused, or at an element reached again (None: not within `identities`)."""
    seen: set[str] = set()
    for index, identity in enumerate(identities):
        if identity == END or identity is None or identity in seen:
            return index + 1
        seen.add(identity)
    return None


def standard_outcome(walks: Sequence[Walk], *, complete: bool, opaque: bool, spontaneous: int,
                     incidents: Sequence[str]) -> tuple[Outcome, str]:
    """a1b64e for a region, from every walk made from it (exploring it, and after each release key): passed when
    one reached the end; failed only when all ran in cycles inside it, every release key was tried (`complete`),
    every element could be followed (not `opaque`), no key navigated or opened anything (`incidents`) and no
    script moved focus while the page was idle (`spontaneous`)."""
    if any(w.end == "escaped" for w in walks):
        return "passed", "focus reaches the end of the page from here with standard keys"
    reasons = {
        "ambiguous": "focus left the page, then a script brought it back with no key pressed (a real browser keeps "
                     "it in its own interface)",
        "unstable": "focus was still moving a second after the key",
        "lost": "focus was lost (nothing focused) without reaching the end of the page",
        "left": "a key moved focus elsewhere, but the walk from there did not reach the end within the steps allowed",
        "open": "the walk neither reached the end nor repeated within the steps allowed",
        "refused": "focusing an element of the cycle by script did not put focus there again",
    }
    for walk in walks:
        if walk.end in reasons:
            return "cantTell", reasons[walk.end]
    if incidents:
        return "cantTell", f"a release key {incidents[0]}: another page may offer a way out"
    if opaque:
        return "cantTell", "focus went where it cannot be followed (a frame of another origin or a closed shadow root)"
    if spontaneous:
        return "cantTell", f"scripts move focus with no key pressed ({spontaneous} focus events in {IDLE_MS} ms idle)"
    if not complete:
        return "cantTell", "suspected trap, not confirmed within the budget of keys and time"
    return "failed", "Tab and Shift+Tab only cycle here, and Escape, Enter, Space and the arrow keys do not release it"


@dataclass(frozen=True)
class Instructions:
    outcome: Outcome
    reason: str
    sentences: tuple[str, ...] = ()


def instructions_outcome(lang: str, candidates: Sequence[dict[str, Any]], images: bool,
                         unread_frames: int) -> Instructions:
    """ebe86a for a measured trap, before any advised key is tried: failed only when there is nothing to read (an
    English page, no keyboard word in any text, name or revealed text, no image that could hold words, every frame
    read); else cantTell with the help found."""
    sentences = tuple(dict.fromkeys(c["text"] for c in candidates if KEYBOARD_WORDS.search(c["text"])))[:5]
    if not lang.lower().startswith("en"):
        return Instructions("cantTell", f"the page's language ({lang or 'none given'}) is not English: its "
                            "instructions cannot be read by keyword", sentences)
    if sentences:
        return Instructions("cantTell", "the page has text that may explain how to leave: " + " | ".join(sentences),
                            sentences)
    if images:
        return Instructions("cantTell", "no instructions in the text, but an image could show them")
    if unread_frames:
        return Instructions("cantTell", "no instructions in the text, but a frame could not be read")
    return Instructions("failed", "nothing on the page explains how to leave: no keyboard word in its text, its "
                        "elements' names or the text it revealed, and no image")


def advised_keys(sentence: str) -> list[str]:
    """Key presses a help sentence names, as Playwright key names ("Press Ctrl+M" -> "Control+m")."""
    keys = [f"{_MODIFIERS[m.group(1).lower()]}+{_key_name(m.group(2))}" for m in _COMBO.finditer(sentence)]
    keys += [_key_name(m.group(1)) for pattern in (_PRESS_KEY, _THE_KEY) for m in pattern.finditer(sentence)]
    return list(dict.fromkeys(keys))


def _key_name(key: str) -> str:
    return key.upper() if len(key) > 1 else key.lower()


def criterion_outcome(standard: Outcome, instructions: Outcome) -> Outcome:
    """80af7b: passed when either input rule passed, failed when both failed."""
    if "passed" in (standard, instructions):
        return "passed"
    return "failed" if standard == instructions == "failed" else "cantTell"


# --- Measuring (the browser) --------------------------------------------------------------------------------------

@dataclass
class Region:
    """Elements focus moved among from one cycle, by Tab and Shift+Tab, with every walk made from them."""

    members: list[str]
    walks: list[Walk] = field(default_factory=list)
    explored: bool = False  # both directions walked from every member (at most MAX_MEMBERS)
    released_tried: bool = False  # every release key tried on every member
    attempts: list[dict[str, Any]] = field(default_factory=list)
    standard: tuple[Outcome, str] = ("cantTell", "")
    instructions: Instructions | None = None
    advised: list[dict[str, Any]] = field(default_factory=list)
    boxes: dict[str, dict[str, float]] = field(default_factory=dict)  # members' boxes, in document px

    @property
    def opaque(self) -> bool:
        return any(step.opaque for walk in self.walks for step in walk.steps if step.element in self.members)


class _Study:
    """The walks and key presses that decide one region."""

    def __init__(self, log: FocusLog, cap: int, incidents: Incidents) -> None:
        self.log = log
        self.cap = cap
        self.incidents = incidents
        self.mutations_before_keys: int | None = None  # DOM changes counted when release keys began

    def walk(self, key: str, start: Step | None, cap: int, inside: frozenset[str] | None = None) -> Walk:
        """Press `key` until the walk ends (walk_end) or `cap` keys, from `start` (None: from where focus is)."""
        origin = start.element if start else None
        steps: list[Step] = []
        for _ in range(cap):
            steps.append(self.log.step(key, steps[-1].element if steps else origin))
            ended = walk_end(key, origin, steps, inside)
            if ended:
                return ended
        return Walk(key, origin, tuple(steps), "stayed" if inside is not None else "open")

    def walk_out(self, key: str, start: Step | None, region: frozenset[str]) -> Walk:
        """A short walk (one key per member: every way on from the region once) that should stay inside `region`;
        when it steps out, it goes on (up to the cap) to see whether it reaches the end."""
        walk = self.walk(key, start, len(region), region)
        if walk.end != "left":
            return walk
        rest = self.walk(key, walk.steps[-1], self.cap)
        return Walk(key, walk.start, walk.steps + rest.steps, "left" if rest.end == "cycle" else rest.end, rest.cycle)

    def enter(self, region: Region, member: str, key: str) -> Step | None:
        """Focus on a member by script, settled; None, with a walk saying so, when focus does not stay in the
        region (a key closed it a moment ago, say): every attempt starts from where it says, never from where
        focus was last seen."""
        start = self.log.enter(member)
        if start is None or start.element not in region.members:
            region.walks.append(Walk(key, member, (start,) if start else (), "refused"))
            return None
        return start

    def explore(self, region: Region) -> None:
        """Walks from the region's members, each direction not yet known, adding the cycles they run in; stops as
        soon as a walk does not run in a cycle (it decides the region, or leaves it undecided)."""
        known = {("Tab", m) for m in region.members}  # the walk from the top ran through these
        while len(region.members) <= MAX_MEMBERS:
            todo = [(key, m) for m in region.members for key in DIRECTIONS if (key, m) not in known]
            if not todo:
                region.explored = True
                return
            key, member = todo[0]
            start = self.enter(region, member, key)
            if start is None:
                return
            walk = self.walk(key, start, self.cap)
            region.walks.append(walk)
            if walk.end != "cycle":
                return
            states = walk.states
            known.update((key, state) for index, state in enumerate(states)
                         if state is not None and find_cycle(states[index:]))  # their own walk is the rest of this
            region.members += [m for m in walk.cycle if m not in region.members]

    def attempt_release(self, region: Region) -> int:
        """Each release key on each member (Escape once), then a short walk each way: all must stay inside. Then
        the page is left idle, which shows scripts that move focus by themselves and late effects of the keys, and
        the trap is walked once more. Returns the focus events seen while idle."""
        inside = frozenset(region.members)
        self.mutations_before_keys = self.log.mutations
        for index, member in enumerate(region.members):
            for key in RELEASE_KEYS[0 if index == 0 else 1:]:
                start = self.enter(region, member, key)
                if start is None:
                    return 0
                before = len(self.incidents.seen)
                pressed = self.log.step(key, start.element)
                walks = self._both_ways(pressed if pressed.element is not None else None, inside)
                region.walks += walks
                region.attempts.append({"element": self.log.name(member), "key": key,
                                        "then": [w.summary(self.log.name) for w in walks]})
                if len(self.incidents.seen) > before or len(walks) < 2 or walks[1].end not in STAYED:
                    return 0
        idle = self.log.idle(IDLE_MS)
        start = self.enter(region, region.members[0], "Tab")
        if start is not None:
            region.walks += self._both_ways(start, inside)
            region.released_tried = True
        return idle

    def _both_ways(self, start: Step | None, inside: frozenset[str]) -> list[Walk]:
        walks = [self.walk_out("Tab", start, inside)]
        if walks[0].end in STAYED:
            walks.append(self.walk_out("Shift+Tab", walks[0].steps[-1], inside))
        return walks

    def try_advised_keys(self, region: Region, candidates: Sequence[dict[str, Any]]) -> bool:
        """ebe86a's optional pass: press the keys a help sentence names, from inside the trap. True when they
        release focus to the end and the sentence is shown and exposed, or was revealed from inside the trap."""
        keys = [(candidate, key) for candidate in candidates for key in advised_keys(candidate["text"])]
        for candidate, key in keys[:MAX_COMBOS]:
            start = self.enter(region, region.members[0], key)
            if start is None:
                return False
            self.log.step(key, start.element)
            walk = self.walk("Tab", None, self.cap)
            region.advised.append({"sentence": candidate["text"], "key": key, "walk": walk.summary(self.log.name)})
            if walk.end == "escaped" and ((candidate["visible"] and candidate["exposed"]) or candidate["added"]):
                return True
        return False


def _budget() -> Budget:
    """The keys and time one walk of the page may take."""
    return Budget(MAX_PRESSES, MAX_SECONDS, MAX_WALL_SECONDS)


def check_keyboard_trap(context: CheckInput) -> list[Finding]:
    page = context.page
    log = FocusLog(page, _budget())
    scroll = page.evaluate("() => [scrollX, scrollY]")
    cap = min(MAX_WALK, 2 * len(context.capture.dom.focusables) + 10)
    regions: list[Region] = []
    try:
        if not log.install():
            return []  # no body (an SVG document): no sequence of HTML elements to walk
        # The trap follows where focus goes, never what it looks like: no focus ring is drawn (a Tab costs a
        # fraction on a large page).
        with focus_rings_hidden(page):
            try:
                # A frame takes the keys pressed while it holds focus, where the top document's log does not see them.
                walked = None
                if len(page.frames) == 1:
                    with tab_walk_from_top(page, end=True):
                        walked = _fast_walk_in_runs(log, cap, len(context.capture.dom.focusables))
                if walked is None:  # key by key, reading focus after each
                    log.budget = _budget()  # its own, whatever the walk in runs took
                    with tab_walk_from_top(page, end=True):
                        walked = _fast_walk(log, cap)
                if walked.clean is not False:
                    return []  # clean; or longer than the walk's cap, every element new: nothing measured
            except BudgetSpent:
                return []  # a page too long to walk within the budget: nothing measured, nothing said
        log.budget = _budget()  # the study's own, whatever the fast walk took
        incidents = Incidents(page)
        with incidents.watched(), focus_rings_hidden(page), tab_walk_from_top(page):
            study = _Study(log, cap, incidents)
            try:
                # The keys the fast walk showed harmless are pressed again without settling (on a long page, most of
                # the walk). The walk starts where they lead (what came before is not the first key's doing), unless
                # a script took focus back meanwhile (an element that refocuses itself when it loses focus): then
                # from there.
                for _ in range(walked.study_from):
                    log.press("Tab")
                start = log.settle(None, None)
                region = _region_of(study.walk("Tab", start if start.element is not None else None, cap))
                if region is not None:
                    regions.append(region)
                    _decide(study, region)
            except BudgetSpent as spent:
                for region in regions:
                    region.standard = ("cantTell", f"suspected trap, not confirmed within the budget ({spent} used)")
            finally:
                for region in regions:
                    region.boxes = log.boxes(region.members)
                if study.mutations_before_keys is not None and log.mutations != study.mutations_before_keys:
                    # The release keys changed the page: load it again, as it was for the checks that follow.
                    incidents.reload(context.settings.navigation_timeout_s)
        return _findings(context, log, regions)
    finally:
        log.uninstall()
        page.evaluate("([x, y]) => { document.activeElement && document.activeElement.blur(); scrollTo(x, y); }",
                      scroll)


class FastWalk(NamedTuple):
    clean: bool | None  # True: clean; False: a sign of a trap; None: `cap` keys, every element new
    study_from: int = 0  # with False: the keys the study may press before it settles (study_start)


def _fast_walk(log: FocusLog, cap: int) -> FastWalk:
    """Tab from the top without settling, to the element after the page's last (tab_walk_from_top's `end`): clean
    when the walk is (fast_walk_clean), False when it shows a sign of a trap, None when it reached `cap` keys, every
    element new (a trap there would have shown as an element reached again; one further down is out of reach)."""
    identities: list[str | None] = []
    end: str | None = None
    _, start, _ = log.peek()
    marks = [start]
    for _ in range(cap + 1):  # the end takes one key more than the page's elements
        log.press("Tab")
        identity, index, at_end = log.peek()
        if at_end:
            end = identity
        identities.append(END if at_end else identity)
        marks.append(index)
        if walk_length(identities) is not None:
            break
    else:
        return FastWalk(None)
    settled = log.events_since(start)
    events = settled["events"]
    spans = [events[marks[i] - start:marks[i + 1] - start] for i in range(len(identities))]
    active = END if end is not None and settled["active"] == end else settled["active"]
    return _verdict(identities, spans, events[marks[-1] - start:], active)


def _fast_walk_in_runs(log: FocusLog, cap: int, expected: int) -> FastWalk | None:
    """_fast_walk with the keys pressed in runs, focus read once a run: the focus log notes, as each key arrives,
    where the keys before it left focus, and the element after the page's last keeps focus once it has it, so keys
    pressed past the end change nothing. The first run is as long as the page's tab order is expected to be (the
    capture's focusables), the next ones shorter. None when this log cannot follow the walk (focus in a frame of
    another origin, a key the page sent itself): it is then made key by key.

    Keys come faster than the page's timers here (an input event goes first), so a timer's focus change may seem
    the next key's doing. That hides nothing a trap needs: focus sent back shows as an element reached again, and
    focus kept from the end as not reaching it."""
    _, start, _ = log.peek()
    pressed, run = 0, min(cap + 1, expected + 1)  # (the end takes one key more than the page's elements)
    while True:
        for _ in range(run):
            log.press("Tab")
        pressed += run
        state = log.peek_since(start)
        keys = [e for e in state["events"] if e["type"] == "keydown"]
        if state.get("opaque") or len(keys) != pressed or any(k["key"] != "Tab" or k.get("opaque") for k in keys):
            return None
        end = state["active"] if state["end"] else None
        reached = [key["before"] for key in keys[1:]] + [state["active"]]
        identities = [END if end is not None and identity == end else identity for identity in reached]
        length = walk_length(identities)
        if length is not None:
            break
        if pressed > cap:
            return FastWalk(None)
        run = min(cap + 1 - pressed, max(8, pressed // 2))
    # Once all is quiet: what came after the keys, and each key's own record completed (whether it was cancelled is
    # noted after its dispatch, which the keys that followed it may have kept waiting).
    settled = log.events_since(start)
    events, active = settled["events"], END if end is not None and settled["active"] == end else settled["active"]
    bounds = [i for i, e in enumerate(events) if e["type"] == "keydown"]
    if len(bounds) != pressed:
        return None
    bounds = [0, *bounds[1:length], bounds[length] if pressed > length else len(events)]
    spans = [events[bounds[i]:bounds[i + 1]] for i in range(length)]
    return _verdict(identities[:length], spans, events[bounds[length]:], active)


def _verdict(identities: list[str | None], spans: list[list[dict[str, Any]]], after: list[dict[str, Any]],
             active: str | None) -> FastWalk:
    if fast_walk_clean(identities, spans, after, active):
        return FastWalk(True)
    return FastWalk(False, study_start(identities, spans))


def _region_of(top: Walk) -> Region | None:
    """What the walk from the top leaves to study: the cycle it ran in; or, when it ended undecided (ambiguous,
    unstable, lost), the element it was on before; None when it reached the end or ran out of steps."""
    if top.end == "cycle":
        return Region(members=list(top.cycle), walks=[top])
    if top.end in ("ambiguous", "unstable", "lost"):
        before = [state for state in top.states[:-1] if state is not None]
        return Region(members=[before[-1]], walks=[top]) if before else None
    return None


def _decide(study: _Study, region: Region) -> None:
    """a1b64e for the region, then (when failed) ebe86a."""
    if region.walks[0].end == "cycle":
        study.explore(region)
    elif (start := study.enter(region, region.members[0], "Shift+Tab")) is not None:
        region.walks.append(study.walk("Shift+Tab", start, study.cap))  # the other way out may reach the end
    # The walks alone pass the region, or leave it undecided; only when they all ran in cycles do the keys follow.
    outcome, why = standard_outcome(region.walks, complete=True, opaque=False, spontaneous=0, incidents=())
    if outcome != "failed":
        region.standard = (outcome, why)
        return
    if not region.explored:
        region.standard = ("cantTell", f"the trap spans more than {MAX_MEMBERS} elements: not studied further")
        return
    spontaneous = study.attempt_release(region)
    region.standard = standard_outcome(region.walks, complete=region.released_tried, opaque=region.opaque,
                                       spontaneous=spontaneous, incidents=study.incidents.seen)
    if region.standard[0] != "failed":
        return
    found = study.log.help()
    region.instructions = instructions_outcome(found["lang"], found["candidates"], found["images"],
                                               found["unread_frames"])
    sentences = region.instructions.sentences
    if region.instructions.outcome == "cantTell" and sentences:
        try:
            if study.try_advised_keys(region, [c for c in found["candidates"] if c["text"] in sentences]):
                region.instructions = Instructions("passed", "the keys the page's instructions name release the trap",
                                                   sentences)
        except BudgetSpent:
            pass  # the instructions stay undecided; the trap itself is measured


def _findings(context: CheckInput, log: FocusLog, regions: list[Region]) -> list[Finding]:
    findings: list[Finding] = []
    for region in regions:
        standard, why = region.standard
        instructions = region.instructions or Instructions(
            "cantTell", "whether instructions are needed is undecided: the trap itself is not confirmed")
        criterion = criterion_outcome(standard, instructions.outcome)
        evidence = {"trap": [log.name(m) for m in region.members],
                    "walks": [w.summary(log.name) for w in region.walks[:8]],
                    "release_keys": region.attempts[:20], "advised_keys": region.advised,
                    "help": list(instructions.sentences), "standard_reason": why,
                    "instructions_reason": instructions.reason}
        # The criterion's rule, and its two inputs: standard keys (a1b64e), instructions (ebe86a, asked only when
        # standard keys do not release focus).
        results = [("standard", "a1b64e", standard)]
        if standard != "passed":
            results.append(("instructions", "ebe86a", instructions.outcome))
        results.append(("criterion", "80af7b", criterion))
        for member in region.members:
            box = region.boxes.get(member)
            selector, found_box = log.name(member), Box.model_validate(box) if box else None
            for part, act, outcome in results:
                if outcome == "passed":
                    continue
                failed = outcome == "failed"
                finding = context.finding(KEYBOARD_TRAP, f"{part}-{'failed' if failed else 'undecided'}",
                                          selector=selector, box=found_box,
                                          status="violation" if failed else "needs-review", **evidence)
                findings.append(finding.model_copy(update={"act": [act]}))
    return findings


# The two ACT input rules (standard keys, instructions) fail no criterion by themselves: their findings name no
# criterion, so only the criterion's rule counts in a WCAG gate.
KEYBOARD_TRAP = Check("keyboard-trap", ("2.1.2",), "No keyboard trap: focus can leave every element with standard "
                      "keys, or with keys the page explains.", check_keyboard_trap, kind="interactive",
                      act=("80af7b", "a1b64e", "ebe86a"), impact="critical", messages={
    "criterion-failed": "Keyboard trap: {standard_reason}, and {instructions_reason}",
    "criterion-undecided": "Possible keyboard trap: {standard_reason}; {instructions_reason}",
    "standard-failed": CheckMessage("Standard keys do not move focus out: {standard_reason}",
                                    "keyboard-trap-standard", ()),
    "standard-undecided": CheckMessage("Not decided whether standard keys move focus out: {standard_reason}",
                                       "keyboard-trap-standard", ()),
    "instructions-failed": CheckMessage("This trap comes with no instructions: {instructions_reason}",
                                        "keyboard-trap-instructions", ()),
    "instructions-undecided": CheckMessage("Not decided whether the page tells how to leave this trap: "
                                           "{instructions_reason}", "keyboard-trap-instructions", ()),
})

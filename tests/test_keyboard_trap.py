"""The keyboard-trap check's decisions, without a browser: what a key did to focus (from the focus log), when a walk
ends, when a fast walk is clean, and the outcomes of ACT rules a1b64e, ebe86a and 80af7b; and the fast walk itself
in Chromium, where the browser's own focus handling varies from run to run."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from uiagent.audit import AuditOptions, audit_page
from uiagent.audit.checks import keyboard_trap
from uiagent.audit.checks.keyboard_trap import (
    END,
    KEYBOARD_WORDS,
    MAX_PRESSES,
    MAX_SECONDS,
    MAX_WALL_SECONDS,
    Walk,
    _fast_walk,
    _fast_walk_in_runs,
    advised_keys,
    criterion_outcome,
    fast_walk_clean,
    find_cycle,
    instructions_outcome,
    standard_outcome,
    study_start,
    walk_end,
    walk_length,
)
from uiagent.capture.focus_log import Budget, FocusLog, Step, read_step
from uiagent.capture.keyboard import tab_walk_from_top
from uiagent.config import Settings


def keydown(k: int, *, prevented: bool = False, after: str | None = "x", key: str = "Tab", t: float = 0) -> dict:
    return {"type": "keydown", "key": key, "k": k, "prevented": prevented, "after": after, "t": t}


def focus(kind: str, target: str | None, related: str | None, k: int | None, t: float = 1) -> dict:
    return {"type": kind, "target": target, "related": related, "k": k, "t": t}


def settled(events: list[dict], active: str | None, **extra: object) -> dict:
    return {"events": events, "active": active, "unstable": False, "opaque": False, "closed": False, "ms": 60, **extra}


# --- What one key did ---------------------------------------------------------------------------------------------

def test_tab_to_the_next_element_is_a_plain_step() -> None:
    step = read_step("Tab", settled([keydown(1, after="2"), focus("focusout", "1", "2", 1), focus("focusin", "2", "1", 1)],
                                    "2"), previous="1")
    assert step == Step(key="Tab", element="2", ms=60)


def test_tab_from_the_last_element_hands_focus_to_the_browser() -> None:
    step = read_step("Tab", settled([keydown(1, after=None), focus("focusout", "2", None, 1)], None), previous="2")
    assert step.ended and not step.returned and step.element is None


def test_a_timer_that_pulls_focus_back_after_the_end_makes_the_step_ambiguous() -> None:
    # Button1 refocuses itself 10 ms after losing focus: the focusin comes with no key behind it (k None).
    events = [keydown(1, after=None), focus("focusout", "3", None, 1), focus("focusin", "3", None, None, t=12)]
    step = read_step("Tab", settled(events, "3"), previous="3")
    assert step.ended and step.returned


@pytest.mark.parametrize("events", [
    # The page cancelled Tab: whatever happened, it is not the browser's end of the sequence.
    [keydown(1, prevented=True, after=None), focus("focusout", "2", None, 1)],
    # A blur handler moved focus during the key (keyboard.js: focusin of the other button, then the focusout).
    [keydown(1, after="3"), focus("focusin", "3", None, 1), focus("focusout", "2", None, 1)],
    # Focus lost to nothing, but not during the key's dispatch (a script hid the element later).
    [keydown(1, after="2"), focus("focusout", "2", None, None)],
])
def test_no_end_without_the_browser_taking_focus_during_the_key(events: list[dict]) -> None:
    assert not read_step("Tab", settled(events, None), previous="2").ended


def test_tab_into_a_frame_of_another_origin_is_not_the_end() -> None:
    # The top document loses focus during the key and the frame takes it in its own process: no focusin here.
    events = [keydown(1, after=None), focus("focusout", "1", None, 1, t=5)]
    frame = [focus("focusin", "2/1", None, None, t=9)]
    step = read_step("Tab", settled(events, "2/1", frame_events=frame), previous="1")
    assert not step.ended and step.element == "2/1"


def test_tab_from_the_last_element_of_a_frame_of_another_origin_reads_that_frames_log() -> None:
    inside = [keydown(4, after=None), focus("focusout", "2/2", None, 4)]
    step = read_step("Tab", settled([], None), previous="2/2", left_frame=inside)
    assert step.ended and not step.returned


def test_elements_that_took_focus_and_lost_it_before_settling_are_transient() -> None:
    events = [keydown(1, after="4"), focus("focusin", "sentinel", "3", 1), focus("focusin", "4", "sentinel", 1)]
    assert read_step("Tab", settled(events, "4"), previous="3").transient == ("sentinel",)


# --- Walks and cycles ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("states", "cycle"), [
    (["b", "b", "b"], ("b",)),  # a button that takes focus back every time
    (["b", "b"], None),  # seen once: not yet twice in a row
    (["a", "b", "c", "b", "c", "b"], ("c", "b")),  # two buttons passing focus to each other, after a link
    (["a", "b", "c", "b", "c"], None),
    (["a", "b", "c", "d"], None),
    ([None, None, None], None),
])
def test_a_cycle_is_called_once_the_walk_ran_through_it_twice(states: list, cycle: tuple | None) -> None:
    assert find_cycle(states) == cycle


def steps(*elements: str | None, **flags: bool) -> list[Step]:
    out = [Step("Tab", e) for e in elements]
    if flags:
        out[-1] = Step("Tab", elements[-1], **flags)
    return out


@pytest.mark.parametrize(("walk_steps", "inside", "end"), [
    (steps("a", "b", None, ended=True), None, "escaped"),
    (steps("a", "b", ended=True, returned=True), None, "ambiguous"),
    (steps("a", unstable=True), None, "unstable"),
    (steps("a", None), None, "lost"),
    (steps("b", "c"), frozenset({"a", "b"}), "left"),
    (steps("b", "b"), None, "cycle"),
])
def test_how_a_walk_ends(walk_steps: list[Step], inside: frozenset | None, end: str) -> None:
    walk = walk_end("Tab", "b", walk_steps, inside)
    assert walk is not None and walk.end == end


def test_a_walk_goes_on_while_nothing_ends_it() -> None:
    assert walk_end("Tab", None, steps("a", "b", "c")) is None


# --- The fast walk ------------------------------------------------------------------------------------------------

def clean_spans() -> tuple[list, list]:
    identities = ["1", "2", END]  # the end element is logged as "9"
    spans = [[keydown(1, after="1"), focus("focusin", "1", None, 1)],
             [keydown(2, after="2"), focus("focusout", "1", "2", 2), focus("focusin", "2", "1", 2)],
             [keydown(3, after="9"), focus("focusout", "2", "9", 3), focus("focusin", "9", "2", 3)]]
    return identities, spans


def test_a_walk_through_new_elements_to_the_end_is_clean() -> None:
    identities, spans = clean_spans()
    assert fast_walk_clean(identities, spans, [], END)


def test_signs_of_a_trap_send_the_page_to_the_careful_walk() -> None:
    identities, spans = clean_spans()
    assert not fast_walk_clean(["1", "2", "1"], spans, [], "1")  # an element reached again
    assert not fast_walk_clean(identities, spans, [focus("focusin", "2", "9", None)], "2")  # refocused after the end
    assert not fast_walk_clean(identities, spans, [], "2")  # ... once quiet, wherever the log missed it
    timer = [spans[0], spans[1] + [focus("focusin", "1", "2", None)], spans[2]]
    assert not fast_walk_clean(identities, timer, [], END)  # focus moved with no key behind it
    cancelled = [spans[0], [dict(spans[1][0], prevented=True)] + spans[1][1:], spans[2]]
    assert not fast_walk_clean(identities, cancelled, [], END)  # the page cancelled a Tab
    assert not fast_walk_clean(["1", "2"], spans[:2], [], "2")  # never reached the end
    # The browser (headless Chromium does, at times) or a script handed focus back to the top: not the end.
    wrapped = [spans[0], spans[1], [keydown(3, after="1"), focus("focusout", "2", None, 3),
                                    focus("focusin", "1", None, 3)]]
    assert not fast_walk_clean(["1", "2", "1"], wrapped, [], "1")


def test_keys_pressed_inside_a_frame_of_another_origin_are_not_seen_by_the_top_log() -> None:
    identities = ["1", "2/1", "3", END]
    spans = [[keydown(1, after="1"), focus("focusin", "1", None, 1)],
             [keydown(2, after="2"), focus("focusout", "1", None, 2)],
             [focus("focusin", "3", None, None)],  # the key went to the frame; the top sees only focus arriving
             [keydown(4, after="9"), focus("focusout", "3", "9", 4), focus("focusin", "9", "3", 4)]]
    assert fast_walk_clean(identities, spans, [], END)


@pytest.mark.parametrize(("identities", "length"), [
    (["1", "2", END], 3), (["1", "2", "1", "3"], 3), (["1", None, "2"], 2), (["1", "2"], None)])
def test_a_walk_from_the_top_ends_at_the_end_at_nothing_or_at_an_element_reached_again(identities: list,
                                                                                          length: int | None) -> None:
    assert walk_length(identities) == length


def test_the_study_settles_only_from_just_before_a_sign_no_timer_can_have_set_up() -> None:
    """Keys the fast walk showed harmless need not be settled after again: from STUDY_MARGIN keys before a cancelled
    Tab, or before the first visit of an element focus came back to. A timer may have been set up by any key before
    its focus change, so then the study walks from the top, settling every key."""
    spans = [[keydown(k, after=str(k)), focus("focusin", str(k), None, k)] for k in range(1, 7)]
    identities = ["1", "2", "3", "4", "5", "6"]
    cancelled = spans[:5] + [[dict(spans[5][0], prevented=True)]]
    assert study_start(identities[:5] + ["5"], cancelled) == 5 - 2
    assert study_start(identities[:5] + ["3"], spans) == 2 - 2  # back on the third element: from before its visit
    assert study_start(["1", "2", "3", "4", "5", "4"], spans) == 3 - 2
    assert study_start(identities, spans[:4] + [spans[4] + [focus("focusin", "2", "5", None)], spans[5]]) == 0
    assert study_start(identities[:5] + [None], spans) == 0  # focus lost: a timer's blur, perhaps
    assert study_start(identities[:5] + [END], spans) == 0  # the sign came after the end
    assert study_start(["1", "2/1", "3", "4", "5", "4"], spans) == 0  # a frame's keys are not all seen


def test_the_fast_walk_presses_tabs_in_runs_and_reads_focus_once_a_run(page: Page,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean page is walked with two reads of the focus log, not one per key, whether the capture's count of
    focusables is right, too low (the walk goes on in shorter runs) or too high (a radio group is one stop: keys past
    the end leave focus on the element after the last)."""
    page.set_content('<html lang="en"><body><main>' + "".join(f'<a href="#l{i}">Link {i}</a> ' for i in range(12))
                     + "".join(f'<label><input type="radio" name="size" value="{v}"> {v}</label>' for v in "SMLX")
                     + "</main></body></html>")
    peeks: list[int] = []
    peek_since = FocusLog.peek_since
    monkeypatch.setattr(FocusLog, "peek_since", lambda self, index: peeks.append(index) or peek_since(self, index))
    for expected, runs in ((13, 1), (4, 3), (16, 1)):  # 13 stops: 12 links and the radio group
        peeks.clear()
        log = FocusLog(page, Budget(MAX_PRESSES, MAX_SECONDS, MAX_WALL_SECONDS))
        assert log.install()
        try:
            with tab_walk_from_top(page, end=True):
                assert _fast_walk_in_runs(log, 60, expected) == (True, 0)
        finally:
            log.uninstall()
        assert len(peeks) == runs, expected


def test_a_trap_below_a_long_clean_run_is_studied_from_just_above_it(page: Page,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor that keeps Tab (it indents) below 30 links: the fast walk shows the links harmless, so the study
    presses Tab to them without settling after each, and still finds the trap, as a walk from the top would."""
    page.set_content(
        '<html lang="en"><head><title>Editor</title></head><body><main>'
        + "".join(f'<a href="#l{i}">Link {i}</a> ' for i in range(30))
        + '<textarea id="editor" aria-label="Code" onkeydown="if (event.key === \'Tab\') event.preventDefault()">'
          '</textarea><button>Run</button></main></body></html>')
    settles: list[str | None] = []
    settle = FocusLog.settle
    monkeypatch.setattr(FocusLog, "settle", lambda self, key, previous: settles.append(key) or settle(self, key,
                                                                                                      previous))
    audit = audit_page(page, AuditOptions(checks=(keyboard_trap.KEYBOARD_TRAP,), skip=frozenset({"axe"})), Settings())
    found = {(f.rule, f.selector, f.status) for f in audit.findings}
    assert ("keyboard-trap-standard", "#editor", "violation") in found
    assert ("keyboard-trap", "#editor", "violation") in found
    assert len(settles) < 30 + 1, len(settles)  # (from the top: a settled step for each link)


def test_the_fast_walk_of_a_page_with_one_link_is_clean_every_time(page: Page) -> None:
    """Headless Chromium at times hands focus from a page's last element straight back to its first: the walk ends at
    the element placed after the last one, so a clean page never depends on where the browser sends focus."""
    page.set_content('<html lang="en"><body><p>Read <a href="#more">more</a>.</p></body></html>')
    for _ in range(12):
        log = FocusLog(page, Budget(MAX_PRESSES, MAX_SECONDS, MAX_WALL_SECONDS))
        assert log.install()
        try:
            with tab_walk_from_top(page, end=True):
                assert _fast_walk(log, 12).clean is True
        finally:
            log.uninstall()


# --- a1b64e, ebe86a, 80af7b ---------------------------------------------------------------------------------------

def walk(end: str) -> Walk:
    return Walk("Tab", "b", (Step("Tab", "b"),), end)  # type: ignore[arg-type]


def outcome(walks: list[Walk], **overrides: object) -> str:
    options = {"complete": True, "opaque": False, "spontaneous": 0, "incidents": ()} | overrides
    return standard_outcome(walks, **options)[0]  # type: ignore[arg-type]


def test_a_region_every_walk_of_which_cycles_inside_is_a_trap() -> None:
    assert outcome([walk("cycle"), walk("cycle"), walk("stayed")]) == "failed"


def test_one_walk_reaching_the_end_releases_the_region() -> None:
    # A modal dialog that keeps Tab inside but closes on Escape: the walk after Escape reaches the end.
    assert outcome([walk("cycle"), walk("ambiguous"), walk("escaped")]) == "passed"


@pytest.mark.parametrize("overrides", [
    {"complete": False}, {"opaque": True}, {"spontaneous": 2}, {"incidents": ["navigated the page to /next"]},
])
def test_a_trap_that_is_not_fully_measured_is_for_a_person_to_check(overrides: dict) -> None:
    assert outcome([walk("cycle")], **overrides) == "cantTell"


@pytest.mark.parametrize("end", ["ambiguous", "unstable", "lost", "left", "open", "refused"])
def test_undecided_walks_are_for_a_person_to_check(end: str) -> None:
    assert outcome([walk("cycle"), walk(end)]) == "cantTell"


def texts(*sentences: str) -> list[dict]:
    return [{"text": s, "visible": True, "exposed": True, "added": False} for s in sentences]


def test_instructions_fail_only_when_there_is_nothing_to_read() -> None:
    assert instructions_outcome("en", texts("Link 1", "Button1", "Link 2"), False, 0).outcome == "failed"
    assert instructions_outcome("en-GB", texts("Go to the next element"), False, 0).outcome == "failed"


@pytest.mark.parametrize(("lang", "found", "images", "frames"), [
    ("en", texts("Press Ctrl+M to Exit"), False, 0),
    ("fr", texts("Bouton"), False, 0),  # keywords are English only
    ("", texts("Link 1"), False, 0),
    ("en", texts("Link 1"), True, 0),  # an image could hold the instructions
    ("en", texts("Link 1"), False, 1),  # a frame that could not be read
])
def test_instructions_that_may_exist_are_for_a_person_to_check(lang: str, found: list, images: bool,
                                                               frames: int) -> None:
    assert instructions_outcome(lang, found, images, frames).outcome == "cantTell"


@pytest.mark.parametrize(("text", "words"), [
    ("Press the M-key to Exit", True), ("Use Ctrl + M", True), ("Hit ⌘M", True), ("Shift+Tab goes back", True),
    ("Go to the next element", False), ("Link 1 Button 1 Button 2 Link 2", False), ("Tabular data", False),
])
def test_keyboard_words(text: str, words: bool) -> None:
    assert bool(KEYBOARD_WORDS.search(text)) == words


@pytest.mark.parametrize(("sentence", "keys"), [
    ("Press Ctrl+M to Exit", ["Control+m"]),
    ("Press the M-key to Exit", ["m"]),
    ('Press "q" key to leave', ["q"]),
    ("Alt-F4 closes it, or cmd+w", ["Alt+F4", "Meta+w"]),
    ("Go to the next element", []),
])
def test_keys_a_help_sentence_names(sentence: str, keys: list[str]) -> None:
    assert advised_keys(sentence) == keys


@pytest.mark.parametrize(("standard", "instructions", "criterion"), [
    ("failed", "failed", "failed"), ("failed", "passed", "passed"), ("passed", "cantTell", "passed"),
    ("failed", "cantTell", "cantTell"), ("cantTell", "failed", "cantTell"), ("cantTell", "cantTell", "cantTell"),
])
def test_the_criterion_fails_only_when_both_ways_out_fail(standard: str, instructions: str, criterion: str) -> None:
    assert criterion_outcome(standard, instructions) == criterion  # type: ignore[arg-type]

"""The character-key-shortcut check's decision (ACT rule ffbc54), without a browser."""

from __future__ import annotations

import pytest

from uiagent.audit.checks.key_shortcuts import PROBE_KEYS, printable, shortcut_verdict


def key(name: str, *, on_body: bool = True, modifiers: tuple[str, ...] = ()) -> dict:
    return {"key": name, "type": "keydown", "changes": ["#list: 1 node(s) added, 0 removed"], "on_body": on_body,
            "modifiers": list(modifiers)}


def test_a_shortcut_no_control_can_turn_off_is_a_violation() -> None:
    assert shortcut_verdict([key("+")], [], [])[0] == "violation"  # type: ignore[index]


def test_a_shortcut_beside_controls_that_may_turn_it_off_is_for_a_person_to_check() -> None:
    status, message, data = shortcut_verdict([key("+"), key("a")], ["#remap"], [])  # type: ignore[misc]
    assert (status, message, data) == ("needs-review", "maybe-control", {"shortcuts": "'+', 'a'"})


@pytest.mark.parametrize("keys", [
    [],
    [key("Escape")],  # not a printable character
    [key("m", modifiers=("Control",))],  # needs a modifier
    [key("+", on_body=False)],  # went to a widget that had focus: the shortcut works only there
])
def test_no_single_character_shortcut_no_finding(keys: list[dict]) -> None:
    assert shortcut_verdict(keys, [], []) is None


def test_a_page_that_reacts_to_every_key_is_for_a_person_to_check() -> None:
    every = [key(character) for character in PROBE_KEYS]
    assert shortcut_verdict(every, [], [])[0] == "needs-review"  # type: ignore[index]


def test_a_navigation_during_the_probe_cannot_be_put_down_to_one_key() -> None:
    assert shortcut_verdict([], [], ["navigated the page to /next"])[0] == "needs-review"  # type: ignore[index]
    assert shortcut_verdict([key("g")], [], ["navigated the page to /next"])[0] == "needs-review"  # type: ignore[index]


@pytest.mark.parametrize(("name", "expected"), [
    ("a", True), ("+", True), (" ", True), ("é", True), ("€", True), ("Escape", False), ("Tab", False), ("\n", False),
])
def test_printable_keys(name: str, expected: bool) -> None:
    assert printable(name) == expected

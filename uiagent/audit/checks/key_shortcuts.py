"""Character key shortcuts (WCAG 2.1.4), as W3C's ACT rule ffbc54: a shortcut made of one printable key, with no
modifier, must be possible to turn off or remap (or work only while its widget has focus).

Pages with no keydown or keyup listener anywhere (the DevTools protocol lists them) have no such shortcut. On the
others, nothing is focused (so each key goes to the body, not a widget) and every printable key is pressed once
(key_shortcuts.js tells which ones changed the page during their own dispatch). Whether a control turns a shortcut
off or remaps it takes reading: when the page has no control at all that could (no button, link, checkbox, tab,
option...), the shortcut is a violation; otherwise it is for a person to check, with the keys and the controls.
The page is reloaded when a key changed it, and its scroll position restored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from playwright.sync_api import Page

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding, Status
from uiagent.capture.incidents import Incidents
from uiagent.capture.scripts import page_script

KEY_SHORTCUTS_JS = page_script("key_shortcuts.js")
# Every printable key of a US keyboard, Shift characters included (Playwright sends them without Shift), and space.
PROBE_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789`-=[]\\;',./+*!?#$%&()_:\"<>{}|~@^ "
ANY_KEY_SHARE = 0.8  # this share of the keys or more changing the page: a reaction to any key


def printable(key: str) -> bool:
    """A key whose `key` is one printable character (Unicode letter, mark, number, punctuation, symbol or space)."""
    return len(key) == 1 and (unicodedata.category(key)[0] in "LMNPS" or unicodedata.category(key) == "Zs")


def shortcut_verdict(keys: Sequence[dict[str, Any]], candidates: Sequence[str], incidents: Sequence[str],
                     probed: int = len(PROBE_KEYS)) -> tuple[Status, str, dict[str, Any]] | None:
    """The finding's status, message and the data the message states, or None. Keys that changed the page on their
    own (printable, no modifier, sent to the body) are shortcuts; with no control on the page that could turn them
    off or remap them, a violation; else for a person to check. Also for a person to check: nearly every key
    changing the page (a script that reacts to any key, such as input-modality tracking or type-to-search, not a
    shortcut of its own), and a navigation or dialog during the probe, which cannot be put down to one key."""
    shortcuts = list(dict.fromkeys(k["key"] for k in keys
                                   if k["on_body"] and not k["modifiers"] and printable(k["key"])))
    if not shortcuts:
        return ("needs-review", "incident", {"incident": incidents[0]}) if incidents else None
    if len(shortcuts) >= ANY_KEY_SHARE * probed:
        return "needs-review", "any-key", {"changing_keys": len(shortcuts), "probed_keys": probed}
    named = ", ".join(f"'{key}'" for key in shortcuts[:8]) + (", ..." if len(shortcuts) > 8 else "")
    if not candidates and not incidents:
        return "violation", "no-control", {"shortcuts": named}
    return "needs-review", "maybe-control", {"shortcuts": named}


def check_character_key_shortcuts(context: CheckInput) -> list[Finding]:
    page = context.page
    types = _key_listener_types(page)
    if not types & {"keydown", "keyup"}:
        if "keypress" not in types:
            return []
        return [context.finding(CHARACTER_KEY_SHORTCUTS, "keypress", selector="html", box=None,
                                status="needs-review", listeners=sorted(types))]
    scroll = page.evaluate("() => [scrollX, scrollY]")
    incidents = Incidents(page)
    try:
        with incidents.watched():
            if not page.evaluate(KEY_SHORTCUTS_JS, {"op": "start"}):
                return []
            try:
                page.keyboard.type(PROBE_KEYS)
            finally:
                probed = page.evaluate(KEY_SHORTCUTS_JS, {"op": "finish"}) or {"keys": [], "candidates": []}
            if incidents.seen or any(not change.startswith("focus moved") for k in probed["keys"]
                                     for change in k["changes"]):
                incidents.reload(context.settings.navigation_timeout_s)  # as it was, for the checks that follow
    finally:
        page.evaluate("([x, y]) => { document.activeElement && document.activeElement.blur(); scrollTo(x, y); }",
                      scroll)
    verdict = shortcut_verdict(probed["keys"], probed["candidates"], incidents.seen)
    if verdict is None:
        return []
    status, message, data = verdict
    return [context.finding(CHARACTER_KEY_SHORTCUTS, message, selector="body", box=None, status=status, **data,
                            keys=[{"key": k["key"], "event": k["type"], "change": k["changes"]}
                                  for k in probed["keys"][:12]],
                            candidates=probed["candidates"], incidents=incidents.seen)]


def _key_listener_types(page: Page) -> set[str]:
    """The key event types anything in the page listens to (window, document and every node, shadow roots and
    frames of its process included), from the DevTools protocol."""
    session = page.context.new_cdp_session(page)
    try:
        found: set[str] = set()
        for expression in ("window", "document"):
            handle = session.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]
            listeners = session.send("DOMDebugger.getEventListeners",
                                     {"objectId": handle, "depth": -1, "pierce": True})["listeners"]
            found |= {listener["type"] for listener in listeners}
        return found & {"keydown", "keyup", "keypress"}
    finally:
        session.detach()


CHARACTER_KEY_SHORTCUTS = Check(
    "character-key-shortcut", ("2.1.4",), "Single printable-key shortcuts can be turned off or remapped.",
    check_character_key_shortcuts, kind="interactive", act=("ffbc54",), messages={
        "no-control": "Single-key shortcuts ({shortcuts}) change the page, and no control on the page can turn them "
                      "off or remap them",
        "maybe-control": "Single-key shortcuts ({shortcuts}) change the page: check that a control turns them off or "
                         "remaps them to keys with a modifier",
        "any-key": "{changing_keys} of {probed_keys} printable keys change the page: a script reacts to any key; "
                   "check whether that is a single-key shortcut that can be turned off or remapped",
        "incident": "While printable keys were pressed, the page {incident}: a single-key shortcut may have done it",
        "keypress": "The page listens to keypress (the legacy key event, not probed): check for single-key shortcuts",
    })

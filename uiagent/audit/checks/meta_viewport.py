"""A meta viewport that stops people zooming (WCAG 1.4.4 Resize Text; W3C ACT rule b4f0c3).

Every `<meta name="viewport">` of the page is judged on its own content attribute, parsed as browsers parse it
(css-device-adapt's algorithm, which Chromium follows): `user-scalable` must allow zoom and `maximum-scale`
must allow at least 2x. Desktop Chromium ignores meta viewport, so this reads the DOM only. It replaces axe's
meta-viewport, which splits pairs only on commas and reads values with parseFloat: it misses space-separated
pairs and invalid words such as `user-scalable=invalid`, which browsers read as 0 (zoom off).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

from uiagent.audit.checks.base import Check, CheckInput, CheckMessage
from uiagent.audit.findings import Finding
from uiagent.capture.scripts import wrap_script

# Every meta whose name is "viewport" in any case (the selector meta[name="viewport"] is case-sensitive).
VIEWPORT_METAS_JS = wrap_script("""() => [...document.querySelectorAll("meta")]
  .filter((meta) => (meta.getAttribute("name") || "").trim().toLowerCase() === "viewport")
  .map((meta) => ({ selector: selectorOf(meta), content: meta.getAttribute("content") }))""")

SEPARATORS = " \t\n\f\r,;"
NUMERIC_PREFIX = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
KEYWORD_NUMBERS = {"yes": 1.0, "no": 0.0, "device-width": 10.0, "device-height": 10.0}
SCALE_MINIMUM = 2.0  # 1.4.4: text must be resizable to 200% (the check's `scale_minimum`, as axe's meta-viewport)

Outcome = Literal["ok", "fail", "review"]


@dataclass(frozen=True)
class ViewportVerdict:
    outcome: Outcome
    reasons: tuple[str, ...]  # one per key that fails or cannot be decided


def parse_viewport(content: str) -> dict[str, str]:
    """The content attribute's key/value pairs: case-insensitive, separated by whitespace, commas or semicolons,
    `=` (with optional whitespace around it) binding a key to its value. A key without a value gets an empty
    value; a repeated key keeps its last value."""
    text = content.lower()
    pairs: dict[str, str] = {}
    i, end = 0, len(text)
    while i < end:
        while i < end and (text[i] in SEPARATORS or text[i] == "="):
            i += 1
        start = i
        while i < end and text[i] not in SEPARATORS and text[i] != "=":
            i += 1
        key = text[start:i]
        if not key:
            break
        while i < end and text[i].isspace():
            i += 1
        value = ""
        if i < end and text[i] == "=":
            i += 1
            while i < end and text[i].isspace():
                i += 1
            start = i
            while i < end and text[i] not in SEPARATORS and text[i] != "=":
                i += 1
            value = text[start:i]
        pairs[key] = value
    return pairs


def viewport_numbers(value: str) -> tuple[float, ...]:
    """How a browser may read a value as a number: one reading, or two when trailing characters follow a
    number (`2x`: truncated to 2, or rejected as invalid, which counts as 0)."""
    if value in KEYWORD_NUMBERS:
        return (KEYWORD_NUMBERS[value],)
    prefix = NUMERIC_PREFIX.match(value)
    if prefix is None:
        return (0.0,)
    number = float(prefix.group(0))
    return (number,) if prefix.end() == len(value) else (number, 0.0)


def user_scalable_allows_zoom(number: float) -> bool:
    """css-device-adapt: a user-scalable number strictly between -1 and 1 fixes the zoom."""
    return not -1.0 < number < 1.0


def maximum_scale_allows_zoom(number: float, scale_minimum: float = SCALE_MINIMUM) -> bool:
    """A negative maximum-scale is dropped; any other is clamped to [0.1, 10] and must reach `scale_minimum`."""
    return number < 0 or min(max(number, 0.1), 10.0) >= scale_minimum


KEYS = ("user-scalable", "maximum-scale")


def judge_viewport(content: str | None, scale_minimum: float = SCALE_MINIMUM) -> ViewportVerdict | None:
    """None when the rule does not apply (no content attribute, or neither user-scalable nor maximum-scale)."""
    if content is None:
        return None
    pairs = parse_viewport(content)
    relevant = [key for key in KEYS if key in pairs]
    if not relevant:
        return None
    key_tests: dict[str, tuple[Callable[[float], bool], str]] = {
        "user-scalable": (user_scalable_allows_zoom, "disables zoom"),
        "maximum-scale": (partial(maximum_scale_allows_zoom, scale_minimum=scale_minimum),
                          f"limits zoom to under {scale_minimum:g}x"),
    }
    failing, unsure = [], []
    for key in relevant:
        value = pairs[key]
        allows, effect = key_tests[key]
        if not value:
            unsure.append(f"{key} has no value, which browsers read differently")
            continue
        readings = {allows(number) for number in viewport_numbers(value)}
        if readings == {False}:
            failing.append(f"{key}={value} {effect}")
        elif readings == {True, False}:
            unsure.append(f"{key}={value} has trailing characters: a browser that truncates them allows zoom, "
                          "one that rejects the value does not")
    if failing:
        return ViewportVerdict("fail", tuple(failing))
    return ViewportVerdict("review", tuple(unsure)) if unsure else ViewportVerdict("ok", ())


def check_meta_viewport(context: CheckInput) -> list[Finding]:
    findings = []
    scale_minimum = context.options(META_VIEWPORT_ZOOM)["scale_minimum"]
    for meta in context.page.evaluate(VIEWPORT_METAS_JS, None):
        verdict = judge_viewport(meta["content"], scale_minimum)
        if verdict is None or verdict.outcome == "ok":
            continue
        failed = verdict.outcome == "fail"
        findings.append(context.finding(
            META_VIEWPORT_ZOOM, "stops-zoom" if failed else "may-stop-zoom", selector=meta["selector"], box=None,
            status="violation" if failed else "needs-review", problems=list(verdict.reasons),
            content=meta["content"],
            pairs={key: value for key, value in parse_viewport(meta["content"]).items() if key in KEYS},
            scale_minimum=scale_minimum))
    return findings


META_VIEWPORT_ZOOM = Check("meta-viewport-zoom", ("1.4.4",), "A meta viewport must not disable zoom or cap it "
                           "under 200% (user-scalable, maximum-scale).", check_meta_viewport,
                           act=("b4f0c3",), replaces=("meta-viewport",), options={"scale_minimum": SCALE_MINIMUM},
                           impact="critical", messages={
    "stops-zoom": "The meta viewport stops people zooming on mobile browsers: {problems:; }",
    "may-stop-zoom": CheckMessage("The meta viewport may stop people zooming on mobile browsers: {problems:; }",
                                  impact="moderate")})

"""Orientation locked by a CSS rotation (WCAG 1.3.4 Orientation; W3C ACT rule b33eff).

A style rule under `@media (orientation: portrait|landscape)` that rotates an element by a quarter turn relative
to the other orientation keeps its content upright in one orientation only: the page is turned back as the
device turns. The page script reads each such element's computed rotation as loaded and with portrait and
landscape swapped in every orientation condition of the page's style sheets (the device turned, nothing else
changed), and restores the sheets. The decisions below are plain functions of those computed values.

Rotations set by sheets the page may not read (cross-origin) are read through the browser's devtools protocol
and compared across a viewport turned sideways instead; a viewport change also flips width and height
queries and fires scripts, so such a turn cannot be put down to an orientation rule: needs-review at most.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script
from uiagent.capture.stabilize import after_page_scripts, viewport_resized

ORIENTATION_JS = page_script("orientation.js")

TOLERANCE_DEG = 1.0  # rotate(1.5708rad) is 90.0002deg, rotateZ(1turn) leaves -2.4e-16 in the matrix
DOMINANT_SHARE = 0.5  # of the viewport's area or of the page's text: the element is (most of) the page
FLAT = 1e-6  # matrix entries below this are zero: no tilt out of the screen's plane

_ANGLE = re.compile(r"^(-?[\d.]+(?:e[-+]?\d+)?)(deg|rad|grad|turn)$", re.IGNORECASE)
_DEGREES_PER_UNIT = {"deg": 1.0, "rad": 180.0 / math.pi, "grad": 0.9, "turn": 360.0}


def angle_degrees(value: str) -> float:
    """A CSS <angle> in degrees."""
    match = _ANGLE.match(value.strip())
    if not match:
        raise ValueError(f"not a CSS angle: {value!r}")
    return float(match.group(1)) * _DEGREES_PER_UNIT[match.group(2).lower()]


def rotate_angle(value: str) -> float | None:
    """The turn about the z axis (the screen's normal) of a computed `rotate` value, in degrees; None when it
    turns about another axis (a tilt out of the screen, which no angle in the screen's plane describes)."""
    if value.strip() in ("", "none"):
        return 0.0
    *axis, angle = value.split()
    degrees = angle_degrees(angle)
    if not axis or axis == ["z"]:
        return degrees
    if math.isclose(degrees % 360, 0, abs_tol=FLAT) or math.isclose(degrees % 360, 360, abs_tol=FLAT):
        return 0.0
    if len(axis) == 3:
        x, y, z = (float(part) for part in axis)
        if abs(x) < FLAT and abs(y) < FLAT and z != 0:
            return math.copysign(degrees, z)
    return None


def matrix_angle(value: str) -> float | None:
    """The turn in the screen's plane of a computed `transform` (none, matrix() or matrix3d()), in degrees;
    None when it tilts the element out of that plane. The CSS 2-D decomposition's rotation is atan2(b, a)
    whatever the scale and skew (it normalises the first row, which leaves the angle as it is)."""
    value = value.strip()
    if value in ("", "none"):
        return 0.0
    numbers = [float(n) for n in re.findall(r"-?[\d.]+(?:e[-+]?\d+)?", value.split("(", 1)[1], re.IGNORECASE)]
    if value.startswith("matrix3d("):
        if len(numbers) != 16 or any(abs(numbers[i]) >= FLAT for i in (2, 6, 8, 9)):  # m13, m23, m31, m32
            return None
        a, b = numbers[0], numbers[1]
    elif value.startswith("matrix(") and len(numbers) == 6:
        a, b = numbers[0], numbers[1]
    else:
        return None
    return math.degrees(math.atan2(b, a))


def z_angle(state: dict[str, Any]) -> float | None:
    """An element's turn in the screen's plane: `rotate` applies before `transform`, and 2-D turns add up."""
    individual, transform = rotate_angle(state["rotate"]), matrix_angle(state["transform"])
    return None if individual is None or transform is None else individual + transform


def relative_turn(first: float, second: float) -> float:
    """How far apart two angles are as lines (a half turn is no turn at all for a page's layout): [0, 180)."""
    return (first - second) % 180.0


def is_quarter_turn(turn: float) -> bool:
    return abs(turn - 90.0) <= TOLERANCE_DEG


def _tilt(angle: float) -> float:
    """How far from upright (or upside down) an angle leaves content: [0, 90]."""
    folded = angle % 180.0
    return min(folded, 180.0 - folded)


def element_turn(element: dict[str, Any]) -> float | None:
    """How far an element read in two states turns between them, when both angles lie in the screen's plane."""
    if len(element["states"]) < 2:
        return None
    first, second = (z_angle(state) for state in element["states"])
    return None if first is None or second is None else relative_turn(first, second)


@dataclass(frozen=True)
class Outcome:
    status: str  # violation or needs-review
    reason: str
    shown: dict[str, Any]  # the state the element is judged in: where it is turned (and visible)
    evidence: dict[str, Any]


def judge(element: dict[str, Any], attributable: bool = True) -> Outcome | None:
    """The outcome for one element read in two states (as loaded, turned), or None when the rule passes it or
    does not apply to it. `attributable`: the turned state changed the orientation conditions only (not the
    viewport), so a quarter turn is the orientation rule's doing."""
    states = element["states"]
    if len(states) < 2:
        return None
    loaded, turned = states
    first, second = z_angle(loaded), z_angle(turned)
    if first is None or second is None:
        moved = (loaded["rotate"], loaded["transform"]) != (turned["rotate"], turned["transform"])
        if not moved or not (loaded["visible"] or turned["visible"]):
            return None
        return Outcome("needs-review", "it is turned out of the screen's plane differently in portrait and in "
                       "landscape, so no angle on the screen can be measured", loaded if loaded["visible"] else turned,
                       {"rotate": [loaded["rotate"], turned["rotate"]],
                        "transform": [loaded["transform"], turned["transform"]]})
    turn = relative_turn(first, second)
    if not is_quarter_turn(turn):
        return None
    rotated = loaded if _tilt(first) >= _tilt(second) else turned
    if not rotated["visible"]:
        return None
    evidence = {"angles": [round(first, 4), round(second, 4)], "relative_turn": round(turn, 4)}
    dominant = (element["page_root"] or rotated["viewport_share"] >= DOMINANT_SHARE
                or rotated["text_share"] >= DOMINANT_SHARE)
    if dominant and attributable:
        return Outcome("violation", "the content is turned back as the device turns", rotated, evidence)
    if not attributable:
        return Outcome("needs-review", "its rotation changes by a quarter turn when the viewport is turned sideways, "
                       "but a viewport change also flips width and height queries and fires scripts, so it cannot be "
                       "put down to an orientation rule of a style sheet the page may not read", rotated, evidence)
    return Outcome("needs-review", "it is a small part of the page (an icon or a label may be turned on purpose): "
                   "does it lock content a person needs to read in one orientation?", rotated, evidence)


def lock_findings(context: CheckInput, result: dict[str, Any], attributable: bool) -> list[Finding]:
    """Findings for the page script's result, one per element locked by a quarter turn unless an element
    around it is already reported for the same."""
    judged = {element["selector"]: judge(element, attributable) for element in result["elements"]}
    # Every turn measured, the ones the rule passes (neither none nor a quarter turn) included.
    context.measurements.setdefault("orientation_turns", {}).update(
        {element["selector"]: round(turn, 4) if (turn := element_turn(element)) is not None else None
         for element in result["elements"]})
    findings = []
    for element in result["elements"]:
        outcome = judged[element["selector"]]
        if outcome is None or any(judged.get(outer) for outer in element["inside"]):
            continue
        loaded_state = result["loaded_state"]
        other_state = "landscape" if loaded_state == "portrait" else "portrait"
        evidence = dict(outcome.evidence)
        if angles := evidence.pop("angles", None):
            evidence.update({f"{loaded_state}_angle": angles[0], f"{other_state}_angle": angles[1]})
        findings.append(context.finding(
            ORIENTATION_LOCK, "turns-back", selector=element["selector"], box=Box.model_validate(outcome.shown["box"]),
            status=outcome.status, reason=outcome.reason, rules=element["rules"], **evidence))
    return findings


def unreadable_sheet_texts(page: Page, unreadable: list[dict[str, str]]) -> list[dict[str, str]]:
    """The text of style sheets the page may not read (cross-origin), through the devtools protocol, which
    lists every sheet when its CSS domain is enabled. Empty when the protocol is not available."""
    wanted = {sheet["href"]: sheet["media"] for sheet in unreadable if sheet["href"]}
    if not wanted:
        return []
    headers: list[dict[str, Any]] = []
    try:
        session = page.context.new_cdp_session(page)
    except PlaywrightError:  # not Chromium, or a browser that does not lend its protocol
        return []
    try:
        session.on("CSS.styleSheetAdded", lambda event: headers.append(event["header"]))
        session.send("DOM.enable")
        session.send("CSS.enable")
        return [{"text": session.send("CSS.getStyleSheetText", {"styleSheetId": header["styleSheetId"]})["text"],
                 "media": wanted[header["sourceURL"]]}
                for header in headers if header.get("sourceURL") in wanted]
    finally:
        session.detach()


def turned_viewport_result(page: Page, sheets: list[dict[str, str]]) -> dict[str, Any] | None:
    """The rotations the unreadable sheets' orientation rules set, read at the viewport and at the viewport
    turned sideways (then restored), in the shape of the page script's own two-state result."""
    size = page.viewport_size
    if not size or size["width"] == size["height"]:
        return None
    loaded = page.evaluate(ORIENTATION_JS, {"sheets": sheets})
    if not loaded or not loaded["elements"]:
        return None
    with viewport_resized(page, {"width": size["height"], "height": size["width"]}):
        after_page_scripts(page)
        turned = page.evaluate(ORIENTATION_JS, {"sheets": sheets})
    after = {element["selector"]: element for element in (turned or {}).get("elements", [])}
    elements = [{**element, "states": element["states"] + after[element["selector"]]["states"]}
                for element in loaded["elements"] if element["selector"] in after]
    return {**loaded, "elements": elements}


def check_orientation_lock(context: CheckInput) -> list[Finding]:
    result = context.page.evaluate(ORIENTATION_JS, None)
    if result is None:  # no orientation rule rotates anything: the rule does not apply
        return []
    findings = lock_findings(context, result, attributable=True)
    if result["unreadable"] and not any(f.status == "violation" for f in findings):
        sheets = unreadable_sheet_texts(context.page, result["unreadable"])
        turned = turned_viewport_result(context.page, sheets) if sheets else None
        if turned:
            reported = {finding.selector for finding in findings}
            findings += [finding for finding in lock_findings(context, turned, attributable=False)
                         if finding.selector not in reported]
    return findings


ORIENTATION_LOCK = Check("orientation-lock", ("1.3.4",), "No CSS rotation under an orientation media query that "
                         "turns the content back as the device turns.", check_orientation_lock,
                         kind="interactive", act=("b33eff",), replaces=("css-orientation-lock",), messages={
                             "turns-back": "This element's rotation depends on the device's orientation: {reason}. "
                                           "Unless that orientation is essential (a piano keyboard, a cheque to "
                                           "photograph) or the page offers its own control to change it, let the "
                                           "content follow the device."})

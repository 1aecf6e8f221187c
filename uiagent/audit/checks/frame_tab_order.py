"""Frames taken out of the tab order while they show focus stops (WCAG 2.1.1, as W3C's ACT rule akn7bn).

A negative tabindex on an iframe takes the frame, and everything in it, out of sequential focus navigation: a
keyboard user never reaches the links and controls it shows. The rule applies to such a frame whose content has
an element that is visible and in sequential focus navigation; it does not apply to an inert frame (the `inert`
attribute on it or an ancestor, or a page behind an open modal dialog), whose content is not focusable at all.
axe's frame-focusable-content, which this replaces, does not see a modal dialog's inertness, and failed a page
whose privacy dialog was open.

Visible means what the frame's window can show of the element, wherever scrolling brings it: at least 2 px
either way, so a frame a pixel wide shows none of its content.
"""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding
from uiagent.capture.frames import ENTER_FRAME, frame_place
from uiagent.capture.scripts import wrap_script

# The frame element's tabindex attribute when it is negative (HTML's rules for parsing integers: leading space, a
# sign, digits, anything after them ignored) and the element is not inert; else null.
NEGATIVE_TABINDEX_JS = """(owner) => {
  const value = owner.getAttribute("tabindex");
  const parsed = value === null ? null : /^[\\t\\n\\f\\r ]*([-+]?)(\\d+)/.exec(value);
  if (!parsed || parsed[1] !== "-" || Number(parsed[2]) === 0) return null;
  if (owner.closest("[inert]")) return null;
  const modal = owner.ownerDocument.querySelector(":modal");
  return modal && !modal.contains(owner) ? null : value;
}"""

# This document's elements that are in sequential focus navigation and visible through the frame's window
# (the first few, named).
FOCUS_STOPS_JS = wrap_script("""() => {
  const FOCUSABLE = "a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, " +
    "audio[controls], video[controls], [contenteditable]:not([contenteditable=false]), [tabindex]";
  const stops = [];
  for (const el of allElements(document)) {
    if (!el.matches(FOCUSABLE) && !(el.localName === "summary" && el.parentElement?.localName === "details" &&
                                     el.parentElement.querySelector(":scope > summary") === el)) continue;
    if (el.tabIndex < 0 || el.matches(":disabled") || el.closest("[inert]")) continue;
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    const r = el.getBoundingClientRect();
    if (Math.min(r.width, innerWidth) < 2 || Math.min(r.height, innerHeight) < 2) continue;
    stops.push(selectorOf(el));
    if (stops.length === 5) break;
  }
  return stops;
}""")


def check_frame_tab_order(context: CheckInput) -> list[Finding]:
    findings = []
    for frame in context.page.frames[1:]:
        try:
            tabindex = None if frame.is_detached() else frame.frame_element().evaluate(NEGATIVE_TABINDEX_JS)
            stops = frame.evaluate(FOCUS_STOPS_JS, None) if tabindex is not None else []
        except PlaywrightError:  # the frame went away meanwhile
            continue
        place = frame_place(frame) if stops else None
        if place is None:  # no focus stops, or the frame element is not rendered (so neither is its content)
            continue
        findings.append(context.finding(
            FRAME_TAB_ORDER, "out-of-order", selector=place.prefix.removesuffix(ENTER_FRAME), box=place.viewport,
            tabindex=tabindex, focus_stops=stops))
    return findings


FRAME_TAB_ORDER = Check("frame-out-of-tab-order", ("2.1.1",), "An iframe whose content has focus stops must not be "
                        "taken out of the tab order with a negative tabindex.", check_frame_tab_order,
                        act=("akn7bn",), replaces=("frame-focusable-content",), messages={
                            "out-of-order": 'This frame has tabindex="{tabindex}", which takes it out of the tab '
                                            "order, yet it shows elements a keyboard user must reach ({focus_stops}): "
                                            "remove the tabindex, or make its content inert"})

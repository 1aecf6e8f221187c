"""Walking a page with the Tab key from its first focusable element, whatever had focus before.

Browsers start sequential focus navigation where focus last was (even after blur()), so a walk that
follows another one, or a user's clicks, would begin halfway down the page or after its end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page

from uiagent.errors import CheckSkipped

START_MARK = "data-uiagent-tab-start"  # the attribute of the walk's starting element
END_MARK = "data-uiagent-tab-end"  # the attribute of the element after the last one, when a walk asks for it

# Focus scrolls the boxes around an element to show it (a sidebar's list, a carousel). A walk leaves them where its
# last stop needed them, while what follows it compares the page with how it looked before: where the walk starts,
# the scroll positions of the boxes inside the page are noted (those not at 0, 0), and put back after it.
_SCROLL_HOME = """const home = new Map();
  for (const el of document.querySelectorAll('*')) if (el.scrollTop || el.scrollLeft) home.set(el, [el.scrollLeft, el.scrollTop]);
  Object.defineProperty(window, '__uiagentScrollHome', {value: home, configurable: true});"""
_SCROLL_BACK = """const home = window.__uiagentScrollHome;
  if (home) for (const el of document.querySelectorAll('*')) {
    if (el === document.scrollingElement) continue;  // (the page's own scroll: each walk restores its own)
    const [left, top] = home.get(el) || [0, 0];
    if (el.scrollLeft !== left || el.scrollTop !== top) { el.scrollLeft = left; el.scrollTop = top; }
  }"""

# An untabbable, fixed (so nothing moves or scrolls) element first in the body: focusing it puts the
# starting point there, and the next Tab goes to the first element in the tab order.
# With `end`, a tabbable twin last in the body: reaching it is reaching the end of the page's sequence, as the
# browser's own interface would be (headless Chromium sometimes hands focus straight back to the page instead). Tab
# does not leave it.
_START = f"""(end) => {{
  if (!document.body) return false;
  {_SCROLL_HOME}
  document.activeElement && document.activeElement.blur();
  if (end) {{
    const last = document.createElement('span');
    last.tabIndex = 0;
    last.setAttribute('{END_MARK}', '');
    last.style.cssText = 'position:fixed;top:0;left:0;width:0;height:0;outline:none';
    // Focus stays here once it arrives: a walk that presses keys ahead of reading them comes to rest at the end.
    last.addEventListener('keydown', (event) => {{ if (event.key === 'Tab') event.preventDefault(); }});
    document.body.append(last);
  }}
  const start = document.createElement('span');
  start.tabIndex = -1;
  start.setAttribute('{START_MARK}', '');
  start.style.cssText = 'position:fixed;top:0;left:0;width:0;height:0;outline:none';
  document.body.prepend(start);
  start.focus({{preventScroll: true}});
  return true;
}}"""
_END = f"""() => {{
  {_SCROLL_BACK}
  delete window.__uiagentScrollHome;
  document.querySelectorAll('[{START_MARK}], [{END_MARK}]').forEach(e => e.remove());
  document.activeElement && document.activeElement.blur();
}}"""


# The browser's focus ring costs an update of the focused element's ancestors on every focus change (13 ms a Tab on
# a 10,000-element page, 2 ms without it). A walk that reads only where focus goes hides it: through an adopted
# style sheet, not a <style> element, so no mutation observer (the page's, or the focus log's) sees a change.
_HIDE_RINGS = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('*:focus { outline: none !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  Object.defineProperty(window, '__uiagentNoRings', {value: sheet, configurable: true});
}"""
_SHOW_RINGS = """() => {
  const sheet = window.__uiagentNoRings;
  if (!sheet) return;  // the page was loaded again meanwhile
  delete window.__uiagentNoRings;
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== sheet);
}"""


class FocusRings:
    """Hidden focus rings (focus_rings_hidden), shown again for a moment where a walk looks at what focus shows."""

    def __init__(self, page: Page, hidden: bool) -> None:
        self.page, self.hidden = page, hidden

    @contextmanager
    def shown(self) -> Iterator[None]:
        if self.hidden:
            self.page.evaluate(_SHOW_RINGS)
        try:
            yield
        finally:
            if self.hidden:
                self.page.evaluate(_HIDE_RINGS)


@contextmanager
def focus_rings_hidden(page: Page, hidden: bool = True) -> Iterator[FocusRings]:
    """No focus ring is drawn in the block (when `hidden`): for walks that follow where focus goes; where one looks
    at what focus shows, it does so in the FocusRings' `shown()`."""
    if hidden:
        page.evaluate(_HIDE_RINGS)
    try:
        yield FocusRings(page, hidden)
    finally:
        if hidden:
            page.evaluate(_SHOW_RINGS)


def scroll_boxes_back(page: Page) -> None:
    """The boxes inside the page scrolled as they were where the current walk began (tab_walk_from_top does this
    as it ends; a check that looks at the page again before that calls it)."""
    page.evaluate(f"() => {{ {_SCROLL_BACK} }}")


@contextmanager
def tab_walk_from_top(page: Page, *, end: bool = False) -> Iterator[None]:
    """Tab from here reaches the page's first element; with `end`, the last one is followed by an element
    carrying END_MARK. CheckSkipped for a document without a body (SVG, XML), where neither can be placed."""
    if not page.evaluate(_START, end):
        raise CheckSkipped("the document has no body (an SVG or XML document): a Tab walk cannot be started at "
                           "its top, so focus was not walked")
    try:
        yield
    finally:
        page.evaluate(_END)

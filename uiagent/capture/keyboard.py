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

# An untabbable, fixed (so nothing moves or scrolls) element first in the body: focusing it puts the
# starting point there, and the next Tab goes to the first element in the tab order.
# With `end`, a tabbable twin last in the body: reaching it is reaching the end of the page's sequence, as the
# browser's own interface would be (headless Chromium sometimes hands focus straight back to the page instead).
_START = f"""(end) => {{
  if (!document.body) return false;
  document.activeElement && document.activeElement.blur();
  if (end) {{
    const last = document.createElement('span');
    last.tabIndex = 0;
    last.setAttribute('{END_MARK}', '');
    last.style.cssText = 'position:fixed;top:0;left:0;width:0;height:0;outline:none';
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
  document.querySelectorAll('[{START_MARK}], [{END_MARK}]').forEach(e => e.remove());
  document.activeElement && document.activeElement.blur();
}}"""


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

"""Reflow at 320 CSS px (WCAG 1.4.10) and the text-spacing override (1.4.12): each changes the page, looks for
sideways scrolling or text cut off in the result, and leaves the page's own layout to come back once after them
(CheckInput.relayout). (Text at 200% zoom, 1.4.4: zoom_clip.py.)"""

from __future__ import annotations

import json

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.findings import Finding
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script, wrap_script
from uiagent.capture.stabilize import as_answered

CLIPPING_JS = page_script("clipping.js")
TEXT_SPACING_JS = page_script("text_spacing.js")
RESTORE_JS = page_script("restore_styles.js")

REFLOW_WIDTH, REFLOW_HEIGHT = 320, 256

# Content that needs two-dimensional layout for its meaning, which 1.4.10 excepts: it may make the page scroll
# sideways, so a person checks that the rest reflows.
TWO_DIMENSIONAL = ("img, picture, svg, canvas, video, object, embed, iframe, table, pre, math, [role=img], "
                   "[role=table], [role=grid], [role=treegrid], [role=application]")
OVERFLOWING_JS = wrap_script("""() => {
  const twoDimensional = TWO_DIMENSIONAL;
  const width = document.documentElement.clientWidth;
  const root = document.body || document.documentElement;  // an SVG or XML document has no body
  // Past the viewport's right edge, in the part the boxes hiding overflow around it show (a carousel's slides
  // waiting beside it make nothing scroll), and not on the viewport's fixed layer (a drawer parked past the edge
  // makes nothing scroll either). `content`: what the box lets overflow counts too (a long line of a <pre> whose
  // box fits).
  const onViewport = viewportLayer(), clipOf = contentClips();
  // Whether a viewport rectangle of `el` (its border box, or with `ownContent` content in its own flow) reaches past
  // the right edge in the part the boxes around it show.
  const beyond = (rect, el, ownContent) => {
    if (rect.right <= width + 1) return false;
    const shown = shownRect(rect, el, ownContent, clipOf);
    return !!shown && shown.right > width + 1;
  };
  const past = (el, content) => {
    if (onViewport(el)) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1) return false;
    const right = content && getComputedStyle(el).overflowX === "visible" ? Math.max(r.right, r.left + el.scrollWidth)
      : r.right;
    return beyond({left: r.left, top: r.top, right, bottom: r.bottom}, el, false);
  };
  const wide = el => past(el, false);
  // The tree as laid out, open shadow roots included: every element inside one, and its children.
  const inside = el => [...(el.shadowRoot ? allElements(el.shadowRoot) : []), ...allElements(el)];
  const kids = el => [...(el.shadowRoot ? el.shadowRoot.children : []), ...el.children];
  // Whether anything is painted past the right edge in an element: text, a replaced element or control, a
  // background or a border. A grid row whose negative margins outrun its container's padding, or a visually
  // hidden label positioned against the page, widens what scrolls with empty space only: no content needs the
  // sideways scroll.
  const REPLACED = "img, svg, video, canvas, iframe, object, embed, input, select, textarea, button, meter, progress";
  const shownPast = (rect, el, ownContent) => rect.width >= 1 && rect.height >= 1 && beyond(rect, el, ownContent);
  const paintsPast = (el) => {
    for (const d of [el, ...inside(el)]) {
      if (onViewport(d) || !canPaint(d, {opacityProperty: true, visibilityProperty: true})) continue;
      const s = getComputedStyle(d), r = d.getBoundingClientRect();
      if (visuallyHidden(r, s)) continue;
      if ((d.matches(REPLACED) || paintsBackgroundOrBorder(s)) && shownPast(r, d, false)) return true;
      for (const node of d.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE || !node.data.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        if ([...range.getClientRects()].some(rect => shownPast(rect, d, true))) return true;
      }
    }
    return false;
  };
  const culprit = (el, causes, text = false) => {
    const r = el.getBoundingClientRect();
    // When each cause lies in content the criterion excepts (an image, a map, a data table, a video, preformatted
    // code), the page may scroll for that content.
    const excepted = causes.map(d => d.closest(twoDimensional));
    return {element: el, box: {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height},
            two_dimensional: excepted.every(Boolean) ? [...new Set(excepted.map(e => e.localName))] : null, text,
            painted: paintsPast(el)};
  };
  const out = [];
  for (const el of allElements(root)) {
    if (!wide(el)) continue;
    const parent = flatParent(el);
    if (parent && parent !== root && wide(parent)) continue;  // report the outermost
    // What makes it wide: its innermost wide elements (or itself).
    const innermost = inside(el).filter(d => wide(d) && !kids(d).some(wide));
    out.push(culprit(el, innermost.length ? innermost : [el]));
  }
  if (!out.some(o => o.painted)) {
    // No box that is too wide paints past the edge: text may, overflowing a box that fits (a long line of
    // preformatted text, a long word).
    const seen = new Map();  // each element is asked again as its parent's child
    const overflowing = el => { if (!seen.has(el)) seen.set(el, past(el, true)); return seen.get(el); };
    for (const el of allElements(root)) {
      if (!overflowing(el) || kids(el).some(overflowing)) continue;
      const found = culprit(el, [el], true);
      if (found.painted) out.push(found);  // (an empty box too wide makes its parent overflow: named already)
    }
  }
  // What paints past the edge is what needs the scroll; only when nothing does are the empty boxes named.
  const named = out.some(o => o.painted) ? out.filter(o => o.painted) : out;
  return {scroll_width: document.documentElement.scrollWidth, width,
          culprits: named.slice(0, 5).map(o => ({selector: selectorOf(o.element), box: o.box,
                                                 two_dimensional: o.two_dimensional, text: o.text,
                                                 painted: o.painted}))};
}""".replace("TWO_DIMENSIONAL", json.dumps(TWO_DIMENSIONAL)))


def check_reflow(context: CheckInput) -> list[Finding]:
    page = context.page
    context.relayout.resize({"width": REFLOW_WIDTH, "height": REFLOW_HEIGHT})
    return as_answered(page, lambda: sideways_scroll_findings(
        context, REFLOW, page.evaluate(OVERFLOWING_JS, None), REFLOW_WIDTH))


def sideways_scroll_findings(context: CheckInput, check: Check, result: dict, width: int) -> list[Finding]:
    """From OVERFLOWING_JS's result: a finding per element wider than the viewport, or one for the page. `check`
    says them with SIDEWAYS_SCROLL's messages."""
    if result["scroll_width"] <= result["width"] + 1:
        return []
    return [context.finding(check, "too-wide-2d" if culprit["two_dimensional"] else "too-wide-empty"
                            if not culprit["painted"] else "text-too-wide" if culprit["text"] else "too-wide",
                            selector=culprit["selector"], box=Box.model_validate(culprit["box"]),
                            status="needs-review" if culprit["two_dimensional"] or not culprit["painted"]
                            else "violation",
                            viewport_width=width, scroll_width=result["scroll_width"],
                            **({"two_dimensional": culprit["two_dimensional"]} if culprit["two_dimensional"] else {}))
            for culprit in result["culprits"]] or [context.finding(
        check, "scrolls", selector="html", box=None, status="needs-review", viewport_width=width,
        scroll_width=result["scroll_width"])]


def clipped_at_normal_size(context: CheckInput) -> set[str]:
    """The boxes that hide overflowing text as the page is, before any check changes it (measured once per page:
    text-spacing and zoom-clip both compare against it)."""
    if "clipped_at_normal_size" not in context.measurements:
        context.relayout.restore()  # (nothing to do unless a re-layout check ran first)
        clipped = context.page.evaluate(CLIPPING_JS, None)
        context.measurements["clipped_at_normal_size"] = {c["selector"] for c in clipped}
    return context.measurements["clipped_at_normal_size"]


def _clipped_after(context: CheckInput, check: Check, change_js: str) -> list[Finding]:
    """Text cut off in a box once `change_js` has changed the page, that was not cut off before."""
    page = context.page
    before = clipped_at_normal_size(context)
    context.relayout.at_own_size()
    page.evaluate(change_js, None)
    try:
        return as_answered(page, lambda: _newly_clipped(context, check, page.evaluate(CLIPPING_JS, None), before))
    finally:
        page.evaluate(RESTORE_JS, None)
        context.relayout.changed()


def _newly_clipped(context: CheckInput, check: Check, after: list[dict], before: set[str]) -> list[Finding]:
    return [context.finding(
        # Said along the axis that cuts: a line grown too long for its box is cut across, a taller text below. An
        # editor's box may scroll its text to the caret: a person checks.
        check, "cut-in-editor" if c["editor"] else "cut" if c["cut_below"] else "cut-across", selector=c["selector"],
        box=Box.model_validate(c["box"]), text=c["text"], content_size=c["scroll"], box_size=c["client"],
        status="needs-review" if c["editor"] else "violation")
        for c in after if c["selector"] not in before]  # already clipped at normal size: reported by text-clipped


def check_text_spacing(context: CheckInput) -> list[Finding]:
    return _clipped_after(context, TEXT_SPACING, TEXT_SPACING_JS)


SIDEWAYS_SCROLL = {
    "too-wide": "At {viewport_width} CSS px wide the page scrolls sideways ({scroll_width} px of content); this "
                "element is wider than the viewport",
    "text-too-wide": "At {viewport_width} CSS px wide the page scrolls sideways ({scroll_width} px of content); this "
                     "element fits, but a line of its text does not wrap and runs past the viewport",
    "too-wide-2d": "At {viewport_width} CSS px wide the page scrolls sideways ({scroll_width} px of content); what is "
                   "too wide here is {two_dimensional} content, which may need two-dimensional layout for its "
                   "meaning (the criterion excepts it): check that the content around it reflows",
    "too-wide-empty": "At {viewport_width} CSS px wide the page scrolls sideways ({scroll_width} px of content), "
                      "but only for this element's empty space: nothing in it is painted past the viewport's edge "
                      "(a grid row's negative margins, a visually hidden label placed against the page): check "
                      "that no content needs the sideways scroll",
    "scrolls": "At {viewport_width} CSS px wide the page scrolls sideways ({scroll_width} px of content), but no "
               "element was found past the viewport's edge (generated content, a closed shadow root?): check what "
               "needs the sideways scroll"}
REFLOW = Check("reflow", ("1.4.10",), "No sideways scrolling at a 320 CSS px wide viewport.", check_reflow,
               kind="interactive", relayout=True, messages=SIDEWAYS_SCROLL)
TEXT_SPACING = Check("text-spacing", ("1.4.12",), "No text cut off under the WCAG text-spacing override.",
                     check_text_spacing, kind="interactive", relayout=True, messages={
                         "cut": "With the WCAG text-spacing override, text is cut off in this box ({content_size[1]} "
                                "px of text in {box_size[1]} px)",
                         "cut-across": "With the WCAG text-spacing override, text is cut off in this box (lines "
                                       "{content_size[0]} px long in {box_size[0]} px)",
                         "cut-in-editor": "With the WCAG text-spacing override, text is cut off in this box, part of "
                                          "an editor (a text field is in it or beside it): check that the editor "
                                          "scrolls the cut text into view"})

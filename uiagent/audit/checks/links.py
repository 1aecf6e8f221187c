"""Links in a block of text told apart by colour alone (WCAG 1.4.1 Use of Color), measured on the pixels.

A link that has no underline, border, font or other cue of its own must differ from the text around it by a
contrast of at least 3:1 (the `min_contrast` option; WCAG technique G183; axe's link-in-text-block asks the same).
The colours compared are the painted ones: the link's and the block text's foregrounds as `painted_text_colour`
reads them. A link set in another font than most of the text around it (a <code> inside it) has a cue, unless
other text around it is set in that font too: then only colour tells them apart, and a person decides. This replaces
axe's rule of that name, which computes the colours behind every such link from the DOM and took half of axe's time
on a 10,000-element page.
"""

from __future__ import annotations

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.colour import contrast_ratio, hex_colour, parse_css_colour
from uiagent.audit.checks.contrast import painted_text_colour
from uiagent.audit.findings import Finding


def check_link_in_text_block(context: CheckInput) -> list[Finding]:
    findings = []
    required = context.options(LINK_IN_TEXT_BLOCK)["min_contrast"]
    runs = {run.selector: run for run in context.capture.dom.text_runs}
    ratios: dict[str, float] = context.measurements.setdefault("link_contrast", {})
    for link in context.capture.dom.focusables:
        if link.text_block is None or (link.distinct_styles and not link.cue_shared):
            continue
        # Each read on line fragments: a box around text that wraps holds other text too (a link's, the text
        # around it on both lines; a block's, its links).
        link_run = runs.get(link.selector)
        link_lines = (link_run.lines or [link_run.box]) if link_run else (link.lines or [link.box])
        link_colour = painted_text_colour(context.pixels, link_lines, link.color)
        block_run = runs.get(link.text_block)
        text_colour = (painted_text_colour(context.pixels, block_run.lines or [block_run.box], link.text_block_color)
                       if block_run else None)
        if text_colour is None:  # the block's text is all in children: its computed colour, if opaque
            parsed = parse_css_colour(link.text_block_color)
            text_colour = parsed[0] if parsed and parsed[1] == 1.0 else None
        if link_colour is None or text_colour is None:
            continue
        ratio = round(float(contrast_ratio(link_colour, text_colour)), 2)
        ratios[link.selector] = ratio
        if ratio < required:
            # A font that sets the link apart from the plain text, but not from other text of that font beside it:
            # whether a reader tells them apart, a person decides.
            findings.append(context.finding(
                LINK_IN_TEXT_BLOCK, "shared-cue" if link.cue_shared else "colour-alone", selector=link.selector,
                box=link.box, status="needs-review" if link.cue_shared else "violation", ratio=ratio, required=required,
                link_colour=hex_colour(link_colour), text_colour=hex_colour(text_colour), text_block=link.text_block))
    return findings


LINK_IN_TEXT_BLOCK = Check("link-in-text-block", ("1.4.1",), "Links inside text that only colour sets apart need "
                           "3:1 contrast with the text around them, measured on the pixels.", check_link_in_text_block,
                           kind="background", replaces=("link-in-text-block",), options={"min_contrast": 3.0},
                           messages={"colour-alone": "This link is told apart from the text around it by colour "
                                     "alone, and that colour differs by only {ratio}:1 (needs {required:g}:1, or an "
                                     "underline or other cue)",
                                     "shared-cue": "This link's text is in another font than the text around it, "
                                     "but so is other text beside it, from which only colour tells the link apart "
                                     "({ratio}:1, needs {required:g}:1): check that readers can tell which is the link"})

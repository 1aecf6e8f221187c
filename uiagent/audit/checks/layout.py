"""Layout defects that break what a person sees: broken images, clipped text, text covered by other text."""

from __future__ import annotations

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.resize import OVERFLOWING_JS, SIDEWAYS_SCROLL, sideways_scroll_findings
from uiagent.audit.findings import Finding
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script

OVERLAPS_JS = page_script("overlaps.js")


def check_broken_images(context: CheckInput) -> list[Finding]:
    return [context.finding(BROKEN_IMAGES, "not-loaded", selector=image.selector, box=image.box, src=image.src,
                            alt=image.alt)
            for image in context.capture.dom.images if image.src and not image.loaded]


def check_clipped_text(context: CheckInput) -> list[Finding]:
    return [context.finding(CLIPPED_TEXT, "cut", selector=run.selector, box=run.box, text=run.text[:120])
            for run in context.capture.dom.text_runs if run.clips_overflow]


def check_text_overlap(context: CheckInput) -> list[Finding]:
    """Text painted over other text. Where a pinned layer (a fixed banner or bar, a sticky title) covers text that
    scrolls under it and no scroll position shows that text clear of it, a person decides: the layer may be one the
    user can dismiss."""
    overlaps = context.page.evaluate(OVERLAPS_JS, None)
    return [context.finding(TEXT_OVERLAP, "covers-always" if o["fixed"] else "covers", selector=o["top"],
                            box=Box.model_validate(o["box"]), covered=o["covered"], covered_text=o["covered_text"][:120],
                            status="needs-review" if o["fixed"] else "violation")
            for o in overlaps]


def check_page_overflow(context: CheckInput) -> list[Finding]:
    """At the page's own viewport (explore runs it at desktop, tablet and phone sizes)."""
    result = context.page.evaluate(OVERFLOWING_JS, None)
    return sideways_scroll_findings(context, PAGE_OVERFLOW, result, result["width"])


BROKEN_IMAGES = Check("broken-image", (), "Images whose source failed to load.", check_broken_images,
                      messages={"not-loaded": "Image did not load: {src:.200}"})
CLIPPED_TEXT = Check("text-clipped", (), "Text cut off by a box that hides its overflow.", check_clipped_text,
                     impact="moderate", messages={"cut": "Text overflows its box and is cut off"})
TEXT_OVERLAP = Check("text-overlap", (), "Text painted over other text.", check_text_overlap,
                     messages={"covers": "Covers the text of {covered}",
                               "covers-always": "Stays over the text of {covered} wherever it is scrolled (a "
                                                "layer pinned in place): check that it can be dismissed or moved"})
PAGE_OVERFLOW = Check("horizontal-scroll", (), "No sideways scrolling at the viewport the page is shown in.",
                      check_page_overflow, messages=SIDEWAYS_SCROLL)

"""Layout defects that break what a person sees: broken images, clipped text, text covered by other text."""

from __future__ import annotations

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.resize import OVERFLOWING_JS, sideways_scroll_findings
from uiagent.audit.findings import Finding
from uiagent.capture.models import Box
from uiagent.capture.scripts import page_script

OVERLAPS_JS = page_script("overlaps.js")


def check_broken_images(context: CheckInput) -> list[Finding]:
    return [context.finding("broken-image", [], f"Image did not load: {image.src[:200]}", selector=image.selector,
                            box=image.box, impact="serious", src=image.src, alt=image.alt)
            for image in context.capture.dom.images if image.src and not image.loaded]


def check_clipped_text(context: CheckInput) -> list[Finding]:
    return [context.finding("text-clipped", [], "Text overflows its box and is cut off", selector=run.selector,
                            box=run.box, impact="moderate", text=run.text[:120])
            for run in context.capture.dom.text_runs if run.clips_overflow]


def check_text_overlap(context: CheckInput) -> list[Finding]:
    overlaps = context.page.evaluate(OVERLAPS_JS, None)
    return [context.finding("text-overlap", [], f"Covers the text of {o['covered']}", selector=o["top"],
                            box=Box.model_validate(o["box"]), impact="serious", covered=o["covered"],
                            covered_text=o["covered_text"][:120])
            for o in overlaps]


def check_page_overflow(context: CheckInput) -> list[Finding]:
    """At the page's own viewport (explore runs it at desktop, tablet and phone sizes)."""
    result = context.page.evaluate(OVERFLOWING_JS, None)
    return sideways_scroll_findings(context, result, "horizontal-scroll", [], result["width"])


BROKEN_IMAGES = Check("broken-image", (), "Images whose source failed to load.", check_broken_images)
CLIPPED_TEXT = Check("text-clipped", (), "Text cut off by a box that hides its overflow.", check_clipped_text)
TEXT_OVERLAP = Check("text-overlap", (), "Text painted over other text.", check_text_overlap)
PAGE_OVERFLOW = Check("horizontal-scroll", (), "No sideways scrolling at the viewport the page is shown in.",
                      check_page_overflow)

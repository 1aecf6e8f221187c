"""A check plugin: headings that skip a level (h2 straight to h4), which leaves a gap in the outline screen reader
users navigate by. It fails no success criterion (1.3.1 asks that headings be marked up as headings, not that their
levels run on), so it is a best practice, as axe-core's heading-order is: it runs with `--best-practice`. Loaded
from the project's plugins/ folder through uiagent's hook API."""

from __future__ import annotations

from uiagent import Check, CheckInput, Finding, hookimpl


def check_heading_order(context: CheckInput) -> list[Finding]:
    findings = []
    previous = 0
    for element in context.capture.dom.elements:
        if element.role != "heading" or len(element.tag) != 2 or not element.tag[1].isdigit():
            continue
        level = int(element.tag[1])
        if previous and level > previous + 1:
            findings.append(context.finding(HEADING_ORDER, "skipped", selector=element.selector, box=element.box,
                                            level=level, previous_level=previous, skipped_level=previous + 1,
                                            text=element.name[:120]))
        previous = level
    return findings


HEADING_ORDER = Check("heading-order", (), "Headings do not skip levels.", check_heading_order,
                      best_practice=True, impact="moderate", messages={
                          "skipped": "Heading level {level} follows level {previous_level}: level {skipped_level} is "
                                     "skipped"})


@hookimpl
def uiagent_checks() -> list[Check]:
    return [HEADING_ORDER]

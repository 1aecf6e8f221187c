"""A check plugin: headings that skip a level (h2 straight to h4), which breaks the outline screen reader
users navigate by (WCAG 1.3.1). Loaded from the project's plugins/ folder through uiagent's hook API."""

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
            findings.append(context.finding(
                "heading-order", ["1.3.1"], f"Heading level {level} follows level {previous}: level {previous + 1} "
                "is skipped", selector=element.selector, box=element.box, impact="moderate",
                level=level, previous_level=previous, text=element.name[:120]))
        previous = level
    return findings


HEADING_ORDER = Check("heading-order", ("1.3.1",), "Headings do not skip levels.", check_heading_order)


@hookimpl
def uiagent_checks() -> list[Check]:
    return [HEADING_ORDER]

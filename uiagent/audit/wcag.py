"""WCAG success criteria the audit speaks of: names, levels and the Understanding documents."""

from __future__ import annotations

import re

CRITERIA: dict[str, tuple[str, str]] = {
    "1.1.1": ("Non-text Content", "A"), "1.3.1": ("Info and Relationships", "A"),
    "1.4.1": ("Use of Color", "A"), "1.4.3": ("Contrast (Minimum)", "AA"), "1.4.4": ("Resize Text", "AA"),
    "1.4.5": ("Images of Text", "AA"), "1.4.6": ("Contrast (Enhanced)", "AAA"), "1.4.10": ("Reflow", "AA"),
    "1.4.11": ("Non-text Contrast", "AA"), "1.4.12": ("Text Spacing", "AA"), "2.1.1": ("Keyboard", "A"),
    "2.4.4": ("Link Purpose (In Context)", "A"), "2.4.7": ("Focus Visible", "AA"),
    "2.4.11": ("Focus Not Obscured (Minimum)", "AA"), "2.5.3": ("Label in Name", "A"),
    "2.5.8": ("Target Size (Minimum)", "AA"), "3.3.2": ("Labels or Instructions", "A"),
    "4.1.2": ("Name, Role, Value", "A"), "1.3.3": ("Sensory Characteristics", "A"),
}


def criterion_from_tag(tag: str) -> str | None:
    """axe tag 'wcag143' -> '1.4.3', 'wcag1410' -> '1.4.10', 'wcag258' -> '2.5.8'."""
    match = re.fullmatch(r"wcag(\d)(\d)(\d{1,2})", tag)
    return ".".join(match.groups()) if match else None


def understanding_url(criterion: str) -> str:
    name = CRITERIA.get(criterion, ("", ""))[0]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"https://www.w3.org/WAI/WCAG22/Understanding/{slug}.html" if slug else "https://www.w3.org/WAI/WCAG22/"

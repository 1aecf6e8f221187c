"""A short fix hint per rule, shown with each finding."""

HINTS = {
    "text-contrast": "Darken the text or the background until the ratio reaches 4.5:1 (3:1 for large text); over "
                     "images or gradients, put the text on a solid or scrimmed background.",
    "color-contrast": "Darken the text or the background until the ratio reaches 4.5:1 (3:1 for large text).",
    "focus-visible": "Do not remove the outline on :focus without a replacement; style :focus-visible with an "
                     "outline of at least 2 px that contrasts 3:1 with its surroundings.",
    "focus-not-obscured": "Keep sticky headers and overlays from covering the focused element (scroll-padding).",
    "target-size": "Make the target at least 24x24 CSS px, or leave enough space around it.",
    "image-of-text": "Use real text styled with CSS; keep images of text for logos.",
    "zoom-clip": "Let boxes grow with their text: use min-height instead of a fixed height, or no height; check "
                 "media queries for narrow widths.",
    "text-spacing": "Let boxes grow with their text: avoid fixed heights and overflow: hidden on text containers.",
    "reflow": "Let the content fit 320 CSS px: max-width: 100% instead of fixed widths, wrap long content.",
    "text-overlap": "Reposition the element so it does not cover other text, or give the text room.",
    "text-clipped": "Let the box grow with its text, or wrap the text.",
    "horizontal-scroll": "Let the content fit the viewport: max-width: 100% instead of fixed widths, wrap long "
                         "content, and check media queries at this width.",
    "broken-image": "Fix the image's URL, or remove the image.",
    "image-alt": "Give the image an alt attribute describing it (alt=\"\" when it is decorative).",
}


def fix_hint(rule: str) -> str:
    if rule.startswith("vlm-") or rule == "visual-defect":
        return "A model flagged this for a person to check; confirm or dismiss it."
    return HINTS.get(rule, "See the linked guidance.")

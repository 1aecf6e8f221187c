"""The pixel and interaction checks, as data: each has an id, WCAG criteria, a description and a function."""

from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.contrast import TEXT_CONTRAST
from uiagent.audit.checks.focus import FOCUS
from uiagent.audit.checks.images_of_text import IMAGES_OF_TEXT
from uiagent.audit.checks.layout import BROKEN_IMAGES, CLIPPED_TEXT, TEXT_OVERLAP
from uiagent.audit.checks.links import LINK_IN_TEXT_BLOCK
from uiagent.audit.checks.resize import REFLOW, TEXT_RESIZE, TEXT_SPACING
from uiagent.audit.checks.target_size import TARGET_SIZE

# Capture-only checks first; interactive ones (which change and restore the page) after them.
BUILTIN_CHECKS: tuple[Check, ...] = (
    TEXT_CONTRAST, LINK_IN_TEXT_BLOCK, TARGET_SIZE, IMAGES_OF_TEXT, BROKEN_IMAGES, CLIPPED_TEXT, TEXT_OVERLAP,
    FOCUS, REFLOW, TEXT_RESIZE, TEXT_SPACING,
)

__all__ = ["BUILTIN_CHECKS", "Check", "CheckInput"]

"""The pixel and interaction checks, as data: each has an id, WCAG criteria, a description and a function."""

from uiagent.audit.checks.aria import ARIA_PROHIBITED_GLOBAL, ARIA_REQUIRED_CONTEXT
from uiagent.audit.checks.base import Check, CheckInput
from uiagent.audit.checks.contrast import TEXT_CONTRAST, TEXT_CONTRAST_ENHANCED
from uiagent.audit.checks.focus import FOCUS
from uiagent.audit.checks.frame_tab_order import FRAME_TAB_ORDER
from uiagent.audit.checks.images_of_text import IMAGES_OF_TEXT
from uiagent.audit.checks.inline_spacing import INLINE_SPACING
from uiagent.audit.checks.key_shortcuts import CHARACTER_KEY_SHORTCUTS
from uiagent.audit.checks.keyboard_trap import KEYBOARD_TRAP
from uiagent.audit.checks.label_in_name import LABEL_IN_NAME
from uiagent.audit.checks.language import PAGE_LANGUAGE, PARTS_LANGUAGE
from uiagent.audit.checks.layout import BROKEN_IMAGES, CLIPPED_TEXT, TEXT_OVERLAP
from uiagent.audit.checks.links import LINK_IN_TEXT_BLOCK
from uiagent.audit.checks.media import AUTOPLAY_AUDIO, BROKEN_MEDIA, MEDIA_ALTERNATIVES, MEDIA_TRANSCRIPT
from uiagent.audit.checks.meta_refresh import META_REFRESH, META_REFRESH_NO_EXCEPTION
from uiagent.audit.checks.meta_viewport import META_VIEWPORT_ZOOM
from uiagent.audit.checks.orientation import ORIENTATION_LOCK
from uiagent.audit.checks.resize import REFLOW, TEXT_SPACING
from uiagent.audit.checks.tables import TABLE_HEADER_CELLS
from uiagent.audit.checks.target_size import TARGET_SIZE
from uiagent.audit.checks.zoom_clip import ZOOM_CLIP

# Capture-only checks first; interactive ones (which change and restore the page) after them. The re-layout checks
# run in a row, text-spacing first at the page's own size, so the page's own layout comes back once, after reflow.
BUILTIN_CHECKS: tuple[Check, ...] = (
    TEXT_CONTRAST, TEXT_CONTRAST_ENHANCED, LINK_IN_TEXT_BLOCK, TARGET_SIZE, IMAGES_OF_TEXT, BROKEN_IMAGES, CLIPPED_TEXT, TEXT_OVERLAP,
    INLINE_SPACING, META_VIEWPORT_ZOOM, META_REFRESH, META_REFRESH_NO_EXCEPTION, LABEL_IN_NAME, MEDIA_ALTERNATIVES, MEDIA_TRANSCRIPT,
    AUTOPLAY_AUDIO, BROKEN_MEDIA, ARIA_PROHIBITED_GLOBAL, ARIA_REQUIRED_CONTEXT, TABLE_HEADER_CELLS, FRAME_TAB_ORDER,
    PAGE_LANGUAGE, PARTS_LANGUAGE,
    FOCUS, TEXT_SPACING, ZOOM_CLIP, REFLOW, ORIENTATION_LOCK, KEYBOARD_TRAP,
    CHARACTER_KEY_SHORTCUTS,
)

__all__ = ["BUILTIN_CHECKS", "Check", "CheckInput"]

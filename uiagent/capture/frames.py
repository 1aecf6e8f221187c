"""Where a frame lies in the top document: how to name its elements from there, and where its viewport is.

Checks and masks read facts inside every frame (same-origin, or another process for another site); what they
report or paint is in the top document's coordinates and names. A frame's viewport is its element's content box
(inside the border and padding), and nested frames add up.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame

from uiagent.capture.models import Box
from uiagent.capture.scripts import wrap_script

# A frame element's name and where its content box (the frame's viewport) lies in the viewport holding it.
FRAME_OWNER_JS = wrap_script("""(owner) => {
  const r = owner.getBoundingClientRect(), s = getComputedStyle(owner);
  const left = owner.clientLeft + parseFloat(s.paddingLeft), top = owner.clientTop + parseFloat(s.paddingTop);
  return { selector: selectorOf(owner), x: r.left + left, y: r.top + top,
           width: owner.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),
           height: owner.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom) };
}""")
ENTER_FRAME = " >> internal:control=enter-frame >> "


@dataclass(frozen=True)
class FramePlace:
    """A frame seen from the top document."""

    prefix: str  # "" in the top frame; "#outer >> internal:control=enter-frame >> " for elements of a frame
    x: float  # the document position (top document px) of the frame's viewport origin: add to its viewport x
    y: float
    viewport: Box | None  # the frame's viewport in the top document (None for the top frame: the whole page)

    def box(self, viewport_box: Box | dict[str, float]) -> Box:
        """A box in the frame's viewport px, in the top document."""
        box = viewport_box if isinstance(viewport_box, Box) else Box.model_validate(viewport_box)
        return Box(x=box.x + self.x, y=box.y + self.y, width=box.width, height=box.height)


def frame_place(frame: Frame) -> FramePlace | None:
    """Where `frame` lies in the top document, or None when it is gone or its element is not rendered."""
    try:
        if frame.parent_frame is None:
            x, y = frame.evaluate("() => [scrollX, scrollY]")
            return FramePlace("", x, y, None)
        outer = frame_place(frame.parent_frame)
        owner = frame.frame_element().evaluate(FRAME_OWNER_JS)
    except PlaywrightError:
        return None
    if outer is None or owner["width"] <= 0 or owner["height"] <= 0:
        return None
    x, y = outer.x + owner["x"], outer.y + owner["y"]
    return FramePlace(f"{outer.prefix}{owner['selector']}{ENTER_FRAME}", x, y,
                      Box(x=x, y=y, width=owner["width"], height=owner["height"]))

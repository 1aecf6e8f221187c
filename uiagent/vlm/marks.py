"""Set-of-marks: numbered boxes drawn on chosen elements so a model can answer with ids that map to DOM nodes."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from uiagent.capture.models import Box

MARK_COLOURS = [(230, 25, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180), (60, 180, 75), (0, 0, 128)]


@dataclass(frozen=True)
class MarkTarget:
    selector: str
    box: Box  # CSS px in the page
    label: str = ""


@dataclass(frozen=True)
class MarkedImage:
    image: Image.Image
    marks: dict[int, MarkTarget]

    def legend(self) -> str:
        """Lines for the prompt: `[3] button "Add to cart"`."""
        return "\n".join(f"[{i}] {t.label or t.selector}" for i, t in self.marks.items())


def draw_marks(image: Image.Image, origin: Box, targets: list[MarkTarget]) -> MarkedImage:
    """Draw a numbered outline on each target lying in the image; ids start at 1 in the given order."""
    marked = image.convert("RGB").copy()
    draw = ImageDraw.Draw(marked)
    font = _font(14)
    marks: dict[int, MarkTarget] = {}
    for target in targets:
        x, y = target.box.x - origin.x, target.box.y - origin.y
        if x + target.box.width <= 0 or y + target.box.height <= 0 or x >= marked.width or y >= marked.height:
            continue
        number = len(marks) + 1
        colour = MARK_COLOURS[(number - 1) % len(MARK_COLOURS)]
        draw.rectangle(target.box.drawn(origin), outline=colour, width=2)
        text = str(number)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        tag_w, tag_h = right - left + 6, bottom - top + 4
        tag_x, tag_y = max(0, x), max(0, y - tag_h) if y - tag_h >= 0 else max(0, y)
        draw.rectangle((tag_x, tag_y, tag_x + tag_w, tag_y + tag_h), fill=colour)
        draw.text((tag_x + 3 - left, tag_y + 2 - top), text, fill=(255, 255, 255), font=font)
        marks[number] = target
    return MarkedImage(image=marked, marks=marks)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size)

"""Data shapes of a capture: the stabilized pixels and the DOM facts measured with them."""

from __future__ import annotations

import io
from functools import cached_property
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageDraw
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field

from uiagent.capture.decode import decode_rgb, decode_rgb_array
from uiagent.capture.hashing import content_hash, perceptual_hash
from uiagent.capture.tiles import Pixels, TiledPixels


class Box(BaseModel):
    """A rectangle in CSS pixels, in document coordinates (0,0 is the top-left of the page)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def area(self) -> float:
        return max(self.width, 0) * max(self.height, 0)

    def drawn(self, origin: Box | None = None) -> tuple[float, float, float, float]:
        """The box as an inclusive pixel rectangle (x0, y0, x1, y1) of an image lying at `origin`, for drawing:
        never inverted and at least a pixel, whatever box a page or a model gave (an empty image's box is 0x0)."""
        ox, oy = (origin.x, origin.y) if origin is not None else (0.0, 0.0)
        x0, y0 = min(self.x, self.right) - ox, min(self.y, self.bottom) - oy
        return x0, y0, max(x0, max(self.x, self.right) - ox - 1), max(y0, max(self.y, self.bottom) - oy - 1)

    def intersection(self, other: Box) -> Box | None:
        x, y = max(self.x, other.x), max(self.y, other.y)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        if right <= x or bottom <= y:
            return None
        return Box(x=x, y=y, width=right - x, height=bottom - y)


class Element(BaseModel):
    selector: str
    tag: str
    box: Box
    role: str | None = None
    name: str = Field("", description="Accessible name (aria-labelledby, aria-label, label, alt, text, title).")


class TextRun(BaseModel):
    """The direct text of one element, with the computed style that decides its contrast."""

    selector: str
    text: str
    box: Box
    color: str
    background_color: str = Field(description="Nearest opaque computed background colour up the tree.")
    background_image: bool = Field(description="An image or gradient lies behind the text somewhere up the tree.")
    font_size_px: float
    font_weight: int
    lines: list[Box] = Field(default_factory=list, description="The text's line fragments (at most 200).")
    opacity: float = Field(1.0, description="The opacity it is painted with: its own times its ancestors'.")
    effects: list[str] = Field(default_factory=list, description="What paints it beyond colour on background: "
                               "text-shadow, text-fill-color, background-clip-text, text-stroke, filter-or-blend.")
    exempt: str | None = Field(None, description="Why WCAG 1.4.3 does not apply: inactive (a disabled control or its "
                               "label) or not human language (no letters or digits; an icon glyph).")
    aria_hidden: bool = Field(False, description="Inside aria-hidden=true: maybe decorative.")
    clips_overflow: bool = Field(False, description="The element hides overflowing content and its content overflows.")
    scrolled_away: bool = Field(False, description="None of it is shown: the boxes that hide or scroll overflow "
                                "around it leave it out (the far end of a scrolled sidebar). Another text painted "
                                "where its box lies is not its text.")


class Focusable(BaseModel):
    selector: str
    tag: str
    box: Box
    tabindex: int
    role: str | None = None
    name: str = ""
    inline: bool = Field(False, description="An inline link or control inside a sentence of text.")
    color: str = ""
    reachable: bool = Field(True, description="A pointer can reach some of it: not all cut away by boxes that hide "
                            "overflow, nor beyond where scrolling goes (a fixed box past the viewport's edge, such "
                            "as a closed off-canvas drawer).")
    text_block: str | None = Field(None, description="For a link inside a block of text: that block's selector.")
    text_block_color: str = Field("", description="The computed text colour of `text_block`.")
    distinct_styles: list[str] = Field(default_factory=list, description="What sets the link apart from the block's "
                                       "text other than colour (underline, border, weight, ...).")
    cue_shared: bool = Field(False, description="The link is set apart only by its font, which some other text "
                                                "around it has too (code beside a code link).")
    lines: list[Box] = Field(default_factory=list, description="For a link inside a block of text: its line "
                             "fragments (at most 20), where its own colour is painted.")


class ImageFact(BaseModel):
    selector: str
    src: str
    alt: str | None = Field(description="None when the alt attribute is missing, '' when it is empty.")
    box: Box
    loaded: bool
    natural_width: int
    natural_height: int


class PaintedImage(BaseModel):
    """An image resource the page paints, of any kind, with the cues that tell a logo or an essential image apart."""

    selector: str
    kind: Literal["img", "input-image", "object", "svg-image", "background"]
    src: str
    box: Box = Field(description="The element's box: for a background, the area its layers may paint.")
    alt: str | None = None
    name: str = Field("", description="Accessible name.")
    labels: str = Field("", description="Its id, classes, file name and title.")
    in_banner: bool = Field(False, description="Inside a header or role=banner.")
    home_link: bool = Field(False, description="Inside a link to the site's home page.")
    link_host: str = Field("", description="The host of the link it is in, when that leads to another site.")
    nearby_text: str = Field("", description="Text of its siblings and parent (at most 300 characters).")
    caption: str = Field("", description="The caption of the figure it is in.")
    covered: list[Box] = Field(default_factory=list, description="For a background: boxes of the images, SVG and "
                               "controls inside it, which paint over it.")
    generated_text: bool = Field(False, description="For a background: the element's ::before or ::after paints "
                                 "text (generated by CSS, so in no text run).")
    control_text: str = Field("", description="For a background on a form control: the text the control draws "
                              "itself (its value, its placeholder, the option it shows), which is real text.")


class DomFacts(BaseModel):
    url: str
    title: str
    lang: str
    viewport_width: int
    viewport_height: int
    scroll_width: int
    scroll_height: int
    elements: list[Element]
    text_runs: list[TextRun]
    focusables: list[Focusable]
    images: list[ImageFact]
    painted_images: list[PaintedImage] = Field(default_factory=list, description="Every image resource painted: img, "
                                               "input type=image, object, SVG image, CSS background.")
    truncated: bool = Field(False, description="The page had more elements than the gathering cap.")


MASK_COLOUR = (0, 0, 0)


def paint_masks(image: Image.Image, origin: Box, masks: list[Box]) -> Image.Image:
    """A copy of `image` (lying at `origin` in the page) with every mask box painted solid black."""
    painted = image.copy()
    draw = ImageDraw.Draw(painted)
    for mask in masks:
        if mask.width > 0 and mask.height > 0:
            draw.rectangle(mask.drawn(origin), fill=MASK_COLOUR)
    return painted


class Capture(BaseModel):
    """One stabilized screenshot, 1 image pixel per CSS pixel, with the DOM facts measured in the same state.

    Build one with `Capture.of(png=..., pixels=...)`. The PNG, the decoded image, the pixel array and the
    hashes are each made on first use from whichever exists and then kept: on a 32,768 px tall page
    each costs a third of a second or more, and an audit needs only the pixels, a baseline only the hashes.
    A page shot in tiles keeps them (TiledPixels): it is measured tile by tile, and only what writes or sends
    the whole image (`png`, `image()`) joins them.

    `png` and `image()` have the `masks` painted over: they are what may be written or sent. `pixels()` is the
    page as rendered, for measurements inside this process only.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    url: str
    kind: Literal["viewport", "full_page", "locator"]
    origin: Box = Field(description="Where the image lies in the document, in CSS px.")
    tiles: int = Field(1, description="How many screenshots were stitched into the image.")
    stable: bool = Field(description="Two consecutive frames were identical before the timeout.")
    settle_ms: float
    truncated_height: bool = False
    dom: DomFacts
    warnings: list[str] = Field(default_factory=list)
    masks: list[Box] = Field(default_factory=list, description="Document boxes painted over in everything written "
                             "or sent: password, card and one-time-code fields, [data-uiagent-mask], mask_selectors.")
    closed_shadow_roots: int = Field(0, description="Closed shadow roots in the page: scripts cannot see into them.")
    _png: bytes | None = PrivateAttr(None)
    _masked_png: bytes | None = PrivateAttr(None)
    _decoded: Image.Image | None = PrivateAttr(None)
    _pixels: Pixels | None = PrivateAttr(None)
    _released: bool = PrivateAttr(False)

    @classmethod
    def of(cls, *, png: bytes | None = None, pixels: Pixels | None = None, **fields: Any) -> Capture:
        """A capture of the given PNG or RGB array or tiles (or both, holding the same pixels)."""
        if png is None and pixels is None:
            raise ValueError("a capture needs its PNG or its pixels")
        capture = cls(**fields)
        capture._png, capture._pixels = png, pixels
        if isinstance(pixels, np.ndarray):
            pixels.flags.writeable = False
        return capture

    @property
    def png(self) -> bytes:
        """The capture as PNG, masks painted over."""
        if self._masked_png is None:
            if self._png is not None and not self.masks:
                self._masked_png = self._png
            else:
                buffer = io.BytesIO()
                self.image().save(buffer, format="PNG", compress_level=3)
                self._masked_png = buffer.getvalue()
        return self._masked_png

    def image(self) -> Image.Image:
        """The capture as an RGB image, masks painted over: a copy the caller may draw on."""
        return paint_masks(self._rgb(), self.origin, self.masks)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the image, in pixels (= CSS px)."""
        height, width = self.pixels().shape[:2]
        return width, height

    def region(self, box: Box) -> Image.Image:
        """The part of the capture under `box` (document px, within the image), masks painted over: a copy
        the caller may draw on, made without copying the whole image first."""
        left, top = max(0, round(box.x - self.origin.x)), max(0, round(box.y - self.origin.y))
        right, bottom = round(box.right - self.origin.x), round(box.bottom - self.origin.y)
        # From the pixel array: an image of a whole tall page (4 bytes a pixel in Pillow) is never made for a crop.
        part = Image.fromarray(np.ascontiguousarray(self.pixels()[top:bottom, left:right]))
        corner = Box(x=self.origin.x + left, y=self.origin.y + top, width=part.width, height=part.height)
        return paint_masks(part, corner, self.masks)

    def pixels(self) -> Pixels:
        """The capture as rendered (no masks), a read-only RGB array (height, width, 3) shared by every reader:
        for measurements, never for output. A page shot in tiles gives its TiledPixels, read by slicing."""
        if self._pixels is None:
            self._check_held()
            # Straight from the PNG when no image exists yet: an audit needs only the array, and keeping a
            # Pillow image beside it would hold a tall page twice.
            self._pixels = (np.asarray(self._decoded) if self._decoded is not None
                            else decode_rgb_array(self._png or b""))
            self._pixels.flags.writeable = False
        return self._pixels

    def release(self) -> None:
        """Let go of the image: its PNG, pixels and decoded copies. A page's audit calls this when it is done.
        Playwright keeps the call stack of each of its calls on a reference cycle, so the audit's variables,
        this capture among them, live on until Python's next full garbage collection: on a 32,768 px tall
        page that held 120 MB into the next page's audit. The DOM facts and the hashes already made stay."""
        self._png = self._masked_png = self._decoded = self._pixels = None
        self._released = True

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the decoded pixels (not the PNG bytes, whose encoding may vary) and the size."""
        pixels = self.pixels()
        height, width = pixels.shape[:2]
        return content_hash(pixels.bands() if isinstance(pixels, TiledPixels) else [pixels], width, height)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def perceptual_hash(self) -> str:
        """64-bit pHash as hex: near-identical pages differ by a few bits (see `hash_distance`)."""
        # A tall page's hash from its overview: the whole image of a 100,000 px page is half a gigabyte in Pillow.
        tiled = self._pixels if isinstance(self._pixels, TiledPixels) else None
        return perceptual_hash(tiled.overview() if tiled is not None else self._rgb())

    def _check_held(self) -> None:
        if self._released:
            raise RuntimeError("this capture's image was released (Capture.release) once its audit was done")

    def _rgb(self) -> Image.Image:
        if self._decoded is None:
            self._check_held()
            self._decoded = (Image.fromarray(np.asarray(self._pixels)) if self._pixels is not None
                             else decode_rgb(self._png or b""))
        return self._decoded

"""What an audit keeps of a page's capture: what the reports show, not the capture itself.

A full-page capture of a text page is megabytes even as a JPEG, three of them per page in `uiagent explore`, and a
report shows a few crops per issue. So each capture leaves behind
- one annotated crop per issue found on it (the first occurrence's box, outlined), as `crops/<issue>.jpg`, recorded
  in the finding's evidence as `crop`: the report embeds those files as they are;
- a thumbnail of its first screen (`thumbnail.jpg`), for a reader who wants to see the page;
- the full-page capture itself only when asked for (`keep_screenshots`, `--keep-screenshots`), as a lossless PNG.
Everything is cut from `Capture.image()`, the capture with its masks painted over: nothing masked is written.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from uiagent.audit.findings import Finding
from uiagent.audit.groups import group_of
from uiagent.capture.models import Box, Capture

CROP_MARGIN = 40
CROP_MAX = (480, 300)
CROPS_PER_CAPTURE = 60  # about 1.5 MB at most: a page with more distinct issues shows the first ones
THUMBNAIL_WIDTH = 320
OUTLINE = (220, 0, 0)


def crop_around(box: Box, image: Box) -> Box | None:
    """The part of `image` (where an image lies in the document) that a crop of `box` shows: the box and a margin
    around it, within the image; None when the box lies outside it."""
    left, top = max(image.x, int(box.x) - CROP_MARGIN), max(image.y, int(box.y) - CROP_MARGIN)
    right, bottom = min(image.right, int(box.right) + CROP_MARGIN), min(image.bottom, int(box.bottom) + CROP_MARGIN)
    if right <= left or bottom <= top:
        return None
    return Box(x=left, y=top, width=right - left, height=bottom - top)


def annotated(crop: Image.Image, region: Box, box: Box, quality: int = 75) -> bytes:
    """`crop` (the image of `region`) with `box` outlined in red, as a small JPEG."""
    ImageDraw.Draw(crop).rectangle(box.drawn(region), outline=OUTLINE, width=3)
    crop.thumbnail(CROP_MAX)
    buffer = io.BytesIO()
    crop.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def keep_crops(shot: Capture, findings: list[Finding], folder: Path, quality: int = 75) -> list[Finding]:
    """`findings` (measured on `shot`), the first of each issue with a box given an annotated crop in `folder`."""
    kept: list[Finding] = []
    cropped: set[str] = set()
    for finding in findings:
        issue = group_of(finding)
        region = None if finding.box is None else crop_around(finding.box, _extent(shot))
        if finding.status == "pass" or region is None or issue in cropped or len(cropped) == CROPS_PER_CAPTURE:
            kept.append(finding)
            continue
        assert finding.box is not None  # (region is None without one)
        cropped.add(issue)
        path = folder / "crops" / (issue.replace("~", "-") + ".jpg")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(annotated(shot.region(region), region, finding.box, quality))
        kept.append(finding.model_copy(update={"evidence": {**finding.evidence, "crop": str(path)}}))
    return kept


def keep_page_images(shot: Capture, folder: Path, *, full_page: bool, quality: int) -> tuple[str | None, str]:
    """Write the thumbnail of `shot`'s first screen, and the full capture as PNG when `full_page`: their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    extent = _extent(shot)
    first_screen = shot.region(extent.model_copy(update={"height": min(extent.height, max(1, extent.width * 3 // 4))}))
    first_screen.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
    thumbnail = folder / "thumbnail.jpg"
    first_screen.save(thumbnail, format="JPEG", quality=quality, optimize=True)
    if not full_page:
        return None, str(thumbnail)
    screenshot = folder / "full_page.png"
    screenshot.write_bytes(shot.png)
    return str(screenshot), str(thumbnail)


def _extent(shot: Capture) -> Box:
    width, height = shot.size
    return shot.origin.model_copy(update={"width": width, "height": height})

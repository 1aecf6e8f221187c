"""From a capture to a Question: mask what must not leave the machine, crop, prepare for the provider."""

from __future__ import annotations

from dataclasses import asdict

from uiagent.capture.models import Box, Capture
from uiagent.vlm.images import PrepareOptions, prepare_images, region_with_margin
from uiagent.vlm.judge import Question
from uiagent.vlm.marks import MarkTarget, draw_marks

# A question about a whole page shows at most this much of it, from the top. Sent in at most `max_tiles` tiles, a
# taller page would shrink in each past reading (a 110,664 px page's six tiles would come out 85 px wide), and its
# image alone (Pillow holds 4 bytes a pixel) would run to half a gigabyte.
MAX_ASKED_HEIGHT = 32_768


def question_about(
    capture: Capture,
    expectation: str,
    options: PrepareOptions,
    *,
    region: Box | None = None,
    masks: list[Box] = (),  # type: ignore[assignment]
    marks: list[MarkTarget] = (),  # type: ignore[assignment]
    label: str = "",
    votes: int | None = None,
) -> Question:
    """`masks` (document boxes) are painted over besides the capture's own masks (password and card fields,
    mask selectors)."""
    width, height = capture.size
    if region is None and height > MAX_ASKED_HEIGHT:
        region = capture.origin.model_copy(update={"height": MAX_ASKED_HEIGHT})
    origin = capture.origin
    if region is None:
        image = capture.image()
    else:
        # Only the part asked about, and the margin prepare_images keeps around it, is made into an image.
        left, top, right, bottom = region_with_margin(region, origin, (width, height), options.margin)
        origin = Box(x=origin.x + left, y=origin.y + top, width=right - left, height=bottom - top)
        image = capture.region(origin)
    mark_ids: dict[int, str] = {}
    legend = ""
    if marks:
        marked = draw_marks(image, origin, list(marks))
        image, legend = marked.image, marked.legend()
        mark_ids = {i: t.selector for i, t in marked.marks.items()}
    images = prepare_images(image, origin, options, region=region, masks=list(masks))
    return Question(
        expectation=expectation, images=images, label=label, marks=mark_ids, marks_legend=legend, votes=votes,
        preparation={**asdict(options), "masked": len(capture.masks) + len(masks), "region": region.model_dump() if region else None},
    )

"""From a capture to a Question: mask what must not leave the machine, crop, prepare for the provider."""

from __future__ import annotations

from dataclasses import asdict

from uiagent.capture.models import Box, Capture
from uiagent.vlm.images import PrepareOptions, prepare_images
from uiagent.vlm.judge import Question
from uiagent.vlm.marks import MarkTarget, draw_marks


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
    image = capture.image()
    mark_ids: dict[int, str] = {}
    legend = ""
    if marks:
        marked = draw_marks(image, capture.origin, list(marks))
        image, legend = marked.image, marked.legend()
        mark_ids = {i: t.selector for i, t in marked.marks.items()}
    images = prepare_images(image, capture.origin, options, region=region, masks=list(masks))
    return Question(
        expectation=expectation, images=images, label=label, marks=mark_ids, marks_legend=legend, votes=votes,
        preparation={**asdict(options), "masked": len(capture.masks) + len(masks), "region": region.model_dump() if region else None},
    )

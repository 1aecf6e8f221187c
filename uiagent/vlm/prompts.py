"""Prompt templates. TEMPLATE_VERSION is part of the cache key: change it whenever the wording changes."""

from __future__ import annotations

from uiagent.vlm.images import PreparedImage

TEMPLATE_VERSION = "judge-v1"

SYSTEM = """You are a meticulous UI test judge. You look at screenshots of a web page and decide whether a \
stated expectation holds, judging only what is visible in the images.

Answer with one JSON object and nothing else:
{"outcome": "pass" | "fail" | "uncertain", "confidence": number from 0 to 1, "reason": one or two sentences,
 "evidence": [{"label": quoted text or element name, "box": [x, y, width, height], "mark": number or null}]}

- "pass": the expectation clearly holds. "fail": it clearly does not. "uncertain": the images do not let you \
decide (cut off, unreadable, ambiguous). Do not guess.
- Boxes are in pixels of the image they lie in, origin at its top-left corner.
- Give evidence for a fail: the region that shows the problem."""


MARKS_INTRO = "Numbered marks are drawn on elements; refer to them by number in 'mark':\n"

SYSTEM_QUERY = """You read screenshots of a web page and extract exactly the information asked for, as one JSON \
object matching the given schema, and nothing else. Report only what is visible; use null where a value \
is not shown."""


def query_question(question: str, images: list[PreparedImage], schema_json: str, marks_legend: str = "") -> str:
    parts = [describe_images(images), f"Question: {question}"]
    if marks_legend:
        parts.append(MARKS_INTRO + marks_legend)
    return "\n\n".join([*parts, f"JSON schema of the answer:\n{schema_json}"])


def describe_images(images: list[PreparedImage], tiles: bool = True) -> str:
    if len(images) == 1:
        return f"The screenshot is {images[0].width}x{images[0].height} pixels."
    if not tiles:
        return "There are {} images: {}.".format(
            len(images), ", ".join(f"image {i} is {im.width}x{im.height}" for i, im in enumerate(images, 1)))
    sizes = ", ".join(f"image {i} is {im.width}x{im.height}" for i, im in enumerate(images, 1))
    return (f"The screenshot is split into {len(images)} tiles from top to bottom ({sizes}); give each box in "
            "the pixels of the first tile it appears in and name the tile in its label as 'tile N: ...'.")


def assertion_question(expectation: str, images: list[PreparedImage], *, marks_legend: str = "",
                       tiles: bool = True) -> str:
    parts = [describe_images(images, tiles), f"Expectation: {expectation}"]
    if marks_legend:
        parts.append(MARKS_INTRO + marks_legend)
    return "\n\n".join(parts)


def repair_message(problem: str) -> str:
    return (f"Your answer could not be used: {problem}. Reply again with only the JSON object described in "
            "the instructions, with no other text.")

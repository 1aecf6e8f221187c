"""Failure output a person can act on: the annotated screenshot and the message."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from uiagent.capture.models import Box
from uiagent.vlm.verdict import Verdict

EVIDENCE_COLOUR = (220, 0, 0)
TARGET_COLOUR = (0, 90, 220)


def annotate(image: Image.Image, origin: Box, verdict: Verdict | None, region: Box | None,
             extra: list[Box] = ()) -> Image.Image:  # type: ignore[assignment]
    """The screenshot with the asserted region in blue and evidence (or changed regions) in red."""
    annotated = image.convert("RGB").copy()
    draw = ImageDraw.Draw(annotated)

    def rect(box: Box, colour: tuple[int, int, int], width: int) -> None:
        draw.rectangle(box.drawn(origin), outline=colour, width=width)

    if region is not None:
        rect(region, TARGET_COLOUR, 2)
    for item in (verdict.evidence if verdict else []):
        if item.box is not None:
            rect(item.box, EVIDENCE_COLOUR, 3)
            draw.text((item.box.x - origin.x + 3, max(0, item.box.y - origin.y - 14)), item.label[:60],
                      fill=EVIDENCE_COLOUR)
    for box in extra:
        rect(box, EVIDENCE_COLOUR, 3)
    return annotated


def describe_failure(headline: str, *, target: str, verdict: Verdict | None, screenshot: Path | None,
                     details: list[str] = ()) -> str:  # type: ignore[assignment]
    lines = [headline, f"  target: {target}"]
    if verdict is not None:
        lines.append(f"  verdict: {verdict.outcome} (confidence {verdict.confidence:.2f}) by "
                     f"{verdict.provider}:{verdict.model}{' [from cache]' if verdict.cached else ''}")
        lines.append(f"  reason: {verdict.reason}")
        for item in verdict.evidence[:5]:
            where = (f" at ({item.box.x:.0f}, {item.box.y:.0f}) {item.box.width:.0f}x{item.box.height:.0f} CSS px"
                     if item.box else "")
            lines.append(f"  evidence: {item.label!r}{where}{f' -> {item.selector}' if item.selector else ''}")
        if verdict.votes:
            lines.append(f"  votes: {', '.join(verdict.votes)}")
        lines.append(f"  usage: {verdict.tokens_in:,} tokens in / {verdict.tokens_out:,} out, "
                     f"~${verdict.estimated_cost_usd:.4f}, {verdict.latency_ms / 1000:.1f} s, {verdict.calls} call(s)")
    lines.extend(f"  {detail}" for detail in details)
    if screenshot is not None:
        lines.append(f"  screenshot: {screenshot}")
    return "\n".join(lines)

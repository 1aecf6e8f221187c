"""Fixtures for the VLM layer: one simulator for the session (reset per test) and settings pointing at it."""

from __future__ import annotations


from PIL import Image, ImageDraw

from uiagent.capture.models import Box
from uiagent.vlm import JudgeSession, PrepareOptions, Question, prepare_images
from uiagent.vlm.simulator import Reply, Rule, Script, VLMSimulator
from uiagent.vlm.simulator.script import Match

PROTOCOLS = ["anthropic", "openai", "openai-compatible"]


def selector_for(protocol: str, simulator: VLMSimulator) -> str:
    return {
        "anthropic": f"anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}",
        "openai": f"openai:gpt-4o@{simulator.openai_base_url}",
        "openai-compatible": f"openai-compatible:qwen2.5-vl-7b@{simulator.openai_base_url}",
    }[protocol]


def script(*rules: Rule, latency_s: float = 0, slow_s: float = 30) -> Script:
    return Script(rules=list(rules), latency_s=latency_s, slow_s=slow_s)


def answer(outcome: str = "pass", contains: str | None = None, times: int | None = None, **extra: object) -> Rule:
    return Rule(when=Match(question_contains=contains), reply=Reply(answer={"outcome": outcome, **extra}), times=times)


def fault(kind: str, times: int | None = None, **extra: object) -> Rule:
    return Rule(reply=Reply(fault=kind, **extra), times=times)  # type: ignore[arg-type]


def ui_image(width: int = 800, height: int = 600) -> Image.Image:
    """A flat, UI-like image with a dark button at (100, 100, 200x50)."""
    image = Image.new("RGB", (width, height), (250, 250, 250))
    ImageDraw.Draw(image).rectangle((100, 100, 299, 149), fill=(23, 50, 77))
    return image


def question(session: JudgeSession, expectation: str = "the button is visible", *, image: Image.Image | None = None,
             origin: Box | None = None, **kwargs: object) -> Question:
    image = image or ui_image()
    origin = origin or Box(x=0, y=0, width=image.width, height=image.height)
    images = prepare_images(image, origin, session.judge.prepare_options())
    return Question(expectation=expectation, images=images, label=f"test: {expectation}", **kwargs)  # type: ignore[arg-type]


__all__ = ["PROTOCOLS", "PrepareOptions", "answer", "fault", "question", "script", "selector_for", "ui_image"]

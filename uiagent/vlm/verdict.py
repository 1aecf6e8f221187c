"""The verdict: what a model answered (ModelAnswer, the schema it must fill) and what uiagent reports (Verdict)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from uiagent.capture.models import Box

Outcome = Literal["pass", "fail", "uncertain"]
M = TypeVar("M", bound=BaseModel)


class AnswerEvidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(description="The quoted text or the element this evidence points at.")
    box: list[float] = Field(description="[x, y, width, height] in pixels of the image as sent.")
    mark: int | None = Field(description="Set-of-marks id of the element, when the image carries marks.")


class ModelAnswer(BaseModel):
    """The JSON every model is asked for (native structured output where the provider has it)."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    confidence: float = Field(description="0 to 1.")
    reason: str
    evidence: list[AnswerEvidence]


ANSWER_SCHEMA: dict[str, Any] = ModelAnswer.model_json_schema()


class Evidence(BaseModel):
    label: str
    box: Box | None = Field(None, description="In CSS px of the page (mapped back from the image sent).")
    mark: int | None = None
    selector: str | None = Field(None, description="The DOM node behind the mark, when marks were used.")
    image: int | None = Field(None, description="Which image (1-based) it lies in, when several distinct images "
                              "were sent (a recording's frames, a comparison).")


class Verdict(BaseModel):
    outcome: Outcome
    confidence: float = Field(ge=0, le=1)
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)
    provider: str = ""
    model: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    image_tokens_estimated: int = 0
    estimated_cost_usd: float = 0.0
    latency_ms: float = 0.0
    cached: bool = False
    calls: int = Field(0, description="API requests made for this verdict: retries, repair and votes included.")
    votes: list[Outcome] = Field(default_factory=list, description="Each sample's outcome when voting.")
    data: dict[str, Any] | None = Field(None, description="For a query: the extracted object, as JSON data.")
    error: str | None = Field(None, description="Why no model judgement was obtained (fault, refusal, bad output).")
    raw: str | None = Field(None, description="The model's text, kept when it could not be parsed.")

    @property
    def judged(self) -> bool:
        """A real model judgement (cacheable), not an outcome forced by a fault."""
        return self.error is None


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)
_OUTCOME_WORDS = {"passed": "pass", "yes": "pass", "true": "pass", "failed": "fail", "no": "fail", "false": "fail",
                  "unsure": "uncertain", "unknown": "uncertain"}


class AnswerParseError(ValueError):
    pass


def parse_answer(text: str) -> ModelAnswer:
    """Tolerant parse: code fences, prose around the JSON, outcome synonyms, confidence in percent."""
    return parse_into(text, ModelAnswer, _normalize)


def parse_into(text: str, model: type[M], normalize: Callable[[dict[str, Any]], dict[str, Any]] = lambda d: d) -> M:
    """The first JSON object in `text` (fenced or amid prose) that validates as `model`."""
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    last_error = "no JSON object found"
    for candidate in candidates:
        start, end = candidate.find("{"), candidate.rfind("}")
        if start < 0 or end <= start:
            continue
        try:
            data = json.loads(candidate[start : end + 1])
        except json.JSONDecodeError as error:
            last_error = f"invalid JSON: {error}"
            continue
        if not isinstance(data, dict):
            continue
        try:
            return model.model_validate(normalize(data))
        except ValidationError as error:
            last_error = "JSON does not match the schema: " + "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:5]
            )
    raise AnswerParseError(last_error)


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the strict form OpenAI requires (and Anthropic accepts): every object
    closed to extra keys, every property listed as required (optional ones are already nullable)."""

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
                node["required"] = list(node["properties"])
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    schema = model.model_json_schema()
    close(schema)
    return schema


def _normalize(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    outcome = str(data.get("outcome", "")).strip().lower()
    data["outcome"] = _OUTCOME_WORDS.get(outcome, outcome)
    confidence = data.get("confidence")
    if isinstance(confidence, (int, float)) and 1 < confidence <= 100:
        data["confidence"] = confidence / 100
    data.setdefault("evidence", [])
    data.setdefault("reason", "")
    cleaned = []
    for item in data.get("evidence") or []:
        if isinstance(item, dict):
            item = {"label": str(item.get("label", "")), "box": item.get("box") or [], "mark": item.get("mark")}
            cleaned.append(item)
    data["evidence"] = cleaned
    return data

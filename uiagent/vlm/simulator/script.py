"""What the simulator answers: rules matched against each request, in order. Loadable from YAML.

The simulator never looks at pixels to decide: a rule says what to answer for which question. With no
matching rule it answers `uncertain`, saying so, rather than pretending to judge.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from uiagent.errors import ConfigError

Fault = Literal["rate_limit", "overloaded", "server_error", "reset", "slow", "malformed_json", "truncated",
                "refusal", "wrong_schema", "unauthorized", "not_found"]


class Match(BaseModel):
    model_config = ConfigDict(extra="forbid")

    protocol: Literal["anthropic", "openai"] | None = None
    model: str | None = None
    question_contains: str | None = Field(None, description="Substring of the request's user text.")
    question_regex: str | None = None
    images: int | None = Field(None, description="Exact number of images in the request.")

    def holds(self, protocol: str, model: str, question: str, images: int) -> bool:
        return ((self.protocol is None or self.protocol == protocol)
                and (self.model is None or self.model == model)
                and (self.question_contains is None or self.question_contains in question)
                and (self.question_regex is None or re.search(self.question_regex, question) is not None)
                and (self.images is None or self.images == images))


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: dict[str, Any] | None = Field(None, description="A verdict: outcome, confidence, reason, evidence.")
    text: str | None = Field(None, description="Raw answer text, sent as is.")
    fault: Fault | None = None
    retry_after: float | None = Field(None, description="Seconds, for rate_limit and overloaded.")
    delay_s: float = Field(0, ge=0, description="Extra latency for this reply.")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    when: Match = Field(default_factory=Match)
    reply: Reply
    times: int | None = Field(None, ge=1, description="Use this rule at most this many times, then skip it.")


NO_RULE = Reply(answer={"outcome": "uncertain", "confidence": 0.0,
                        "reason": "simulator: no scripted answer matched this request", "evidence": []})


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")

    latency_s: float = Field(0, ge=0, description="Added to every reply.")
    slow_s: float = Field(30, ge=0, description="How long a `slow` fault waits before answering.")
    rules: list[Rule] = Field(default_factory=list)
    default: Reply = NO_RULE

    @classmethod
    def load(cls, path: Path) -> Script:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return cls.model_validate(data)
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError(f"{path}: cannot read simulator script: {error}") from error
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:5])
            raise ConfigError(f"{path}: invalid simulator script: {problems}") from error

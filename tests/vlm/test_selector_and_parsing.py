"""Provider selector strings, keys, and the tolerant parse of model answers."""

from __future__ import annotations

import pytest

from uiagent.errors import ConfigError
from uiagent.vlm import parse_provider
from uiagent.vlm.verdict import AnswerParseError, parse_answer


@pytest.mark.parametrize(("text", "kind", "model", "base_url", "profile"), [
    ("anthropic:claude-sonnet-4-6", "anthropic", "claude-sonnet-4-6", None, "claude"),
    ("openai:gpt-4o", "openai", "gpt-4o", None, "openai-tiles"),
    ("openai-compatible:qwen2.5-vl-7b@http://127.0.0.1:8000/v1", "openai-compatible", "qwen2.5-vl-7b",
     "http://127.0.0.1:8000/v1", "qwen"),
    ("openai-compatible:llava@http://localhost:11434/v1", "openai-compatible", "llava",
     "http://localhost:11434/v1", "generic"),
    ("anthropic:claude-haiku-4-5@http://127.0.0.1:9999", "anthropic", "claude-haiku-4-5", "http://127.0.0.1:9999",
     "claude"),
])
def test_selectors_parse(text: str, kind: str, model: str, base_url: str | None, profile: str) -> None:
    spec = parse_provider(text)
    assert (spec.kind, spec.model, spec.base_url, spec.image_profile) == (kind, model, base_url, profile)
    assert str(spec) == text


@pytest.mark.parametrize(("text", "problem"), [
    ("gemini:pro", "unknown provider"),
    ("claude-sonnet-4-6", "unknown provider"),
    ("anthropic:", "names no model"),
    ("openai-compatible:qwen", "needs a server"),
    ("openai:gpt-4o@localhost:8000", r"not an http\(s\) URL"),
])
def test_bad_selectors_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        parse_provider(text)


def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    with pytest.raises(ConfigError, match="ANTHROPIC_API_KEY"):
        parse_provider("anthropic:claude-sonnet-4-6").api_key()
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("UIAGENT_OPENAI_COMPATIBLE_API_KEY", raising=False)
    assert parse_provider("openai-compatible:m@http://127.0.0.1:1/v1").api_key() == "not-needed"


@pytest.mark.parametrize("text", [
    '{"outcome": "pass", "confidence": 0.8, "reason": "ok", "evidence": []}',
    'Sure! Here it is:\n```json\n{"outcome": "pass", "confidence": 0.8, "reason": "ok", "evidence": []}\n```',
    'Result: {"outcome": "PASSED", "confidence": 80, "reason": "ok"} hope that helps',
])
def test_tolerant_parse(text: str) -> None:
    answer = parse_answer(text)
    assert answer.outcome == "pass" and answer.confidence == pytest.approx(0.8)


@pytest.mark.parametrize(("text", "problem"), [
    ("I think it looks fine.", "no JSON object"),
    ('{"outcome": "pass", "confidence": 0.9, "reason": "unterminated', "no JSON object"),
    ('{"result": "looks fine"}', "does not match the schema"),
    ('{"outcome": "maybe", "confidence": 0.5, "reason": "x", "evidence": []}', "does not match the schema"),
])
def test_unusable_answers_say_why(text: str, problem: str) -> None:
    with pytest.raises(AnswerParseError, match=problem):
        parse_answer(text)

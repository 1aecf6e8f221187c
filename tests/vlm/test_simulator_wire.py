"""The simulator's wire formats, checked with plain HTTP (what non-SDK clients such as Ollama users send)."""

from __future__ import annotations

import base64
import io
import json
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from uiagent.errors import ConfigError
from uiagent.vlm.simulator import Script, VLMSimulator

from .conftest import answer, script


def _png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), "red").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _post(url: str, body: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"content-type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_image_url_as_a_plain_string_is_accepted(simulator: VLMSimulator) -> None:
    simulator.reset(script(answer("pass", contains="is it red")))
    reply = _post(simulator.openai_base_url + "/chat/completions", {"model": "llava", "messages": [
        {"role": "user", "content": [{"type": "text", "text": "is it red"},
                                     {"type": "image_url", "image_url": "data:image/png;base64," + _png()}]}]})
    assert json.loads(reply["choices"][0]["message"]["content"])["outcome"] == "pass"
    assert simulator.requests[0].images[0].image().size == (64, 32)
    assert reply["usage"]["prompt_tokens"] > 0


@pytest.mark.parametrize("version", ["2023-06-01", "2026-10-21", "1999-01-01"])
def test_any_anthropic_version_is_accepted(simulator: VLMSimulator, version: str) -> None:
    reply = _post(simulator.anthropic_base_url + "/v1/messages", {"model": "claude-x", "max_tokens": 10, "messages": [
        {"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                                                  "data": _png()}},
                                     {"type": "text", "text": "anything"}]}]}, {"anthropic-version": version})
    assert reply["type"] == "message" and reply["stop_reason"] == "end_turn"
    assert json.loads(reply["content"][0]["text"])["outcome"] == "uncertain", "no rule: it does not pretend to judge"


def test_scripts_load_from_yaml_and_bad_ones_name_the_problem(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("latency_s: 0.5\nrules:\n  - when: {question_contains: cart}\n    reply: {answer: {outcome: fail}}\n")
    assert Script.load(good).rules[0].reply.answer == {"outcome": "fail"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - reply: {fault: explode}\n")
    with pytest.raises(ConfigError, match="bad.yaml: invalid simulator script: rules.0.reply.fault"):
        Script.load(bad)

"""The judge end to end: the official anthropic and openai SDKs over real HTTP to the loopback simulator."""

from __future__ import annotations

import io
import json
import time

import pytest

from uiagent.capture.models import Box
from uiagent.demo import SiteServer
from uiagent.demo.labels import SITE_DIR
from uiagent.vlm import ProviderUnreachableError
from uiagent.vlm.providers import ProviderConfigError
from uiagent.vlm.simulator import VLMSimulator

from ..test_targets import _closed_port
from .conftest import PROTOCOLS, answer, fault, question, script


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_scripted_verdict_comes_back_with_boxes_in_css_pixels(protocol, simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("fail", contains="button is green", confidence=0.8, reason="it is navy",
                                  evidence=[{"label": "Buy button", "box": [100, 100, 200, 50]}])))
    session = make_session(protocol)
    image_origin = Box(x=0, y=1000, width=800, height=600)  # e.g. a viewport scrolled 1000 px down
    asked = question(session, "the button is green", origin=image_origin)
    verdict = session.ask(asked)
    assert (verdict.outcome, verdict.confidence, verdict.reason) == ("fail", 0.8, "it is navy")
    [evidence] = verdict.evidence
    scale = asked.images[0].scale  # 1.0 for Claude and GPT here; Qwen rounds 800 px up to 812 (28-px blocks)
    assert evidence.label == "Buy button"
    assert evidence.box == Box(x=100 / scale, y=1000 + 100 / scale, width=200 / scale, height=50 / scale)
    assert verdict.tokens_in > 0 and verdict.tokens_out > 0 and not verdict.cached
    assert verdict.model == session.judge.spec.model


def test_anthropic_request_shape(simulator: VLMSimulator, make_session) -> None:
    session = make_session("anthropic")
    session.ask(question(session))
    [request] = simulator.requests
    assert request.path == "/v1/messages"
    # SDK 2.x sends the key as a bearer token; older ones as x-api-key. The API accepts both.
    assert "test-key-anthropic" in (request.headers.get("x-api-key"), request.headers.get("authorization", "")[7:])
    assert request.headers["anthropic-version"]  # whatever the SDK sends is accepted
    content = request.body["messages"][0]["content"]
    assert [part["type"] for part in content] == ["image", "text"], "image first, then the question"
    assert content[0]["source"]["type"] == "base64" and content[0]["source"]["media_type"] == "image/png"
    assert request.body["output_config"]["format"]["type"] == "json_schema"
    assert set(request.body["output_config"]["format"]["schema"]["required"]) == {"outcome", "confidence", "reason",
                                                                               "evidence"}
    assert "UI test judge" in request.body["system"]
    assert request.headers["x-stainless-retry-count"] == "0"


@pytest.mark.parametrize("protocol", ["openai", "openai-compatible"])
def test_openai_request_shape(protocol, simulator: VLMSimulator, make_session) -> None:
    session = make_session(protocol)
    session.ask(question(session))
    [request] = simulator.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer test-key-openai"
    system, user = request.body["messages"]
    assert system["role"] == "system"
    image_part = user["content"][0]
    assert image_part["type"] == "image_url" and image_part["image_url"]["url"].startswith("data:image/png;base64,")
    assert ("detail" in image_part["image_url"]) == (protocol == "openai")
    schema_format = request.body["response_format"]
    assert schema_format["type"] == "json_schema" and schema_format["json_schema"]["strict"] is True


@pytest.mark.parametrize(("protocol", "limit_check"), [
    ("anthropic", lambda w, h: max(w, h) <= 1568 and w * h <= 1_150_000),
    ("openai", lambda w, h: max(w, h) <= 2048 and min(w, h) <= 768),
    ("openai-compatible", lambda w, h: w % 28 == 0 and h % 28 == 0 and w * h <= 1280 * 28 * 28),
])
def test_uploaded_images_have_the_prepared_size(protocol, limit_check, simulator: VLMSimulator, make_session) -> None:
    from .conftest import ui_image

    session = make_session(protocol)
    session.ask(question(session, image=ui_image(1920, 1200)))
    [uploaded] = simulator.requests[0].images
    width, height = uploaded.image().size
    assert limit_check(width, height), (width, height)


def test_prompt_mode_sends_no_schema_parameter(simulator: VLMSimulator, make_session) -> None:
    session = make_session("openai-compatible", structured_output="prompt")
    assert session.ask(question(session)).outcome == "uncertain"  # the simulator's honest default
    assert "response_format" not in simulator.requests[0].body


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
@pytest.mark.parametrize(("rules", "outcome", "reason_part", "requests"), [
    ([fault("rate_limit", times=1, retry_after=0.05), answer("pass")], "pass", "scripted", 2),
    ([fault("rate_limit", retry_after=1000)], "uncertain", "more than the 60s allowed", 1),
    ([fault("overloaded")], "uncertain", "after 4 attempts", 4),
    ([fault("server_error", times=2), answer("pass")], "pass", "scripted", 3),
    ([fault("server_error")], "uncertain", "HTTP 500", 4),
    ([fault("reset", times=1), answer("fail")], "fail", "scripted", 2),
    ([fault("reset")], "uncertain", "connection failed", 4),
    ([fault("malformed_json", times=1), answer("pass")], "pass", "scripted", 2),
    ([fault("malformed_json")], "uncertain", "after one repair retry", 2),
    ([fault("truncated")], "uncertain", "cut off at the token limit", 2),
    ([fault("wrong_schema")], "uncertain", "does not match the schema", 2),
    ([fault("refusal")], "uncertain", "model refused", 1),
])
def test_every_fault_ends_in_a_definite_outcome(protocol, rules, outcome, reason_part, requests,
                                               simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(*rules))
    session = make_session(protocol, cache_mode="off")
    verdict = session.ask(question(session))
    assert verdict.outcome == outcome
    assert reason_part in verdict.reason
    assert len(simulator.requests) == requests
    if outcome == "uncertain":
        assert verdict.error and verdict.confidence == 0


def test_repair_retry_tells_the_model_what_was_wrong_and_keeps_the_raw_text(simulator: VLMSimulator,
                                                                           make_session) -> None:
    simulator.reset(script(fault("wrong_schema")))
    session = make_session("anthropic", cache_mode="off")
    verdict = session.ask(question(session))
    first, second = simulator.requests
    follow_up = second.body["messages"]
    assert [m["role"] for m in follow_up] == ["user", "assistant", "user"]
    assert "could not be used" in follow_up[2]["content"] and "schema" in follow_up[2]["content"]
    assert json.loads(verdict.raw) == {"result": "looks fine", "score": 7}


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
def test_a_call_past_the_timeout_ends_uncertain(protocol, simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(fault("slow"), slow_s=3))
    session = make_session(protocol, call_timeout_s=0.4, max_retries=1, cache_mode="off")
    started = time.perf_counter()
    verdict = session.ask(question(session))
    assert verdict.outcome == "uncertain" and "timeout" in verdict.reason
    assert time.perf_counter() - started < 2.5


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
@pytest.mark.parametrize(("kind", "message"), [("unauthorized", "authentication failed"), ("not_found", "model")])
def test_configuration_faults_raise_a_clear_error(protocol, kind, message, simulator: VLMSimulator,
                                                  make_session) -> None:
    simulator.reset(script(fault(kind)))
    session = make_session(protocol)
    with pytest.raises(ProviderConfigError, match=message):
        session.ask(question(session))
    assert len(simulator.requests) == 1, "not retried"


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
def test_unreachable_endpoint_is_an_error_before_any_verdict(protocol, make_session, tmp_path, monkeypatch) -> None:
    from uiagent.config import Settings
    from uiagent.vlm import JudgeSession

    url = f"http://127.0.0.1:{_closed_port()}" + ("/v1" if protocol == "openai" else "")
    model = "claude-sonnet-4-6" if protocol == "anthropic" else "gpt-4o"
    with JudgeSession.from_settings(Settings(provider=f"{protocol}:{model}@{url}", cache_path=tmp_path / "c.db")) as s:
        with pytest.raises(ProviderUnreachableError, match="connection failed.*Is the server running"):
            s.ask(question(s))


@pytest.mark.parametrize("protocol", ["anthropic", "openai"])
def test_a_server_that_is_not_a_vlm_is_named(protocol, tmp_path) -> None:
    from uiagent.config import Settings
    from uiagent.vlm import JudgeSession

    with SiteServer(SITE_DIR) as site:
        url = site.base_url.rstrip("/") + ("/v1" if protocol == "openai" else "")
        model = "claude-sonnet-4-6" if protocol == "anthropic" else "gpt-4o"
        with JudgeSession.from_settings(Settings(provider=f"{protocol}:{model}@{url}",
                                                 cache_path=tmp_path / "c.db")) as session:
            with pytest.raises(ProviderConfigError, match="does not speak"):
                session.ask(question(session))


def test_calls_run_concurrently_up_to_the_bound(simulator: VLMSimulator, make_session) -> None:
    simulator.reset(script(answer("pass"), latency_s=0.3))
    session = make_session("openai", max_concurrency=3, cache_mode="off")
    futures = [session.submit(question(session, f"item {i} is shown")) for i in range(9)]
    assert [f.result().outcome for f in futures] == ["pass"] * 9
    assert simulator.max_in_flight == 3


def test_marks_in_answers_map_to_dom_nodes(simulator: VLMSimulator, make_session) -> None:
    from uiagent.capture.models import Capture, DomFacts
    from uiagent.vlm import MarkTarget, question_about

    from .conftest import ui_image

    simulator.reset(script(answer("fail", evidence=[{"label": "unlabelled icon", "box": [0, 0, 1, 1], "mark": 2}])))
    session = make_session("anthropic")
    image = ui_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    dom = DomFacts(url="x", title="", lang="", viewport_width=800, viewport_height=600, scroll_width=800,
                   scroll_height=600, elements=[], text_runs=[], focusables=[], images=[])
    capture = Capture.of(url="x", kind="viewport", origin=Box(x=0, y=0, width=800, height=600), stable=True, settle_ms=0,
                         dom=dom, png=buffer.getvalue())
    targets = [MarkTarget("#a", Box(x=10, y=10, width=40, height=20), "link A"),
               MarkTarget("#buy", Box(x=100, y=100, width=200, height=50), "button Buy")]
    verdict = session.ask(question_about(capture, "every control is labelled", session.judge.prepare_options(),
                                         marks=targets))
    assert verdict.evidence[0].selector == "#buy"
    request = simulator.requests[0]
    assert "[2] button Buy" in request.question
    sent = request.images[0].image().convert("RGB")
    assert sent.getpixel((100, 100)) != (23, 50, 77), "the mark outline is drawn on the element"

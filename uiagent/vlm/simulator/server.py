"""The loopback VLM simulator: an HTTP server on 127.0.0.1 speaking the Anthropic Messages and OpenAI
Chat Completions wire formats, so the real SDKs can be tested end to end (and suites run offline).

It answers from a Script, records every request (with the decoded images, so tests can check what was
really uploaded), and injects latency and faults.
"""

from __future__ import annotations

import base64
import io
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from PIL import Image

from uiagent.loopback import LoopbackServer
from uiagent.vlm.pricing import estimate_image_tokens, estimate_text_tokens
from uiagent.vlm.simulator.script import Reply, Rule, Script


@dataclass(frozen=True)
class RecordedImage:
    media_type: str
    data: bytes = field(repr=False)

    def image(self) -> Image.Image:
        return Image.open(io.BytesIO(self.data))


@dataclass(frozen=True)
class RecordedRequest:
    protocol: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    model: str
    question: str
    images: list[RecordedImage]


class VLMSimulator(LoopbackServer):
    """`with VLMSimulator(script) as sim:` then point an SDK at `sim.anthropic_base_url` / `sim.openai_base_url`."""

    def __init__(self, script: Script | None = None, port: int = 0):
        self.script = script or Script()
        self.requests: list[RecordedRequest] = []
        self._used: dict[int, int] = {}
        self._lock = threading.Lock()
        self._counter = 0
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests being answered at once: shows a client's concurrency bound
        super().__init__(type("Handler", (_Handler,), {"simulator": self}), port=port, name="uiagent-vlm-sim")

    @property
    def anthropic_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def add_rule(self, rule: Rule) -> None:
        with self._lock:
            self.script.rules.append(rule)

    def reset(self, script: Script | None = None) -> None:
        with self._lock:
            self.script = script or Script()
            self.requests.clear()
            self._used.clear()
            self.max_in_flight = 0

    def _choose(self, record: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(record)
            self._counter += 1
            for index, rule in enumerate(self.script.rules):
                if rule.times is not None and self._used.get(index, 0) >= rule.times:
                    continue
                if rule.when.holds(record.protocol, record.model, record.question, len(record.images)):
                    self._used[index] = self._used.get(index, 0) + 1
                    return rule.reply
            return self.script.default

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _next_id(self) -> int:
        with self._lock:
            return self._counter


class _Handler(BaseHTTPRequestHandler):
    simulator: VLMSimulator
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDKs' connection pools expect

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0].rstrip("/") in ("/v1/models", "/models"):
            self._json(200, {"object": "list", "data": [{"id": "simulator", "object": "model"}]})
        else:
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found_error"}})

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        if path == "/v1/messages":
            protocol = "anthropic"
        elif path in ("/v1/chat/completions", "/chat/completions"):
            protocol = "openai"
        else:
            self._json(404, {"error": {"message": f"no route {path}", "type": "not_found_error"}})
            return
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._error(protocol, 400, "invalid_request_error", "body is not JSON")
            return
        record = _record(protocol, path, dict(self.headers), body)
        reply = self.simulator._choose(record)
        script = self.simulator.script
        # Counted while "thinking", and released before the reply is written: once the client has the
        # reply it may send its next request at once, which must not count as overlapping this one.
        self.simulator._enter()
        try:
            time.sleep(script.latency_s + reply.delay_s)
        finally:
            self.simulator._leave()
        self._answer(protocol, record, reply, script)

    # -- replies ------------------------------------------------------------------------------------

    def _answer(self, protocol: str, record: RecordedRequest, reply: Reply, script: Script) -> None:
        fault = reply.fault
        if fault == "reset":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "slow":
            time.sleep(script.slow_s)
        if fault == "rate_limit":
            self._error(protocol, 429, "rate_limit_error", "simulated rate limit",
                        {"retry-after": f"{reply.retry_after if reply.retry_after is not None else 1:g}"})
            return
        if fault == "overloaded":
            extra = {"retry-after": f"{reply.retry_after:g}"} if reply.retry_after is not None else {}
            self._error(protocol, 529 if protocol == "anthropic" else 503, "overloaded_error", "simulated overload",
                        extra)
            return
        if fault == "server_error":
            self._error(protocol, 500, "api_error", "simulated internal error")
            return
        if fault == "unauthorized":
            self._error(protocol, 401, "authentication_error", "invalid x-api-key")
            return
        if fault == "not_found":
            self._error(protocol, 404, "not_found_error", f"model: {record.model}")
            return

        answer_text = reply.text if reply.text is not None else json.dumps(_complete_answer(reply.answer))
        stop = "end_turn" if protocol == "anthropic" else "stop"
        refusal = None
        if fault == "malformed_json":
            answer_text = '{"outcome": "pass", "confidence": 0.9, "reason": "unterminated'
        elif fault == "wrong_schema":
            answer_text = json.dumps({"result": "looks fine", "score": 7})
        elif fault == "truncated":
            answer_text = answer_text[: max(1, len(answer_text) // 2)]
            stop = "max_tokens" if protocol == "anthropic" else "length"
        elif fault == "refusal":
            refusal = "I can't help with judging this image."
            stop = "refusal" if protocol == "anthropic" else "stop"
            answer_text = refusal if protocol == "anthropic" else ""

        tokens_in = _input_tokens(protocol, record)
        tokens_out = estimate_text_tokens(answer_text or refusal or "")
        number = self.simulator._next_id()
        if protocol == "anthropic":
            self._json(200, {
                "id": f"msg_sim_{number}", "type": "message", "role": "assistant", "model": record.model,
                "content": [{"type": "text", "text": answer_text}], "stop_reason": stop, "stop_sequence": None,
                "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out,
                          "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
            }, {"request-id": f"req_sim_{number}"})
        else:
            self._json(200, {
                "id": f"chatcmpl-sim-{number}", "object": "chat.completion", "created": int(time.time()),
                "model": record.model,
                "choices": [{"index": 0, "finish_reason": stop, "logprobs": None,
                             "message": {"role": "assistant", "content": answer_text if refusal is None else None,
                                         "refusal": refusal}}],
                "usage": {"prompt_tokens": tokens_in, "completion_tokens": tokens_out,
                          "total_tokens": tokens_in + tokens_out},
            }, {"x-request-id": f"req_sim_{number}"})

    def _error(self, protocol: str, status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
        if protocol == "anthropic":
            body = {"type": "error", "error": {"type": kind, "message": message}}
        else:
            body = {"error": {"message": message, "type": kind, "param": None, "code": kind}}
        self._json(status, body, {"x-should-retry": "false", **(headers or {})})

    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _complete_answer(answer: dict[str, Any] | None) -> dict[str, Any]:
    answer = dict(answer or {})
    answer.setdefault("outcome", "uncertain")
    answer.setdefault("confidence", 0.9 if answer["outcome"] != "uncertain" else 0.0)
    answer.setdefault("reason", "scripted answer")
    answer.setdefault("evidence", [])
    for item in answer["evidence"]:
        item.setdefault("label", "")
        item.setdefault("mark", None)
    return answer


def _record(protocol: str, path: str, headers: dict[str, str], body: dict[str, Any]) -> RecordedRequest:
    texts: list[str] = []
    images: list[RecordedImage] = []
    for message in body.get("messages") or []:
        if message.get("role") not in ("user", "system"):
            continue
        content = message.get("content")
        parts: list[Any] = [{"type": "text", "text": content}] if isinstance(content, str) else (content or [])
        for part in parts:
            kind = part.get("type")
            if kind == "text":
                texts.append(part.get("text", ""))
            elif kind == "image" and (part.get("source") or {}).get("type") == "base64":
                source = part["source"]
                images.append(RecordedImage(source.get("media_type", ""), base64.b64decode(source.get("data", ""))))
            elif kind == "image_url":
                image_url = part.get("image_url")
                url = image_url if isinstance(image_url, str) else (image_url or {}).get("url", "")
                if url.startswith("data:") and "," in url:
                    header, encoded = url.split(",", 1)
                    images.append(RecordedImage(header[5:].split(";")[0], base64.b64decode(encoded)))
    return RecordedRequest(protocol=protocol, path=path, headers={k.lower(): v for k, v in headers.items()},
                           body=body, model=str(body.get("model", "")), question="\n".join(texts), images=images)


def _input_tokens(protocol: str, record: RecordedRequest) -> int:
    profile = "claude" if protocol == "anthropic" else "openai-tiles"
    tokens = estimate_text_tokens(json.dumps(record.body.get("system", "")) + record.question)
    for image in record.images:
        width, height = image.image().size
        tokens += estimate_image_tokens(width, height, profile)
    return tokens

"""Shared fixtures: the demo site, a fixture-page site with fault routes, and settings tuned for fast tests."""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from uiagent.audit import AuditReport
from uiagent.config import Settings
from uiagent.demo import SiteServer, serve_demo
from uiagent.vlm import JudgeSession
from uiagent.vlm.simulator import VLMSimulator

from .vlm.conftest import selector_for

PAGES = Path(__file__).parent / "pages"


def _status(code: int):  # type: ignore[no-untyped-def]
    def route(handler: SimpleHTTPRequestHandler) -> None:
        handler.send_error(code)

    return route


def _hang(handler: SimpleHTTPRequestHandler) -> None:
    # Holds the request open longer than any test's timeout: the page's load event never fires.
    time.sleep(30)


def send_body(handler: SimpleHTTPRequestHandler, body: bytes, content_type: str = "text/plain",
              status: int = 200) -> None:
    """Answer a request from a route with `body`."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _slow(handler: SimpleHTTPRequestHandler) -> None:
    time.sleep(0.6)
    send_body(handler, b"Loaded late")


def _drop(handler: SimpleHTTPRequestHandler) -> None:
    handler.close_connection = True
    handler.connection.close()


def _html_as_png(handler: SimpleHTTPRequestHandler) -> None:
    # An HTML body under an image content type: the browser shows its image viewer, not a page.
    send_body(handler, b"<!doctype html><title>Not an image</title><p>text</p>", "image/png")


def _unstyled_xml(handler: SimpleHTTPRequestHandler) -> None:
    # XML of no vocabulary the browser renders: Chromium shows its own source-tree viewer (an HTML document).
    send_body(handler, b'<?xml version="1.0"?><note lang="en">Buy milk</note>', "application/xml")


def _xhtml_as_xml(handler: SimpleHTTPRequestHandler) -> None:
    # XHTML under the generic XML type: rendered as the author's page.
    send_body(handler, b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>XHTML'
                       b'</title></head><body><p>A page</p></body></html>', "application/xml")


FAULT_ROUTES = {"/__status/500": _status(500), "/__status/404": _status(404), "/__hang": _hang, "/__drop": _drop,
                "/__slow": _slow, "/__html-as-png": _html_as_png, "/__unstyled-xml": _unstyled_xml,
                "/__xhtml-as-xml": _xhtml_as_xml}


@pytest.fixture(scope="session")
def demo_site() -> Iterator[SiteServer]:
    with serve_demo() as site:
        yield site


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[SiteServer]:
    """tests/pages served on loopback, plus /__status/500, /__status/404, /__hang, /__drop, /__slow (0.6 s) and
    /__html-as-png (an HTML body sent as image/png), /__unstyled-xml and /__xhtml-as-xml (both application/xml)."""
    with SiteServer(PAGES, routes=FAULT_ROUTES) as site:
        yield site


@pytest.fixture
def fast_settings() -> Settings:
    return Settings(navigation_timeout_s=3, network_idle_cap_s=0.5, stable_timeout_s=1.5)


@pytest.fixture
def simulator(vlm_simulator: VLMSimulator) -> VLMSimulator:
    """The session's simulator (the plugin's vlm_simulator fixture), emptied of rules and requests."""
    vlm_simulator.reset()
    return vlm_simulator


@pytest.fixture
def judge(simulator: VLMSimulator, tmp_path: Path) -> Iterator[JudgeSession]:
    """A judge on the simulator (the real Anthropic SDK over HTTP) with its own verdict cache."""
    settings = Settings(provider=f"anthropic:claude-sonnet-4-6@{simulator.anthropic_base_url}",
                        cache_path=tmp_path / "verdicts.sqlite", backoff_base_s=0.01)
    with JudgeSession.from_settings(settings) as session:
        yield session


@pytest.fixture(autouse=True)
def _test_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Placeholder keys: the simulator accepts any; real ones never appear in tests.
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key-anthropic")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-openai")


@pytest.fixture
def make_session(simulator: VLMSimulator, tmp_path: Path) -> Iterator[Callable[..., JudgeSession]]:
    """make_session(protocol, **settings) -> a JudgeSession on the simulator, fast retries, a fresh cache."""
    sessions: list[JudgeSession] = []

    def make(protocol: str = "anthropic", **overrides: object) -> JudgeSession:
        values = {"provider": selector_for(protocol, simulator), "cache_path": tmp_path / "verdicts.sqlite",
                  "backoff_base_s": 0.01, "call_timeout_s": 5, **overrides}
        session = JudgeSession.from_settings(Settings(**values))
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@dataclass(frozen=True)
class DemoRun:
    """`uiagent demo -o folder` as the CLI ran it: its report, its output folder, its exit code and messages."""

    report: AuditReport
    folder: Path
    returncode: int
    stderr: str


@pytest.fixture(scope="session")
def demo_audit(tmp_path_factory, worker_id: str) -> DemoRun:  # type: ignore[no-untyped-def]
    """The demo site audited once for the whole run, by the CLI users run (`uiagent demo`): several modules read
    it, none changes it. Under xdist the first worker to ask runs it; the others wait on a lock and read it."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    folder = shared / "demo-run"
    with (shared / "demo-run.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        outcome = folder / "outcome.json"
        if not outcome.exists():
            done = subprocess.run([str(Path(sys.executable).with_name("uiagent")), "demo", "-o", str(folder)],
                                  capture_output=True, text=True, timeout=600)
            outcome.write_text(json.dumps({"returncode": done.returncode, "stderr": done.stderr}))
    ran = json.loads(outcome.read_text())
    assert (folder / "findings.json").exists(), ran["stderr"]
    return DemoRun(AuditReport.model_validate_json((folder / "findings.json").read_text()), folder, ran["returncode"],
                   ran["stderr"])

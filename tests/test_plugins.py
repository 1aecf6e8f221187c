"""The plugin API: the two plugins in plugins/ (a check and a reporter) are found and used, and a plugin
can add a VLM provider kind."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from uiagent.hooks import hookimpl, plugin_manager
from uiagent.vlm import JudgeSession

from .test_cli import uiagent
from .vlm.conftest import question

CORPUS = Path(__file__).parent / "corpus"


def test_project_plugins_are_discovered() -> None:
    names = {Path(name).name for name, _ in plugin_manager("plugins").list_name_plugin()}
    assert {"heading_order.py", "csv_reporter.py"} <= names


def test_the_check_plugin_runs_in_the_audit_and_the_reporter_plugin_writes_csv(tmp_path: Path) -> None:
    done = uiagent("audit", str(CORPUS / "heading-skip.html"), "--format", "csv,json", "-o", str(tmp_path))
    assert done.returncode == 1, done.stderr  # the plugin's violation gates like any other
    rows = list(csv.DictReader(io.StringIO((tmp_path / "findings.csv").read_text())))
    assert [(r["rule"], r["selector"], r["wcag"]) for r in rows] == [("heading-order", "#skipped", "1.3.1")]


def test_an_unknown_format_lists_the_plugin_ones(tmp_path: Path) -> None:
    done = uiagent("audit", str(CORPUS / "clean.html"), "--format", "xlsx", "-o", str(tmp_path))
    assert done.returncode == 2 and "csv" in done.stderr


class EchoProvider:
    """A provider a plugin adds: answers every question 'pass', without a network."""

    def __init__(self, spec, settings):  # type: ignore[no-untyped-def]
        self.spec = spec

    async def complete(self, request, timeout_s):  # type: ignore[no-untyped-def]
        from uiagent.vlm.providers import ModelReply

        return ModelReply(text='{"outcome": "pass", "confidence": 1, "reason": "echo", "evidence": []}',
                          tokens_in=1, tokens_out=1)

    async def aclose(self) -> None:
        pass


class EchoPlugin:
    @hookimpl
    def uiagent_providers(self):  # type: ignore[no-untyped-def]
        return {"echo": EchoProvider}


def test_a_plugin_can_add_a_provider_kind(tmp_path: Path) -> None:
    from uiagent.config import Settings

    manager = plugin_manager("plugins")
    plugin = EchoPlugin()
    manager.register(plugin)
    try:
        with JudgeSession.from_settings(Settings(provider="echo:any-model", cache_path=tmp_path / "c.db")) as session:
            verdict = session.ask(question(session))
        assert verdict.outcome == "pass" and verdict.reason == "echo" and verdict.provider == "echo"
    finally:
        manager.unregister(plugin)
    with pytest.raises(Exception, match="unknown provider 'echo:any-model'"):
        from uiagent.vlm import parse_provider

        parse_provider("echo:any-model")

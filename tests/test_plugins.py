"""The plugin API: the two plugins in plugins/ (a check and a reporter) are found and used, and a plugin
can add a VLM provider kind."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from uiagent.hooks import hookimpl, plugin_manager
from uiagent.vlm import JudgeSession

from .test_cli import UIAGENT, uiagent
from .vlm.conftest import question

CORPUS = Path(__file__).parent / "corpus"


def test_the_public_api_resolves_and_the_projects_plugins_use_only_it() -> None:
    import ast

    import uiagent

    assert all(getattr(uiagent, name) is not None for name in uiagent.__all__)
    for path in Path("plugins").glob("*.py"):
        deep = [node.module for node in ast.walk(ast.parse(path.read_text()))
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("uiagent.")]
        assert deep == [], f"{path} imports uiagent's private modules: {deep}"


def test_project_plugins_are_discovered() -> None:
    names = {Path(name).name for name, _ in plugin_manager("plugins").list_name_plugin()}
    assert {"heading_order.py", "csv_reporter.py"} <= names


def test_the_check_plugin_runs_in_the_audit_and_the_reporter_plugin_writes_csv(tmp_path: Path) -> None:
    done = uiagent("audit", str(CORPUS / "heading-skip.html"), "--best-practice", "--format", "csv,json",
                   "-o", str(tmp_path))
    assert done.returncode == 1, done.stderr  # the plugin's violation gates like any other, once asked for
    rows = list(csv.DictReader(io.StringIO((tmp_path / "findings.csv").read_text())))
    assert [(r["rule"], r["selector"], r["wcag"]) for r in rows] == [("heading-order", "#skipped", "")]
    # A best practice fails no success criterion: a WCAG audit leaves it out.
    done = uiagent("audit", str(CORPUS / "heading-skip.html"), "--format", "csv", "-o", str(tmp_path / "wcag"))
    assert done.returncode == 0, done.stderr
    assert "heading-order" not in (tmp_path / "wcag" / "findings.csv").read_text()


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


def test_the_scenario_step_plugin_sets_local_storage_before_the_page_starts(tmp_path: Path, fixture_site) -> None:  # type: ignore[no-untyped-def]
    flow = tmp_path / "storage.scenario.yaml"
    flow.write_text(f"""
scenarios:
  - name: returning visitor
    url: {fixture_site.url("storage.html")}
    steps:
      - wait_for: "Visits: none"
      - local_storage: {{values: {{cookie-consent: accepted, visits: "3"}}}}
      - wait_for: "Visits: 3"
  - name: not a web page
    url: {(Path(__file__).parent / "pages" / "dom-facts.html").as_uri()}
    steps:
      - local_storage: {{values: {{a: b}}}}
""")
    done = uiagent("run", str(flow), "-o", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    results = [json.loads(line) for line in (tmp_path / "out" / "scenarios.jsonl").read_text().splitlines()]
    assert [r["status"] for r in results] == ["passed", "failed"]
    assert results[1]["failure"].endswith(":12: step 1 (local_storage) failed: localStorage needs a web page "
                                          f"(http or https); the page is {(Path(__file__).parent / 'pages' / 'dom-facts.html').as_uri()}")


def test_a_plugin_is_found_through_the_uiagent_entry_point_group(tmp_path: Path) -> None:
    """An installed package's plugin (entry point group `uiagent`) adds a scenario step kind."""
    (tmp_path / "shout_plugin.py").write_text(
        "from pydantic import BaseModel\n"
        "from uiagent.hooks import hookimpl\n"
        "from uiagent.scenarios import StepKind\n"
        "class Shout(BaseModel):\n    text: str\n"
        "@hookimpl\n"
        "def uiagent_scenario_steps():\n"
        "    return [StepKind('shout', Shout, lambda step, runtime: None, 'Say something loudly.')]\n")
    dist = tmp_path / "shout_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[uiagent]\nshout = shout_plugin\n")
    done = subprocess.run([UIAGENT, "run", "--list-steps"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "shout          Say something loudly." in done.stdout
    assert "local_storage" in done.stdout  # and the project's plugins/ folder is still read


EVIL_PLUGIN = "from pathlib import Path\nPath(__file__).with_name('imported').write_text('ran')\n"


def test_nothing_is_imported_from_the_working_directory_unless_configured(tmp_path: Path,
                                                                          pytester: pytest.Pytester) -> None:
    """A checkout one does not trust: its plugins/ folder runs only once the configuration names it."""
    folder = tmp_path / "untrusted"
    (folder / "plugins").mkdir(parents=True)
    (folder / "plugins" / "evil.py").write_text(EVIL_PLUGIN)
    marker = folder / "plugins" / "imported"
    env = {k: v for k, v in os.environ.items() if k != "UIAGENT_PLUGINS_DIR"}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([UIAGENT, *args], capture_output=True, text=True, timeout=60, cwd=folder,
                              env={**env, **extra})

    assert run("run", "--list-steps").returncode == 0
    assert run("report", str(folder), "--format", "json").returncode == 2  # (no results there: a usage error)
    assert not marker.exists()

    # pytest collecting a scenario file there, which gathers the step kinds plugins add
    pytester.chdir()
    shutil.copytree(folder / "plugins", pytester.path / "plugins")
    pytester.makefile(".scenario.yaml", flow="scenarios:\n  - name: a\n    url: about:blank\n    steps:\n      - press: Tab\n")
    pytester.runpytest_subprocess("--collect-only", "-q").assert_outcomes()
    assert not (pytester.path / "plugins" / "imported").exists()

    # Named, the folder is loaded; a named folder that is missing is a usage error naming it.
    assert run("run", "--list-steps", UIAGENT_PLUGINS_DIR="plugins").returncode == 0
    assert marker.read_text() == "ran"
    missing = run("run", "--list-steps", UIAGENT_PLUGINS_DIR="no-such-folder")
    assert missing.returncode == 2 and "plugins_dir 'no-such-folder' is not a folder" in missing.stderr

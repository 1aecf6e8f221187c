"""`uiagent cache ...` and `uiagent simulate`, run as the installed command."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from uiagent.vlm.cache import VerdictCache
from uiagent.vlm.verdict import Verdict

from ..test_cli import UIAGENT, uiagent
from ..test_targets import _closed_port


def test_cache_stats_prune_clear(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    cache = VerdictCache(path)
    cache.put("k", Verdict(outcome="pass", confidence=1, reason="r", provider="openai", model="gpt-4o"), "q")
    cache.close()
    stats = uiagent("cache", "stats", "--path", str(path))
    assert stats.returncode == 0 and "entries" in stats.stdout and "openai:gpt-4o" in stats.stdout
    assert "removed 0" in uiagent("cache", "prune", "--older-than", "1d", "--path", str(path)).stderr
    bad = uiagent("cache", "prune", "--older-than", "soon", "--path", str(path))
    assert bad.returncode == 2 and "expected a number and a unit" in bad.stderr
    assert "removed 1 verdicts" in uiagent("cache", "clear", "--path", str(path)).stderr


def test_simulate_serves_until_stopped(tmp_path: Path) -> None:
    script = tmp_path / "rules.yaml"
    script.write_text("rules:\n  - reply: {answer: {outcome: pass}}\n")
    port = _closed_port()
    process = subprocess.Popen([UIAGENT,
                                "simulate", "--script", str(script), "--port", str(port)],
                               stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(50):
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/v1/chat/completions",
                    data=json.dumps({"model": "m", "messages": [{"role": "user", "content": "q"}]}).encode(),
                    headers={"content-type": "application/json"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    reply = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.1)
        assert json.loads(reply["choices"][0]["message"]["content"])["outcome"] == "pass"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_simulate_rejects_a_bad_script(tmp_path: Path) -> None:
    script = tmp_path / "rules.yaml"
    script.write_text("rules: [{reply: {fault: nope}}]\n")
    done = uiagent("simulate", "--script", str(script))
    assert done.returncode == 2 and "invalid simulator script" in done.stderr

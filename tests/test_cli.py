"""The command line, run as the installed `uiagent` command: help, capture, exit codes and the demo job."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from uiagent.demo import demo_pages

PAGES = Path(__file__).parent / "pages"
UIAGENT = str(Path(sys.executable).parent / "uiagent")


def uiagent(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([UIAGENT, *args], capture_output=True, text=True, timeout=300)


def test_help_lists_the_commands() -> None:
    done = uiagent("--help")
    assert done.returncode == 0
    assert "capture" in done.stdout and "demo" in done.stdout


def test_capture_exit_code_says_whether_every_page_worked(tmp_path: Path) -> None:
    ok = uiagent("capture", str(PAGES / "dom-facts.html"), "-o", str(tmp_path / "a"), "--no-full-page")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "a" / "results.jsonl").exists()

    mixed = uiagent("capture", str(PAGES / "dom-facts.html"), "missing.html", "-o", str(tmp_path / "b"), "--no-full-page")
    assert mixed.returncode == 1
    assert "missing.html: file does not exist" in mixed.stderr
    statuses = [json.loads(line)["status"] for line in (tmp_path / "b" / "results.jsonl").read_text().splitlines()]
    assert statuses == ["ok", "error"]


def test_missing_browser_is_an_environment_error(tmp_path: Path) -> None:
    done = uiagent("capture", str(PAGES / "dom-facts.html"), "--chromium", "/no/chrome", "-o", str(tmp_path))
    assert done.returncode == 2
    assert "No Chromium browser found" in done.stderr and "/no/chrome" in done.stderr


def test_demo_writes_a_capture_of_every_demo_page(tmp_path: Path) -> None:
    done = uiagent("demo", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    assert [r["url"].rsplit("/", 1)[1] for r in records] == [p.path for p in demo_pages()]
    for record in records:
        assert record["status"] == "ok"
        for kind in ("viewport", "full_page", "dom"):
            assert (tmp_path / record["files"][kind]).stat().st_size > 0

"""Finding Chromium and the flags it is launched with."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from uiagent.browser import discovery
from uiagent.browser.launch import QUIET_FLAGS, chromium_launch_args
from uiagent.config import Settings
from uiagent.errors import BrowserNotFoundError


def test_explicit_setting_wins_and_a_wrong_one_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert discovery.find_chromium(fake) == str(fake)
    monkeypatch.setenv("UIAGENT_CHROMIUM", str(fake))
    assert discovery.find_chromium() == str(fake)
    with pytest.raises(BrowserNotFoundError, match="not an executable file"):
        discovery.find_chromium(tmp_path / "nope")


def test_nothing_found_lists_every_place_tried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UIAGENT_CHROMIUM", raising=False)
    monkeypatch.setattr(discovery, "SYSTEM_CANDIDATES", ("/nonexistent/chromium", "no-such-browser-xyz"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    with pytest.raises(BrowserNotFoundError) as raised:
        discovery.find_chromium()
    message = str(raised.value)
    for tried in ("/nonexistent/chromium", "no-such-browser-xyz", "Playwright-managed"):
        assert tried in message
    assert "apt-get install chromium" in message and "UIAGENT_CHROMIUM" in message


def test_playwright_managed_browser_is_the_last_resort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UIAGENT_CHROMIUM", raising=False)
    monkeypatch.setattr(discovery, "SYSTEM_CANDIDATES", ("/nonexistent/chromium",))
    exe = tmp_path / "chromium-1200" / "chrome-linux" / "chrome"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    exe.chmod(0o755)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    assert discovery.find_chromium() is None  # None: let Playwright launch the browser it manages


def test_launch_args_add_the_quiet_flags_and_keep_the_callers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UIAGENT_CHROMIUM", raising=False)
    base = {"args": ["--lang=de", "--disable-sync"], "slow_mo": 50}
    args = chromium_launch_args(Settings(), base=base)
    assert args["slow_mo"] == 50
    assert args["args"][:2] == ["--lang=de", "--disable-sync"]
    assert args["args"].count("--disable-sync") == 1
    assert set(QUIET_FLAGS) <= set(args["args"])
    assert ("--no-sandbox" in args["args"]) == (os.geteuid() == 0)
    assert os.access(args["executable_path"], os.X_OK)


def test_a_channel_or_path_chosen_by_the_caller_is_respected() -> None:
    assert "executable_path" not in chromium_launch_args(Settings(), base={"channel": "chrome"})
    assert chromium_launch_args(Settings(), base={"executable_path": "/x"})["executable_path"] == "/x"

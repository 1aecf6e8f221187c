"""Stand-ins for a page, for checks tested without a browser: frames that answer a probe, and no DevTools."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from uiagent.audit.checks.base import CheckInput
from uiagent.config import Settings


class FakeFrame:
    """A frame whose every evaluate answers `answer`, counting the calls."""

    def __init__(self, answer: bool):
        self.answer = answer
        self.calls = 0

    def evaluate(self, script: str, argument: Any) -> bool:
        self.calls += 1
        return self.answer


class NoDevTools:
    def new_cdp_session(self, target: Any) -> None:
        raise PlaywrightError("CDP session is only available in Chromium")


def context_for(frames: list[FakeFrame]) -> CheckInput:
    """A check's input on a page of these frames, in a browser without the DevTools protocol."""
    page = SimpleNamespace(frames=frames, main_frame=frames[0], context=NoDevTools())
    capture = SimpleNamespace(url="http://127.0.0.1/", closed_shadow_roots=0)
    return CheckInput(page=page, capture=capture, settings=Settings())  # type: ignore[arg-type]

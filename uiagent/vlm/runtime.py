"""A sync face over the async judge: one background event loop thread, so sync code (pytest tests,
the CLI) can submit many questions at once and let model latency overlap."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

from uiagent.config import Settings
from uiagent.vlm.judge import Judge, Question
from uiagent.vlm.providers import Provider
from uiagent.vlm.verdict import Verdict

T = TypeVar("T")


class BackgroundLoop:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="uiagent-vlm", daemon=True)
        self._thread.start()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.submit(coroutine).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()


class JudgeSession:
    """A Judge on its own loop: `ask` blocks for one verdict, `submit` returns a Future to collect later."""

    def __init__(self, judge: Judge):
        self.judge = judge
        self._loop = BackgroundLoop()

    @classmethod
    def from_settings(cls, settings: Settings, *, provider: Provider | None = None) -> JudgeSession:
        return cls(Judge.from_settings(settings, provider=provider))

    def check(self) -> None:
        """The provider answers and speaks its API (see Judge.check), or a clear error is raised."""
        self._loop.run(self.judge.check())

    def submit(self, question: Question) -> Future[Verdict]:
        return self._loop.submit(self.judge.ask(question))

    def ask(self, question: Question) -> Verdict:
        return self.submit(question).result()

    def close(self) -> None:
        self._loop.run(self.judge.aclose())
        self._loop.close()

    def __enter__(self) -> JudgeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

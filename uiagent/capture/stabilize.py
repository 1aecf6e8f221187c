"""Waiting until a page is ready to be judged: network quiet (capped), fonts loaded, two identical frames."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from uiagent.capture.network import network_watch
from uiagent.config import Settings

# Every screenshot uses these: CSS animations finished or reset, no caret blink, 1 image px per CSS px.
SHOT_OPTIONS: dict[str, Any] = {"animations": "disabled", "caret": "hide", "scale": "css"}
# Waits before each further frame, once one differed, then LATER_WAIT_S each: Playwright's poll intervals.
RETRY_WAITS_S = (0.1, 0.25, 0.5)
LATER_WAIT_S = 1.0


@dataclass
class Settled:
    frame: bytes = field(repr=False)
    stable: bool
    settle_ms: float
    warnings: list[str]


def settle(page: Page, settings: Settings) -> Settled:
    """Wait for a still page and return its last viewport frame (PNG)."""
    started = time.perf_counter()
    warnings: list[str] = []
    if settings.network_idle_cap_s > 0 and not _network_quiet(page, settings):
        warnings.append(f"network still busy after {settings.network_idle_cap_s:g}s; captured anyway")
    page.evaluate("() => document.fonts ? document.fonts.ready.then(() => true) : true")

    frame = page.screenshot(**SHOT_OPTIONS)
    deadline = started + settings.stable_timeout_s
    # As Playwright's toHaveScreenshot: the next frame at once (a screenshot waits for a frame of its own), then
    # longer after each one that differs, so a page still changing is not shot dozens of times.
    waits = itertools.chain([settings.stable_interval_s], RETRY_WAITS_S, itertools.repeat(LATER_WAIT_S))
    stable = False
    while True:
        time.sleep(max(0.0, min(next(waits), deadline - time.perf_counter())))
        following = page.screenshot(**SHOT_OPTIONS)
        if following == frame:
            stable = True
            break
        frame = following
        if time.perf_counter() >= deadline:
            break
    if not stable:
        warnings.append(
            f"page kept changing for {settings.stable_timeout_s:g}s (script-driven animation?); captured the last frame"
        )
    return Settled(frame=frame, stable=stable, settle_ms=(time.perf_counter() - started) * 1000, warnings=warnings)


def _network_quiet(page: Page, settings: Settings) -> bool:
    watch = network_watch(page)
    if watch is not None:
        return watch.wait_quiet(page, settings.network_quiet_s, settings.network_idle_cap_s)
    try:
        page.wait_for_load_state("networkidle", timeout=settings.network_idle_cap_s * 1000)
    except PlaywrightTimeout:
        return False
    return True

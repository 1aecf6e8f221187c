"""Launching Chromium with the flags a locked-down, offline CI machine needs, or connecting to a remote one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from playwright.sync_api import Browser, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from uiagent.browser.discovery import find_chromium
from uiagent.config import Settings

# Without these, Chromium on a closed network opens (and is refused) many connections at every start. Not among
# them: --disable-frame-rate-limit with --disable-gpu-vsync. Every screenshot and layout wait is about two frames,
# and unthrottled frames made the demo audits 12% faster, but a page with a spinning animation then drew 1,298
# frames a second on 1.5 cores (60 frames, 0.2 cores, without), which an audit beside it pays for.
QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
)

# Chromium's default policy holds unmuted autoplay back until the user has interacted with the page, so a page
# that autoplays sound would never play it under test, and the autoplay-audio check (WCAG 1.4.2) could never
# find it. With this flag media start as they would for a visitor who had interacted; headless Chromium
# still mutes the sound card (--mute-audio), which does not change what the page sees.
AUTOPLAY_FLAG = "--autoplay-policy=no-user-gesture-required"


def chromium_launch_args(settings: Settings, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Playwright launch kwargs for Chromium, merged onto `base` without dropping anything the caller set."""
    args = dict(base or {})
    if "executable_path" not in args and "channel" not in args:
        executable = find_chromium(settings.chromium)
        if executable:
            args["executable_path"] = executable
    flags = list(args.get("args") or [])
    wanted = list(QUIET_FLAGS)
    if not any(flag.startswith("--autoplay-policy=") for flag in flags):  # a caller's own policy stands
        wanted.append(AUTOPLAY_FLAG)
    if _running_as_root():
        # Chromium refuses to start its sandbox as root.
        wanted.append("--no-sandbox")
    args["args"] = flags + [f for f in wanted if f not in flags]
    args.setdefault("headless", settings.headless)
    return args


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def open_playwright_browser(settings: Settings) -> Iterator[tuple[Playwright, Browser]]:
    """Playwright and a Chromium browser: remote when configured, else launched locally. Playwright is there
    for what the browser does not carry (the device list)."""
    with sync_playwright() as playwright:
        if settings.browser_ws_endpoint:
            browser = playwright.chromium.connect(settings.browser_ws_endpoint)
        else:
            browser = playwright.chromium.launch(**chromium_launch_args(settings))
        try:
            yield playwright, browser
        except BaseException:
            # What ended the block is what the caller hears: Ctrl-C reaches the driver too, and closing may fail.
            with suppress(PlaywrightError):
                browser.close()
            raise
        browser.close()


@contextmanager
def open_browser(settings: Settings) -> Iterator[Browser]:
    """A Chromium browser for the CLI and scenario runner."""
    with open_playwright_browser(settings) as (_, browser):
        yield browser

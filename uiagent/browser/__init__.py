"""Finding and launching the browser: system Chromium, a Playwright-managed one, or a remote endpoint."""

from uiagent.browser.devices import context_args
from uiagent.browser.discovery import find_chromium
from uiagent.browser.launch import chromium_launch_args, open_browser, open_playwright_browser

__all__ = ["chromium_launch_args", "context_args", "find_chromium", "open_browser", "open_playwright_browser"]

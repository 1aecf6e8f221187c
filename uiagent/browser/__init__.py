"""Finding and launching the browser: system Chromium, a Playwright-managed one, or a remote endpoint."""

from uiagent.browser.discovery import find_chromium
from uiagent.browser.launch import chromium_launch_args, open_browser

__all__ = ["find_chromium", "chromium_launch_args", "open_browser"]

"""uiagent's pytest plugin: options and hooks only; the fixtures live in modules beside it.

Loaded through the `pytest11` entry point wherever uiagent is installed.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("uiagent", "uiagent: visual assertions and accessibility audits")
    group.addoption(
        "--uiagent-chromium",
        dest="uiagent_chromium",
        metavar="PATH",
        help="Chromium binary for pytest-playwright tests (default: UIAGENT_CHROMIUM, then the system's chromium).",
    )
    group.addoption(
        "--uiagent-browser-ws",
        dest="uiagent_browser_ws",
        metavar="URL",
        help="Playwright server websocket endpoint: run the browser remotely (a grid) instead of launching one.",
    )
    parser.addini("uiagent_chromium", "Chromium binary for pytest-playwright tests.", default=None)
    parser.addini("uiagent_browser_ws", "Playwright server websocket endpoint.", default=None)


def pytest_configure(config: pytest.Config) -> None:
    # Registered here, after every entry-point plugin, so these fixtures wrap pytest-playwright's own
    # (a fixture that requests its own name receives the definition registered before it).
    if config.pluginmanager.has_plugin("playwright") and not config.pluginmanager.has_plugin("uiagent.pytest_browser"):
        config.pluginmanager.import_plugin("uiagent.pytest_browser")

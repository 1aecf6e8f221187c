"""Fixtures that make existing pytest-playwright tests run on the Chromium uiagent finds, with no configuration.

They compose with pytest-playwright's fixtures (and a user's conftest overrides of them) rather than replace them.
"""

from __future__ import annotations

import pytest

from uiagent.browser.launch import chromium_launch_args
from uiagent.errors import UiagentError


@pytest.fixture(scope="session")
def uiagent_settings(pytestconfig: pytest.Config):
    """uiagent settings for this run: command line and ini first, then environment and pyproject.toml."""
    from uiagent.pytest_plugin import SESSION

    return pytestconfig.stash[SESSION].settings


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, browser_name: str, uiagent_settings) -> dict:
    if browser_name != "chromium":
        return browser_type_launch_args
    try:
        return chromium_launch_args(uiagent_settings, base=browser_type_launch_args)
    except UiagentError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def connect_options(connect_options: dict | None, uiagent_settings) -> dict | None:
    if connect_options or not uiagent_settings.browser_ws_endpoint:
        return connect_options
    return {"ws_endpoint": uiagent_settings.browser_ws_endpoint}

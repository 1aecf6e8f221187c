"""Browser-free unit tests of uiagent's pure core: no Playwright page, no Chromium, no server, no network.

Nothing in tests/conftest.py or the root conftest starts a browser or server for every test (their session
fixtures are requested by name, never autouse). One autouse session fixture does come from pytest-playwright,
which is installed: `delete_output_dir` removes ./test-results (pytest-playwright's --output) at the start of
every session, which would delete the traces and screenshots of a browser run going on in the same folder. These
tests write nothing there, so for them it is a no-op.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def delete_output_dir() -> None:
    """Overrides pytest-playwright's autouse fixture of this name for the tests of this folder: leave
    ./test-results alone (these tests never write there)."""

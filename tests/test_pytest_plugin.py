"""The pytest plugin: existing pytest-playwright tests run on the found Chromium with no configuration."""

from __future__ import annotations

import pytest

PLAIN_TEST = """
def test_title(page):
    page.set_content("<title>plain</title><h1>hello</h1>")
    assert page.title() == "plain"
    assert "HeadlessChrome" in page.evaluate("navigator.userAgent")
"""


def test_plain_pytest_playwright_test_runs_without_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PLAIN_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_user_overrides_of_launch_args_compose_with_ours(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
import pytest

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "args": [*browser_type_launch_args["args"], "--lang=de-DE"]}

def pytest_sessionfinish(session):
    pass
"""
    )
    pytester.makepyfile(
        """
def test_args(browser_type_launch_args, page):
    assert "--lang=de-DE" in browser_type_launch_args["args"]
    assert "--disable-background-networking" in browser_type_launch_args["args"]
    assert browser_type_launch_args["executable_path"]
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_a_wrong_chromium_option_fails_with_a_clear_message(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PLAIN_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--uiagent-chromium=/no/such/chrome")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*No Chromium browser found. Tried:*", "*/no/such/chrome*", "*apt-get install chromium*"])
    assert "Traceback" not in result.stdout.str()


def test_help_lists_the_uiagent_options(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*uiagent*", "*--uiagent-chromium=PATH*", "*--uiagent-browser-ws=URL*"])


def test_a_failed_visual_assertion_points_at_the_test_s_line_not_at_uiagent(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
def test_receipt(page, expect_visual):
    page.set_content("<h1>Receipt</h1>")
    expect_visual(page).to_match_baseline("receipt")  # the line a failure points at
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "No baseline 'receipt'" in out
    assert 'expect_visual(page).to_match_baseline("receipt")  # the line a failure points at' in out
    assert "uiagent/assertions/expect.py" not in out, "uiagent's own frames are hidden"

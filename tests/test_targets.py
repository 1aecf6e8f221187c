"""Turning user input into URLs, and loading pages with errors that name the page and the cause."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from playwright.sync_api import Page

from uiagent.capture import load_page, resolve_target
from uiagent.errors import PageLoadError, TargetError


@pytest.mark.parametrize(
    ("target", "cause"),
    [
        ("http//example.org", "file does not exist"),
        ("http://", "malformed URL"),
        ("http://:8080/x", "malformed URL"),
        ("http://127.0.0.1:99999/", "bad port"),
        ("ftp://example.org/file", "unsupported URL scheme 'ftp'"),
        ("   ", "empty target"),
        ("no/such/page.html", "file does not exist"),
    ],
)
def test_bad_targets_are_rejected_before_any_browser_work(target: str, cause: str) -> None:
    with pytest.raises(TargetError) as raised:
        resolve_target(target)
    assert cause in str(raised.value)


def test_files_and_folders_become_file_urls(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<h1>hi</h1>")
    assert resolve_target(str(tmp_path)) == (tmp_path / "index.html").as_uri()
    assert resolve_target(str(tmp_path / "index.html")) == (tmp_path / "index.html").as_uri()
    (tmp_path / "empty").mkdir()
    with pytest.raises(TargetError, match="folder without an index.html"):
        resolve_target(str(tmp_path / "empty"))


def test_web_urls_pass_through_unchanged() -> None:
    assert resolve_target("https://example.org/a?b=1") == "https://example.org/a?b=1"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_host_names_the_cause(page: Page) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/"
    with pytest.raises(PageLoadError) as raised:
        load_page(page, url, timeout_s=5)
    assert raised.value.url == url
    assert "connection refused" in raised.value.cause


@pytest.mark.parametrize(("path", "status"), [("__status/404", "HTTP 404"), ("__status/500", "HTTP 500"),
                                              ("missing-page.html", "HTTP 404")])
def test_http_error_status_is_a_load_error(page: Page, fixture_site, path: str, status: str) -> None:
    with pytest.raises(PageLoadError, match=status) as raised:
        load_page(page, fixture_site.url(path), timeout_s=5)
    assert path in str(raised.value)


def test_page_that_never_finishes_loading_is_checked_as_it_was_with_a_warning(page: Page, fixture_site) -> None:
    """Its document arrived: a resource that never finishes (a stuck iframe, a long poll) must not lose the page."""
    warnings = load_page(page, fixture_site.url("never-loads.html"), timeout_s=1.5)
    assert [w for w in warnings if w.startswith("never finished loading: no load event within 1.5s")]
    assert page.evaluate("document.readyState") == "interactive"


def test_server_that_drops_the_connection_is_named(page: Page, fixture_site) -> None:
    with pytest.raises(PageLoadError, match="without a response|connection reset"):
        load_page(page, fixture_site.url("__drop"), timeout_s=5)


def test_script_errors_are_reported_but_do_not_stop_loading(page: Page, fixture_site) -> None:
    errors = load_page(page, fixture_site.url("script-error.html"), timeout_s=5)
    page.wait_for_timeout(100)
    assert any("undefinedFunctionCall" in e for e in errors)
    assert page.locator("h1").inner_text() == "Still renders"


def test_unsafe_port_is_explained(page: Page) -> None:
    with pytest.raises(PageLoadError, match="unsafe-port"):
        load_page(page, "http://127.0.0.1:1/", timeout_s=5)

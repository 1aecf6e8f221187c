"""Turning what a user typed (URL or file path) into a URL, and loading it with errors that name the cause."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from uiagent.capture.network import watch_network
from uiagent.errors import NotAWebPage, PageLoadError, TargetError

# What a browser renders as a document of the page itself (an SVG or XML document included).
DOCUMENT_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "application/xml", "text/xml"}
XML_TYPES = {"application/xml", "text/xml"}  # a document of any vocabulary: rendered only if styled
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
WEB_SCHEMES = {"http", "https"}
OTHER_SCHEMES = {"file", "about", "data"}

# Chromium network error codes, in words a user understands.
_NET_ERRORS = {
    "ERR_CONNECTION_REFUSED": "connection refused (is the server running?)",
    "ERR_NAME_NOT_RESOLVED": "host name could not be resolved",
    "ERR_NAME_RESOLUTION_FAILED": "host name could not be resolved",
    "ERR_ADDRESS_UNREACHABLE": "host unreachable",
    "ERR_CONNECTION_TIMED_OUT": "connection timed out",
    "ERR_CONNECTION_RESET": "connection reset by the server",
    "ERR_EMPTY_RESPONSE": "the server closed the connection without a response",
    "ERR_FILE_NOT_FOUND": "file not found",
    "ERR_INVALID_URL": "invalid URL",
    "ERR_CERT_AUTHORITY_INVALID": "TLS certificate not trusted",
    "ERR_UNSAFE_PORT": "the browser refuses this port (Chromium's unsafe-port list)",
    "ERR_TOO_MANY_REDIRECTS": "redirect loop (too many redirects)",
    "ERR_ABORTED": "navigation aborted (a download, or the page navigated away)",
}


def resolve_target(target: str) -> str:
    """A navigable URL for `target`, or TargetError before any browser work is done."""
    text = target.strip()
    if not text:
        raise TargetError(repr(target), "empty target")
    if not _SCHEME.match(text) or re.match(r"^[a-zA-Z]:[\\/]", text):
        path = Path(text).expanduser()
        if not path.exists():
            raise TargetError(text, f"file does not exist ({path.resolve()})")
        if path.is_dir():
            index = path / "index.html"
            if not index.is_file():
                raise TargetError(text, "is a folder without an index.html")
            path = index
        return path.resolve().as_uri()
    try:
        parts = urlsplit(text)
    except ValueError as error:  # e.g. an unclosed IPv6 bracket: http://[::1
        raise TargetError(text, f"malformed URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme in WEB_SCHEMES:
        if not parts.netloc or parts.netloc.startswith(":") or " " in text:
            raise TargetError(text, "malformed URL (expected http(s)://host[:port]/path)")
        try:
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            raise TargetError(text, "malformed URL (bad port)") from None
        return text
    if scheme == "file":
        path = Path(parts.path)
        if not path.exists():
            raise TargetError(text, f"file does not exist ({path})")
        return text
    if scheme in OTHER_SCHEMES:
        return text
    raise TargetError(text, f"unsupported URL scheme '{scheme}' (use http, https or a file path)")


def load_page(page: Page, url: str, timeout_s: float) -> list[str]:
    """Navigate and wait for the load event. Returns warnings: script errors seen on the way, and a load event
    that never came (a resource kept loading: the page is checked as it was, the warning says so). Neither
    stops a capture.

    Raises PageLoadError for an unreachable host, an HTTP error status, or a document that never arrives.
    """
    script_errors: list[str] = []
    watch_network(page)
    page.on("pageerror", lambda error: script_errors.append(f"uncaught script error: {error.name}: {error.message}"))
    timeout_ms = timeout_s * 1000
    try:
        response = page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    except PlaywrightTimeout:
        raise PageLoadError(url, f"no response within {timeout_s:g}s") from None
    except PlaywrightError as error:
        raise PageLoadError(url, _describe_navigation_error(error.message)) from None
    if response is not None and response.status >= 400:
        raise PageLoadError(url, f"HTTP {response.status} {response.status_text}".rstrip())
    kind = (response.headers.get("content-type", "") if response is not None else "").split(";")[0].strip().lower()
    if kind and kind not in DOCUMENT_TYPES:  # the browser would show its image, PDF or text viewer instead
        raise NotAWebPage(url, f"not a web page: the server sent {kind}; skipped")
    try:
        page.wait_for_load_state("load", timeout=timeout_ms)
    except PlaywrightTimeout:
        script_errors.append(f"never finished loading: no load event within {timeout_s:g}s (a resource kept "
                             "loading); checked as it was then")
    if kind in XML_TYPES and _shows_xml_source(page):
        raise NotAWebPage(url, f"not a web page: {kind} with no style information, which the browser shows as "
                               "its source tree; skipped")
    return script_errors


def _shows_xml_source(page: Page) -> bool:
    """Whether Chromium replaced an XML document it has no way to render (no style sheet, not XHTML or SVG) by
    its own source-tree viewer: an HTML document of Chromium's, not the author's, so nothing of it is audited."""
    try:
        return bool(page.evaluate("() => !!document.getElementById('xml-viewer-style') "
                                  "&& document.contentType.endsWith('xml')"))
    except PlaywrightError:
        return False


def playwright_cause(error: PlaywrightError) -> str:
    """The first line of a Playwright error (its call log follows), or its type when it says nothing."""
    return error.message.strip().splitlines()[0] if error.message.strip() else type(error).__name__


def _describe_navigation_error(message: str) -> str:
    for code, words in _NET_ERRORS.items():
        if code in message:
            return f"{words} [{code}]"
    first_line = message.strip().splitlines()[0] if message.strip() else "navigation failed"
    return first_line.removeprefix("Page.goto: ").split(" at http", 1)[0]


@contextmanager
def navigation_held(page: Page) -> Iterator[list[str]]:
    """While the block runs, the page's own attempts to navigate its main frame (a meta refresh, a script that
    sets location) are stopped, so that what is checked stays the page that was loaded. Yields the URLs the
    page tried to go to. Only the block's own requests pass through the route, so a page's loading is not
    slowed."""
    attempts: list[str] = []

    def stop(route: Route) -> None:
        request = route.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            attempts.append(request.url)
            route.abort("aborted")  # net::ERR_ABORTED: the current document stays, no error page
        else:
            route.fallback()

    page.route("**/*", stop)
    try:
        yield attempts
    finally:
        try:
            page.unroute("**/*", stop)
        except PlaywrightError:
            pass  # the page is closed

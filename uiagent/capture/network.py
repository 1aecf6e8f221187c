"""Knowing when a page's network is quiet without Playwright's fixed 500 ms `networkidle` wait: requests
are counted from before navigation, so a page that has finished loading is seen as quiet at once.

Only pages uiagent loads itself (`load_page`) are watched; for any other page (a user's test navigated
it) the capture falls back to `networkidle`, which needs no history."""

from __future__ import annotations

import time
from weakref import WeakKeyDictionary

from playwright.sync_api import Page, Request

# Requests that stay open for as long as the page wants them (a video buffering, a live connection): ending them
# is no sign of a loaded page, so they are not waited for. Playwright's `networkidle` waits on them too (a page
# with a video would wait for the cap, and be captured with a "network still busy" warning).
LONG_LIVED = frozenset({"media", "websocket", "eventsource"})


class NetworkWatch:
    def __init__(self, page: Page):
        self.in_flight: set[Request] = set()
        self.last_activity = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if request.resource_type in LONG_LIVED:
            return
        self.in_flight.add(request)
        self.last_activity = time.monotonic()

    def _ended(self, request: Request) -> None:
        self.in_flight.discard(request)
        self.last_activity = time.monotonic()

    def wait_quiet(self, page: Page, quiet_s: float, cap_s: float) -> bool:
        """Wait until no request has been in flight for `quiet_s`, at most `cap_s`. False if it never was."""
        deadline = time.monotonic() + cap_s
        while True:
            now = time.monotonic()
            if not self.in_flight and now - self.last_activity >= quiet_s:
                return True
            if now >= deadline:
                return False
            # Playwright delivers the request events while one of its calls runs, not during time.sleep.
            page.wait_for_timeout(25)


_WATCHES: WeakKeyDictionary[Page, NetworkWatch] = WeakKeyDictionary()


def watch_network(page: Page) -> NetworkWatch:
    if page not in _WATCHES:
        _WATCHES[page] = NetworkWatch(page)
    return _WATCHES[page]


def network_watch(page: Page) -> NetworkWatch | None:
    return _WATCHES.get(page)

"""What a page does while a check presses keys in it, beyond the DOM: it navigates (stopped, so the page stays the
one audited), opens a dialog (dismissed) or a window (closed), or crashes. Each is noted for the check to weigh. A
reload the check asks for itself goes through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Dialog, Page, Route
from playwright.sync_api import Error as PlaywrightError


class Incidents:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.seen: list[str] = []
        self._reloading = False

    def reload(self, timeout_s: float) -> None:
        """Load the page again from its URL (to leave it as it was before the keys changed it)."""
        self._reloading = True
        try:
            self.page.reload(wait_until="load", timeout=timeout_s * 1000)
        finally:
            self._reloading = False

    @contextmanager
    def watched(self) -> Iterator[Incidents]:
        # Registered last, this route is asked first: it stops the page's own navigations before any other.
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("popup", self._popup)
        self.page.on("crash", self._crash)
        try:
            yield self
        finally:
            for event, handler in (("dialog", self._dialog), ("popup", self._popup), ("crash", self._crash)):
                self.page.remove_listener(event, handler)
            try:
                self.page.unroute("**/*", self._route)
            except PlaywrightError:
                pass  # the page is closed

    def _route(self, route: Route) -> None:
        request = route.request
        if not (request.is_navigation_request() and request.frame == self.page.main_frame):
            route.fallback()
        elif self._reloading:
            route.continue_()
        else:
            self.seen.append(f"navigated the page to {request.url}")
            route.abort("aborted")  # net::ERR_ABORTED: the document stays, no error page

    def _dialog(self, dialog: Dialog) -> None:
        self.seen.append(f"opened a {dialog.type} dialog")
        try:
            dialog.dismiss()
        except PlaywrightError:
            pass  # another handler dismissed it already

    def _popup(self, popup: Page) -> None:
        self.seen.append("opened a window")
        popup.close()

    def _crash(self, page: Page) -> None:
        self.seen.append("crashed the page")

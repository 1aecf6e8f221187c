"""A static file server on 127.0.0.1 in a background thread, for the demo site and test fixture pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

from uiagent.demo.labels import SITE_DIR
from uiagent.loopback import LoopbackServer

# A route answers a request itself (status codes, slow responses) instead of serving a file.
Route = Callable[[SimpleHTTPRequestHandler], None]


class _Handler(SimpleHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}
    # Pages here are UTF-8; without a charset a browser would read them as windows-1252.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012 - the base class's own attribute
                      **{ext: f"{kind}; charset=utf-8" for ext, kind in (
                          (".html", "text/html"), (".htm", "text/html"), (".css", "text/css"),
                          (".js", "text/javascript"), (".svg", "image/svg+xml"), (".xml", "text/xml"),
                          (".txt", "text/plain"), (".json", "application/json"))}}

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        for prefix, route in self.routes.items():
            if path.startswith(prefix):
                route(self)
                return
        super().do_GET()

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except ConnectionError:  # the browser stopped reading (a media range it no longer needs): not an error
            self.close_connection = True

    def end_headers(self) -> None:
        # Pages under test must be re-read every run, never served from Chromium's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer(LoopbackServer):
    """Serves `root` on an ephemeral loopback port: `with SiteServer(root) as site: site.url("page.html")`."""

    def __init__(self, root: Path, routes: dict[str, Route] | None = None):
        handler = type("Handler", (_Handler,), {"routes": dict(routes or {})})
        super().__init__(functools.partial(handler, directory=str(root)), name="uiagent-site")
        self.root = root

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")


def serve_demo() -> SiteServer:
    return SiteServer(SITE_DIR)

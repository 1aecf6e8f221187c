"""A static file server on 127.0.0.1 in a background thread, for the demo site and test fixture pages."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from uiagent.demo.labels import SITE_DIR

# A route answers a request itself (status codes, slow responses) instead of serving a file.
Route = Callable[[SimpleHTTPRequestHandler], None]


class _Handler(SimpleHTTPRequestHandler):
    routes: dict[str, Route] = {}

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self.path.split("?", 1)[0]
        for prefix, route in self.routes.items():
            if path.startswith(prefix):
                route(self)
                return
        super().do_GET()

    def end_headers(self) -> None:
        # Pages under test must be re-read every run, never served from Chromium's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class SiteServer:
    """Serves `root` on an ephemeral loopback port: `with SiteServer(root) as site: site.url("page.html")`."""

    def __init__(self, root: Path, routes: dict[str, Route] | None = None):
        handler = type("Handler", (_Handler,), {"routes": dict(routes or {})})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="uiagent-site", daemon=True)
        self.root = root

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: tuple[type[BaseException], BaseException, TracebackType] | None) -> None:
        self.stop()


def serve_demo() -> SiteServer:
    return SiteServer(SITE_DIR)

"""An HTTP server on 127.0.0.1 in a background thread: the shape of the demo site and the VLM simulator."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Any, Self


class LoopbackServer:
    """Serves `handler` on 127.0.0.1 (port 0: any free one) until stopped; usable as a context manager."""

    def __init__(self, handler: Any, port: int = 0, name: str = "uiagent-loopback"):
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True  # a request left hanging (a fault route) never blocks shutdown
        self._thread = threading.Thread(target=self._server.serve_forever, name=name, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()




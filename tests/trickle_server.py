"""A real HTTP server on 127.0.0.1 that answers every request one byte a second: the kind of
server a per-read timeout never gives up on. `part` says what trickles: the status line and
headers ("headers") or, after prompt headers, the body ("body")."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY_BYTES = 100_000


@contextmanager
def trickling_server(part: str = "body") -> Iterator[str]:
    """The base URL of a server that trickles `part` of its answers; stopped on exit."""

    class Trickle(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))  # the request body
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {BODY_BYTES}\r\n\r\n"
            ).encode()
            if part == "body":
                self.wfile.write(head)
                head = b""
            try:
                for byte in head + b" " * BODY_BYTES:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1.0)
            except OSError:
                return  # the client gave up, as it should

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()

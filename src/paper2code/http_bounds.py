"""Hard bounds on one HTTP exchange: its wall time and the size of its answer.

httpx's timeouts bound each socket operation, so a server that trickles one byte a second
never trips them, and nothing bounds the size of a body read whole. `Bounds` is hooked into a
client (httpx, or httpx2 which the LLM SDKs use: both pass a request's `trace` extension down
to the connection) and bounds every request made inside `within(seconds)`:

- time: the client reports every socket it opens; when the time is up a timer shuts them down,
  which wakes the blocked read with an error (the caller sees `expired` and says "timed out").
  The client must not keep connections alive (`max_keepalive_connections=0`): every request
  then opens, and reports, its own socket.
- size: the answer's body is counted as it is read and cut off past `max_bytes`
  (the caller sees `oversized`).
"""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# httpcore's trace events that hand over a freshly opened stream (plain TCP, then TLS on top:
# wrapping a socket in TLS detaches the plain one, so both are kept).
_OPENED = (".connect_tcp.complete", ".start_tls.complete")


class BodyTooLarge(Exception):
    """Raised inside the client's read; the SDKs wrap it, so callers check `oversized`."""


class Bounds:
    def __init__(self, max_bytes: int | None = None) -> None:
        self.max_bytes = max_bytes
        self.expired = False
        self.oversized = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer: threading.Timer | None = None

    def event_hooks(self) -> dict[str, list[Any]]:
        """The `event_hooks=` of a client whose requests these bounds govern."""
        return {"request": [self._on_request], "response": [self._on_response]}

    @contextmanager
    def within(self, seconds: float) -> Iterator[Bounds]:
        """Requests made in this block end, one way or another, `seconds` after it starts."""
        timer = threading.Timer(seconds, self._expire)
        timer.daemon = True
        with self._lock:
            self.expired = self.oversized = False
            self._sockets = []
            self._timer = timer
        timer.start()
        try:
            yield self
        finally:
            timer.cancel()
            with self._lock:
                self._timer = None
                self._sockets = []

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def _on_request(self, request: Any) -> None:
        request.extensions["trace"] = self._trace

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if not event.endswith(_OPENED):
            return
        sock = info["return_value"].get_extra_info("socket")
        with self._lock:
            if self._timer is None or sock is None:
                return  # outside `within`: nothing to bound
            self._sockets.append(sock)
            if self.expired:  # the time ran out while connecting
                _shutdown(sock)

    def _on_response(self, response: Any) -> None:
        if self.max_bytes is None:
            return
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            self.oversized = True
            raise BodyTooLarge(f"the answer is {length} bytes")
        response.stream = _capped_class(type(response.stream))(response.stream, self)


@functools.cache
def _capped_class(stream_type: type) -> type:
    # httpx and httpx2 each insist on their own SyncByteStream: subclass the one in use.
    base = next(c for c in stream_type.__mro__ if c.__name__ == "SyncByteStream")
    return type("CappedStream", (_Capped, base), {})


class _Capped:
    """A response body stream that stops reading past the cap (chunked bodies say no length
    up front)."""

    def __init__(self, stream: Any, bounds: Bounds) -> None:
        self._stream = stream
        self._bounds = bounds
        self._cap = bounds.max_bytes or 0

    def __iter__(self) -> Iterator[bytes]:
        size = 0
        for chunk in self._stream:
            size += len(chunk)
            if size > self._cap:
                self._bounds.oversized = True
                raise BodyTooLarge(f"the answer is over {self._cap} bytes")
            yield chunk

    def close(self) -> None:
        self._stream.close()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: the request it carried is over
        sock.shutdown(socket.SHUT_RDWR)

"""Polite HTTP to arXiv: one request per interval, retries with backoff, errors a user can read.

arXiv asks automated clients for at most one request every three seconds and answers bursts
with 429/503 and a `Retry-After`. The interval is shared by every client in the process (a
pipeline may fetch metadata, source and PDF in a row). Downloads stream to a file so a large
e-print never sits in memory, and stop at the size cap. Retries and back-off are tenacity's;
`http_bounds` puts a hard deadline on each call.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx
import tenacity

from paper2code import __version__
from paper2code.acquire.settings import ENV_MAX_BYTES, ENV_TIMEOUT, Settings
from paper2code.errors import ArchiveError, NetworkError, NotFoundError, RateLimitedError
from paper2code.http_bounds import Bounds

USER_AGENT = f"paper2code/{__version__} (paper-to-code tool; https://pypi.org/project/paper2code/)"
_RETRY_STATUS = {429, 500, 502, 503, 504}
_STALL_SECONDS = 30.0  # silence on a connection this long counts as a dropped connection
_MAX_FEED_BYTES = 10 << 20  # an API answer for one paper is a few kilobytes
_T = TypeVar("_T")


class _Pacer:
    """Keeps requests at least `interval` seconds apart across the whole process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = float("-inf")

    def wait(self, interval: float) -> None:
        with self._lock:
            delay = self._last + interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._last = time.monotonic()


_PACER = _Pacer()


class _Retryable(Exception):
    """An attempt that may be repeated: `error` is what the user sees if none succeeds."""

    def __init__(self, error: Exception, retry_after: str | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class ArxivHttp:
    """GET with pacing and retries; `get_text` for the API, `download` for files.

    `settings.timeout` bounds one call in all (connecting, every byte, retries and the waits
    between them): a server that trickles bytes is cut off when it is up, not kept alive by
    each byte it sends."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._bounds = Bounds()
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            # per socket operation: a stalled connection is noticed (and retried) early
            timeout=min(settings.timeout, _STALL_SECONDS),
            follow_redirects=True,
            limits=httpx.Limits(max_keepalive_connections=0),
            event_hooks=self._bounds.event_hooks(),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ArxivHttp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_text(self, url: str, params: dict[str, str] | None = None) -> str:
        def read(response: httpx.Response) -> str:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > _MAX_FEED_BYTES:
                    raise NetworkError(f"{url} answered with more than {_MAX_FEED_BYTES} bytes")
            return body.decode(response.encoding or "utf-8", errors="replace")

        return self._request(url, params, read)

    def download(self, url: str, dest: Path) -> int:
        """Stream `url` into `dest`; returns the byte count. Stops at the size cap."""
        cap = self.settings.max_bytes

        def too_large() -> ArchiveError:
            return ArchiveError(
                f"{url} is larger than {cap} bytes; refusing to download it",
                hint=f"raise {ENV_MAX_BYTES} if this paper is really that large",
            )

        def save(response: httpx.Response) -> int:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > cap:
                raise too_large()
            size = 0
            with dest.open("wb") as fh:
                for chunk in response.iter_bytes():  # as received: the cap acts at once
                    size += len(chunk)
                    if size > cap:
                        raise too_large()
                    fh.write(chunk)
            return size

        return self._request(url, None, save)

    def _request(
        self,
        url: str,
        params: dict[str, str] | None,
        consume: Callable[[httpx.Response], _T],
    ) -> _T:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.settings.retries + 1)
            | tenacity.stop_before_delay(self.settings.timeout),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(_Retryable),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            with self._bounds.within(self.settings.timeout):
                return retrying(self._attempt, url, params, consume)
        except _Retryable as e:
            raise e.error from None

    def _attempt(
        self,
        url: str,
        params: dict[str, str] | None,
        consume: Callable[[httpx.Response], _T],
    ) -> _T:
        _PACER.wait(self.settings.interval)
        try:
            with self._client.stream("GET", url, params=params) as response:
                status = response.status_code
                if status == 404:
                    raise NotFoundError(f"{url}: not found (HTTP 404)")
                if status in _RETRY_STATUS or _rate_exceeded(response):
                    raise _Retryable(_give_up(url, status), response.headers.get("Retry-After"))
                if status >= 400:
                    raise NetworkError(f"{url}: HTTP {status}")
                return consume(response)
        except (httpx.TransportError, httpx.DecodingError) as e:
            if self._bounds.expired:
                raise NetworkError(
                    f"{url} did not complete within {self.settings.timeout:g} s",
                    hint=f"on a slow connection raise {ENV_TIMEOUT}",
                ) from None
            what = "cannot reach" if isinstance(e, httpx.ConnectError) else "lost"
            raise _Retryable(
                NetworkError(
                    f"{what} {httpx.URL(url).host}: {_reason(e)}",
                    hint="check your connection, or use --offline for cached papers",
                )
            ) from None

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        retry_after = error.retry_after if isinstance(error, _Retryable) else None
        return self._delay(state.attempt_number - 1, retry_after)

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """1, 2, 4 ... seconds, or what the server's Retry-After asks; at most `max_wait`."""
        wait = float(2**attempt)
        if retry_after:
            asked = _parse_retry_after(retry_after)
            if asked is not None:
                wait = asked
        return max(0.0, min(wait, self.settings.max_wait))


def _rate_exceeded(response: httpx.Response) -> bool:
    # The API sometimes throttles with HTTP 200 and the short plain-text body "Rate exceeded."
    # (only a short body is read here: a large one is a file, read by the caller)
    length = response.headers.get("content-length", "")
    return (
        response.headers.get("content-type", "").startswith("text/plain")
        and length.isdigit()
        and int(length) <= 1024
        and response.read()[:64].strip().lower().startswith(b"rate exceeded")
    )


def _give_up(url: str, status: int) -> Exception:
    if status == 429 or status == 200:
        return RateLimitedError(
            f"arXiv is rate-limiting requests ({httpx.URL(url).host})",
            hint="wait a few minutes and try again",
        )
    return NetworkError(f"{url}: HTTP {status} after retries", hint="arXiv may be down; retry")


def _parse_retry_after(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


def _reason(e: Exception) -> str:
    text = str(e).strip()
    return text or type(e).__name__

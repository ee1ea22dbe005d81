"""Polite HTTP to arXiv: one request per interval, retries with backoff, errors a user can read.

arXiv asks automated clients for at most one request every three seconds and answers bursts
with 429/503 and a `Retry-After`. The interval is shared by every client in the process (a
pipeline may fetch metadata, source and PDF in a row). Downloads stream to a file so a large
e-print never sits in memory, and stop at the size cap.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx

from paper2code import __version__
from paper2code.acquire.settings import ENV_MAX_BYTES, Settings
from paper2code.errors import ArchiveError, NetworkError, NotFoundError, RateLimitedError

USER_AGENT = f"paper2code/{__version__} (paper-to-code tool; https://pypi.org/project/paper2code/)"
_RETRY_STATUS = {429, 500, 502, 503, 504}
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


class ArxivHttp:
    """GET with pacing and retries; `get_text` for the API, `download` for files."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=settings.timeout,
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ArxivHttp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_text(self, url: str, params: dict[str, str] | None = None) -> str:
        def read(response: httpx.Response) -> str:
            return response.read().decode(response.encoding or "utf-8", errors="replace")

        return self._request(url, params, read)

    def download(self, url: str, dest: Path) -> int:
        """Stream `url` into `dest`; returns the byte count. Stops at the size cap."""
        cap = self.settings.max_bytes

        def save(response: httpx.Response) -> int:
            size = 0
            with dest.open("wb") as fh:
                for chunk in response.iter_bytes(1 << 16):
                    size += len(chunk)
                    if size > cap:
                        raise ArchiveError(
                            f"{url} is larger than {cap} bytes; refusing to download it",
                            hint=f"raise {ENV_MAX_BYTES} if this paper is really that large",
                        )
                    fh.write(chunk)
            return size

        return self._request(url, None, save)

    def _request(
        self,
        url: str,
        params: dict[str, str] | None,
        consume: Callable[[httpx.Response], _T],
    ) -> _T:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            _PACER.wait(self.settings.interval)
            try:
                with self._client.stream("GET", url, params=params) as response:
                    if response.status_code == 404:
                        raise NotFoundError(f"{url}: not found (HTTP 404)")
                    if response.status_code in _RETRY_STATUS or _rate_exceeded(response):
                        if last:
                            raise _give_up(url, response.status_code)
                        self._sleep(self._delay(attempt, response.headers.get("Retry-After")))
                        continue
                    if response.status_code >= 400:
                        raise NetworkError(f"{url}: HTTP {response.status_code}")
                    return consume(response)
            except (httpx.TransportError, httpx.DecodingError) as e:
                if last:
                    what = "cannot reach" if isinstance(e, httpx.ConnectError) else "lost"
                    raise NetworkError(
                        f"{what} {httpx.URL(url).host}: {_reason(e)}",
                        hint="check your connection, or use --offline for cached papers",
                    ) from None
                self._sleep(self._delay(attempt, None))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        wait = float(2**attempt)
        if retry_after:
            asked = _parse_retry_after(retry_after)
            if asked is not None:
                wait = asked
        return max(0.0, min(wait, self.settings.max_wait))


def _rate_exceeded(response: httpx.Response) -> bool:
    # The API sometimes throttles with HTTP 200 and the plain-text body "Rate exceeded."
    return response.headers.get("content-type", "").startswith("text/plain") and (
        response.read()[:64].strip().lower().startswith(b"rate exceeded")
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

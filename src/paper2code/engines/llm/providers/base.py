"""The interface every model provider implements, and the failures it reports.

A provider sends one chat request and returns the answer text with its token counts. It maps
its SDK's errors onto the few cases the engine treats differently: rate limited (wait and
retry), context too long (send less paper), not found / unauthorised (stop with a clear line).
Retries, caching, JSON validation and accounting live above it in `client.py`, once for all.
"""

from __future__ import annotations

import importlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from paper2code.engines.llm.settings import Settings
from paper2code.errors import ProviderError
from paper2code.http_bounds import Bounds

R = TypeVar("R")
_PROBE_SECONDS = 30.0  # the longest wait for the server to say its context window


@dataclass(frozen=True)
class Message:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Completion:
    text: str
    usage_in: int
    usage_out: int
    truncated: bool = False  # the answer hit the output budget (finish_reason "length")


class Provider(Protocol):
    name: str

    def complete(
        self,
        messages: list[Message],
        schema: dict[str, Any] | None,
        *,
        max_tokens: int,
        timeout: float,
    ) -> Completion:
        """One answer, or an error within `timeout` seconds (the whole answer included)."""
        ...


class RateLimited(ProviderError):
    """HTTP 429; `retry_after` is the server's advice in seconds, when it gave one."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ContextTooLong(ProviderError):
    """The prompt does not fit the model's context window."""


class Transient(ProviderError):
    """A server error or dropped connection worth one more try."""


class TimedOut(ProviderError):
    """The answer did not arrive in full within the time the request was given."""


class AnswerTooLarge(ProviderError):
    """The answer's body is larger than `Settings.max_answer_bytes`."""


class SchemaUnsupported(ProviderError):
    """The server rejects the structured-output parameter; the schema stays in the prompt."""


# Phrases servers use for an over-long prompt: OpenAI, Anthropic, vLLM, llama.cpp, Ollama.
_CONTEXT_PHRASES = (
    "context_length_exceeded",
    "context length",
    "maximum context",
    "prompt is too long",
    "too many tokens",
    "exceeds the available context",
    "context window",
)


_SCHEMA_PHRASES = (
    "response_format",
    "json_schema",
    "output_config",
    "output_format",
    "output format",
    "structured output",
)


def is_context_error(message: str) -> bool:
    low = message.lower()
    return any(p in low for p in _CONTEXT_PHRASES)


def call_mapped(sdk: Any, settings: Settings, send: Callable[[], R]) -> R:
    """Run one SDK call, turning the SDK's exceptions (the openai and anthropic SDKs share
    their names) into the cases the engine handles differently."""
    s = settings
    try:
        return send()
    except sdk.RateLimitError as e:
        raise RateLimited(one_line(e), retry_after_seconds(e.response.headers)) from None
    except sdk.NotFoundError:
        raise ProviderError(
            f"model {s.model!r} not found at {s.where}",
            hint="check --model; for Ollama, `ollama pull` it first",
        ) from None
    except (sdk.AuthenticationError, sdk.PermissionDeniedError) as e:
        raise ProviderError(f"{s.where} refused the API key: {one_line(e)}") from None
    except sdk.InternalServerError as e:
        # llama.cpp's server answers an unknown response_format with a 500, not a 400.
        if any(p in str(e).lower() for p in _SCHEMA_PHRASES):
            raise SchemaUnsupported(one_line(e)) from None
        raise Transient(f"{s.where}: {one_line(e)}") from None
    except sdk.APIConnectionError as e:
        raise Transient(f"{s.where}: {one_line(e)}") from None
    except sdk.APIStatusError as e:
        text = str(e)
        if e.status_code in (400, 413, 422) and is_context_error(text):
            raise ContextTooLong(one_line(e)) from None
        if e.status_code in (400, 422) and any(p in text.lower() for p in _SCHEMA_PHRASES):
            raise SchemaUnsupported(one_line(e)) from None
        raise ProviderError(f"{s.where} answered {e.status_code}: {one_line(e)}") from None
    except ValueError:  # the SDK could not decode the body (JSONDecodeError)
        raise not_an_answer(settings) from None


def not_an_answer(settings: Settings) -> ProviderError:
    """A body that is not the API's JSON: an HTML page, a proxy's error, another service."""
    return ProviderError(
        f"{settings.where} did not answer like the {settings.provider} API (the body is "
        "not its JSON)",
        hint="check --base-url: OpenAI-compatible servers usually end in /v1",
    )


def retry_after_seconds(headers: Any) -> float | None:
    """The server's advice on when to retry (`retry-after-ms`, or `retry-after` in seconds)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            value = headers.get(name)
            if value is not None:
                return max(0.0, float(value) / scale)
        except (TypeError, ValueError):
            continue  # an HTTP date, or garbage: back off on our own schedule
    return None


def missing_sdk(package: str) -> ProviderError:
    return ProviderError(
        f"the {package} SDK is not installed",
        hint="install the LLM extra: pip install 'paper2code[llm]'",
    )


def one_line(e: Exception) -> str:
    """An SDK error as one short line (their messages can hold whole JSON bodies)."""
    text = getattr(e, "message", None) or str(e) or type(e).__name__
    return " ".join(text.split())[:300]


class ServerMemory:
    """What we learnt about a server and model (the structured-output mode it accepts, its
    context window), kept beside the answer cache: the next run starts from what worked,
    and a fully cached re-run needs no request at all."""

    def __init__(self, root: Path | None) -> None:
        self.path = root / "servers.json" if root is not None else None

    def _read(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8")) if self.path else {}
        except (OSError, ValueError):
            return {}

    def get(self, key: str) -> Any:
        return self._read().get(key)

    def put(self, key: str, value: Any) -> None:
        if self.path is None:
            return
        known = self._read()
        if known.get(key) == value:
            return
        known[key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


class SDKProvider:
    """What the providers built on an official SDK share: importing it (or saying which extra
    to install), a client with the SDK's own retries off (retries are counted in client.py),
    error mapping, and structured-output negotiation: each provider lists the ways it can ask
    for JSON (`modes`, best first, ending with "prompt": the schema in the prompt text only,
    which every prompt carries anyway); a mode the server rejects is dropped for the next one,
    and the mode that worked is remembered per server and model."""

    name: str
    package: str  # the SDK's import name
    client_class: str  # its synchronous client
    modes: tuple[str, ...] = ("prompt",)

    def __init__(self, settings: Settings, detail: Callable[[str], None] | None = None) -> None:
        try:
            self._sdk = importlib.import_module(self.package)
        except ImportError as e:
            raise missing_sdk(self.package) from e
        self.settings = settings
        self._detail = detail or (lambda _msg: None)
        self.memory = ServerMemory(settings.cache_dir)
        self._key = f"{self.name} {settings.where} {settings.model}"
        self._remembered = self.memory.get(f"mode {self._key}")
        self.mode = self._remembered if self._remembered in self.modes else self.modes[0]
        self._said: str | None = None  # the mode last reported in --verbose output
        self._bounds = Bounds(max_bytes=settings.max_answer_bytes)
        # the SDK's own timeout bounds each read; `_bounds` the whole answer, and its size
        no_keepalive = type(self._sdk.DEFAULT_CONNECTION_LIMITS)(max_keepalive_connections=0)
        self._client = getattr(self._sdk, self.client_class)(
            api_key=settings.api_key(),
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
            http_client=self._sdk.DefaultHttpxClient(
                limits=no_keepalive, event_hooks=self._bounds.event_hooks()
            ),
        )

    def complete(
        self,
        messages: list[Message],
        schema: dict[str, Any] | None,
        *,
        max_tokens: int,
        timeout: float,
    ) -> Completion:
        if schema is None:
            return self._call(self.request(messages, None, max_tokens, "prompt"), timeout)
        mode = self.mode
        if self._said != mode:
            where = f"{self.settings.where}, {self.settings.model}"
            self._detail(f"structured output: {mode} ({where})")
            self._said = mode
        started = time.monotonic()
        try:
            result = self._call(self.request(messages, schema, max_tokens, mode), timeout)
        except SchemaUnsupported as e:
            if mode == self.modes[-1]:
                raise
            self.mode = self.modes[self.modes.index(mode) + 1]
            self._detail(f"structured output: the server rejected {mode} ({e.message[:120]})")
            left = timeout - (time.monotonic() - started)
            return self.complete(messages, schema, max_tokens=max_tokens, timeout=left)
        if mode != self._remembered:  # written once, not read back after every answer
            self.memory.put(f"mode {self._key}", mode)
            self._remembered = mode
        return result

    def _call(self, request: dict[str, Any], timeout: float) -> Completion:
        """One request, answered in full within `timeout` seconds and `max_answer_bytes`."""
        if timeout <= 0:
            raise TimedOut("no time left for the request")
        try:
            with self._bounds.within(timeout):
                response = call_mapped(self._sdk, self.settings, lambda: self.send(request))
        except Exception:
            # a socket shut at the deadline, or a body cut at the cap, reaches us as whatever
            # the SDK makes of it (a dropped connection, or our own exception): say what
            # really happened
            if self._bounds.expired:
                raise TimedOut(f"no complete answer within {timeout:.0f} s") from None
            if self._bounds.oversized:
                raise AnswerTooLarge(
                    f"the answer is larger than {self.settings.max_answer_bytes} bytes"
                ) from None
            raise
        try:
            return self.parse(response)
        except (AttributeError, TypeError, KeyError, IndexError):  # a str, or JSON of another API
            raise not_an_answer(self.settings) from None

    def context_window(self, timeout: float = _PROBE_SECONDS) -> int | None:
        """The model's context window in tokens, when the server says. Remembered either way
        (0: the server does not say), so a cached re-run sends nothing to find out again."""
        key = f"window {self._key}"
        known = self.memory.get(key)
        if not isinstance(known, int):
            # a courtesy question: a server that drags its answer out is simply not telling
            with self._bounds.within(min(timeout, _PROBE_SECONDS)):
                known = self.ask_window() or 0
            self.memory.put(key, known)
        return known or None

    def learn_window(self, window: int) -> None:
        self.memory.put(f"window {self._key}", window)

    def ask_window(self) -> int | None:
        """Ask the server for the model's window; None when it does not tell."""
        return None

    def request(
        self, messages: list[Message], schema: dict[str, Any] | None, max_tokens: int, mode: str
    ) -> dict[str, Any]:
        raise NotImplementedError

    def send(self, request: dict[str, Any]) -> Any:
        raise NotImplementedError

    def parse(self, response: Any) -> Completion:
        raise NotImplementedError

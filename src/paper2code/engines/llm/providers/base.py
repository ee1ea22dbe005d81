"""The interface every model provider implements, and the failures it reports.

A provider sends one chat request and returns the answer text with its token counts. It maps
its SDK's errors onto the few cases the engine treats differently: rate limited (wait and
retry), context too long (send less paper), not found / unauthorised (stop with a clear line).
Retries, caching, JSON validation and accounting live above it in `client.py`, once for all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from paper2code.engines.llm.settings import Settings
from paper2code.errors import ProviderError

R = TypeVar("R")


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
        self, messages: list[Message], schema: dict[str, Any] | None, *, max_tokens: int
    ) -> Completion: ...


class RateLimited(ProviderError):
    """HTTP 429; `retry_after` is the server's advice in seconds, when it gave one."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ContextTooLong(ProviderError):
    """The prompt does not fit the model's context window."""


class Transient(ProviderError):
    """A server error or dropped connection worth one more try."""


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
    except (sdk.InternalServerError, sdk.APIConnectionError) as e:
        raise Transient(f"{s.where}: {one_line(e)}") from None
    except sdk.APIStatusError as e:
        text = str(e)
        if e.status_code in (400, 413, 422) and is_context_error(text):
            raise ContextTooLong(one_line(e)) from None
        if e.status_code in (400, 422) and any(p in text.lower() for p in _SCHEMA_PHRASES):
            raise SchemaUnsupported(one_line(e)) from None
        raise ProviderError(f"{s.where} answered {e.status_code}: {one_line(e)}") from None


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


class SDKProvider:
    """What the providers built on an official SDK share: importing it (or saying which extra
    to install), a client with the SDK's own retries off (retries are counted in client.py),
    error mapping, and asking again without the structured-output parameter when a server
    rejects it (the schema is in the prompt as well)."""

    name: str
    package: str  # the SDK's import name
    client_class: str  # its synchronous client

    def __init__(self, settings: Settings) -> None:
        try:
            self._sdk = importlib.import_module(self.package)
        except ImportError as e:
            raise missing_sdk(self.package) from e
        self.settings = settings
        self.structured = True  # send the JSON schema as a structured-output parameter
        self._client = getattr(self._sdk, self.client_class)(
            api_key=settings.api_key(),
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
        )

    def complete(
        self, messages: list[Message], schema: dict[str, Any] | None, *, max_tokens: int
    ) -> Completion:
        structured = schema is not None and self.structured
        request = self.request(messages, schema if structured else None, max_tokens)
        try:
            return self.parse(call_mapped(self._sdk, self.settings, lambda: self.send(request)))
        except SchemaUnsupported:
            if not structured:
                raise
            self.structured = False
            return self.complete(messages, schema, max_tokens=max_tokens)

    def request(
        self, messages: list[Message], schema: dict[str, Any] | None, max_tokens: int
    ) -> dict[str, Any]:
        raise NotImplementedError

    def send(self, request: dict[str, Any]) -> Any:
        raise NotImplementedError

    def parse(self, response: Any) -> Completion:
        raise NotImplementedError

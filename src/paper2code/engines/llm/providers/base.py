"""The interface every model provider implements, and the failures it reports.

A provider sends one chat request and returns the answer text with its token counts. It maps
its SDK's errors onto the few cases the engine treats differently: rate limited (wait and
retry), context too long (send less paper), not found / unauthorised (stop with a clear line).
Retries, caching, JSON validation and accounting live above it in `client.py`, once for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from paper2code.errors import ProviderError


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


def is_context_error(message: str) -> bool:
    low = message.lower()
    return any(p in low for p in _CONTEXT_PHRASES)


def retry_after_seconds(headers: Any) -> float | None:
    """The Retry-After header (seconds form) of an error response, if any."""
    try:
        value = headers.get("retry-after")
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
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

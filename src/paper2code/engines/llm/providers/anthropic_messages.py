"""Anthropic's Messages API through the official `anthropic` SDK."""

from __future__ import annotations

from typing import Any

from paper2code.engines.llm.providers.base import (
    Completion,
    ContextTooLong,
    Message,
    RateLimited,
    Transient,
    is_context_error,
    missing_sdk,
    one_line,
    retry_after_seconds,
)
from paper2code.engines.llm.settings import Settings
from paper2code.errors import ProviderError


class AnthropicMessages:
    name = "anthropic"

    def __init__(self, settings: Settings) -> None:
        try:
            import anthropic
        except ImportError as e:
            raise missing_sdk("anthropic") from e
        self._sdk = anthropic
        self.settings = settings
        self._client = anthropic.Anthropic(
            api_key=settings.api_key(),
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
        )

    def complete(
        self, messages: list[Message], schema: dict[str, Any] | None, *, max_tokens: int
    ) -> Completion:
        sdk, s = self._sdk, self.settings
        system = "\n\n".join(m.content for m in messages if m.role == "system")
        request: dict[str, Any] = {
            "model": s.model,
            "max_tokens": max_tokens,
            "messages": [
                {"role": m.role, "content": m.content} for m in messages if m.role != "system"
            ],
        }
        if system:
            request["system"] = system
        if schema is not None:
            request["output_config"] = {"format": {"type": "json_schema", "schema": schema}}
        try:
            resp = self._client.messages.create(**request)
        except sdk.RateLimitError as e:
            raise RateLimited(one_line(e), retry_after_seconds(e.response.headers)) from None
        except sdk.NotFoundError:
            raise ProviderError(f"model {s.model!r} not found at {s.where}") from None
        except (sdk.AuthenticationError, sdk.PermissionDeniedError) as e:
            raise ProviderError(f"{s.where} refused the API key: {one_line(e)}") from None
        except (sdk.InternalServerError, sdk.APIConnectionError) as e:
            raise Transient(f"{s.where}: {one_line(e)}") from None
        except sdk.APIStatusError as e:
            if e.status_code in (400, 413) and is_context_error(str(e)):
                raise ContextTooLong(one_line(e)) from None
            raise ProviderError(f"{s.where} answered {e.status_code}: {one_line(e)}") from None
        text = "".join(getattr(b, "text", "") for b in resp.content if b.type == "text")
        return Completion(
            text=text,
            usage_in=resp.usage.input_tokens,
            usage_out=resp.usage.output_tokens,
            truncated=resp.stop_reason == "max_tokens",
        )

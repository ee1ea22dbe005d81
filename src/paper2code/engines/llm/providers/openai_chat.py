"""OpenAI's chat-completions API, and every server that speaks it (Ollama, vLLM, llama.cpp
server, LM Studio), through the official `openai` SDK pointed at `base_url`."""

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


class OpenAIChat:
    name = "openai"

    def __init__(self, settings: Settings) -> None:
        try:
            import openai
        except ImportError as e:
            raise missing_sdk("openai") from e
        self._sdk = openai
        self.settings = settings
        # Retries are ours (client.py), so that waits and failures are counted and reported.
        self._client = openai.OpenAI(
            api_key=settings.api_key(),
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
        )

    def complete(
        self, messages: list[Message], schema: dict[str, Any] | None, *, max_tokens: int
    ) -> Completion:
        sdk, s = self._sdk, self.settings
        request: dict[str, Any] = {
            "model": s.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
        }
        # OpenAI's newer models take only max_completion_tokens; local servers know max_tokens.
        request["max_completion_tokens" if s.official else "max_tokens"] = max_tokens
        if schema is not None:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": False},
            }
        try:
            resp = self._client.chat.completions.create(**request)
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
            if e.status_code in (400, 413, 422) and is_context_error(str(e)):
                raise ContextTooLong(one_line(e)) from None
            raise ProviderError(f"{s.where} answered {e.status_code}: {one_line(e)}") from None
        if not resp.choices:
            raise ProviderError(f"{s.where} returned no answer for model {s.model!r}")
        choice = resp.choices[0]
        usage = resp.usage
        return Completion(
            text=choice.message.content or "",
            usage_in=usage.prompt_tokens if usage else 0,
            usage_out=usage.completion_tokens if usage else 0,
            truncated=choice.finish_reason == "length",
        )

"""OpenAI's chat-completions API, and every server that speaks it (Ollama, vLLM, llama.cpp
server, LM Studio), through the official `openai` SDK pointed at `base_url`."""

from __future__ import annotations

from typing import Any

from paper2code.engines.llm.providers.base import (
    Completion,
    Message,
    SchemaUnsupported,
    call_mapped,
    missing_sdk,
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
        self.structured = True  # send the JSON schema as a structured-output parameter
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
        if schema is not None and self.structured:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": False},
            }
        try:
            resp = call_mapped(sdk, s, lambda: self._client.chat.completions.create(**request))
        except SchemaUnsupported:
            if "response_format" not in request:
                raise
            # An older local server: the schema is in the prompt too, so ask without it.
            self.structured = False
            return self.complete(messages, schema, max_tokens=max_tokens)
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

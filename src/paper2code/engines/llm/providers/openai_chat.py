"""OpenAI's chat-completions API, and every server that speaks it (Ollama, vLLM, llama.cpp
server, LM Studio), through the official `openai` SDK pointed at `base_url`."""

from __future__ import annotations

from typing import Any

from paper2code.engines.llm.providers.base import Completion, Message, SDKProvider
from paper2code.errors import ProviderError


class OpenAIChat(SDKProvider):
    name = "openai"
    package = "openai"
    client_class = "OpenAI"

    def request(
        self, messages: list[Message], schema: dict[str, Any] | None, max_tokens: int
    ) -> dict[str, Any]:
        s = self.settings
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
        return request

    def send(self, request: dict[str, Any]) -> Any:
        return self._client.chat.completions.create(**request)

    def parse(self, response: Any) -> Completion:
        if not response.choices:
            s = self.settings
            raise ProviderError(f"{s.where} returned no answer for model {s.model!r}")
        choice, usage = response.choices[0], response.usage
        return Completion(
            text=choice.message.content or "",
            usage_in=usage.prompt_tokens if usage else 0,
            usage_out=usage.completion_tokens if usage else 0,
            truncated=choice.finish_reason == "length",
        )

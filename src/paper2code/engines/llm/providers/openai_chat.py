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
    # OpenAI's json_schema; then json_object with the schema attached (llama.cpp's server and
    # others constrain to it); then the schema in the prompt only.
    modes = ("json_schema", "json_object", "prompt")

    def request(
        self, messages: list[Message], schema: dict[str, Any] | None, max_tokens: int, mode: str
    ) -> dict[str, Any]:
        s = self.settings
        request: dict[str, Any] = {
            "model": s.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
        }
        # OpenAI's newer models take only max_completion_tokens; local servers know max_tokens.
        request["max_completion_tokens" if s.official else "max_tokens"] = max_tokens
        if schema is not None and mode == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": False},
            }
        elif schema is not None and mode == "json_object":
            request["response_format"] = {"type": "json_object", "schema": schema}
        return request

    def send(self, request: dict[str, Any]) -> Any:
        return self._client.chat.completions.create(**request)

    def ask_window(self) -> int | None:
        """vLLM says `max_model_len`, LM Studio and others `context_length`, llama.cpp's C++
        server `meta.n_ctx_train`; OpenAI itself says nothing (its models are large)."""
        if self.settings.official:
            return None
        try:
            model = self._client.models.retrieve(self.settings.model)
        except Exception:  # noqa: BLE001 - a server without /models is simply not telling
            return None
        extra = dict(getattr(model, "model_extra", None) or {})
        extra.update(extra.get("meta") or {})
        for key in ("max_model_len", "context_length", "context_window", "n_ctx", "n_ctx_train"):
            value = extra.get(key)
            if isinstance(value, int) and value > 0:
                return value
        return None

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

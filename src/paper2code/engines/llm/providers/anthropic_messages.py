"""Anthropic's Messages API through the official `anthropic` SDK."""

from __future__ import annotations

from typing import Any

from paper2code.engines.llm.providers.base import Completion, Message, SDKProvider


class AnthropicMessages(SDKProvider):
    name = "anthropic"
    package = "anthropic"
    client_class = "Anthropic"
    modes = ("output_config", "prompt")

    def request(
        self, messages: list[Message], schema: dict[str, Any] | None, max_tokens: int, mode: str
    ) -> dict[str, Any]:
        system = "\n\n".join(m.content for m in messages if m.role == "system")
        request: dict[str, Any] = {
            "model": self.settings.model,
            "max_tokens": max_tokens,
            "messages": [
                {"role": m.role, "content": m.content} for m in messages if m.role != "system"
            ],
        }
        if system:
            request["system"] = system
        if schema is not None and mode == "output_config":
            # Sent as raw body so SDK releases that predate structured outputs still pass it on.
            output = {"format": {"type": "json_schema", "schema": schema}}
            request["extra_body"] = {"output_config": output}
        return request

    def send(self, request: dict[str, Any]) -> Any:
        return self._client.messages.create(**request)

    def parse(self, response: Any) -> Completion:
        text = "".join(getattr(b, "text", "") for b in response.content if b.type == "text")
        return Completion(
            text=text,
            usage_in=response.usage.input_tokens,
            usage_out=response.usage.output_tokens,
            truncated=response.stop_reason == "max_tokens",
        )

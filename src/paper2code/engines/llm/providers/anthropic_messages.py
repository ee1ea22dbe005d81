"""Anthropic's Messages API through the official `anthropic` SDK."""

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


class AnthropicMessages:
    name = "anthropic"

    def __init__(self, settings: Settings) -> None:
        try:
            import anthropic
        except ImportError as e:
            raise missing_sdk("anthropic") from e
        self._sdk = anthropic
        self.settings = settings
        self.structured = True  # send the JSON schema as a structured-output parameter
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
        if schema is not None and self.structured:
            request["output_config"] = {"format": {"type": "json_schema", "schema": schema}}
        try:
            resp = call_mapped(sdk, s, lambda: self._client.messages.create(**request))
        except SchemaUnsupported:
            if "output_config" not in request:
                raise
            # A model or server without structured outputs: the schema is in the prompt too.
            self.structured = False
            return self.complete(messages, schema, max_tokens=max_tokens)
        text = "".join(getattr(b, "text", "") for b in resp.content if b.type == "text")
        return Completion(
            text=text,
            usage_in=resp.usage.input_tokens,
            usage_out=resp.usage.output_tokens,
            truncated=resp.stop_reason == "max_tokens",
        )

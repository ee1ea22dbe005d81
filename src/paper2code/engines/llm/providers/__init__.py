"""Model providers: one module per API, behind the `Provider` interface in `base.py`.
To add one, subclass `SDKProvider` (or write any class with `name` and
`complete(messages, schema, max_tokens=..., timeout=...)`) and
register it in `PROVIDER_CLASSES`."""

from __future__ import annotations

from collections.abc import Callable

from paper2code.engines.llm.providers.base import Completion, Message, Provider
from paper2code.engines.llm.settings import Settings

Detail = Callable[[str], None] | None  # --verbose lines (which structured-output mode is used)


def _openai(settings: Settings, detail: Detail = None) -> Provider:
    from paper2code.engines.llm.providers.openai_chat import OpenAIChat

    return OpenAIChat(settings, detail)


def _anthropic(settings: Settings, detail: Detail = None) -> Provider:
    from paper2code.engines.llm.providers.anthropic_messages import AnthropicMessages

    return AnthropicMessages(settings, detail)


PROVIDER_CLASSES: dict[str, Callable[[Settings, Detail], Provider]] = {
    "openai": _openai,
    "anthropic": _anthropic,
}


def make_provider(settings: Settings, detail: Detail = None) -> Provider:
    return PROVIDER_CLASSES[settings.provider](settings, detail)


__all__ = ["Completion", "Message", "Provider", "make_provider", "PROVIDER_CLASSES"]

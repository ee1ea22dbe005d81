"""Which model the LLM engine talks to, and how: from options first, then the environment.

PAPER2CODE_MODEL      model name when `--model` is not given
PAPER2CODE_PROVIDER   openai | anthropic (default: anthropic for claude-*, else openai)
OPENAI_BASE_URL       an OpenAI-compatible server: Ollama, vLLM, llama.cpp, LM Studio
ANTHROPIC_BASE_URL    an Anthropic-compatible server
OPENAI_API_KEY / ANTHROPIC_API_KEY   read when the client is made; never stored or logged
PAPER2CODE_CACHE_DIR  where answers are cached (default: the user cache directory)
PAPER2CODE_CONTEXT_TOKENS  the model's context window, for servers that do not say it
PAPER2CODE_MAX_TOKENS the output budget of one answer (default 8192; stages ask for less)
PAPER2CODE_LLM_TIMEOUT   seconds one request may take, the whole answer included (default 600)
PAPER2CODE_LLM_DEADLINE  seconds all the requests of one run may take together (default 3600)
PAPER2CODE_LLM_MAX_ANSWER_BYTES  the largest answer body accepted (default 4 MB)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from paper2code.env import env_number
from paper2code.errors import ProviderError
from paper2code.redact import add_secret

PROVIDERS = ("openai", "anthropic")
_BASE_URL_VAR = {"openai": "OPENAI_BASE_URL", "anthropic": "ANTHROPIC_BASE_URL"}
KEY_VAR = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}  # see redact.SECRET_VARS
ENV_TIMEOUT = "PAPER2CODE_LLM_TIMEOUT"
ENV_DEADLINE = "PAPER2CODE_LLM_DEADLINE"
ENV_MAX_ANSWER = "PAPER2CODE_LLM_MAX_ANSWER_BYTES"
# Limits read from the environment when not given as options: variable, field, type, range.
_LIMIT_VARS: tuple[tuple[str, str, type, float, float], ...] = (
    ("PAPER2CODE_CONTEXT_TOKENS", "context_tokens", int, 512, 100_000_000),
    ("PAPER2CODE_MAX_TOKENS", "max_tokens", int, 16, 10_000_000),
    (ENV_TIMEOUT, "timeout", float, 1.0, 86400.0),
    (ENV_DEADLINE, "deadline", float, 1.0, 7 * 86400.0),
    (ENV_MAX_ANSWER, "max_answer_bytes", int, 1000, 1_000_000_000),
)
_OFFICIAL_HOSTS = {"openai": "api.openai.com", "anthropic": "api.anthropic.com"}


@dataclass(frozen=True)
class Settings:
    provider: str  # "openai" | "anthropic"
    model: str
    base_url: str | None = None  # None: the provider's official API
    cache_dir: Path | None = None  # None: no cache
    max_tokens: int = 8192  # output budget of one answer; doubled once when an answer is cut
    max_tokens_cap: int = 32768
    context_chars: int = 60_000  # paper text one prompt may carry; halved on "context too long"
    timeout: float = 600.0  # seconds for one request, every byte of the answer included
    deadline: float = 3600.0  # seconds for all the requests of one run, retries included
    max_answer_bytes: int = 4_000_000  # a larger answer body is refused as unusable
    rate_limit_retries: int = 4
    context_tokens: int | None = None  # the model's window; None: ask the server, else learn
    refresh: bool = False  # ask again rather than replay answers cached by earlier runs

    @property
    def official(self) -> bool:
        """Whether this is the provider's own hosted API (which needs a key and bills tokens)."""
        if self.base_url is None:
            return True
        return urlparse(self.base_url).hostname == _OFFICIAL_HOSTS[self.provider]

    def limits(self) -> dict[str, float]:
        """The bounds a run works within, as the summary and run.json state them."""
        return {
            "request_timeout_s": self.timeout,
            "deadline_s": self.deadline,
            "max_answer_bytes": self.max_answer_bytes,
        }

    @property
    def where(self) -> str:
        return self.base_url or f"https://{_OFFICIAL_HOSTS[self.provider]}"

    def api_key(self, env: Mapping[str, str] | None = None) -> str:
        """The key from the environment; a local server gets a placeholder the SDKs accept."""
        env = os.environ if env is None else env
        key = env.get(KEY_VAR[self.provider], "").strip()
        if key:
            add_secret(key)  # whichever mapping it came from, it is masked wherever it shows
            return key
        if self.official:
            raise ProviderError(
                f"no API key for {self.provider}: set {KEY_VAR[self.provider]}",
                hint=f"or point {_BASE_URL_VAR[self.provider]} at a local server",
            )
        return "not-needed"

    @classmethod
    def resolve(
        cls,
        model: str | None = None,
        *,
        provider: str | None = None,
        base_url: str | None = None,
        cache_dir: Path | None = None,
        env: Mapping[str, str] | None = None,
        refresh: bool = False,
        **limits: int | float,
    ) -> Settings:
        """Settings from explicit options, falling back to the environment variables above."""
        env = os.environ if env is None else env
        model = model or env.get("PAPER2CODE_MODEL", "").strip()
        if not model:
            raise ProviderError(
                "no model chosen for the LLM engine",
                hint="pass --model NAME or set PAPER2CODE_MODEL",
            )
        provider = (provider or env.get("PAPER2CODE_PROVIDER", "")).strip().lower()
        if not provider:
            provider = "anthropic" if model.startswith("claude") else "openai"
        if provider not in PROVIDERS:
            raise ProviderError(
                f"unknown provider {provider!r}", hint=f"use one of: {', '.join(PROVIDERS)}"
            )
        base_url = base_url or env.get(_BASE_URL_VAR[provider], "").strip() or None
        for var, limit, kind, low, high in _LIMIT_VARS:
            if limit not in limits and env.get(var, "").strip():
                default = getattr(cls, limit)
                limits[limit] = env_number(var, kind, default, low, high, env)
        if cache_dir is None:
            cache_dir = default_cache_dir(env)
        return cls(  # type: ignore[arg-type]
            provider, model, base_url, cache_dir, refresh=refresh, **limits
        )


def default_cache_dir(env: Mapping[str, str]) -> Path:
    override = env.get("PAPER2CODE_CACHE_DIR", "").strip()
    if override:
        return Path(override) / "llm"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("paper2code")) / "llm"

"""Choosing the provider, the server and the price; the run record."""

from __future__ import annotations

import json

import pytest

from paper2code.engines.base import StageUsage, Usage
from paper2code.engines.llm.accounting import charge, price_of
from paper2code.engines.llm.settings import Settings
from paper2code.errors import ProviderError


def test_provider_is_inferred_from_the_model_name(tmp_path):
    assert Settings.resolve("claude-sonnet-4-5").provider == "anthropic"
    assert Settings.resolve("gpt-4o").provider == "openai"
    assert Settings.resolve("llama3.1:8b").provider == "openai"


def test_environment_fills_what_options_leave_out(tmp_path):
    env = {
        "PAPER2CODE_MODEL": "qwen2.5-coder",
        "OPENAI_BASE_URL": "http://localhost:11434/v1",
        "PAPER2CODE_CACHE_DIR": str(tmp_path),
    }
    s = Settings.resolve(env=env)
    assert (s.provider, s.model, s.base_url) == ("openai", "qwen2.5-coder", env["OPENAI_BASE_URL"])
    assert s.cache_dir == tmp_path / "llm"
    assert not s.official and s.api_key(env) == "not-needed"  # a local server needs no key
    # Options win over the environment.
    s = Settings.resolve("m", base_url="http://gpu-box:8000/v1", env=env)
    assert (s.model, s.base_url) == ("m", "http://gpu-box:8000/v1")
    s = Settings.resolve(env={**env, "PAPER2CODE_PROVIDER": "Anthropic"})
    assert s.provider == "anthropic" and s.base_url is None and s.official


def test_hosted_api_needs_a_key_and_says_which():
    s = Settings.resolve("gpt-4o", env={})
    assert s.where == "https://api.openai.com"
    with pytest.raises(ProviderError, match="set OPENAI_API_KEY"):
        s.api_key({})
    assert s.api_key({"OPENAI_API_KEY": " sk-1 "}) == "sk-1"
    # The official host given explicitly is still the hosted API.
    assert Settings.resolve("gpt-4o", base_url="https://api.openai.com/v1", env={}).official


def test_unknown_provider():
    with pytest.raises(ProviderError, match="unknown provider 'gemini'"):
        Settings.resolve("x", provider="gemini", env={})


def test_prices_longest_prefix_local_free_unknown_none(monkeypatch, tmp_path):
    assert price_of(Settings.resolve("gpt-4o-mini-2024-07-18", env={})) == (0.15, 0.6)
    assert price_of(Settings.resolve("gpt-4o-2024-08-06", env={})) == (2.5, 10.0)
    assert price_of(Settings.resolve("gpt-9", env={})) is None
    local = Settings.resolve("gpt-4o", base_url="http://localhost:8000/v1", env={})
    assert price_of(local) == (0.0, 0.0)
    table = tmp_path / "prices.json"
    table.write_text(json.dumps({"openai": {"gpt-9": [1, 2]}}))
    monkeypatch.setenv("PAPER2CODE_PRICES", str(table))
    assert price_of(Settings.resolve("gpt-9", env={})) == (1.0, 2.0)


def test_usage_totals_and_unknown_cost():
    usage = Usage("llm", "gpt-4o", "openai")
    code = usage.stage("code")
    code.cost_usd = 0.0
    charge(code, 1_000_000, 100_000, (2.5, 10.0))
    assert code.cost_usd == 3.5 and code.requests == 1
    assert usage.stage("code") is code
    assert usage.total().cost_usd == 3.5
    usage.stages.append(StageUsage("notebook", requests=1, tokens_in=5))  # price unknown
    record = usage.to_dict()
    assert record["total"]["cost_usd"] is None  # unknown, not undercounted
    assert record["total"]["tokens_in"] == 1_000_005
    assert json.loads(json.dumps(record)) == record

"""Failures a user meets with a model server, each handled or reported in one clear line."""

from __future__ import annotations

import sys

import pytest
from scripted_llm import fault, transcript

from paper2code.analyse.model import Analysis
from paper2code.engines.base import Options
from paper2code.engines.llm import LLMEngine, Settings
from paper2code.engines.llm.providers.base import retry_after_seconds
from paper2code.errors import ProviderError, RateLimitedError


def engine(server, provider="openai", waits=None, **limits) -> LLMEngine:
    base = f"{server.url}/v1" if provider == "openai" else server.url
    settings = Settings.resolve("test-model", provider=provider, base_url=base, **limits)
    return LLMEngine(settings, sleep=(waits.append if waits is not None else lambda _s: None))


def generate(eng: LLMEngine, paper):
    return eng.generate(paper, Analysis(), Options())


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_rate_limit_waits_as_told_then_succeeds(llm_server, paper, provider):
    llm_server.script([fault("rate_limited"), *transcript("happy")])
    waits: list[float] = []
    project = generate(engine(llm_server, provider, waits), paper)
    assert waits == [1.5]  # as the server's Retry-After says
    assert llm_server.stages()[:2] == ["contribution", "contribution"]
    assert project.usage.stage("contribution").requests == 1  # the 429 is not billed


def test_rate_limit_that_persists_is_reported(llm_server, paper):
    llm_server.script([fault("rate_limited")] * 4)
    waits: list[float] = []
    with pytest.raises(RateLimitedError) as e:
        generate(engine(llm_server, waits=waits, rate_limit_retries=2), paper)
    assert len(llm_server.seen) == 3 and len(waits) == 2
    assert e.value.exit_code == 5 and "rate-limiting" in str(e.value)


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_truncated_answer_is_asked_again_with_more_room(llm_server, paper, provider):
    llm_server.script([fault("truncated"), *transcript("happy")])
    project = generate(engine(llm_server, provider, max_tokens=1000), paper)
    plans = [s.body for s in llm_server.seen if s.stage == "plan"]
    budget = "max_tokens"
    assert [p[budget] for p in plans] == [1000, 2000]
    assert project.files


def test_truncated_at_the_cap_fails_clearly(llm_server, paper):
    llm_server.script([fault("truncated"), *transcript("happy")])
    with pytest.raises(ProviderError) as e:
        generate(engine(llm_server, max_tokens=1000, max_tokens_cap=1000), paper)
    assert "cut its plan answer off at 1000 output tokens" in str(e.value)
    assert e.value.exit_code == 9


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_malformed_json_is_asked_again_once(llm_server, paper, provider):
    llm_server.script([fault("malformed"), *transcript("happy")])
    project = generate(engine(llm_server, provider), paper)
    audits = [s.body for s in llm_server.seen if s.stage == "audit"]
    assert len(audits) == 2
    reask = audits[1]["messages"]
    assert reask[-2] == {"role": "assistant", "content": fault("malformed")["text"]}
    assert "not valid JSON" in reask[-1]["content"]
    assert any(a.key == "gate_bias_init" for a in project.audit)


def test_malformed_json_twice_fails(llm_server, paper):
    llm_server.script([fault("malformed"), fault("malformed"), *transcript("happy")])
    with pytest.raises(ProviderError, match="malformed JSON twice at the audit stage"):
        generate(engine(llm_server), paper)


def test_context_too_long_sends_less_paper(llm_server, paper):
    llm_server.script([fault("context_too_long"), *transcript("happy")])
    project = generate(engine(llm_server, context_chars=400), paper)
    codes = [s.body["messages"][-1]["content"] for s in llm_server.seen if s.file == "src/model.py"]
    assert len(codes) == 2 and len(codes[1]) < len(codes[0])
    assert "left out to fit the context window" in codes[1]
    assert project.files


def test_context_too_long_at_any_size_fails_with_advice(llm_server, paper):
    llm_server.script([*transcript("happy")[:3], *[fault("context_too_long")] * 3])
    with pytest.raises(ProviderError) as e:
        generate(engine(llm_server), paper)
    assert "does not fit test-model's context window" in str(e.value)
    assert "longer context" in str(e.value)
    assert len([s for s in llm_server.seen if s.stage == "code"]) == 3


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_unknown_model(llm_server, paper, provider):
    llm_server.script([fault("unknown_model")])
    with pytest.raises(ProviderError, match="model 'test-model' not found at http://"):
        generate(engine(llm_server, provider), paper)


def test_unreachable_server_is_a_network_error(paper, tmp_path):
    settings = Settings.resolve("llama3", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(Exception) as e:
        generate(LLMEngine(settings, sleep=lambda _s: None), paper)
    assert type(e.value).__name__ == "NetworkError" and e.value.exit_code == 4


def test_missing_key_for_the_hosted_api():
    with pytest.raises(ProviderError, match="set OPENAI_API_KEY"):
        LLMEngine.from_settings("gpt-4o")
    with pytest.raises(ProviderError, match="set ANTHROPIC_API_KEY"):
        LLMEngine.from_settings("claude-sonnet-4-5")


def test_missing_sdk_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "anthropic", None)
    with pytest.raises(ProviderError, match=r"pip install 'paper2code\[llm\]'"):
        LLMEngine.from_settings("claude-x", base_url="http://127.0.0.1:9")


def test_no_model_chosen():
    with pytest.raises(ProviderError, match="--model NAME or set PAPER2CODE_MODEL"):
        LLMEngine.from_settings()


@pytest.mark.parametrize(
    ("provider", "param"), [("openai", "response_format"), ("anthropic", "output_config")]
)
def test_server_without_structured_output_gets_the_schema_in_the_prompt(
    llm_server, paper, provider, param
):
    llm_server.script([fault("schema_unsupported"), *transcript("happy")])
    project = generate(engine(llm_server, provider), paper)
    first, *rest = [s.body for s in llm_server.seen]
    assert param in first and all(param not in body for body in rest)
    assert "matching this JSON schema" in rest[0]["messages"][-1]["content"]
    assert project.files


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after-ms": "250", "retry-after": "1"}, 0.25),
        ({"retry-after": "Wed, 25 Nov 2026 12:00:00 GMT"}, None),
        ({}, None),
    ],
)
def test_retry_after_header_forms(headers, wait):
    assert retry_after_seconds(headers) == wait

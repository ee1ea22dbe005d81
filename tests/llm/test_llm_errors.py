"""Failures a user meets with a model server, each handled or reported in one clear line."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import replace

import pytest
from scripted_llm import fault, transcript

from paper2code.analyse.model import Analysis
from paper2code.engines.base import Options
from paper2code.engines.llm import LLMEngine, Settings
from paper2code.engines.llm.context import chunks, excerpt
from paper2code.engines.llm.providers.base import retry_after_seconds
from paper2code.errors import InputError, ProviderError, RateLimitedError
from paper2code.render.readme import render_readme


def engine(server, provider="openai", waits=None, detail=None, **limits) -> LLMEngine:
    base = f"{server.url}/v1" if provider == "openai" else server.url
    settings = Settings.resolve("test-model", provider=provider, base_url=base, **limits)
    sleep = waits.append if waits is not None else lambda _s: None
    return LLMEngine(settings, sleep=sleep, detail=detail)


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


def test_truncated_at_the_cap_falls_back_and_says_so(llm_server, paper):
    llm_server.script([fault("truncated"), *transcript("happy")])
    project = generate(engine(llm_server, max_tokens=1000, max_tokens_cap=1000), paper)
    (note,) = project.fallbacks
    assert "cut its plan answer off at 1000 output tokens" in note
    assert "the file plan is a single src/model.py" in note
    assert note in project.deviations  # REPRODUCTION_NOTES.md lists it


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


def test_malformed_json_twice_falls_back_to_our_own_audit(llm_server, paper):
    llm_server.script([fault("malformed"), fault("malformed"), *transcript("happy")])
    project = generate(engine(llm_server), paper)
    (note,) = project.fallbacks
    assert "malformed JSON twice at the audit stage" in note
    assert "the audit is paper2code's own" in note
    assert project.files  # the later stages still ran


def _audit_turn(items: list[dict]) -> dict:
    return {"stage": "audit", "json": {"items": items}}


def _item(key: str, status: str, quote: str | None = None, anchor: str | None = None) -> dict:
    return {
        "key": key,
        "family": "gating",
        "choice": key.replace("_", " "),
        "status": status,
        "value": "x",
        "quote": quote,
        "anchor": anchor,
        "rationale": "",
        "alternatives": ["y"],
    }


def test_context_too_long_sends_less_paper(llm_server, paper):
    """A file's prompt is cut to fit; the audit reads the sections it needs piece by piece."""
    spare_audits = [_audit_turn([])] * 4
    llm_server.script([fault("context_too_long"), *transcript("happy"), *spare_audits])
    project = generate(engine(llm_server, context_chars=400), paper)
    codes = [s.body["messages"][-1]["content"] for s in llm_server.seen if s.file == "src/model.py"]
    assert len(codes) == 2 and len(codes[1]) < len(codes[0])
    assert "left out to fit the context window" in codes[1]
    audits = [s.body["messages"][-1]["content"] for s in llm_server.seen if s.stage == "audit"]
    pieces = chunks(paper, ["§2.2", "§2.1"], 400)  # the sections the contribution names
    assert len(audits) == len(pieces) > 1
    for n, (prompt, piece) in enumerate(zip(audits, pieces, strict=True), start=1):
        assert f"(part {n} of {len(pieces)} of the sections this stage needs)\n{piece}" in prompt
    assert project.files


def test_the_audit_reads_at_most_four_pieces(llm_server, paper):
    spare_audits = [_audit_turn([])] * 8
    llm_server.script([*transcript("happy"), *spare_audits])
    project = generate(engine(llm_server, context_chars=120), paper)
    assert len([s for s in llm_server.seen if s.stage == "audit"]) == 4
    total = len(chunks(paper, ["§2.2", "§2.1"], 120))
    assert f"read the first 4 of {total} pieces" in " ".join(project.deviations)


def test_the_audit_keeps_what_each_piece_says_most_specifically(llm_server, paper):
    """Two pieces: the first is silent on the gate's shape, the second quotes it."""
    happy = transcript("happy")
    gate = "The gate is computed per feature from the layer input"
    pieces = [
        _audit_turn(
            [_item("gate_granularity", "UNSPECIFIED"), _item("gate_bias_init", "UNSPECIFIED")]
        ),
        _audit_turn([_item("gate_granularity", "SPECIFIED", gate, "§2.2")]),
    ]
    llm_server.script([t for t in happy if t["stage"] != "audit"] + pieces)
    eng = engine(llm_server)
    budget = len(excerpt(paper, ["§2"], 10**6)) // 2 + 200  # §2 takes two pieces
    eng.client.settings = replace(eng.client.settings, context_chars=budget)
    project = generate(eng, paper)
    assert len([s for s in llm_server.seen if s.stage == "audit"]) == 2
    items = {a.key: a for a in project.audit}
    assert items["gate_granularity"].status.value == "SPECIFIED"
    assert items["gate_granularity"].quote == gate
    assert items["gate_bias_init"].status.value == "UNSPECIFIED"


def test_context_too_long_at_any_size_leaves_an_honest_skeleton(llm_server, paper):
    happy = transcript("happy")
    llm_server.script([*happy[:3], *[fault("context_too_long")] * 3, *happy[3:]])
    project = generate(engine(llm_server), paper)
    assert len([s for s in llm_server.seen if s.file == "src/model.py"]) == 3
    (note,) = project.fallbacks
    assert "does not fit test-model's context window" in note
    assert "src/model.py is a skeleton that raises NotImplementedError" in note
    assert note.endswith(
        "To do better: use a model with a longer context (for Ollama, raise num_ctx)."
    )
    assert "NotImplementedError" in project.files["src/model.py"]
    assert not next(c for c in project.components if "src/model.py" in c.note).implemented
    # README says why it is a skeleton: the model's answer, not the built-in library
    readme = render_readme(project, paper, sorted(project.files))
    assert "the model left it unwritten, or gave no usable code for it" in readme
    assert "built-in library" not in readme


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


def test_openai_server_without_json_schema_gets_json_object(llm_server, paper):
    llm_server.script([fault("schema_unsupported"), *transcript("happy")])
    project = generate(engine(llm_server, "openai"), paper)
    first, *rest = [s.body for s in llm_server.seen]
    assert first["response_format"]["type"] == "json_schema"
    assert all(body["response_format"]["type"] == "json_object" for body in rest)
    assert rest[0]["response_format"]["schema"] == first["response_format"]["json_schema"]["schema"]
    assert project.files


def test_anthropic_server_without_structured_output_gets_the_schema_in_the_prompt(
    llm_server, paper
):
    llm_server.script([fault("schema_unsupported"), *transcript("happy")])
    project = generate(engine(llm_server, "anthropic"), paper)
    first, *rest = [s.body for s in llm_server.seen]
    assert "output_config" in first and all("output_config" not in body for body in rest)
    assert "matching this JSON schema" in rest[0]["messages"][-1]["content"]
    assert project.files


def test_llama_cpp_style_500s_fall_back_to_the_prompt_and_are_remembered(
    llm_server, paper, tmp_path
):
    # llama.cpp's server: json_schema is a 500 naming response_format; say json_object is too.
    rejected = {
        "stage": "contribution",
        "status": 500,
        "message": "1 validation error: {'loc': ('body', 'response_format', 'type'), "
        "'msg': \"Input should be 'text' or 'json_object'\"}",
    }
    llm_server.script([rejected, rejected, *transcript("happy")])
    said: list[str] = []
    generate(engine(llm_server, "openai", detail=said.append), paper)
    modes = [s.body.get("response_format", {}).get("type", "prompt") for s in llm_server.seen]
    assert modes[:3] == ["json_schema", "json_object", "prompt"]
    assert set(modes[3:]) == {"prompt"}
    assert said[0].startswith("structured output: json_schema")
    assert any("rejected json_object" in line for line in said)
    assert said[-1].startswith("structured output: prompt")

    # A new run against the same server and model starts with what worked (the answers
    # themselves are dropped from the cache, so it has to ask again).
    cache = tmp_path / "cache" / "llm"
    for answers in (p for p in cache.iterdir() if p.is_dir()):
        shutil.rmtree(answers)
    llm_server.seen.clear()
    llm_server.script(transcript("happy"))
    said.clear()
    generate(engine(llm_server, "openai", detail=said.append), paper)
    assert all("response_format" not in s.body for s in llm_server.seen)
    assert said == [f"structured output: prompt ({llm_server.url}/v1, test-model)"]


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


def test_window_reported_by_the_server_bounds_each_request(llm_server, httpserver, paper, tmp_path):
    # vLLM's /v1/models/{id} says max_model_len; every request then fits in it.
    httpserver.expect_request("/v1/models/test-model").respond_with_json(
        {"id": "test-model", "object": "model", "owned_by": "vllm", "max_model_len": 4096}
    )
    llm_server.script(transcript("happy"))
    eng = engine(llm_server, "openai")
    generate(eng, paper)
    budgets = [s.body["max_tokens"] for s in llm_server.seen]
    assert budgets and all(512 <= b < 4096 for b in budgets)
    for seen in llm_server.seen:
        prompt = sum(len(m["content"]) for m in seen.body["messages"])
        assert prompt // 3 + seen.body["max_tokens"] <= 4096
    assert eng.client.paper_budget() == 4096 * 3 // 2
    memory = json.loads((tmp_path / "cache" / "llm" / "servers.json").read_text())
    assert memory[f"window openai {llm_server.url}/v1 test-model"] == 4096


def test_window_named_in_an_error_is_learnt_and_the_answer_fitted(llm_server, paper):
    overflow = {
        "stage": "code",
        "file": "src/model.py",
        "status": 400,
        "message": "This model's maximum context length is 6000 tokens. However, you requested "
        "9300 tokens (1108 in the messages, 8192 in the completion).",
    }
    happy = transcript("happy")
    llm_server.script([*happy[:3], overflow, *happy[3:]])
    generate(engine(llm_server, "openai"), paper)
    first, second, *_ = [s.body for s in llm_server.seen if s.file == "src/model.py"]
    assert first["messages"] == second["messages"]  # the same prompt, less output asked
    assert first["max_tokens"] == 8192 and second["max_tokens"] < 6000


def test_context_window_setting(monkeypatch):
    monkeypatch.setenv("PAPER2CODE_CONTEXT_TOKENS", "8192")
    assert Settings.resolve("m", base_url="http://127.0.0.1:9/v1").context_tokens == 8192
    monkeypatch.setenv("PAPER2CODE_CONTEXT_TOKENS", "lots")
    with pytest.raises(InputError, match="PAPER2CODE_CONTEXT_TOKENS='lots' is not valid: use a"):
        Settings.resolve("m", base_url="http://127.0.0.1:9/v1")


def test_a_plan_with_no_file_under_src_falls_back(llm_server, paper):
    happy = transcript("happy")
    plan = next(t for t in happy if t["stage"] == "plan")
    outside = {**plan["json"], "files": [{"path": "../x.py", "purpose": "no", "anchors": []}]}
    turns = [t for t in happy if t["stage"] != "plan"]
    llm_server.script([{"stage": "plan", "json": outside}] * 2 + turns)
    project = generate(engine(llm_server), paper)
    (note,) = project.fallbacks
    assert "planned no Python file under src/" in note
    assert "the file plan is a single src/model.py" in note
    assert "src/model.py" in project.files

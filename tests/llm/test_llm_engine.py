"""The LLM engine against a scripted server on 127.0.0.1, through the real openai and anthropic
SDKs: every stage, the audit merge, context selection, caching and accounting."""

from __future__ import annotations

import json

import pytest
from scripted_llm import transcript

from paper2code.analyse import analyse
from paper2code.analyse.model import Analysis, AuditItem, Status
from paper2code.engines.base import Options
from paper2code.engines.llm import LLMEngine
from paper2code.engines.llm.client import STAGE_TOKENS, Settings


def engine_for(server, provider: str = "openai", **limits) -> LLMEngine:
    base = f"{server.url}/v1" if provider == "openai" else server.url
    return LLMEngine.from_settings("test-model", provider=provider, base_url=base, **limits)


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_generate_through_each_protocol(llm_server, paper, provider):
    llm_server.script(transcript("happy"))
    analysis = Analysis(
        components=["attention"],
        audit=[
            AuditItem(
                key="dropout",
                family="regularization",
                choice="Dropout rate",
                status=Status.SPECIFIED,
                value=0.1,
                quote="dropout 0.1",
                anchor="Table 1",
            )
        ],
    )
    project = engine_for(llm_server, provider).generate(paper, analysis, Options())

    assert llm_server.stages() == [
        "contribution",
        "audit",
        "plan",
        "code:src/model.py",
        "code:src/utils.py",
        "notebook",
    ]
    assert {s.protocol for s in llm_server.seen} == {provider}
    assert project.slug == "gated_residual_attention"
    assert list(project.files) == ["src/model.py", "src/utils.py"]  # ../outside.py refused
    assert "class GatedResidualAttention" in project.files["src/model.py"]
    assert any("../outside.py" in d for d in project.deviations)
    assert [c.path for c in project.config][0] == ("model", "d_model")
    assert "sys.path.insert(0, str(ROOT))" in project.notebook[0].source  # ours, always first
    assert "GatedResidualAttention()" in project.notebook[2].source
    assert project.requirements == ["torch==2.13.0"]
    assert project.components[0].anchor == "§2.1"

    # The analysis's item stands; the model's duplicate key is ignored.
    audit = {a.key: a for a in project.audit}
    assert audit["dropout"] is analysis.audit[0]
    # A true quote under the wrong anchor is re-anchored where the paper says it.
    assert audit["optimizer"].status is Status.SPECIFIED
    assert audit["optimizer"].anchor == "§3"
    # A quote the paper does not contain is downgraded, and the reader is told.
    assert audit["gate_granularity"].status is Status.UNSPECIFIED
    assert audit["gate_granularity"].quote is None
    assert any("Gate shape" in d and "UNSPECIFIED" in d for d in project.deviations)
    assert audit["gate_bias_init"].alternatives == ["-2.0 (start close to the input)"]
    # The model's free text reaches the notes as prose: only checked fields cite.
    assert audit["gate_granularity"].rationale.startswith("[downgraded")

    # Accounting: every stage counted; a local server costs nothing.
    usage = project.usage.to_dict()
    assert usage["total"]["requests"] == 6
    assert usage["total"]["cached"] == 0
    assert usage["total"]["tokens_in"] > 0 and usage["total"]["tokens_out"] > 0
    assert usage["total"]["cost_usd"] == 0.0
    assert [s["stage"] for s in usage["stages"]] == [
        "contribution",
        "audit",
        "plan",
        "code",
        "notebook",
    ]
    json.dumps(usage)  # run.json is plain JSON


def test_prompts_carry_only_the_sections_a_stage_needs(llm_server, paper):
    llm_server.script(transcript("happy"))
    engine_for(llm_server).generate(paper, Analysis(), Options())
    by_stage = {s.stage: s.body for s in llm_server.seen if s.file != "src/utils.py"}
    code_prompt = by_stage["code"]["messages"][-1]["content"]
    # §2.1 and §2.2 text (the file's anchors) is in; the introduction's text is not.
    assert "The gate is computed per feature from the layer input." in code_prompt
    assert "[Eq. 1] $$" in code_prompt
    assert "Attention layers add their output to their input." not in code_prompt
    # Every prompt has the citation grammar and the outline of valid anchors.
    system = by_stage["code"]["messages"][0]["content"]
    assert "[UNSPECIFIED]" in system and "never invent" in system
    assert "Table 1 (in §3): Hyperparameters." in code_prompt
    # The JSON schema is asked for structurally, and in the text for servers that ignore it.
    assert by_stage["plan"]["response_format"]["type"] == "json_schema"
    assert '"files"' in json.dumps(by_stage["plan"]["response_format"]["json_schema"]["schema"])
    # The knowledge base's choices for the family the model found reach the audit prompt.
    audit_prompt = by_stage["audit"]["messages"][-1]["content"]
    assert "- attention_scaling (Attention logit scaling): default 1/sqrt(d_k)" in audit_prompt
    # The contribution stage offers the knowledge base's family names.
    assert "positional_encoding" in by_stage["contribution"]["messages"][-1]["content"]
    # Only evidence the paper really contains is passed on.
    plan_prompt = by_stage["plan"]["messages"][-1]["content"]
    assert '"The gate is computed per feature from the layer input." (§2.2)' in plan_prompt
    assert "replaces layer normalisation" not in plan_prompt
    # The contribution stage's unknown anchor (§7) does not reach later prompts' text.
    assert "[§7]" not in by_stage["audit"]["messages"][-1]["content"]


def test_with_the_real_analysis(llm_server, paper):
    """The analysis's audit comes first and stands; knowledge notes skip what it covers."""
    llm_server.script(transcript("happy"))
    analysis = analyse(paper)
    project = engine_for(llm_server).generate(paper, analysis, Options())
    keys = [a.key for a in project.audit]
    assert keys[: len(analysis.audit)] == [a.key for a in analysis.audit]
    assert {"optimizer", "gate_granularity", "gate_bias_init"} <= set(keys)
    assert project.audit[keys.index("dropout")] is analysis.item("dropout")
    audit_prompt = next(s for s in llm_server.seen if s.stage == "audit").body["messages"][-1]
    assert "attention_scaling (Attention logit scaling)" not in audit_prompt["content"]
    assert "\n- attention_scaling: SPECIFIED = 1/sqrt(d_k)\n" in audit_prompt["content"]


def test_anthropic_request_shape(llm_server, paper):
    llm_server.script(transcript("happy"))
    engine_for(llm_server, "anthropic").generate(paper, Analysis(), Options())
    body = llm_server.seen[0].body
    assert "never invent" in body["system"]
    assert all(m["role"] != "system" for m in body["messages"])
    assert body["output_config"]["format"]["type"] == "json_schema"
    assert body["max_tokens"] == min(Settings.max_tokens, STAGE_TOKENS["contribution"])


def test_rerun_is_served_from_the_cache(llm_server, paper):
    llm_server.script(transcript("happy"))
    first = engine_for(llm_server).generate(paper, Analysis(), Options())
    sent = len(llm_server.seen)

    llm_server.script([])  # the server would refuse anything now
    again = engine_for(llm_server).generate(paper, Analysis(), Options())

    assert len(llm_server.seen) == sent  # zero requests
    assert again.files == first.files
    total = again.usage.total()
    assert (total.requests, total.cached, total.tokens_in, total.cost_usd) == (0, 6, 0, 0.0)


def test_api_key_is_sent_but_never_stored(llm_server, paper, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123")
    llm_server.script(transcript("happy"))
    project = engine_for(llm_server).generate(paper, Analysis(), Options())
    # The server saw it (so it was used) ...
    assert llm_server.seen[0].headers["Authorization"] == "Bearer sk-test-secret-123"
    # ... and it is nowhere in the cache or the accounting.
    stored = "".join(p.read_text() for p in (tmp_path / "cache").rglob("*.json"))
    assert stored and "sk-test-secret-123" not in stored
    assert "sk-test-secret-123" not in json.dumps(project.usage.to_dict())

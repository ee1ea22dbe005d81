"""The Transformer family takes the architecture choices a paper states: a modern decoder-only
LM paper (pre-RMSNorm, SwiGLU, RoPE with its theta, grouped-query attention, no biases, tied
embeddings; 12 heads, and a baseline with 24) run through the whole offline pipeline; then each
choice of the generated model.py, small, on its own."""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
import torch
import yaml

from paper2code import api

ROOT = Path(__file__).resolve().parent.parent
MODERN_LM = ROOT / "tests" / "fixtures" / "engine" / "modern_lm"


@pytest.fixture(scope="module")
def modern_lm(tmp_path_factory) -> tuple[api.RunSummary, Path]:
    out = tmp_path_factory.mktemp("modern_lm")
    summary = api.summarize(api.run(api.RunRequest(str(MODERN_LM), out_dir=out, offline=True)))
    return summary, Path(summary.directory)


def _config_lines(directory: Path) -> dict[str, str]:
    """`model:` key -> its comment in configs/base.yaml."""
    text = (directory / "configs" / "base.yaml").read_text(encoding="utf-8")
    model = text.split("\nmodel:\n", 1)[1].split("\ntraining:", 1)[0]
    return {
        m.group(1): m.group(2) for m in re.finditer(r"^  (\w+): .*? # (.*)$", model, re.MULTILINE)
    }


def test_modern_lm_paper_gets_the_choices_it_states(modern_lm) -> None:
    summary, directory = modern_lm
    cfg = yaml.safe_load((directory / "configs" / "base.yaml").read_text(encoding="utf-8"))
    model = cfg["model"]
    assert {k: model[k] for k in ("norm", "norm_position", "ffn", "pos")} == {
        "norm": "rmsnorm",
        "norm_position": "pre",
        "ffn": "swiglu",
        "pos": "rope",
    }
    assert (model["rope_theta"], model["num_kv_heads"]) == (500000, 4)
    assert (model["bias"], model["tie_embeddings"]) == (False, True)
    # the main model's sizes, not the baseline's 24 heads nor a 4 x d_model FFN
    assert (model["num_heads"], model["d_ff"], model["d_model"], model["num_layers"]) == (
        12,
        8192,
        3072,
        26,
    )
    comments = _config_lines(directory)
    for key in ("norm", "norm_position", "ffn", "pos", "rope_theta", "bias", "tie_embeddings"):
        assert comments[key].startswith("§2"), (key, comments[key])  # cited, not flagged
    assert comments["num_kv_heads"].startswith('§2.1 — "4 key-value heads')
    assert comments["d_ff"].startswith('§3 — "FFN size of 8192"')
    assert "architecture" not in model and "positional_encoding" not in model
    source = (directory / "src" / "model.py").read_text(encoding="utf-8")
    rms_doc = source.split("class RMSNorm", 1)[1].split('"""', 2)[1]
    assert rms_doc.startswith("§2 — RMSNorm")
    rope_doc = source.split("class RotaryEmbedding", 1)[1].split('"""', 2)[1]
    assert rope_doc.startswith("§2 — queries and keys rotated")
    # the gated FFN equation (Eq. 1) is the library's: no skeleton left for it
    assert summary.status == "complete" and summary.ok, summary
    assert summary.smoke is not None and summary.smoke.ok
    assert summary.verify.ok, summary.verify.findings
    names = {part.name for part in summary.implemented}
    assert {"RMSNorm", "Rotary position embedding (RoPE)", "Gated (GLU) feed-forward network"} <= (
        names
    )


def test_modern_lm_output_checks_clean_strict(modern_lm) -> None:
    _, directory = modern_lm
    report = api.check(directory, api.load_paper(str(MODERN_LM)), strict=True)
    assert not report.findings, [f.message for f in report.findings]


# ---- each choice of the generated model.py, small --------------------------------------------


@pytest.fixture(scope="module")
def model_py(modern_lm) -> ModuleType:
    """The generated src/model.py, imported on its own (it imports only torch)."""
    _, directory = modern_lm
    spec = importlib.util.spec_from_file_location("modern_lm_model", directory / "src/model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def small(model_py, modern_lm):
    """The smoke-size ModelConfig of the fixture's config (pre-RMSNorm, SwiGLU, RoPE, GQA)."""
    _, directory = modern_lm
    cfg = yaml.safe_load((directory / "configs" / "base.yaml").read_text(encoding="utf-8"))
    values = dict(cfg["model"]) | cfg["smoke"]["model"]
    return model_py.ModelConfig.from_dict(values)


def test_rmsnorm_divides_by_the_root_mean_square(model_py, small) -> None:
    norm = model_py.make_norm(small)
    assert isinstance(norm, model_py.RMSNorm)
    x = torch.randn(2, 3, small.d_model) * 5 + 3
    rms = norm(x).pow(2).mean(-1).sqrt()
    assert torch.allclose(rms, torch.ones_like(rms), atol=1e-3)
    layer = model_py.make_norm(replace(small, norm="layernorm"))
    assert isinstance(layer, torch.nn.LayerNorm) and layer.bias is None  # bias: false


def test_norm_positions(model_py, small) -> None:
    x = torch.randn(2, 3, small.d_model)
    double = lambda y: 2 * y  # noqa: E731
    post = model_py.SublayerConnection(replace(small, norm_position="post", dropout=0.0))
    assert torch.allclose(post(x, double), post.norm(3 * x))
    pre = model_py.SublayerConnection(replace(small, norm_position="pre", dropout=0.0))
    assert torch.allclose(pre(x, double), x + 2 * pre.norm(x))
    sandwich = model_py.SublayerConnection(replace(small, norm_position="sandwich", dropout=0.0))
    assert isinstance(sandwich.out_norm, model_py.RMSNorm)
    assert torch.allclose(sandwich(x, double), x + sandwich.out_norm(2 * sandwich.norm(x)))


def test_feed_forward_variants(model_py, small) -> None:
    x = torch.randn(2, 3, small.d_model)
    swiglu = model_py.PositionwiseFeedForward(small)
    expected = swiglu.W_2(torch.nn.functional.silu(swiglu.W_1(x)) * swiglu.W_3(x))
    assert torch.allclose(swiglu(x), expected)
    assert swiglu.W_1.bias is None  # bias: false
    geglu = model_py.PositionwiseFeedForward(replace(small, ffn="geglu"))
    assert isinstance(geglu.act, torch.nn.GELU) and geglu.W_3 is not None
    relu = model_py.PositionwiseFeedForward(replace(small, ffn="relu", bias=True))
    assert relu.W_3 is None and relu.W_1.bias is not None
    assert torch.allclose(relu(x), relu.W_2(relu.W_1(x).clamp(min=0)))


def test_rope_makes_scores_depend_on_relative_position(model_py, small) -> None:
    d_k = small.d_model // small.num_heads
    rope = model_py.RotaryEmbedding(d_k, 16, small.rope_theta)
    q, k = torch.randn(d_k), torch.randn(d_k)
    # the same q and k at positions (m, n) = (5, 2) and (9, 6): one score, as m - n is 3
    qs, ks = torch.zeros(1, 1, 16, d_k), torch.zeros(1, 1, 16, d_k)
    qs[..., [5, 9], :], ks[..., [2, 6], :] = q, k
    rq, rk = rope(qs)[0, 0], rope(ks)[0, 0]
    assert torch.allclose(rq[5] @ rk[2], rq[9] @ rk[6], atol=1e-5)
    assert not torch.allclose(rq[5] @ rk[2], rq[9] @ rk[2], atol=1e-3)
    faster = model_py.RotaryEmbedding(d_k, 16, 10.0)  # theta is read
    assert not torch.allclose(faster(qs), rope(qs))


def test_alibi_and_absolute_positions(model_py, small) -> None:
    bias = model_py.alibi_bias(4, 3, 3)  # (h, T, S)
    assert bias.shape == (4, 3, 3)
    assert torch.all(bias.diagonal(dim1=-2, dim2=-1) == 0)
    assert bias[0, 2, 0] == -2 * 2 ** (-8 / 4)  # head 1: slope 2^(-8/h), distance 2
    kinds = {
        "sinusoidal": model_py.SinusoidalPositionalEncoding,
        "learned": model_py.LearnedPositionalEmbedding,
        "rope": torch.nn.Identity,
        "alibi": torch.nn.Identity,
        "none": torch.nn.Identity,
    }
    for pos, kind in kinds.items():
        assert type(model_py.absolute_positions(replace(small, pos=pos))) is kind
        lm = model_py.TransformerLM(replace(small, pos=pos)).eval()
        tokens = torch.randint(0, small.vocab_size, (2, 6))
        assert lm(tokens).shape == (2, 6, small.vocab_size)
        attention = lm.layers[0].self_attn
        assert (attention.rope is not None, attention.alibi) == (pos == "rope", pos == "alibi")


def test_grouped_and_multi_query_attention(model_py, small) -> None:
    assert small.num_kv_heads == 2 and small.num_heads == 4  # grouped: 2 queries per key-value
    gqa = model_py.MultiHeadAttention(small)
    d_k = small.d_model // small.num_heads
    assert gqa.W_k.out_features == 2 * d_k and gqa.W_q.out_features == 4 * d_k
    kv = torch.arange(2.0).view(1, 2, 1, 1)
    assert model_py.repeat_kv(kv, 2).flatten().tolist() == [0.0, 0.0, 1.0, 1.0]
    mqa = model_py.MultiHeadAttention(replace(small, num_kv_heads=1))
    x = torch.randn(2, 5, small.d_model)
    assert mqa(x, x).shape == x.shape and mqa.W_v.out_features == d_k


def test_tied_embeddings_share_one_matrix(model_py, small) -> None:
    tied = model_py.TransformerLM(small)
    assert tied.head.weight is tied.embed.tokens.weight
    untied = model_py.TransformerLM(replace(small, tie_embeddings=False))
    assert untied.head.weight is not untied.embed.tokens.weight


def test_a_choice_the_code_does_not_have_is_refused(model_py, small) -> None:
    for key, value in (("norm", "batchnorm"), ("ffn", "tanh"), ("pos", "relative")):
        with pytest.raises(ValueError, match=f"{key}: '{value}'"):
            model_py.TransformerLM(replace(small, **{key: value}))
    with pytest.raises(ValueError, match="norm_position"):
        model_py.TransformerLM(replace(small, norm_position="middle"))


def _fingerprint(model_py, cfg) -> tuple:
    """What a model of `cfg` is: its tensors' names and shapes, and its training-mode output on
    fixed tokens with a fixed seed (so that dropout rates count too)."""
    torch.manual_seed(0)
    model = model_py.TransformerLM(cfg).train()
    shapes = tuple(
        (n, tuple(t.shape)) for n, t in [*model.named_parameters(), *model.named_buffers()]
    )
    torch.manual_seed(1)
    out = model(torch.randint(0, 10, (1, 6)))
    return shapes, out


def test_every_model_field_changes_the_model(model_py, small) -> None:
    """No ModelConfig field that editing changes nothing: each one, changed, gives another
    model or another output."""
    base_shapes, base_out = _fingerprint(model_py, small)
    changed = {
        "vocab_size": 60,
        "d_model": 48,
        "num_heads": 2,
        "num_kv_heads": 4,
        "num_layers": 3,
        "ffn": "gelu",
        "d_ff": 80,
        "dropout": 0.5,
        "attention_dropout": 0.5,
        "max_seq_len": 32,
        "pos": "sinusoidal",
        "rope_theta": 10.0,
        "norm": "layernorm",
        "norm_position": "post",
        "norm_eps": 0.5,
        "bias": True,
        "tie_embeddings": False,
        "scale_embeddings": True,
    }
    assert set(changed) == set(small.__dataclass_fields__)
    for key, value in changed.items():
        shapes, out = _fingerprint(model_py, replace(small, **{key: value}))
        differs = shapes != base_shapes or out.shape != base_out.shape
        assert differs or not torch.allclose(out, base_out), key
    assert math.isfinite(base_out.sum().item())


def test_rope_is_a_word_not_part_of_properties() -> None:
    from paper2code.knowledge import load_knowledge

    rope = next(
        p for p in load_knowledge().choice("pos_encoding_type").specified if p.value == "rope"
    )
    assert rope.regex.search("we use rotary position embeddings (RoPE)")
    for text in ("the variance preserving properties", "proper nouns such as names"):
        assert not rope.regex.search(text), text

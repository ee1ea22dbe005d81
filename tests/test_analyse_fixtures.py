"""End to end on the fixture papers: parsed LaTeX in, exact findings and audit classes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2code.analyse import analyse
from paper2code.analyse.model import Analysis, PaperType, Status
from paper2code.paper import load_paper

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


@pytest.fixture(scope="module")
def analysed() -> dict[str, tuple]:
    out = {}
    for name in ("transformer", "diffusion", "vague", "theory"):
        paper = load_paper(FIXTURES / f"{name}.tex")
        out[name] = (paper, analyse(paper))
    return out


def rows(analysis: Analysis) -> list[tuple]:
    return [(f.name, f.value, f.quote, f.anchor, f.context) for f in analysis.hyperparameters]


def status(analysis: Analysis, key: str) -> tuple:
    item = analysis.item(key)
    assert item is not None, f"no audit item {key}"
    return item.status, item.value, item.quote, item.anchor


BASE_ROW = "base 6 512 2048 8 0.1 100K 25.8"
BIG_ROW = "big 6 1024 4096 16 0.3 300K 26.4"


def test_transformer_findings(analysed):
    _, a = analysed["transformer"]
    assert rows(a) == [
        ("num_layers", 6, "$N = 6$ identical layers", "§2", None),
        ("d_model", 512, "$d_{\\text{model}} = 512$", "§2", None),
        ("num_heads", 8, "$h = 8$ parallel attention heads", "§2.2", None),
        ("head_dim", 64, "$d_k = d_v = d_{\\text{model}}/h = 64$", "§2.2", None),
        ("d_ff", 2048, "$d_{ff} = 2048$", "§2.3", None),
        ("vocab_size", 37000, "vocabulary of about 37000", "§3.1", None),
        ("batch_size", 25000, "training batch contained approximately 25,000", "§3.1", None),
        ("adam_beta1", 0.9, "$\\beta_1 = 0.9$", "§3.2", None),
        ("adam_beta2", 0.98, "$\\beta_2 = 0.98$", "§3.2", None),
        ("adam_eps", 1e-9, "$\\epsilon = 10^{-9}$", "§3.2", None),
        (
            "optimizer",
            "adam",
            "We used the Adam optimizer [adam] with $\\beta_1 = 0.9$, $\\beta_2 = 0.98$ and "
            "$\\epsilon = 10^{-9}$.",
            "§3.2",
            None,
        ),
        ("warmup_steps", 4000, "$warmup\\_steps = 4000$", "§3.2", None),
        (
            "lr_schedule",
            "inverse_sqrt",
            "The learning rate increases linearly for the first $warmup\\_steps = 4000$ training "
            "steps and then decreases with the inverse square root of the step number.",
            "§3.2",
            None,
        ),
        ("train_steps", 100000, "100K steps", "§3.2", "base"),
        ("dropout", 0.1, "dropout rate of $P_{drop} = 0.1$", "§3.3", "base"),
        ("dropout", 0.3, "dropout rate of $P_{drop} = 0.3$", "§3.3", "big"),
        ("label_smoothing", 0.1, "label smoothing of value $\\epsilon_{ls} = 0.1$", "§3.3", None),
        ("num_layers", 6, BASE_ROW, "Table 1", "base"),
        ("d_model", 512, BASE_ROW, "Table 1", "base"),
        ("d_ff", 2048, BASE_ROW, "Table 1", "base"),
        ("num_heads", 8, BASE_ROW, "Table 1", "base"),
        ("dropout", 0.1, BASE_ROW, "Table 1", "base"),
        ("train_steps", 100000, BASE_ROW, "Table 1", "base"),
        ("num_layers", 6, BIG_ROW, "Table 1", "big"),
        ("d_model", 1024, BIG_ROW, "Table 1", "big"),
        ("d_ff", 4096, BIG_ROW, "Table 1", "big"),
        ("num_heads", 16, BIG_ROW, "Table 1", "big"),
        ("dropout", 0.3, BIG_ROW, "Table 1", "big"),
        ("train_steps", 300000, BIG_ROW, "Table 1", "big"),
    ]
    assert a.value("batch_size").unit == "tokens"
    assert a.value("train_steps").unit == "steps"
    assert a.value("d_model", context="big").value == 1024
    assert a.conflicts == []  # base and big differ, but each says which it is


def test_transformer_audit(analysed):
    _, a = analysed["transformer"]
    S, P, U = Status.SPECIFIED, Status.PARTIALLY_SPECIFIED, Status.UNSPECIFIED
    assert status(a, "adam_eps") == (S, 1e-9, "$\\epsilon = 10^{-9}$", "§3.2")
    assert status(a, "norm_position")[:2] == (S, "post-norm")
    assert status(a, "norm_position")[3] == "§2"
    assert status(a, "attention_mask_value")[:2] == (S, "-inf")
    assert status(a, "ffn_activation")[::3] == (S, "Eq. 2")
    assert status(a, "pos_encoding_type")[:2] == (S, "sinusoidal")
    assert status(a, "lr_schedule")[:2] == (S, "inverse_sqrt")
    assert status(a, "dropout")[:2] == (S, 0.1)
    batch = a.item("batch_size")
    assert (batch.status, batch.value, batch.anchor) == (P, 25000, "§3.1")
    assert "per device or global" in batch.rationale and "tokens" in batch.rationale
    for key in ("norm_eps", "grad_clip", "weight_tying", "weight_init", "learning_rate"):
        assert a.item(key).status is U, key
    assert a.item("norm_eps").value == 1e-5
    assert a.item("adam_beta1").value == 0.9


def test_transformer_contribution_and_components(analysed):
    _, a = analysed["transformer"]
    c = a.contribution
    assert c.paper_type is PaperType.ARCHITECTURE
    assert c.summary.startswith("We propose the Relay, a new network architecture")
    assert c.anchors == ["§2", "§2.1", "§2.2", "§2.3", "Eq. 1", "Eq. 2"]
    assert [e.anchor for e in c.evidence] == ["§abstract", "§1"]
    assert c.implementable
    for family in ("attention", "transformer", "normalization", "positional_encoding", "optimizer"):
        assert family in a.components
    assert "diffusion" not in a.components and "gan" not in a.components


def test_diffusion_findings(analysed):
    _, a = analysed["diffusion"]
    linear = (
        "The forward process variances are constants increasing linearly from "
        "$\\beta_1 = 10^{-4}$ to $\\beta_T = 0.02$."
    )
    adam = (
        "We use Adam with a learning rate of $2 \\times 10^{-4}$ and a batch size of 128, and "
        "train for 800K steps."
    )
    assert rows(a) == [
        ("diffusion_steps", 1000, "$T = 1000$", "§4.1", None),
        ("beta_start", 1e-4, "$\\beta_1 = 10^{-4}$", "§4.1", None),
        ("beta_end", 0.02, "$\\beta_T = 0.02$", "§4.1", None),
        ("beta_schedule", "linear", linear, "§4.1", None),
        ("num_res_blocks", 2, "2 residual blocks per resolution level", "§4.1", None),
        ("base_channels", 128, "128 base channels", "§4.1", None),
        ("learning_rate", 2e-4, "learning rate of $2 \\times 10^{-4}$", "§4.1", None),
        ("batch_size", 128, "batch size of 128", "§4.1", None),
        ("train_steps", 800000, "800K steps", "§4.1", None),
        ("optimizer", "adam", adam, "§4.1", None),
        ("dropout", 0.1, "dropout rate to 0.1", "§4.1", "CIFAR10"),
        ("ema_decay", 0.9999, "decay factor of 0.9999", "§4.1", None),
    ]
    assert a.conflicts == []


def test_diffusion_audit_and_contribution(analysed):
    _, a = analysed["diffusion"]
    S, P, U = Status.SPECIFIED, Status.PARTIALLY_SPECIFIED, Status.UNSPECIFIED
    assert status(a, "ema_decay") == (S, 0.9999, "decay factor of 0.9999", "§4.1")
    assert status(a, "beta_start")[:2] == (S, 1e-4)
    assert status(a, "beta_schedule")[:2] == (S, "linear")
    assert status(a, "timestep_sampling")[::3] == (S, "Algorithm 1")
    assert status(a, "sampler_variance")[:2] == (S, "beta_t")
    assert status(a, "data_scaling")[:2] == (S, "[-1, 1]")
    assert status(a, "augmentation")[:2] == (S, "random flip")
    assert a.item("batch_size").status is P
    for key in ("grad_clip", "adam_eps", "weight_decay", "clip_denoised"):
        assert a.item(key).status is U, key
    assert a.item("attention_scaling") is None  # one mention of self-attention is not enough
    assert a.contribution.paper_type is PaperType.TRAINING_METHOD
    assert a.contribution.anchors == ["§3", "§3.1", "Eq. 3", "Algorithm 1"]
    assert {"diffusion", "convolution", "optimizer"} <= set(a.components)


def test_vague_paper(analysed):
    _, a = analysed["vague"]
    assert rows(a) == [
        ("learning_rate", 1e-4, "learning rate of 1e-4", "§3", None),
        ("batch_size", 256, "batch size of 256", "§3", None),
        ("epochs", 90, "90 epochs", "§3", None),
        ("learning_rate", 3e-4, "learning rate of 3e-4", "§A", None),
    ]
    [conflict] = a.conflicts
    assert conflict.name == "learning_rate"
    assert [(f.value, f.anchor) for f in conflict.hyperparameters] == [(1e-4, "§3"), (3e-4, "§A")]
    lr = a.item("learning_rate")
    assert (lr.status, lr.value, lr.anchor) == (Status.PARTIALLY_SPECIFIED, 1e-4, "§3")
    assert 'at §A: "learning rate of 3e-4"' in lr.rationale
    # Stated with the device count it is summed over: fully specified.
    assert a.item("batch_size").status is Status.SPECIFIED
    clip = a.item("grad_clip")
    assert (clip.status, clip.quote) == (
        Status.PARTIALLY_SPECIFIED,
        "We apply gradient clipping and use mixed precision.",
    )
    assert a.item("mixed_precision").status is Status.PARTIALLY_SPECIFIED
    assert a.item("weight_decay").status is Status.PARTIALLY_SPECIFIED
    standard = a.item("optimizer_type")
    assert standard.status is Status.PARTIALLY_SPECIFIED
    assert "using standard settings for the optimizer" in standard.quote
    following = a.item("norm_eps")
    assert following.status is Status.PARTIALLY_SPECIFIED
    assert following.quote == "The network uses batch normalization, following [12]."
    assert a.item("norm_type").value == "batchnorm"
    assert a.item("adam_eps") is None  # no Adam in this paper
    assert a.contribution.paper_type is PaperType.LOSS


def test_theory_paper_is_not_implementable(analysed):
    _, a = analysed["theory"]
    assert a.contribution.paper_type is PaperType.THEORY
    assert a.contribution.implementable is False
    assert a.hyperparameters == []


def test_every_quote_is_in_the_paper_at_its_anchor(analysed):
    for name, (paper, a) in analysed.items():
        for quote, anchor in quotes(a):
            assert paper.contains_quote(quote, within=anchor), (name, anchor, quote)


def quotes(a: Analysis) -> list[tuple[str, str]]:
    """Every (quote, anchor) an analysis claims the paper contains."""
    out = [(f.quote, f.anchor) for f in a.hyperparameters]
    out += [(f.quote, f.anchor) for c in a.conflicts for f in c.hyperparameters]
    out += [(i.quote, i.anchor) for i in a.audit if i.quote or i.anchor]
    if a.contribution:
        out += [(e.quote, e.anchor) for e in a.contribution.evidence]
    return out

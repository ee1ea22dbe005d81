"""The built-in engine's parts on small hand-built papers: recognition, value resolution,
templates, slugs."""

from __future__ import annotations

import pytest

from paper2code.analyse.model import Analysis, AuditItem, Conflict, StatedHyperparameter, Status
from paper2code.engines.builtin.engine import slugify_title
from paper2code.engines.builtin.recognise import architecture, family, recognise
from paper2code.engines.builtin.template import Code, fill
from paper2code.engines.builtin.values import Default, Values, choices
from paper2code.paper.model import (
    Algorithm,
    Equation,
    Metadata,
    Paper,
    Paragraph,
    Section,
    SourceLoc,
)

LOC = SourceLoc("main.tex", 1)


def paper(*elements) -> Paper:
    return Paper(Metadata(title="T"), list(elements))


def sec(number: str, title: str) -> Section:
    return Section("section", number, f"§{number}", f"§{number}", LOC, title=title)


def eq(number: str | None, section: str, latex: str, env: str = "equation") -> Equation:
    anchor = f"Eq. {number}" if number else section
    return Equation("equation", number, anchor, section, LOC, latex=latex, env=env)


def para(section: str, text: str) -> Paragraph:
    return Paragraph("paragraph", None, section, section, LOC, text=text)


def test_equations_beat_prose_and_anchors_come_from_the_paper() -> None:
    p = paper(
        sec("1", "Intro"),
        para("§1", "We use scaled dot-product attention throughout."),
        sec("3", "Model"),
        eq(
            "2", "§3", r"\operatorname{Attention}(Q,K,V)=\operatorname{softmax}(QK^{T}/\sqrt{d_k})V"
        ),
        eq("3", "§3", r"\mathrm{FFN}(x) = \max(0, xW_1 + b_1)W_2 + b_2"),
        para("§3", "The encoder is a stack of N identical layers."),
    )
    found = recognise(p)
    assert found["scaled_dot_product_attention"].anchor == "§3, Eq. 2"
    assert found["feed_forward"].anchor == "§3, Eq. 3"
    assert found["encoder_stack"].anchor == "§3"
    assert found["encoder_stack"].evidence == "The encoder is a stack of N identical layers."
    assert all(p.find(r.anchor) is not None for r in found.values())
    assert family(found) == "transformer"


def test_unnumbered_equation_is_cited_by_its_section() -> None:
    p = paper(sec("2", "Method"), eq(None, "§2", r"\mathrm{softmax}(QK^T/\sqrt{d})V"))
    assert recognise(p)["scaled_dot_product_attention"].anchor == "§2"


def test_multi_row_align_is_one_component_with_every_row() -> None:
    p = paper(
        sec("3", "PE"),
        eq("5", "§3", r"PE_{(pos,2i)} = \sin(pos/10000^{2i/d})", env="align"),
        eq("6", "§3", r"PE_{(pos,2i+1)} = \cos(pos/10000^{2i/d})", env="align"),
    )
    rec = recognise(p)["sinusoidal_positional_encoding"]
    assert [a for a, _ in rec.rows] == ["Eq. 5", "Eq. 6"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A decoder-only Transformer language model.", "decoder_only"),
        ("A bidirectional encoder trained as a masked language model.", "encoder_only"),
        (
            "The encoder is a stack of N identical layers; the decoder stack mirrors it.",
            "encoder_decoder",
        ),
    ],
)
def test_architecture_from_prose(text: str, expected: str) -> None:
    p = paper(sec("1", "Model"), para("§1", text))
    assert architecture(p, recognise(p))[0] == expected


def test_diffusion_needs_two_defining_parts() -> None:
    forward = eq(
        "1",
        "§2",
        r"q(x_t | x_0) = \mathcal{N}(\sqrt{\bar\alpha_t} x_0, (1-\bar\alpha_t) I)",
    )
    only_forward = paper(sec("2", "Background"), forward)
    assert family(recognise(only_forward)) == "none"
    with_sampling = paper(
        sec("2", "Background"),
        forward,
        Algorithm("algorithm", "1", "Algorithm 1", "§2", LOC, caption="Sampling", lines=["x_T"]),
    )
    found = recognise(with_sampling)
    assert (
        found["ancestral_sampling"].anchor == "Algorithm 1"
    )  # prose "sampling" alone is not enough
    assert family(found) == "diffusion"


def test_values_cite_findings_conflicts_audit_and_flag_defaults() -> None:
    f1 = StatedHyperparameter("dropout", 0.1, "0.1", "P_drop = 0.1", "Table 3", context="base")
    f2 = StatedHyperparameter("dropout", 0.3, "0.3", "dropout 0.3", "§6", context="big")
    analysis = Analysis(
        hyperparameters=[
            StatedHyperparameter("d_model", 512.0, "512", "d_model = 512", "Table 1"),
            StatedHyperparameter("warmup_steps", 4000, "4000", "warmup_steps = 4000", "§5.3"),
        ],
        conflicts=[Conflict("dropout", [f1, f2], "two model sizes")],
        audit=[
            AuditItem(
                "layernorm_eps",
                "normalization",
                "LayerNorm epsilon",
                Status.UNSPECIFIED,
                1e-6,
                rationale="a common choice",
                alternatives=["1e-5"],
            ),
            AuditItem(
                "norm_position",
                "normalization",
                "LayerNorm placement",
                Status.PARTIALLY_SPECIFIED,
                "post",
                "residual then norm",
                "§3.1",
                "Figure 1 disagrees",
                ["pre"],
            ),
        ],
    )
    v = Values(analysis)
    assert v.resolve(("model", "d_model"), Default(256, "w", "r", ("128",))) == 512
    assert isinstance(v.entries[-1].value, int)
    assert v.entries[-1].comment == 'Table 1 — "d_model = 512"'
    assert v.resolve(("model", "dropout"), Default(0.0, "d", "r", ("0.2",))) == 0.1
    assert v.entries[-1].comment.startswith("[PARTIALLY_SPECIFIED] the paper states several")
    assert "Alternatives: 0.3." in v.entries[-1].comment
    assert v.resolve(("model", "layernorm_eps"), Default(1e-5, "eps", "r", ("0",))) == 1e-6
    assert v.entries[-1].comment == (
        "[UNSPECIFIED] LayerNorm epsilon not stated in the paper; a common choice. "
        "Alternatives: 1e-5."
    )
    pre_post = choices((r"^pre", "pre"), (r"^post", "post"))
    assert (
        v.resolve(("model", "norm_position"), Default("pre", "n", "r", ("post",)), convert=pre_post)
        == "post"
    )
    assert v.entries[-1].comment == (
        '[PARTIALLY_SPECIFIED] LayerNorm placement: §3.1 — "residual then norm"; '
        "Figure 1 disagrees. Alternatives: pre."
    )
    assert v.resolve(("training", "seed"), Default(0, "Seed", "any", ("1",))) == 0
    assert v.entries[-1].comment == (
        "[UNSPECIFIED] Seed not stated in the paper; any. Alternatives: 1."
    )


def test_fill_refuses_missing_and_unused_holes() -> None:
    assert fill("a <<x>> b", x=Code("1")) == "a 1 b"
    with pytest.raises(KeyError, match="missing"):
        fill("a <<x>> <<y>>", x="1")
    with pytest.raises(KeyError, match="unused"):
        fill("a <<x>>", x="1", z="2")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Attention Is All You Need", "attention_is_all_you_need"),
        ("BERT: Pre-training of Deep Bidirectional Transformers", "bert"),
        ("Denoising Diffusion Probabilistic Models", "denoising_diffusion_probabilistic_models"),
        ("", "paper"),
        (
            "A " + "very long title " * 10,
            "a_very_long_title_very_long_title_very_long_title_very_long",
        ),
    ],
)
def test_slug(title: str, slug: str) -> None:
    assert slugify_title(title) == slug
    assert len(slug) <= 60


def test_an_unspecified_default_must_name_alternatives() -> None:
    with pytest.raises(ValueError, match="alternatives"):
        Default(0, "Seed", "any")
    assert Default(4, "d_ff", "4 x d_model", tag="ASSUMPTION").alternatives == ()


def test_an_audit_choice_the_library_lacks_keeps_the_default_and_says_so() -> None:
    rope = AuditItem(
        "pos_encoding_type",
        "positional_encoding",
        "Positional encoding",
        Status.SPECIFIED,
        "rope",
        "we use rotary embeddings",
        "§2",
        alternatives=["sinusoidal"],
    )
    v = Values(Analysis(audit=[rope]))
    kinds = choices((r"sinus", "sinusoidal"), (r"learn", "learned"))
    default = Default("sinusoidal", "Positional encoding", "no training", ("learned",))
    value = v.resolve(("model", "pe"), default, audit_key="pos_encoding_type", convert=kinds)
    assert value == "sinusoidal"
    assert v.entries[-1].comment == (
        "[ASSUMPTION] Positional encoding: the paper's choice, rope (§2 — \"we use rotary "
        'embeddings"), is not in the built-in library, so sinusoidal is used. Alternatives: rope.'
    )
    assert v.deviations == [
        "Positional encoding: the paper uses rope (§2); the built-in library implements "
        "sinusoidal instead (`model.pe` in configs/base.yaml)."
    ]


def test_an_algorithm_restating_a_component_is_covered_by_it() -> None:
    p = paper(
        sec("2", "Sampling"),
        eq(
            "2",
            "§2",
            r"x_{t-1} = \frac{1}{\sqrt{\alpha_t}}(x_t - \beta_t \epsilon_\theta) + \sigma_t z",
        ),
        Algorithm("algorithm", "1", "Algorithm 1", "§2", LOC, caption="Sampling", lines=["x_T"]),
    )
    rec = recognise(p)["ancestral_sampling"]
    assert (rec.anchor, rec.also) == ("§2, Eq. 2", ("Algorithm 1",))


def test_a_stated_value_the_code_cannot_take_is_flagged_not_used() -> None:
    words = StatedHyperparameter("dropout", "moderate", "moderate", "a moderate dropout", "§4")
    numeric_text = StatedHyperparameter("batch_size", "64", "64", "batches of 64", "§4")
    v = Values(Analysis(hyperparameters=[words, numeric_text]))
    assert v.resolve(("model", "dropout"), Default(0.1, "Dropout rate", "r", ("0.0",))) == 0.1
    assert v.entries[-1].comment == (
        '[PARTIALLY_SPECIFIED] Dropout rate: §4 — "a moderate dropout" is not a value the '
        "generated code can take; 0.1 is used. Alternatives: moderate."
    )
    assert v.resolve(("training", "batch_size"), Default(32, "Batch", "r", ("64",))) == 64


def test_the_engine_is_deterministic() -> None:
    from engine_support import spectral

    from paper2code.engines.base import Options
    from paper2code.engines.builtin import BuiltinEngine

    paper, analysis = spectral()
    first = BuiltinEngine().generate(paper, analysis, Options())
    again = BuiltinEngine().generate(paper, analysis, Options())
    assert first == again

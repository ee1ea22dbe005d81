"""Readings the analysis once got wrong on the bundled example and the engine's fixture papers:
a schedule written as a formula, LayerNorm named in passing, a diffusion β_1 beside Adam, and a
resolution written as a square."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2code.analyse import analyse
from paper2code.analyse.model import Status
from paper2code.paper import load_paper

ROOT = Path(__file__).resolve().parents[1]
EQ7 = r"lrate = d_{\text{model}}^{-0.5} \cdot \min(step^{-0.5}, step \cdot warmup\_steps^{-1.5})"


@pytest.fixture(scope="module")
def example():
    return analyse(load_paper(ROOT / "examples" / "tiny_transformer"))


def test_a_schedule_formula_specifies_shape_warmup_and_rate(example):
    def said(key):
        item = example.item(key)
        return item.status, item.value, item.quote, item.anchor

    assert said("lr_schedule") == (Status.SPECIFIED, "inverse_sqrt", EQ7, "Eq. 7")
    assert said("warmup_shape") == (Status.SPECIFIED, "linear", EQ7, "Eq. 7")
    assert said("learning_rate") == (
        Status.SPECIFIED,
        "set by the schedule formula",
        EQ7,
        "Eq. 7",
    )


def test_layer_normalization_named_in_passing_is_audited(example):
    assert "normalization" in example.components
    placement = example.item("norm_position")
    assert placement.status is Status.PARTIALLY_SPECIFIED
    assert placement.value == "post-norm" and placement.anchor == "§2.1"
    assert "we apply layer normalization to the sub-layer outputs" in placement.quote


def _findings(fixture: str) -> dict[str, tuple]:
    analysis = analyse(load_paper(ROOT / "tests" / "fixtures" / "engine" / fixture))
    return {f.name: (f.value, f.quote) for f in analysis.hyperparameters}


def test_the_schedule_beta_is_not_adams():
    """ "a linear schedule from $\\beta_1 = 10^{-4}$", with Adam in the next sentence."""
    found = _findings("ddpm")
    assert found["beta_start"] == (1e-4, r"$\beta_1 = 10^{-4}$")
    assert "adam_beta1" not in found
    assert found["image_size"] == (32, r"Images are $32 \times 32$.")


def test_a_square_resolution_is_the_image_size_and_a_patch_is_not():
    found = _findings("vit")
    assert found["image_size"][0] == 32 and found["patch_size"][0] == 4


def test_kernels_and_patches_are_not_resolutions(tmp_path):
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{Model}\n"
        "We cut $224 \\times 224$ images into $16 \\times 16$ patches (8x8 image patches "
        "at first) and apply "
        "$3 \\times 3$ convolutions to the 64x64 crops.\n\\end{document}\n"
    )
    analysis = analyse(load_paper(tmp_path))
    sizes = [f.value for f in analysis.hyperparameters if f.name == "image_size"]
    assert sizes == [224, 64]


def test_a_factor_of_the_learning_rate_is_not_the_learning_rate(tmp_path):
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{Training}\n"
        "We use AdamW with a learning rate of $10^{-3}$ and a cosine scheduler that decays the "
        "learning rate to $0.1$ times the base learning rate.\n\\end{document}\n"
    )
    analysis = analyse(load_paper(tmp_path))
    assert [f.value for f in analysis.hyperparameters if f.name == "learning_rate"] == [1e-3]


def test_counts_spelt_out_in_words(tmp_path):
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{Model}\n"
        "The encoder has six layers and eight attention heads. We train for twenty epochs with "
        "a batch size of sixty-four and a step size of three. We split the users into two "
        "groups.\n\\end{document}\n"
    )
    found = [(f.name, f.value, f.quote) for f in analyse(load_paper(tmp_path)).hyperparameters]
    assert found == [
        ("num_layers", 6, "six layers"),
        ("num_heads", 8, "eight attention heads"),
        ("epochs", 20, "twenty epochs"),
        ("batch_size", 64, "batch size of sixty-four"),
    ]


def test_sibling_subsections_are_two_settings_not_a_contradiction(tmp_path):
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{Training}\n"
        "\\subsection{Tokenizer}\nWe use a learning rate of $10^{-4}$.\n"
        "\\subsection{Generator}\nWe use a learning rate of $3 \\times 10^{-4}$.\n"
        "\\section{Ablation}\nWe use a batch size of 64. Later we use a batch size of 128.\n"
        "\\end{document}\n"
    )
    analysis = analyse(load_paper(tmp_path))
    rates = [(f.value, f.context, f.anchor) for f in analysis.values("learning_rate")]
    assert rates == [(1e-4, "Tokenizer", "§1.1"), (3e-4, "Generator", "§1.2")]
    item = analysis.item("learning_rate")
    assert item.status is Status.SPECIFIED and item.value == 1e-4
    assert r"Also stated: Generator: 3 \times 10^{-4} (§1.2)" in item.rationale
    # two values in one section, nothing to tell them apart: still a contradiction
    assert [c.name for c in analysis.conflicts] == ["batch_size"]

"""A Transformer choice is taken where the paper adopts it for its own model — its block's
equation, a sentence of its method — never where it cites, compares or lists it; the stack's
layout follows what the paper says of its own encoder and decoder, not a passing mention of
image patches. Small fixtures for each case, then the two corpus papers that showed them."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_paper

from paper2code.analyse import analyse
from paper2code.analyse.model import Status
from paper2code.engines.base import Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.builtin.recognise import architecture, recognise
from paper2code.paper import Paper, load_paper

HEAD = r"""\documentclass{article}
\usepackage{amsmath}
\title{A Small Language Model}
\begin{document}
\maketitle
\section{Introduction}
Recent decoder-only language models normalise with RMSNorm~\cite{zhang}.
"""
ATTENTION = r"""
Each head computes
\begin{equation}
\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right) V
\end{equation}
and the feed-forward network is $\mathrm{FFN}(x) = \max(0, x W_1 + b_1) W_2 + b_2$.
"""


def _paper(tmp_path: Path, method: str) -> Paper:
    body = "\\section{Model}\n\\subsection{Normalization}\n" + method + ATTENTION
    source = HEAD + body + "\\end{document}\n"
    (tmp_path / "paper.tex").write_text(source, encoding="utf-8")
    return load_paper(tmp_path / "paper.tex")


def _audit(paper: Paper) -> dict[str, object]:
    return {item.key: item.value for item in analyse(paper).audit}


def _stated(paper: Paper, *keys: str) -> tuple[object, ...]:
    """The values the paper states for `keys` (None for a choice it leaves open)."""
    items = {item.key: item for item in analyse(paper).audit}
    return tuple(
        items[k].value if k in items and items[k].status is Status.SPECIFIED else None for k in keys
    )


def _norm_type(paper: Paper) -> str:
    """The audit's normalisation layer; "" when the paper shows no normalisation of its own."""
    return str(_audit(paper).get("norm_type", "")).lower()


def test_a_norm_stated_for_the_model_is_taken(tmp_path) -> None:
    # the control: without it the cases below could pass on a reader that never says rmsnorm
    paper = _paper(tmp_path, "Our model is a decoder-only Transformer. We use RMSNorm.\n")
    assert _norm_type(paper) == "rmsnorm"


@pytest.mark.parametrize(
    "method",
    [
        # compared with: the baseline's norm
        "The baseline uses RMSNorm, unlike ours. Each sub-layer is followed by layer "
        "normalization.\n",
        # listed among alternatives
        "Normalisation layers such as RMSNorm or GroupNorm are possible; we use LayerNorm.\n",
        # named in the introduction only (HEAD): the method says LayerNorm
        "Every sub-layer is followed by layer normalization.\n",
    ],
    ids=["compared", "listed", "introduction"],
)
def test_a_norm_only_mentioned_is_not_taken(tmp_path, method: str) -> None:
    assert "rms" not in _norm_type(_paper(tmp_path, method))


def test_the_blocks_equation_beats_another_use_of_the_layer(tmp_path) -> None:
    """RMSNorm used on the attention scores (HyLa's RMSHead) is not the block's norm: the
    block's equation, which applies LayerNorm before each sub-layer, says which one is."""
    method = r"""We normalise the attention scores across heads with
$\mathrm{RMSNorm}(x) = x / \sqrt{\frac{1}{n}\sum_i x_i^2}$.
Each block is
\begin{align*}
Z &= \mathrm{Attention}(\mathrm{LayerNorm}(X)) + X \\
Y &= \mathrm{FFN}(\mathrm{LayerNorm}(Z)) + Z
\end{align*}
"""
    paper = _paper(tmp_path, method)
    assert _stated(paper, "norm_type", "norm_position") == ("LayerNorm", "pre-norm")


def test_a_post_norm_block_equation_settles_the_placement(tmp_path) -> None:
    method = r"""Each sub-layer is wrapped as
\begin{equation}
h = \mathrm{LayerNorm}\left(x + \mathrm{MultiHead}(x)\right)
\end{equation}
"""
    paper = _paper(tmp_path, method)
    assert _stated(paper, "norm_type", "norm_position") == ("LayerNorm", "post-norm")


# ---- the stack's layout ----------------------------------------------------------------------

CAPTIONING = r"""
A ResNet encodes the image into 49 vectors, each a separate image patch after the image is
divided into 7 by 7 regions. The decoder consists of four transformer blocks that attend over
these vectors with multi-head attention.
"""


def test_image_patches_of_a_cnn_grid_are_not_a_vision_transformer(tmp_path) -> None:
    paper = _paper(tmp_path, CAPTIONING)
    layout, evidence = architecture(paper, recognise(paper))
    assert layout == "encoder_decoder"
    assert evidence is not None and "decoder consists of four" in evidence.evidence


def test_a_layout_named_in_the_introduction_is_not_the_models(tmp_path) -> None:
    # HEAD's introduction says "decoder-only"; the method describes an encoder and a decoder
    method = "The encoder is composed of a stack of identical layers, and so is the decoder.\n"
    paper = _paper(tmp_path, method)
    assert architecture(paper, recognise(paper))[0] == "encoder_decoder"


def test_patches_that_become_tokens_are_a_vision_transformer() -> None:
    vit = Path(__file__).parent / "fixtures" / "engine" / "vit"
    paper = load_paper(vit)
    assert architecture(paper, recognise(paper))[0] == "vision_encoder"


# ---- the corpus papers -------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(CORPUS is None, reason=ABSENT)


def _model_config(name: str) -> dict:
    paper = corpus_paper(name)
    project = BuiltinEngine().generate(paper, analyse(paper), Options())
    return {e.path[1]: e.value for e in project.config if e.path[0] == "model"}


@needs_corpus
def test_hyla_keeps_its_pre_layernorm() -> None:
    """HyLa normalises attention scores with RMSNorm; its blocks are pre-LayerNorm (§C)."""
    model = _model_config("hyla")
    assert (model["norm"], model["norm_position"]) == ("layernorm", "pre")


@needs_corpus
def test_transform_and_tell_is_a_decoder_over_encoded_contexts() -> None:
    """Its image encoder is a ResNet's 7 x 7 grid; the model is a four-block Transformer
    decoder attending over the encoders' outputs (§3.2), post-LayerNorm (§3.2.1), with shared
    input and output embeddings (§3.3.3)."""
    model = _model_config("transform-and-tell")
    assert "patch_size" not in model and "num_decoder_layers" in model
    assert (model["norm"], model["norm_position"]) == ("layernorm", "post")
    assert model["tie_embeddings"] is True  # "we share the decoder input and output embeddings"

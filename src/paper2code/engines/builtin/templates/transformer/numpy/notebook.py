"""The walkthrough's code cells, one function per cell: a cell is the body of its function.
`model_py`, `cfg`, `values`, `np` and `rng` are the notebook's (its setup cell and the cell
that reads the smoke-size values); each cell reads the names the cells before it define."""

from __future__ import annotations

import numpy as np


def attention() -> None:
    B, h, T, d_k = 2, 2, 5, 8  # [ASSUMPTION] tiny shapes for a CPU check
    q, k, v = rng.standard_normal((3, B, h, T, d_k))
    out = model_py.scaled_dot_product_attention(q, k, v)
    assert out.shape == (B, h, T, d_k)
    out.shape


def scaling() -> None:
    # Why divide by sqrt(d_k)? A dot product of random unit-variance vectors
    # has variance d_k; dividing by sqrt(d_k) brings it back to 1.
    for d in (4, 64, 1024):  # [ASSUMPTION] three widths to compare
        a, b = rng.standard_normal((2, 10000, d))
        raw = (a * b).sum(axis=-1)
        print(f"d_k={d}: variance {raw.var():.1f}, scaled {(raw / d**0.5).var():.2f}")


def multi_head() -> None:
    cfg_small = model_py.ModelConfig.from_dict(values)
    mha = model_py.MultiHeadAttention(rng, cfg_small)
    x = rng.standard_normal((2, 5, values["d_model"]))
    assert mha(x, x).shape == x.shape
    mha(x, x).shape


def feed_forward() -> None:
    ffn = model_py.PositionwiseFeedForward(rng, cfg_small)  # `ffn` in configs/base.yaml
    assert ffn(x).shape == x.shape
    ffn(x).shape


def sinusoidal() -> None:
    pe = model_py.absolute_positions(rng, cfg_small)
    assert pe(np.zeros((1, 5, values["d_model"]))).shape == (1, 5, values["d_model"])
    pe(np.zeros((1, 5, values["d_model"])))[0, :, :4]  # first features of the first positions


def learned() -> None:
    pe = model_py.absolute_positions(rng, cfg_small)
    assert pe(np.zeros((1, 5, values["d_model"]))).shape == (1, 5, values["d_model"])
    pe(np.zeros((1, 5, values["d_model"])))[0, :, :4]  # first features of the first positions


def rope() -> None:
    rope = mha.rope  # rotates queries and keys; a rotation keeps their length
    q = rng.standard_normal((1, 1, 5, mha.d_k))
    assert np.allclose(np.linalg.norm(rope(q), axis=-1), np.linalg.norm(q, axis=-1))
    rope(q)[0, 0, :, :4]  # first features of the rotated queries


def alibi() -> None:
    bias = model_py.alibi_bias(values["num_heads"], 5, 5)  # (h, T, S)
    assert bias.shape == (values["num_heads"], 5, 5)
    bias[0]  # the first head's distance penalty


def none() -> None:
    pe = model_py.absolute_positions(rng, cfg_small)  # nothing is added
    x0 = np.zeros((1, 5, values["d_model"]))
    assert np.array_equal(pe(x0), x0)
    pe(x0).shape


def causal() -> None:
    model_py.causal_mask(4)[0, 0].astype(int)  # [ASSUMPTION] 4 positions, to print


# The whole model, then the loss on its logits (against the inputs: a stand-in target).


def vision_encoder() -> None:
    model = model_py.build_model(values)
    S = values["image_size"]
    images = rng.standard_normal((2, values["in_channels"], S, S))
    patches = model.patches(images)
    assert patches.shape == (2, values["max_seq_len"] - 1, values["d_model"])
    logits = model(images)
    assert logits.shape == (2, values["num_classes"])
    target = rng.integers(0, values["num_classes"], 2)


def encoder_decoder() -> None:
    model = model_py.build_model(values)
    src = rng.integers(0, values["vocab_size"], (2, 7))
    tgt = rng.integers(0, values["vocab_size"], (2, 5))
    logits = model(src, tgt)
    assert logits.shape == (2, 5, values["vocab_size"])
    target = tgt


# decoder-only or encoder-only: tokens in, a logit per token out
def token_stack() -> None:
    model = model_py.build_model(values)
    tokens = rng.integers(0, values["vocab_size"], (2, 7))
    logits = model(tokens)
    assert logits.shape == (2, 7, values["vocab_size"])
    target = tokens


# the end of the whole model's cell (src/loss.py computes on its logits)
def loss() -> None:
    from src.loss import LabelSmoothedCrossEntropy

    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, target)
    logits.shape, loss

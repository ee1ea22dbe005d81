"""The walkthrough's code cells, one function per cell: a cell is the body of its function.
`model_py`, `cfg`, `values`, `tf`, `np` and `rng` are the notebook's (its setup cell and the
cell that reads the smoke-size values); each cell reads the names the cells before it define.
Example inputs are NumPy draws of `rng`: Keras layers take NumPy arrays as they are."""

from __future__ import annotations

import numpy as np
import tensorflow as tf


def attention() -> None:
    B, h, T, d_k = 2, 2, 5, 8  # [ASSUMPTION] tiny shapes for a CPU check
    q, k, v = rng.standard_normal((3, B, h, T, d_k), np.float32)
    out = model_py.scaled_dot_product_attention(q, k, v)
    assert out.shape == (B, h, T, d_k)
    out.shape


def scaling() -> None:
    # Why divide by sqrt(d_k)? A dot product of random unit-variance vectors
    # has variance d_k; dividing by sqrt(d_k) brings it back to 1.
    for d in (4, 64, 1024):  # [ASSUMPTION] three widths to compare
        a, b = rng.standard_normal((2, 10000, d), np.float32)
        raw = tf.reduce_sum(a * b, axis=-1)
        raw_var, scaled_var = tf.math.reduce_variance(raw), tf.math.reduce_variance(raw / d**0.5)
        print(f"d_k={d}: variance {float(raw_var):.1f}, scaled {float(scaled_var):.2f}")


def multi_head() -> None:
    cfg_small = model_py.ModelConfig.from_dict(values)
    mha = model_py.MultiHeadAttention(cfg_small)
    x = rng.standard_normal((2, 5, values["d_model"]), np.float32)
    assert mha(x, x).shape == x.shape
    mha(x, x).shape


def feed_forward() -> None:
    ffn = model_py.PositionwiseFeedForward(cfg_small)  # `ffn` in configs/base.yaml
    assert ffn(x).shape == x.shape
    ffn(x).shape


def sinusoidal() -> None:
    pe = model_py.absolute_positions(cfg_small)
    x0 = tf.zeros((1, 5, values["d_model"]))
    assert pe(x0).shape == x0.shape
    pe(x0)[0, :, :4]  # first features of the first positions


def learned() -> None:
    pe = model_py.absolute_positions(cfg_small)
    x0 = tf.zeros((1, 5, values["d_model"]))
    assert pe(x0).shape == x0.shape
    pe(x0)[0, :, :4]  # first features of the first positions


def rope() -> None:
    rope = mha.rope  # rotates queries and keys; a rotation keeps their length
    q = rng.standard_normal((1, 1, 5, mha.d_k), np.float32)
    # [ASSUMPTION] atol 1e-5: float32 round-off
    assert np.allclose(tf.norm(rope(q), axis=-1), tf.norm(q, axis=-1), atol=1e-5)
    rope(q)[0, 0, :, :4]  # first features of the rotated queries


def alibi() -> None:
    bias = model_py.alibi_bias(values["num_heads"], 5, 5)  # (h, T, S)
    assert bias.shape == (values["num_heads"], 5, 5)
    bias[0]  # the first head's distance penalty


def none() -> None:
    pe = model_py.absolute_positions(cfg_small)  # nothing is added
    x0 = tf.zeros((1, 5, values["d_model"]))
    assert np.array_equal(pe(x0), x0)
    pe(x0).shape


def causal() -> None:
    tf.cast(model_py.causal_mask(4)[0, 0], tf.int32)  # [ASSUMPTION] 4 positions, to print


# The whole model, its weights freshly initialised (`python -m src.train` trains them).


def vision_encoder() -> None:
    model = model_py.build_model(values)
    S = values["image_size"]
    images = rng.standard_normal((2, S, S, values["in_channels"]), np.float32)  # channels last
    patches = model.patches(images)
    assert patches.shape == (2, values["max_seq_len"] - 1, values["d_model"])
    logits = model(images)
    assert logits.shape == (2, values["num_classes"])
    patches.shape, logits.shape


def encoder_decoder() -> None:
    model = model_py.build_model(values)
    src = rng.integers(0, values["vocab_size"], (2, 7))
    tgt = rng.integers(0, values["vocab_size"], (2, 5))
    logits = model(src, tgt)
    assert logits.shape == (2, 5, values["vocab_size"])
    logits.shape


# decoder-only or encoder-only: tokens in, a logit per token out
def token_stack() -> None:
    model = model_py.build_model(values)
    tokens = rng.integers(0, values["vocab_size"], (2, 7))
    logits = model(tokens)
    assert logits.shape == (2, 7, values["vocab_size"])
    logits.shape

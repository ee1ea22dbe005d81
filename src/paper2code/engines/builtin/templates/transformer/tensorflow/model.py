r"""<<title>>

The model as Keras 3 layers (TensorFlow backend), in the order the paper builds it: each part a
`keras.layers.Layer` whose weights are created in `__init__` or `build` and used in `call`; the
whole model a `keras.Model`, trained by src/train.py.

Every class cites where the paper defines it. Values come from configs/base.yaml, where each one
is cited or flagged; the architecture choices there (`norm`, `norm_position`, `ffn`, `pos`,
`num_kv_heads`, `bias`, `tie_embeddings`) select the code below, so editing one changes the model.
Dropout is active only when the model is called with `training=True` (Keras passes the flag on
to every layer inside). Shapes: B batch, T target length, S source length, h heads, h_kv
key-value heads, d_k = d_model / h.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

# slot: model_config


def one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """A choice of configs/base.yaml, refused when this file has no code for it."""
    if value not in allowed:
        raise ValueError(f"{name}: {value!r} is not one of {allowed} (configs/base.yaml)")
    return value


def scaled_dot_product_attention(
    q: tf.Tensor,
    k: tf.Tensor,
    v: tf.Tensor,
    mask: tf.Tensor | None = None,
    dropout: keras.layers.Dropout | None = None,
    bias: tf.Tensor | None = None,
) -> tf.Tensor:
    r"""<<c_sdpa>>

    <<eq_sdpa>>

    q: (B, h, T, d_k), k: (B, h, S, d_k), v: (B, h, S, d_k); mask broadcasts to (B, h, T, S)
    and is True where attending is allowed; bias (h, T, S) is added to the scores (ALiBi).
    """
    # slot: x_sdpa
    d_k = q.shape[-1]
    # <<l_sdpa>>
    scores = tf.matmul(q, k, transpose_b=True) / math.sqrt(d_k)  # (B, h, T, S)
    if bias is not None:
        scores = scores + tf.cast(bias, scores.dtype)  # (B, h, T, S)
    if mask is not None:
        # disallowed positions get weight 0
        scores = tf.where(mask, scores, tf.constant(-np.inf, scores.dtype))
    weights = tf.nn.softmax(scores, axis=-1)  # (B, h, T, S)
    if dropout is not None:
        weights = dropout(weights)  # attention_dropout in configs/base.yaml
    return tf.matmul(weights, v)  # (B, h, T, d_k)


# `pos` in configs/base.yaml: how the model knows where each token is
POSITIONS = ("sinusoidal", "learned", "rope", "alibi", "none")


class SinusoidalPositionalEncoding(keras.layers.Layer):
    r"""<<c_sin>>"""

    def __init__(self, d_model: int, max_seq_len: int) -> None:
        super().__init__()
        # slot: x_pe
        pos = np.arange(max_seq_len)[:, None]  # (T_max, 1)
        two_i = np.arange(0, d_model, 2)  # 2i
        angle = pos / np.power(10000.0, two_i / d_model)  # <<c_sin_line>>
        pe = np.zeros((max_seq_len, d_model))
        pe[:, 0::2] = np.sin(angle)  # PE(pos, 2i)
        pe[:, 1::2] = np.cos(angle)  # PE(pos, 2i+1)
        self.pe = tf.constant(pe, tf.float32)  # fixed, not a weight

    def call(self, x: tf.Tensor) -> tf.Tensor:
        return x + tf.cast(self.pe[: tf.shape(x)[1]], x.dtype)  # (B, T, d_model)


class LearnedPositionalEmbedding(keras.layers.Layer):
    r"""<<c_learned>>"""

    def __init__(self, d_model: int, max_seq_len: int) -> None:
        super().__init__()
        self.pe = keras.layers.Embedding(max_seq_len, d_model)  # one trained vector per position

    def build(self, x_shape: tuple) -> None:
        self.pe.build()

    def call(self, x: tf.Tensor) -> tf.Tensor:
        return x + self.pe(tf.range(tf.shape(x)[1]))  # (B, T, d_model)


class Identity(keras.layers.Layer):
    def call(self, x: tf.Tensor) -> tf.Tensor:
        return x


def absolute_positions(cfg: ModelConfig) -> keras.layers.Layer:
    """What is added to the input embeddings: a sinusoidal or learned encoding; nothing when
    positions enter the attention instead (rope, alibi) or nowhere (none)."""
    pos = one_of("pos", cfg.pos, POSITIONS)
    if pos == "sinusoidal":
        return SinusoidalPositionalEncoding(cfg.d_model, cfg.max_seq_len)
    if pos == "learned":
        return LearnedPositionalEmbedding(cfg.d_model, cfg.max_seq_len)
    return Identity()


class RotaryEmbedding(keras.layers.Layer):
    r"""<<c_rope>>

    RoPE(x)_m = x_m rotated pair by pair: (x_2i, x_2i+1) at position m turns by the angle
    m * theta^(-2i/d_k), so q_m . k_n depends on the positions only through m - n.
    """

    def __init__(self, d_k: int, max_seq_len: int, theta: float) -> None:
        super().__init__()
        assert d_k % 2 == 0, "RoPE rotates pairs of features: d_k must be even"
        # theta is `rope_theta` in configs/base.yaml
        freq = float(theta) ** (-np.arange(0, d_k, 2) / d_k)  # (d_k/2,)
        angle = np.outer(np.arange(max_seq_len), freq)  # (T_max, d_k/2)
        self.cos = tf.constant(np.cos(angle), tf.float32)  # fixed, not weights
        self.sin = tf.constant(np.sin(angle), tf.float32)

    def call(self, x: tf.Tensor) -> tf.Tensor:
        T = tf.shape(x)[-2]  # x: (B, h, T, d_k)
        cos, sin = tf.cast(self.cos[:T], x.dtype), tf.cast(self.sin[:T], x.dtype)  # (T, d_k/2)
        x1, x2 = x[..., 0::2], x[..., 1::2]  # each pair's two features: (B, h, T, d_k/2)
        first, second = x1 * cos - x2 * sin, x1 * sin + x2 * cos  # rotated: (B, h, T, d_k/2)
        return tf.reshape(tf.stack([first, second], axis=-1), tf.shape(x))  # pairs in place


def alibi_bias(num_heads: int, T: int, S: int) -> tf.Tensor:
    r"""<<c_alibi>>

    ALiBi: head i adds -m_i * |t - s| to the score of query t for key s, with the slopes
    m_i = 2^(-8 i / h), i = 1..h: a linear distance penalty instead of position embeddings.
    Returns (h, T, S).
    """
    i = tf.range(1, num_heads + 1, dtype=tf.float32)  # (h,)
    # [ASSUMPTION] the ALiBi paper's geometric slopes (exact for h a power of 2)
    slopes = tf.pow(2.0, -8.0 * i / num_heads)  # (h,)
    distance = tf.abs(tf.range(T)[:, None] - tf.range(S)[None, :])  # (T, S)
    return -slopes[:, None, None] * tf.cast(distance, tf.float32)  # (h, T, S)


def repeat_kv(x: tf.Tensor, n_rep: int) -> tf.Tensor:
    r"""<<c_kv>>

    (B, h_kv, S, d_k) -> (B, h_kv * n_rep, S, d_k): each key-value head serves n_rep
    consecutive query heads (n_rep = h / h_kv; 1 is multi-head attention).
    """
    return x if n_rep == 1 else tf.repeat(x, n_rep, axis=1)


class MultiHeadAttention(keras.layers.Layer):
    r"""<<c_mha>>

    <<eq_mha>>
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        assert cfg.d_model % cfg.num_heads == 0, "d_model must be divisible by num_heads"
        assert cfg.num_heads % cfg.num_kv_heads == 0, "num_heads must be a multiple of num_kv_heads"
        self.h = cfg.num_heads
        # num_kv_heads = h: multi-head; fewer: grouped-query; 1: multi-query attention
        self.h_kv = cfg.num_kv_heads
        self.d_k = cfg.d_model // cfg.num_heads  # d_k = d_v = d_model / h
        # W_i^Q of all h heads as one projection; W^K, W^V for the h_kv key-value heads
        self.W_q = keras.layers.Dense(self.h * self.d_k, use_bias=cfg.bias)
        self.W_k = keras.layers.Dense(self.h_kv * self.d_k, use_bias=cfg.bias)
        self.W_v = keras.layers.Dense(self.h_kv * self.d_k, use_bias=cfg.bias)
        self.W_o = keras.layers.Dense(cfg.d_model, use_bias=cfg.bias)  # W^O
        self.dropout = keras.layers.Dropout(cfg.attention_dropout)
        pos = one_of("pos", cfg.pos, POSITIONS)
        rope = pos == "rope"  # `rope_theta` in configs/base.yaml is RoPE's base
        self.rope = RotaryEmbedding(self.d_k, cfg.max_seq_len, cfg.rope_theta) if rope else None
        self.alibi = pos == "alibi"
        # slot: attention_init

    def build(self, x_q_shape: tuple, x_kv_shape: tuple) -> None:
        # Keras layers build on their input shapes: queries from x_q, keys and values from x_kv
        self.W_q.build(x_q_shape)
        self.W_k.build(x_kv_shape)
        self.W_v.build(x_kv_shape)
        self.W_o.build((*x_q_shape[:-1], self.h * self.d_k))

    def split(self, x: tf.Tensor, heads: int) -> tf.Tensor:
        """(B, T, heads d_k) -> (B, heads, T, d_k): head i reads features i d_k to (i+1) d_k."""
        B, T = tf.shape(x)[0], tf.shape(x)[1]
        return tf.transpose(tf.reshape(x, (B, T, heads, self.d_k)), (0, 2, 1, 3))

    def call(
        self, x_q: tf.Tensor, x_kv: tf.Tensor, attn_mask: tf.Tensor | None = None
    ) -> tf.Tensor:
        B, T, S = tf.shape(x_q)[0], tf.shape(x_q)[1], tf.shape(x_kv)[1]
        # slot: x_mha
        q = self.split(self.W_q(x_q), self.h)  # (B, h, T, d_k)
        k = self.split(self.W_k(x_kv), self.h_kv)  # (B, h_kv, S, d_k)
        v = self.split(self.W_v(x_kv), self.h_kv)  # (B, h_kv, S, d_k)
        if self.rope is not None:  # positions enter as rotations of the queries and keys
            q, k = self.rope(q), self.rope(k)
        n_rep = self.h // self.h_kv  # query heads per key-value head
        k, v = repeat_kv(k, n_rep), repeat_kv(v, n_rep)  # (B, h, S, d_k)
        bias = alibi_bias(self.h, T, S) if self.alibi else None  # (h, T, S)
        # slot: attention
        heads = scaled_dot_product_attention(
            q, k, v, attn_mask, self.dropout, bias
        )  # (B, h, T, d_k)
        # end slot: attention
        # <<l_mha>>
        concat = tf.reshape(tf.transpose(heads, (0, 2, 1, 3)), (B, T, self.h * self.d_k))
        return self.W_o(concat)  # (B, T, d_model)


FFNS = ("relu", "gelu", "swiglu", "geglu")  # `ffn` in configs/base.yaml
ACTIVATIONS: dict[str, Callable[[tf.Tensor], tf.Tensor]] = {
    "relu": tf.nn.relu,
    # [ASSUMPTION] the exact GELU, x * Phi(x), not its tanh approximation
    "gelu": lambda x: tf.nn.gelu(x, approximate=False),
    "swiglu": tf.nn.silu,  # the GLU variants: act(x W_1) * (x W_3)
    "geglu": lambda x: tf.nn.gelu(x, approximate=False),
}


class PositionwiseFeedForward(keras.layers.Layer):
    r"""<<c_ffn>>

    <<eq_ffn>>

    relu, gelu:     FFN(x) = act(x W_1 + b_1) W_2 + b_2
    swiglu, geglu:  FFN(x) = (act(x W_1) * x W_3) W_2, act = SiLU (Swish) or GELU
    Which one is `ffn` in configs/base.yaml; the biases are there when `bias` is true.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        ffn = one_of("ffn", cfg.ffn, FFNS)
        self.W_1 = keras.layers.Dense(cfg.d_ff, use_bias=cfg.bias)
        self.W_2 = keras.layers.Dense(cfg.d_model, use_bias=cfg.bias)
        # the gated variants' second input projection: the gate's linear path
        gated = ffn in ("swiglu", "geglu")
        self.W_3 = keras.layers.Dense(cfg.d_ff, use_bias=cfg.bias) if gated else None
        self.act = ACTIVATIONS[ffn]

    def build(self, x_shape: tuple) -> None:
        self.W_1.build(x_shape)
        if self.W_3 is not None:
            self.W_3.build(x_shape)
        self.W_2.build((*x_shape[:-1], self.W_1.units))

    def call(self, x: tf.Tensor) -> tf.Tensor:
        # <<l_ffn>>
        hidden = self.act(self.W_1(x))  # (B, T, d_ff)
        if self.W_3 is not None:
            hidden = hidden * self.W_3(x)  # (B, T, d_ff), gated
        return self.W_2(hidden)  # (B, T, d_model)


# slot: norms
NORMS = ("layernorm", "rmsnorm")  # `norm` in configs/base.yaml


class RMSNorm(keras.layers.Layer):
    r"""<<c_rms>>

    RMSNorm(x) = x / sqrt(mean_i(x_i^2) + eps) * g: LayerNorm without centring and without
    bias; g is a learned gain per feature.
    """

    def __init__(self, eps: float) -> None:
        super().__init__()
        self.eps = eps

    def build(self, input_shape: tuple) -> None:
        self.g = self.add_weight(shape=(input_shape[-1],), initializer="ones")  # (d_model,)

    def call(self, x: tf.Tensor) -> tf.Tensor:
        # [ASSUMPTION] the standard RMSNorm: root mean square over the d_model features
        rms = tf.sqrt(tf.reduce_mean(x**2, axis=-1, keepdims=True) + self.eps)  # (B, T, 1)
        return x / rms * tf.cast(self.g, x.dtype)  # (B, T, d_model)


def make_norm(cfg: ModelConfig) -> keras.layers.Layer:
    r"""<<c_norm>>"""
    if one_of("norm", cfg.norm, NORMS) == "rmsnorm":
        return RMSNorm(cfg.norm_eps)
    # LayerNorm: gain and (with `bias`) bias over the d_model features, the biased variance
    return keras.layers.LayerNormalization(epsilon=cfg.norm_eps, center=cfg.bias)


# end slot: norms


NORM_POSITIONS = ("pre", "post", "sandwich")  # `norm_position` in configs/base.yaml


class SublayerConnection(keras.layers.Layer):
    r"""<<c_residual>>

    post:     Norm(x + Dropout(Sublayer(x)))
    pre:      x + Dropout(Sublayer(Norm(x)))
    sandwich: x + Dropout(Norm'(Sublayer(Norm(x))))
    Which one is `norm_position` in configs/base.yaml.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.position = one_of("norm_position", cfg.norm_position, NORM_POSITIONS)
        self.norm = make_norm(cfg)  # <<c_ln>>
        # sandwich norm normalises the sub-layer's output too, with a norm of its own
        self.out_norm = make_norm(cfg) if self.position == "sandwich" else Identity()
        self.dropout = keras.layers.Dropout(cfg.dropout)  # dropout on each sub-layer output

    def build(self, x_shape: tuple) -> None:
        self.norm.build(x_shape)
        self.out_norm.build(x_shape)

    def call(self, x: tf.Tensor, sublayer: Callable[[tf.Tensor], tf.Tensor]) -> tf.Tensor:
        # slot: x_residual
        if self.position == "post":
            return self.norm(x + self.dropout(sublayer(x)))
        return x + self.dropout(self.out_norm(sublayer(self.norm(x))))


class EncoderLayer(keras.layers.Layer):
    r"""<<c_encoder>>

    One layer: self-attention, then the position-wise FFN, each in a SublayerConnection.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg)
        self.ffn = PositionwiseFeedForward(cfg)
        self.sublayers = [SublayerConnection(cfg) for _ in range(2)]

    def build(self, x_shape: tuple) -> None:
        self.self_attn.build(x_shape, x_shape)
        self.ffn.build(x_shape)
        for sublayer in self.sublayers:
            sublayer.build(x_shape)

    def call(self, x: tf.Tensor, attn_mask: tf.Tensor | None = None) -> tf.Tensor:
        # Keras takes only tensors as positional arguments: the sub-layer is a keyword
        x = self.sublayers[0](x, sublayer=lambda y: self.self_attn(y, y, attn_mask=attn_mask))
        return self.sublayers[1](x, sublayer=self.ffn)  # (B, T, d_model)


def final_norm(cfg: ModelConfig) -> keras.layers.Layer:
    """Pre-norm and sandwich stacks end with a norm (their last sub-layer output is not
    normalised); a post-norm stack already ends with one."""
    if cfg.norm_position in ("pre", "sandwich"):
        return make_norm(cfg)
    return Identity()


# slot: parts

r"""<<title>>

The model in JAX with flax.nnx, in the order the paper builds it: each part an `nnx.Module`
whose learnable arrays are `nnx.Param`s, drawn from the `nnx.Rngs` it is built with.
`model.eval()` turns dropout off (evaluation), `model.train()` back on.

Every class cites where the paper defines it. Values come from configs/base.yaml, where each one
is cited or flagged; the architecture choices there (`norm`, `norm_position`, `ffn`, `pos`,
`num_kv_heads`, `bias`, `tie_embeddings`) select the code below, so editing one changes the model.
Shapes: B batch, T target length, S source length, h heads, h_kv key-value heads,
d_k = d_model / h.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import jax
import jax.numpy as jnp
from flax import nnx

# slot: model_config


def one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """A choice of configs/base.yaml, refused when this file has no code for it."""
    if value not in allowed:
        raise ValueError(f"{name}: {value!r} is not one of {allowed} (configs/base.yaml)")
    return value


def identity(x: jax.Array) -> jax.Array:
    return x


def scaled_dot_product_attention(
    q: jax.Array,
    k: jax.Array,
    v: jax.Array,
    mask: jax.Array | None = None,
    dropout: nnx.Dropout | None = None,
    bias: jax.Array | None = None,
) -> jax.Array:
    r"""<<c_sdpa>>

    <<eq_sdpa>>

    q: (B, h, T, d_k), k: (B, h, S, d_k), v: (B, h, S, d_k); mask broadcasts to (B, h, T, S)
    and is True where attending is allowed; bias (h, T, S) is added to the scores (ALiBi).
    """
    # slot: x_sdpa
    d_k = q.shape[-1]
    # <<l_sdpa>>
    scores = q @ jnp.swapaxes(k, -2, -1) / math.sqrt(d_k)  # (B, h, T, S)
    if bias is not None:
        scores = scores + bias  # (B, h, T, S)
    if mask is not None:
        scores = jnp.where(mask, scores, -jnp.inf)  # disallowed positions get weight 0
    weights = jax.nn.softmax(scores, axis=-1)  # (B, h, T, S)
    if dropout is not None:
        weights = dropout(weights)  # attention_dropout in configs/base.yaml
    return weights @ v  # (B, h, T, d_k)


# `pos` in configs/base.yaml: how the model knows where each token is
POSITIONS = ("sinusoidal", "learned", "rope", "alibi", "none")


class SinusoidalPositionalEncoding(nnx.Module):
    r"""<<c_sin>>"""

    def __init__(self, d_model: int, max_seq_len: int) -> None:
        self.d_model, self.max_seq_len = d_model, max_seq_len

    def __call__(self, x: jax.Array) -> jax.Array:
        # slot: x_pe
        pos = jnp.arange(x.shape[1])[:, None]  # (T, 1); fixed, not trained
        two_i = jnp.arange(0, self.d_model, 2)  # 2i
        angle = pos / jnp.power(10000.0, two_i / self.d_model)  # <<c_sin_line>>
        pe = jnp.zeros((x.shape[1], self.d_model))
        pe = pe.at[:, 0::2].set(jnp.sin(angle))  # PE(pos, 2i)
        pe = pe.at[:, 1::2].set(jnp.cos(angle))  # PE(pos, 2i+1)
        return x + pe  # (B, T, d_model)


class LearnedPositionalEmbedding(nnx.Module):
    r"""<<c_learned>>"""

    def __init__(self, d_model: int, max_seq_len: int, *, rngs: nnx.Rngs) -> None:
        self.pe = nnx.Embed(max_seq_len, d_model, rngs=rngs)  # one trained vector per position

    def __call__(self, x: jax.Array) -> jax.Array:
        return x + self.pe.embedding[: x.shape[1]]  # (B, T, d_model)


def absolute_positions(cfg: ModelConfig, rngs: nnx.Rngs) -> Callable:
    """What is added to the input embeddings: a sinusoidal or learned encoding; nothing when
    positions enter the attention instead (rope, alibi) or nowhere (none)."""
    pos = one_of("pos", cfg.pos, POSITIONS)
    if pos == "sinusoidal":
        return SinusoidalPositionalEncoding(cfg.d_model, cfg.max_seq_len)
    if pos == "learned":
        return LearnedPositionalEmbedding(cfg.d_model, cfg.max_seq_len, rngs=rngs)
    return identity


class RotaryEmbedding(nnx.Module):
    r"""<<c_rope>>

    RoPE(x)_m = x_m rotated pair by pair: (x_2i, x_2i+1) at position m turns by the angle
    m * theta^(-2i/d_k), so q_m . k_n depends on the positions only through m - n.
    """

    def __init__(self, d_k: int, max_seq_len: int, theta: float) -> None:
        assert d_k % 2 == 0, "RoPE rotates pairs of features: d_k must be even"
        # theta is `rope_theta` in configs/base.yaml
        self.d_k, self.max_seq_len, self.theta = d_k, max_seq_len, float(theta)

    def __call__(self, x: jax.Array) -> jax.Array:
        T = x.shape[-2]  # x: (B, h, T, d_k)
        freq = self.theta ** (-jnp.arange(0, self.d_k, 2) / self.d_k)  # (d_k/2,)
        angle = jnp.outer(jnp.arange(T), freq)  # (T, d_k/2)
        cos, sin = jnp.cos(angle), jnp.sin(angle)
        x1, x2 = x[..., 0::2], x[..., 1::2]  # each pair's two features: (B, h, T, d_k/2)
        first, second = x1 * cos - x2 * sin, x1 * sin + x2 * cos  # rotated: (B, h, T, d_k/2)
        return jnp.stack((first, second), axis=-1).reshape(x.shape)  # pairs stay in place


def alibi_bias(num_heads: int, T: int, S: int) -> jax.Array:
    r"""<<c_alibi>>

    ALiBi: head i adds -m_i * |t - s| to the score of query t for key s, with the slopes
    m_i = 2^(-8 i / h), i = 1..h: a linear distance penalty instead of position embeddings.
    Returns (h, T, S).
    """
    i = jnp.arange(1, num_heads + 1)  # (h,)
    # [ASSUMPTION] the ALiBi paper's geometric slopes (exact for h a power of 2)
    slopes = jnp.power(2.0, -8.0 * i / num_heads)  # (h,)
    distance = jnp.abs(jnp.arange(T)[:, None] - jnp.arange(S)[None, :])  # (T, S)
    return -slopes[:, None, None] * distance  # (h, T, S)


def repeat_kv(x: jax.Array, n_rep: int) -> jax.Array:
    r"""<<c_kv>>

    (B, h_kv, S, d_k) -> (B, h_kv * n_rep, S, d_k): each key-value head serves n_rep
    consecutive query heads (n_rep = h / h_kv; 1 is multi-head attention).
    """
    return x if n_rep == 1 else jnp.repeat(x, n_rep, axis=1)


class MultiHeadAttention(nnx.Module):
    r"""<<c_mha>>

    <<eq_mha>>
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        assert cfg.d_model % cfg.num_heads == 0, "d_model must be divisible by num_heads"
        assert cfg.num_heads % cfg.num_kv_heads == 0, "num_heads must be a multiple of num_kv_heads"
        self.h = cfg.num_heads
        # num_kv_heads = h: multi-head; fewer: grouped-query; 1: multi-query attention
        self.h_kv = cfg.num_kv_heads
        self.d_k = cfg.d_model // cfg.num_heads  # d_k = d_v = d_model / h
        # W_i^Q of all h heads as one projection; W^K, W^V for the h_kv key-value heads
        d, b = cfg.d_model, cfg.bias
        self.W_q = nnx.Linear(d, self.h * self.d_k, use_bias=b, rngs=rngs)
        self.W_k = nnx.Linear(d, self.h_kv * self.d_k, use_bias=b, rngs=rngs)
        self.W_v = nnx.Linear(d, self.h_kv * self.d_k, use_bias=b, rngs=rngs)
        self.W_o = nnx.Linear(self.h * self.d_k, d, use_bias=b, rngs=rngs)  # W^O
        self.dropout = nnx.Dropout(cfg.attention_dropout, rngs=rngs)
        pos = one_of("pos", cfg.pos, POSITIONS)
        rope = pos == "rope"  # `rope_theta` in configs/base.yaml is RoPE's base
        self.rope = RotaryEmbedding(self.d_k, cfg.max_seq_len, cfg.rope_theta) if rope else None
        self.alibi = pos == "alibi"
        # slot: attention_init

    def split(self, x: jax.Array, heads: int) -> jax.Array:
        """(B, T, heads d_k) -> (B, heads, T, d_k): head i reads features i d_k to (i+1) d_k."""
        B, T, _ = x.shape
        return x.reshape(B, T, heads, self.d_k).transpose(0, 2, 1, 3)

    def __call__(self, x_q: jax.Array, x_kv: jax.Array, mask: jax.Array | None = None) -> jax.Array:
        B, T, _ = x_q.shape
        S = x_kv.shape[1]
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
        heads = scaled_dot_product_attention(q, k, v, mask, self.dropout, bias)  # (B, h, T, d_k)
        # end slot: attention
        # <<l_mha>>
        concat = heads.transpose(0, 2, 1, 3).reshape(B, T, self.h * self.d_k)  # (B, T, d_model)
        return self.W_o(concat)  # (B, T, d_model)


FFNS = ("relu", "gelu", "swiglu", "geglu")  # `ffn` in configs/base.yaml
ACTIVATIONS: dict[str, Callable[[jax.Array], jax.Array]] = {
    "relu": jax.nn.relu,
    # [ASSUMPTION] the exact GELU, x * Phi(x), not its tanh approximation (as nn.GELU computes)
    "gelu": lambda x: jax.nn.gelu(x, approximate=False),
    "swiglu": jax.nn.silu,  # the GLU variants: act(x W_1) * (x W_3)
    "geglu": lambda x: jax.nn.gelu(x, approximate=False),
}


class PositionwiseFeedForward(nnx.Module):
    r"""<<c_ffn>>

    <<eq_ffn>>

    relu, gelu:     FFN(x) = act(x W_1 + b_1) W_2 + b_2
    swiglu, geglu:  FFN(x) = (act(x W_1) * x W_3) W_2, act = SiLU (Swish) or GELU
    Which one is `ffn` in configs/base.yaml; the biases are there when `bias` is true.
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        ffn = one_of("ffn", cfg.ffn, FFNS)
        self.W_1 = nnx.Linear(cfg.d_model, cfg.d_ff, use_bias=cfg.bias, rngs=rngs)
        self.W_2 = nnx.Linear(cfg.d_ff, cfg.d_model, use_bias=cfg.bias, rngs=rngs)
        # the gated variants' second input projection: the gate's linear path
        gated = ffn in ("swiglu", "geglu")
        self.W_3 = (
            nnx.Linear(cfg.d_model, cfg.d_ff, use_bias=cfg.bias, rngs=rngs) if gated else None
        )
        self.act = ACTIVATIONS[ffn]

    def __call__(self, x: jax.Array) -> jax.Array:
        # <<l_ffn>>
        hidden = self.act(self.W_1(x))  # (B, T, d_ff)
        if self.W_3 is not None:
            hidden = hidden * self.W_3(x)  # (B, T, d_ff), gated
        return self.W_2(hidden)  # (B, T, d_model)


# slot: norms
NORMS = ("layernorm", "rmsnorm")  # `norm` in configs/base.yaml


class RMSNorm(nnx.Module):
    r"""<<c_rms>>

    RMSNorm(x) = x / sqrt(mean_i(x_i^2) + eps) * g: LayerNorm without centring and without
    bias; g is a learned gain per feature.
    """

    def __init__(self, d_model: int, eps: float) -> None:
        self.eps = eps
        self.g = nnx.Param(jnp.ones(d_model))  # (d_model,)

    def __call__(self, x: jax.Array) -> jax.Array:
        # [ASSUMPTION] the standard RMSNorm: root mean square over the d_model features
        rms = jnp.sqrt(jnp.mean(x**2, axis=-1, keepdims=True) + self.eps)  # (B, T, 1)
        return x / rms * self.g[...]  # (B, T, d_model)


def make_norm(cfg: ModelConfig, rngs: nnx.Rngs) -> nnx.Module:
    r"""<<c_norm>>"""
    if one_of("norm", cfg.norm, NORMS) == "rmsnorm":
        return RMSNorm(cfg.d_model, cfg.norm_eps)
    return nnx.LayerNorm(
        cfg.d_model,
        epsilon=cfg.norm_eps,
        use_bias=cfg.bias,
        use_fast_variance=False,  # the two-pass variance, as torch.nn.LayerNorm computes it
        rngs=rngs,
    )


# end slot: norms


NORM_POSITIONS = ("pre", "post", "sandwich")  # `norm_position` in configs/base.yaml


class SublayerConnection(nnx.Module):
    r"""<<c_residual>>

    post:     Norm(x + Dropout(Sublayer(x)))
    pre:      x + Dropout(Sublayer(Norm(x)))
    sandwich: x + Dropout(Norm'(Sublayer(Norm(x))))
    Which one is `norm_position` in configs/base.yaml.
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        self.position = one_of("norm_position", cfg.norm_position, NORM_POSITIONS)
        self.norm = make_norm(cfg, rngs)  # <<c_ln>>
        # sandwich norm normalises the sub-layer's output too, with a norm of its own
        self.out_norm = make_norm(cfg, rngs) if self.position == "sandwich" else identity
        self.dropout = nnx.Dropout(cfg.dropout, rngs=rngs)  # dropout on each sub-layer output

    def __call__(self, x: jax.Array, sublayer: Callable[[jax.Array], jax.Array]) -> jax.Array:
        # slot: x_residual
        if self.position == "post":
            return self.norm(x + self.dropout(sublayer(x)))
        return x + self.dropout(self.out_norm(sublayer(self.norm(x))))


class EncoderLayer(nnx.Module):
    r"""<<c_encoder>>

    One layer: self-attention, then the position-wise FFN, each in a SublayerConnection.
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        self.self_attn = MultiHeadAttention(cfg, rngs=rngs)
        self.ffn = PositionwiseFeedForward(cfg, rngs=rngs)
        self.sublayers = nnx.List([SublayerConnection(cfg, rngs=rngs) for _ in range(2)])

    def __call__(self, x: jax.Array, mask: jax.Array | None = None) -> jax.Array:
        x = self.sublayers[0](x, lambda y: self.self_attn(y, y, mask))  # (B, T, d_model)
        return self.sublayers[1](x, self.ffn)  # (B, T, d_model)


def final_norm(cfg: ModelConfig, rngs: nnx.Rngs) -> Callable[[jax.Array], jax.Array]:
    """Pre-norm and sandwich stacks end with a norm (their last sub-layer output is not
    normalised); a post-norm stack already ends with one."""
    if cfg.norm_position in ("pre", "sandwich"):
        return make_norm(cfg, rngs)
    return identity


# slot: parts

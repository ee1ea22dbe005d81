r"""<<title>>

The model's forward pass in NumPy, in the order the paper builds it: code to read next to the
paper's equations and to run on small arrays. NumPy has no automatic differentiation, so nothing
here trains: the weights are random draws (`build_model`'s seed), and dropout, a training-time
operation, is the identity (the model as at evaluation). `--framework pytorch` writes the
trainable version.

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

import numpy as np

# slot: model_config


def one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """A choice of configs/base.yaml, refused when this file has no code for it."""
    if value not in allowed:
        raise ValueError(f"{name}: {value!r} is not one of {allowed} (configs/base.yaml)")
    return value


def identity(x: np.ndarray) -> np.ndarray:
    return x


def softmax(x: np.ndarray) -> np.ndarray:
    """softmax over the last axis, shifted by the maximum so that exp cannot overflow."""
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


class Linear:
    """x W + b, with W: (d_in, d_out) and b: (d_out,), or no b when `bias` is false."""

    def __init__(self, rng: np.random.Generator, d_in: int, d_out: int, bias: bool = True) -> None:
        # [ASSUMPTION] W ~ N(0, 1/d_in), b = 0: untrained weights of a well-scaled output
        self.W = rng.normal(0.0, 1.0 / math.sqrt(d_in), (d_in, d_out))
        self.b = np.zeros(d_out) if bias else None

    def __call__(self, x: np.ndarray) -> np.ndarray:
        y = x @ self.W  # (..., d_in) -> (..., d_out)
        return y if self.b is None else y + self.b


def scaled_dot_product_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
    bias: np.ndarray | None = None,
) -> np.ndarray:
    r"""<<c_sdpa>>

    <<eq_sdpa>>

    q: (B, h, T, d_k), k: (B, h, S, d_k), v: (B, h, S, d_k); mask broadcasts to (B, h, T, S)
    and is True where attending is allowed; bias (h, T, S) is added to the scores (ALiBi).
    """
    # slot: x_sdpa
    d_k = q.shape[-1]
    # <<l_sdpa>>
    scores = q @ np.swapaxes(k, -2, -1) / math.sqrt(d_k)  # (B, h, T, S)
    if bias is not None:
        scores = scores + bias  # (B, h, T, S)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)  # disallowed positions get weight 0
    weights = softmax(scores)  # (B, h, T, S)
    return weights @ v  # (B, h, T, d_k)


# `pos` in configs/base.yaml: how the model knows where each token is
POSITIONS = ("sinusoidal", "learned", "rope", "alibi", "none")


class SinusoidalPositionalEncoding:
    r"""<<c_sin>>"""

    def __init__(self, d_model: int, max_seq_len: int) -> None:
        # slot: x_pe
        pos = np.arange(max_seq_len)[:, None]  # (T_max, 1)
        two_i = np.arange(0, d_model, 2)  # 2i
        angle = pos / np.power(10000.0, two_i / d_model)  # <<c_sin_line>>
        self.pe = np.zeros((max_seq_len, d_model))
        self.pe[:, 0::2] = np.sin(angle)  # PE(pos, 2i)
        self.pe[:, 1::2] = np.cos(angle)  # PE(pos, 2i+1)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x + self.pe[: x.shape[1]]  # (B, T, d_model)


class LearnedPositionalEmbedding:
    r"""<<c_learned>>"""

    def __init__(self, rng: np.random.Generator, d_model: int, max_seq_len: int) -> None:
        # one vector per position; [ASSUMPTION] N(0, 1) draws, as nn.Embedding initialises them
        self.pe = rng.normal(0.0, 1.0, (max_seq_len, d_model))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x + self.pe[: x.shape[1]]  # (B, T, d_model)


def absolute_positions(rng: np.random.Generator, cfg: ModelConfig) -> Callable:
    """What is added to the input embeddings: a sinusoidal or learned encoding; nothing when
    positions enter the attention instead (rope, alibi) or nowhere (none)."""
    pos = one_of("pos", cfg.pos, POSITIONS)
    if pos == "sinusoidal":
        return SinusoidalPositionalEncoding(cfg.d_model, cfg.max_seq_len)
    if pos == "learned":
        return LearnedPositionalEmbedding(rng, cfg.d_model, cfg.max_seq_len)
    return identity


class RotaryEmbedding:
    r"""<<c_rope>>

    RoPE(x)_m = x_m rotated pair by pair: (x_2i, x_2i+1) at position m turns by the angle
    m * theta^(-2i/d_k), so q_m . k_n depends on the positions only through m - n.
    """

    def __init__(self, d_k: int, max_seq_len: int, theta: float) -> None:
        assert d_k % 2 == 0, "RoPE rotates pairs of features: d_k must be even"
        # theta is `rope_theta` in configs/base.yaml
        freq = float(theta) ** (-np.arange(0, d_k, 2) / d_k)  # (d_k/2,)
        angle = np.outer(np.arange(max_seq_len), freq)  # (T_max, d_k/2)
        self.cos, self.sin = np.cos(angle), np.sin(angle)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        T = x.shape[-2]  # x: (B, h, T, d_k)
        cos, sin = self.cos[:T], self.sin[:T]  # (T, d_k/2)
        x1, x2 = x[..., 0::2], x[..., 1::2]  # each pair's two features: (B, h, T, d_k/2)
        rotated = np.empty_like(x)
        rotated[..., 0::2] = x1 * cos - x2 * sin  # the pairs stay in place
        rotated[..., 1::2] = x1 * sin + x2 * cos
        return rotated  # (B, h, T, d_k)


def alibi_bias(num_heads: int, T: int, S: int) -> np.ndarray:
    r"""<<c_alibi>>

    ALiBi: head i adds -m_i * |t - s| to the score of query t for key s, with the slopes
    m_i = 2^(-8 i / h), i = 1..h: a linear distance penalty instead of position embeddings.
    Returns (h, T, S).
    """
    i = np.arange(1, num_heads + 1)  # (h,)
    # [ASSUMPTION] the ALiBi paper's geometric slopes (exact for h a power of 2)
    slopes = np.power(2.0, -8.0 * i / num_heads)  # (h,)
    distance = np.abs(np.arange(T)[:, None] - np.arange(S)[None, :])  # (T, S)
    return -slopes[:, None, None] * distance  # (h, T, S)


def repeat_kv(x: np.ndarray, n_rep: int) -> np.ndarray:
    r"""<<c_kv>>

    (B, h_kv, S, d_k) -> (B, h_kv * n_rep, S, d_k): each key-value head serves n_rep
    consecutive query heads (n_rep = h / h_kv; 1 is multi-head attention).
    """
    return x if n_rep == 1 else np.repeat(x, n_rep, axis=1)


class MultiHeadAttention:
    r"""<<c_mha>>

    <<eq_mha>>
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        assert cfg.d_model % cfg.num_heads == 0, "d_model must be divisible by num_heads"
        assert cfg.num_heads % cfg.num_kv_heads == 0, "num_heads must be a multiple of num_kv_heads"
        self.h = cfg.num_heads
        # num_kv_heads = h: multi-head; fewer: grouped-query; 1: multi-query attention
        self.h_kv = cfg.num_kv_heads
        self.d_k = cfg.d_model // cfg.num_heads  # d_k = d_v = d_model / h
        # W_i^Q of all h heads as one projection; W^K, W^V for the h_kv key-value heads
        self.W_q = Linear(rng, cfg.d_model, self.h * self.d_k, cfg.bias)
        self.W_k = Linear(rng, cfg.d_model, self.h_kv * self.d_k, cfg.bias)
        self.W_v = Linear(rng, cfg.d_model, self.h_kv * self.d_k, cfg.bias)
        self.W_o = Linear(rng, self.h * self.d_k, cfg.d_model, cfg.bias)  # W^O
        pos = one_of("pos", cfg.pos, POSITIONS)
        rope = pos == "rope"  # `rope_theta` in configs/base.yaml is RoPE's base
        self.rope = RotaryEmbedding(self.d_k, cfg.max_seq_len, cfg.rope_theta) if rope else None
        self.alibi = pos == "alibi"
        # slot: attention_init

    def split(self, x: np.ndarray, heads: int) -> np.ndarray:
        """(B, T, heads d_k) -> (B, heads, T, d_k): head i reads features i d_k to (i+1) d_k."""
        B, T, _ = x.shape
        return x.reshape(B, T, heads, self.d_k).transpose(0, 2, 1, 3)

    def __call__(
        self, x_q: np.ndarray, x_kv: np.ndarray, mask: np.ndarray | None = None
    ) -> np.ndarray:
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
        heads = scaled_dot_product_attention(q, k, v, mask, bias)  # (B, h, T, d_k)
        # end slot: attention
        # <<l_mha>>
        concat = heads.transpose(0, 2, 1, 3).reshape(B, T, self.h * self.d_k)  # (B, T, d_model)
        return self.W_o(concat)  # (B, T, d_model)


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


# NumPy has no erf: math.erf element by element gives the exact GELU, as nn.GELU computes it
_erf = np.vectorize(math.erf, otypes=[float])


def gelu(x: np.ndarray) -> np.ndarray:
    # [ASSUMPTION] the exact GELU, x * Phi(x) with Phi the normal CDF, not its tanh approximation
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def silu(x: np.ndarray) -> np.ndarray:
    # [ASSUMPTION] SiLU(x) = x * sigmoid(x); sigmoid written with tanh so exp cannot overflow
    return x * 0.5 * (1.0 + np.tanh(x / 2.0))


FFNS = ("relu", "gelu", "swiglu", "geglu")  # `ffn` in configs/base.yaml
ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": relu,
    "gelu": gelu,
    "swiglu": silu,  # the GLU variants: act(x W_1) * (x W_3)
    "geglu": gelu,
}


class PositionwiseFeedForward:
    r"""<<c_ffn>>

    <<eq_ffn>>

    relu, gelu:     FFN(x) = act(x W_1 + b_1) W_2 + b_2
    swiglu, geglu:  FFN(x) = (act(x W_1) * x W_3) W_2, act = SiLU (Swish) or GELU
    Which one is `ffn` in configs/base.yaml; the biases are there when `bias` is true.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        ffn = one_of("ffn", cfg.ffn, FFNS)
        self.W_1 = Linear(rng, cfg.d_model, cfg.d_ff, cfg.bias)
        self.W_2 = Linear(rng, cfg.d_ff, cfg.d_model, cfg.bias)
        # the gated variants' second input projection: the gate's linear path
        gated = ffn in ("swiglu", "geglu")
        self.W_3 = Linear(rng, cfg.d_model, cfg.d_ff, cfg.bias) if gated else None
        self.act = ACTIVATIONS[ffn]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        # <<l_ffn>>
        hidden = self.act(self.W_1(x))  # (B, T, d_ff)
        if self.W_3 is not None:
            hidden = hidden * self.W_3(x)  # (B, T, d_ff), gated
        return self.W_2(hidden)  # (B, T, d_model)


# slot: norms
NORMS = ("layernorm", "rmsnorm")  # `norm` in configs/base.yaml


class LayerNorm:
    """(x - mean) / sqrt(var + eps) * gamma + beta over the d_model features (no beta when
    `bias` is false)."""

    def __init__(self, d_model: int, eps: float, bias: bool) -> None:
        self.gamma = np.ones(d_model)  # gain and bias at their initial values
        self.beta = np.zeros(d_model) if bias else None
        self.eps = eps

    def __call__(self, x: np.ndarray) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)  # the biased variance, as LayerNorm uses
        y = (x - mean) / np.sqrt(var + self.eps) * self.gamma
        return y if self.beta is None else y + self.beta


class RMSNorm:
    r"""<<c_rms>>

    RMSNorm(x) = x / sqrt(mean_i(x_i^2) + eps) * g: LayerNorm without centring and without
    bias; g is a learned gain per feature.
    """

    def __init__(self, d_model: int, eps: float) -> None:
        self.eps = eps
        self.g = np.ones(d_model)  # (d_model,), at its initial value

    def __call__(self, x: np.ndarray) -> np.ndarray:
        # [ASSUMPTION] the standard RMSNorm: root mean square over the d_model features
        rms = np.sqrt((x**2).mean(axis=-1, keepdims=True) + self.eps)  # (B, T, 1)
        return x / rms * self.g  # (B, T, d_model)


def make_norm(cfg: ModelConfig) -> Callable[[np.ndarray], np.ndarray]:
    r"""<<c_norm>>"""
    if one_of("norm", cfg.norm, NORMS) == "rmsnorm":
        return RMSNorm(cfg.d_model, cfg.norm_eps)
    return LayerNorm(cfg.d_model, cfg.norm_eps, cfg.bias)


# end slot: norms


NORM_POSITIONS = ("pre", "post", "sandwich")  # `norm_position` in configs/base.yaml


class SublayerConnection:
    r"""<<c_residual>>

    post:     Norm(x + Sublayer(x))
    pre:      x + Sublayer(Norm(x))
    sandwich: x + Norm'(Sublayer(Norm(x)))
    Which one is `norm_position` in configs/base.yaml; the dropout on the sub-layer output is
    the identity here (no training).
    """

    def __init__(self, cfg: ModelConfig) -> None:
        self.position = one_of("norm_position", cfg.norm_position, NORM_POSITIONS)
        self.norm = make_norm(cfg)  # <<c_ln>>
        # sandwich norm normalises the sub-layer's output too, with a norm of its own
        self.out_norm = make_norm(cfg) if self.position == "sandwich" else identity

    def __call__(self, x: np.ndarray, sublayer: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        # slot: x_residual
        if self.position == "post":
            return self.norm(x + sublayer(x))
        return x + self.out_norm(sublayer(self.norm(x)))


class EncoderLayer:
    r"""<<c_encoder>>

    One layer: self-attention, then the position-wise FFN, each in a SublayerConnection.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.self_attn = MultiHeadAttention(rng, cfg)
        self.ffn = PositionwiseFeedForward(rng, cfg)
        self.sublayers = [SublayerConnection(cfg) for _ in range(2)]

    def __call__(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        x = self.sublayers[0](x, lambda y: self.self_attn(y, y, mask))  # (B, T, d_model)
        return self.sublayers[1](x, self.ffn)  # (B, T, d_model)


def final_norm(cfg: ModelConfig) -> Callable[[np.ndarray], np.ndarray]:
    """Pre-norm and sandwich stacks end with a norm (their last sub-layer output is not
    normalised); a post-norm stack already ends with one."""
    if cfg.norm_position in ("pre", "sandwich"):
        return make_norm(cfg)
    return identity


# slot: parts

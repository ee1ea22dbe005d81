r"""<<title>>

The model's forward pass in NumPy, in the order the paper builds it: code to read next to the
paper's equations and to run on small arrays. NumPy has no automatic differentiation, so nothing
here trains: the weights are random draws (`build_model`'s seed), and dropout, a training-time
operation, is the identity (the model as at evaluation). `--framework pytorch` writes the
trainable version.

Every class cites where the paper defines it. Values come from configs/base.yaml, where each one
is cited or flagged.
Shapes: B batch, T target length, S source length, h heads, d_k = d_model / h.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# slot: model_config


def softmax(x: np.ndarray) -> np.ndarray:
    """softmax over the last axis, shifted by the maximum so that exp cannot overflow."""
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


class Linear:
    """x W + b, with W: (d_in, d_out) and b: (d_out,)."""

    def __init__(self, rng: np.random.Generator, d_in: int, d_out: int) -> None:
        # [ASSUMPTION] W ~ N(0, 1/d_in), b = 0: untrained weights of a well-scaled output
        self.W = rng.normal(0.0, 1.0 / math.sqrt(d_in), (d_in, d_out))
        self.b = np.zeros(d_out)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x @ self.W + self.b  # (..., d_in) -> (..., d_out)


def scaled_dot_product_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
) -> np.ndarray:
    r"""<<c_sdpa>>

    <<eq_sdpa>>

    q: (B, h, T, d_k), k: (B, h, S, d_k), v: (B, h, S, d_k); mask broadcasts to (B, h, T, S)
    and is True where attending is allowed.
    """
    # slot: x_sdpa
    d_k = q.shape[-1]
    # <<l_sdpa>>
    scores = q @ np.swapaxes(k, -2, -1) / math.sqrt(d_k)  # (B, h, T, S)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)  # disallowed positions get weight 0
    weights = softmax(scores)  # (B, h, T, S)
    return weights @ v  # (B, h, T, d_k)


class MultiHeadAttention:
    r"""<<c_mha>>

    <<eq_mha>>
    """

    def __init__(self, rng: np.random.Generator, d_model: int, num_heads: int) -> None:
        assert d_model % num_heads == 0, "d_model must be divisible by num_heads"
        self.h = num_heads
        self.d_k = d_model // num_heads  # d_k = d_v = d_model / h
        # W_i^Q, W_i^K, W_i^V of all h heads as one (d_model x d_model) projection each
        self.W_q = Linear(rng, d_model, d_model)
        self.W_k = Linear(rng, d_model, d_model)
        self.W_v = Linear(rng, d_model, d_model)
        self.W_o = Linear(rng, d_model, d_model)  # W^O

    def split(self, x: np.ndarray) -> np.ndarray:
        """(B, T, d_model) -> (B, h, T, d_k): head i reads features i d_k ... (i + 1) d_k - 1."""
        B, T, _ = x.shape
        return x.reshape(B, T, self.h, self.d_k).transpose(0, 2, 1, 3)

    def __call__(
        self, x_q: np.ndarray, x_kv: np.ndarray, mask: np.ndarray | None = None
    ) -> np.ndarray:
        B, T, _ = x_q.shape
        # slot: x_mha
        q = self.split(self.W_q(x_q))  # (B, h, T, d_k)
        k = self.split(self.W_k(x_kv))  # (B, h, S, d_k)
        v = self.split(self.W_v(x_kv))  # (B, h, S, d_k)
        heads = scaled_dot_product_attention(q, k, v, mask)  # (B, h, T, d_k)
        # <<l_mha>>
        concat = heads.transpose(0, 2, 1, 3).reshape(B, T, self.h * self.d_k)  # (B, T, d_model)
        return self.W_o(concat)  # (B, T, d_model)


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def gelu(x: np.ndarray) -> np.ndarray:
    # [ASSUMPTION] GELU's tanh approximation (NumPy has no erf); within 1e-3 of the exact form
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"relu": relu, "gelu": gelu}


class PositionwiseFeedForward:
    r"""<<c_ffn>>

    <<eq_ffn>>

    The activation is `activation` in configs/base.yaml.
    """

    def __init__(self, rng: np.random.Generator, d_model: int, d_ff: int, activation: str) -> None:
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation {activation!r}: this NumPy code has {list(ACTIVATIONS)}")
        self.W_1 = Linear(rng, d_model, d_ff)
        self.W_2 = Linear(rng, d_ff, d_model)
        self.act = ACTIVATIONS[activation]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        # <<l_ffn>>
        return self.W_2(self.act(self.W_1(x)))  # (B, T, d_ff) -> (B, T, d_model)


class PositionalEncoding:
    r"""<<c_pe>>

    <<eq_pe>>

    `positional_encoding` in configs/base.yaml: "sinusoidal" (fixed) or "learned" (one trained
    vector per position; here at its random initial value).
    """

    def __init__(self, rng: np.random.Generator, d_model: int, max_seq_len: int, kind: str) -> None:
        if kind == "learned":
            # [ASSUMPTION] N(0, 1) initial vectors, as nn.Embedding draws them
            self.pe = rng.normal(0.0, 1.0, (max_seq_len, d_model))
            return
        if kind != "sinusoidal":
            raise ValueError(f"positional_encoding {kind!r}: sinusoidal or learned")
        # slot: x_pe
        pos = np.arange(max_seq_len)[:, None]  # (T_max, 1)
        two_i = np.arange(0, d_model, 2)  # 2i
        angle = pos / np.power(10000.0, two_i / d_model)  # <<c_pe_line>>
        self.pe = np.zeros((max_seq_len, d_model))
        self.pe[:, 0::2] = np.sin(angle)  # PE(pos, 2i)
        self.pe[:, 1::2] = np.cos(angle)  # PE(pos, 2i+1)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x + self.pe[: x.shape[1]]  # (B, T, d_model)


class LayerNorm:
    """(x - mean) / sqrt(var + eps) * gamma + beta over the d_model features."""

    def __init__(self, d_model: int, eps: float) -> None:
        self.gamma = np.ones(d_model)  # gain and bias at their initial values
        self.beta = np.zeros(d_model)
        self.eps = eps

    def __call__(self, x: np.ndarray) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)  # the biased variance, as LayerNorm uses
        return (x - mean) / np.sqrt(var + self.eps) * self.gamma + self.beta


class SublayerConnection:
    r"""<<c_residual>>

    post-norm: LayerNorm(x + Sublayer(x));  pre-norm: x + Sublayer(LayerNorm(x)).
    Which one is `norm_position` in configs/base.yaml; the dropout on the sub-layer output is
    the identity here (no training).
    """

    def __init__(self, d_model: int, norm_position: str, eps: float) -> None:
        if norm_position not in ("pre", "post"):
            raise ValueError(f"norm_position {norm_position!r}: pre or post")
        self.norm = LayerNorm(d_model, eps)  # <<c_ln>>
        self.pre_norm = norm_position == "pre"

    def __call__(self, x: np.ndarray, sublayer: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        # slot: x_residual
        if self.pre_norm:
            return x + sublayer(self.norm(x))
        return self.norm(x + sublayer(x))


class EncoderLayer:
    r"""<<c_encoder>>

    One layer: self-attention, then the position-wise FFN, each in a SublayerConnection.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.self_attn = MultiHeadAttention(rng, cfg.d_model, cfg.num_heads)
        self.ffn = PositionwiseFeedForward(rng, cfg.d_model, cfg.d_ff, cfg.activation)
        self.sublayers = [
            SublayerConnection(cfg.d_model, cfg.norm_position, cfg.layernorm_eps) for _ in range(2)
        ]

    def __call__(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        x = self.sublayers[0](x, lambda y: self.self_attn(y, y, mask))  # (B, T, d_model)
        return self.sublayers[1](x, self.ffn)  # (B, T, d_model)


def final_norm(cfg: ModelConfig) -> Callable[[np.ndarray], np.ndarray]:
    """Pre-norm stacks end with a LayerNorm (their last sub-layer output is not normalised)."""
    if cfg.norm_position == "pre":
        return LayerNorm(cfg.d_model, cfg.layernorm_eps)
    return lambda x: x


class Embedding:
    r"""Token embedding plus positional encoding (the dropout after it is the identity here).

    `scale_embeddings` in configs/base.yaml: multiply the embedding by sqrt(d_model) or not.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        # [ASSUMPTION] N(0, 1) initial embeddings, as nn.Embedding draws them
        self.tokens = rng.normal(0.0, 1.0, (cfg.vocab_size, cfg.d_model))
        self.position = PositionalEncoding(
            rng, cfg.d_model, cfg.max_seq_len, cfg.positional_encoding
        )
        self.scale = math.sqrt(cfg.d_model) if cfg.scale_embeddings else 1.0

    def __call__(self, tokens: np.ndarray) -> np.ndarray:
        x = self.tokens[tokens] * self.scale  # (B, T, d_model)
        return self.position(x)


def check_architecture(values: dict, built: str) -> None:
    """This file builds one architecture: a config that asks for another is refused."""
    if values["architecture"] != built:
        raise ValueError(
            f"architecture {values['architecture']!r}: this model.py builds {built!r}; "
            "generate the project again for another architecture"
        )


# slot: parts

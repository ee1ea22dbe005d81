r"""<<title>>

The model, in the order the paper builds it.

Every class cites where the paper defines it. Values come from configs/base.yaml, where each one
is cited or flagged; the architecture choices there (`norm`, `norm_position`, `ffn`, `pos`,
`num_kv_heads`, `bias`, `tie_embeddings`) select the code below, so editing one changes the model.
Shapes: B batch, T target length, S source length, h heads, h_kv key-value heads,
d_k = d_model / h.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn


# slot: model_config


def one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """A choice of configs/base.yaml, refused when this file has no code for it."""
    if value not in allowed:
        raise ValueError(f"{name}: {value!r} is not one of {allowed} (configs/base.yaml)")
    return value


def scaled_dot_product_attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    mask: torch.Tensor | None = None,
    dropout: nn.Module | None = None,
    bias: torch.Tensor | None = None,
) -> torch.Tensor:
    r"""<<c_sdpa>>

    <<eq_sdpa>>

    q: (B, h, T, d_k), k: (B, h, S, d_k), v: (B, h, S, d_k); mask broadcasts to (B, h, T, S)
    and is True where attending is allowed; bias (h, T, S) is added to the scores (ALiBi).
    """
    # slot: x_sdpa
    d_k = q.size(-1)
    # <<l_sdpa>>
    scores = q @ k.transpose(-2, -1) / math.sqrt(d_k)  # (B, h, T, S)
    if bias is not None:
        scores = scores + bias  # (B, h, T, S)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))  # disallowed positions get weight 0
    weights = scores.softmax(dim=-1)  # (B, h, T, S)
    if dropout is not None:
        weights = dropout(weights)  # attention_dropout in configs/base.yaml
    return weights @ v  # (B, h, T, d_k)


# `pos` in configs/base.yaml: how the model knows where each token is
POSITIONS = ("sinusoidal", "learned", "rope", "alibi", "none")


class SinusoidalPositionalEncoding(nn.Module):
    r"""<<c_sin>>"""

    def __init__(self, d_model: int, max_seq_len: int) -> None:
        super().__init__()
        # slot: x_pe
        pos = torch.arange(max_seq_len, dtype=torch.float32).unsqueeze(1)  # (T_max, 1)
        two_i = torch.arange(0, d_model, 2, dtype=torch.float32)  # 2i
        angle = pos / torch.pow(10000.0, two_i / d_model)  # <<c_sin_line>>
        pe = torch.zeros(max_seq_len, d_model)
        pe[:, 0::2] = torch.sin(angle)  # PE(pos, 2i)
        pe[:, 1::2] = torch.cos(angle)  # PE(pos, 2i+1)
        self.register_buffer("pe", pe)  # fixed, not trained

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.pe[: x.size(1)]  # (B, T, d_model)


class LearnedPositionalEmbedding(nn.Module):
    r"""<<c_learned>>"""

    def __init__(self, d_model: int, max_seq_len: int) -> None:
        super().__init__()
        self.pe = nn.Embedding(max_seq_len, d_model)  # one trained vector per position

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(x.size(1), device=x.device)  # (T,)
        return x + self.pe(positions)  # (B, T, d_model)


def absolute_positions(cfg: ModelConfig) -> nn.Module:
    """What is added to the input embeddings: a sinusoidal or learned encoding; nothing when
    positions enter the attention instead (rope, alibi) or nowhere (none)."""
    pos = one_of("pos", cfg.pos, POSITIONS)
    if pos == "sinusoidal":
        return SinusoidalPositionalEncoding(cfg.d_model, cfg.max_seq_len)
    if pos == "learned":
        return LearnedPositionalEmbedding(cfg.d_model, cfg.max_seq_len)
    return nn.Identity()


class RotaryEmbedding(nn.Module):
    r"""<<c_rope>>

    RoPE(x)_m = x_m rotated pair by pair: (x_2i, x_2i+1) at position m turns by the angle
    m * theta^(-2i/d_k), so q_m . k_n depends on the positions only through m - n.
    """

    def __init__(self, d_k: int, max_seq_len: int, theta: float) -> None:
        super().__init__()
        assert d_k % 2 == 0, "RoPE rotates pairs of features: d_k must be even"
        # theta is `rope_theta` in configs/base.yaml
        freq = theta ** (-torch.arange(0, d_k, 2, dtype=torch.float32) / d_k)  # (d_k/2,)
        angle = torch.outer(torch.arange(max_seq_len, dtype=torch.float32), freq)  # (T_max, d_k/2)
        self.register_buffer("cos", angle.cos(), persistent=False)
        self.register_buffer("sin", angle.sin(), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        T = x.size(-2)  # x: (B, h, T, d_k)
        cos, sin = self.cos[:T], self.sin[:T]  # (T, d_k/2)
        x1, x2 = x[..., 0::2], x[..., 1::2]  # each pair's two features: (B, h, T, d_k/2)
        first, second = x1 * cos - x2 * sin, x1 * sin + x2 * cos  # rotated: (B, h, T, d_k/2)
        return torch.stack((first, second), dim=-1).flatten(-2)  # (B, h, T, d_k), pairs in place


def alibi_bias(num_heads: int, T: int, S: int, device: torch.device | None = None) -> torch.Tensor:
    r"""<<c_alibi>>

    ALiBi: head i adds -m_i * |t - s| to the score of query t for key s, with the slopes
    m_i = 2^(-8 i / h), i = 1..h: a linear distance penalty instead of position embeddings.
    Returns (h, T, S).
    """
    i = torch.arange(1, num_heads + 1, dtype=torch.float32, device=device)  # (h,)
    # [ASSUMPTION] the ALiBi paper's geometric slopes (exact for h a power of 2)
    slopes = torch.pow(2.0, -8.0 * i / num_heads)  # (h,)
    t = torch.arange(T, device=device).unsqueeze(1)  # (T, 1)
    s = torch.arange(S, device=device).unsqueeze(0)  # (1, S)
    distance = (t - s).abs().float()  # (T, S)
    return -slopes.view(-1, 1, 1) * distance  # (h, T, S)


def repeat_kv(x: torch.Tensor, n_rep: int) -> torch.Tensor:
    r"""<<c_kv>>

    (B, h_kv, S, d_k) -> (B, h_kv * n_rep, S, d_k): each key-value head serves n_rep
    consecutive query heads (n_rep = h / h_kv; 1 is multi-head attention).
    """
    return x if n_rep == 1 else x.repeat_interleave(n_rep, dim=1)


class MultiHeadAttention(nn.Module):
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
        self.W_q = nn.Linear(cfg.d_model, self.h * self.d_k, bias=cfg.bias)
        self.W_k = nn.Linear(cfg.d_model, self.h_kv * self.d_k, bias=cfg.bias)
        self.W_v = nn.Linear(cfg.d_model, self.h_kv * self.d_k, bias=cfg.bias)
        self.W_o = nn.Linear(self.h * self.d_k, cfg.d_model, bias=cfg.bias)  # W^O
        self.dropout = nn.Dropout(cfg.attention_dropout)
        pos = one_of("pos", cfg.pos, POSITIONS)
        rope = pos == "rope"  # `rope_theta` in configs/base.yaml is RoPE's base
        self.rope = RotaryEmbedding(self.d_k, cfg.max_seq_len, cfg.rope_theta) if rope else None
        self.alibi = pos == "alibi"
        # slot: attention_init

    def forward(
        self, x_q: torch.Tensor, x_kv: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        B, T, _ = x_q.shape
        S = x_kv.size(1)
        # slot: x_mha
        q = self.W_q(x_q).view(B, T, self.h, self.d_k).transpose(1, 2)  # (B, h, T, d_k)
        k = self.W_k(x_kv).view(B, S, self.h_kv, self.d_k).transpose(1, 2)  # (B, h_kv, S, d_k)
        v = self.W_v(x_kv).view(B, S, self.h_kv, self.d_k).transpose(1, 2)  # (B, h_kv, S, d_k)
        if self.rope is not None:  # positions enter as rotations of the queries and keys
            q, k = self.rope(q), self.rope(k)
        n_rep = self.h // self.h_kv  # query heads per key-value head
        k, v = repeat_kv(k, n_rep), repeat_kv(v, n_rep)  # (B, h, S, d_k)
        bias = alibi_bias(self.h, T, S, x_q.device) if self.alibi else None  # (h, T, S)
        # slot: attention
        heads = scaled_dot_product_attention(q, k, v, mask, self.dropout, bias)  # (B, h, T, d_k)
        # end slot: attention
        # <<l_mha>>
        concat = heads.transpose(1, 2).reshape(B, T, self.h * self.d_k)  # (B, T, d_model)
        return self.W_o(concat)  # (B, T, d_model)


FFNS = ("relu", "gelu", "swiglu", "geglu")  # `ffn` in configs/base.yaml
GATED = {"swiglu": nn.SiLU, "geglu": nn.GELU}  # GLU variants: act(x W_1) * (x W_3)


class PositionwiseFeedForward(nn.Module):
    r"""<<c_ffn>>

    <<eq_ffn>>

    relu, gelu:     FFN(x) = act(x W_1 + b_1) W_2 + b_2
    swiglu, geglu:  FFN(x) = (act(x W_1) * x W_3) W_2, act = SiLU (Swish) or GELU
    Which one is `ffn` in configs/base.yaml; the biases are there when `bias` is true.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        ffn = one_of("ffn", cfg.ffn, FFNS)
        self.W_1 = nn.Linear(cfg.d_model, cfg.d_ff, bias=cfg.bias)
        self.W_2 = nn.Linear(cfg.d_ff, cfg.d_model, bias=cfg.bias)
        # the gated variants' second input projection: the gate's linear path
        self.W_3 = nn.Linear(cfg.d_model, cfg.d_ff, bias=cfg.bias) if ffn in GATED else None
        self.act = GATED[ffn]() if ffn in GATED else (nn.ReLU() if ffn == "relu" else nn.GELU())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # <<l_ffn>>
        hidden = self.act(self.W_1(x))  # (B, T, d_ff)
        if self.W_3 is not None:
            hidden = hidden * self.W_3(x)  # (B, T, d_ff), gated
        return self.W_2(hidden)  # (B, T, d_model)


# slot: norms
NORMS = ("layernorm", "rmsnorm")  # `norm` in configs/base.yaml


class RMSNorm(nn.Module):
    r"""<<c_rms>>

    RMSNorm(x) = x / sqrt(mean_i(x_i^2) + eps) * g: LayerNorm without centring and without
    bias; g is a learned gain per feature.
    """

    def __init__(self, d_model: int, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.g = nn.Parameter(torch.ones(d_model))  # (d_model,)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # [ASSUMPTION] the standard RMSNorm: root mean square over the d_model features
        rms = x.pow(2).mean(dim=-1, keepdim=True).add(self.eps).sqrt()  # (B, T, 1)
        return x / rms * self.g  # (B, T, d_model)


def make_norm(cfg: ModelConfig) -> nn.Module:
    r"""<<c_norm>>"""
    if one_of("norm", cfg.norm, NORMS) == "rmsnorm":
        return RMSNorm(cfg.d_model, cfg.norm_eps)
    return nn.LayerNorm(cfg.d_model, eps=cfg.norm_eps, bias=cfg.bias)


# end slot: norms
NORM_POSITIONS = ("pre", "post", "sandwich")  # `norm_position` in configs/base.yaml


class SublayerConnection(nn.Module):
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
        sandwich = self.position == "sandwich"
        self.out_norm = make_norm(cfg) if sandwich else nn.Identity()
        self.dropout = nn.Dropout(cfg.dropout)  # dropout on each sub-layer output

    def forward(self, x: torch.Tensor, sublayer) -> torch.Tensor:
        # slot: x_residual
        if self.position == "post":
            return self.norm(x + self.dropout(sublayer(x)))
        return x + self.dropout(self.out_norm(sublayer(self.norm(x))))


class EncoderLayer(nn.Module):
    r"""<<c_encoder>>

    One layer: self-attention, then the position-wise FFN, each in a SublayerConnection.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg)
        self.ffn = PositionwiseFeedForward(cfg)
        self.sublayers = nn.ModuleList(SublayerConnection(cfg) for _ in range(2))

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        x = self.sublayers[0](x, lambda y: self.self_attn(y, y, mask))  # (B, T, d_model)
        return self.sublayers[1](x, self.ffn)  # (B, T, d_model)


def final_norm(cfg: ModelConfig) -> nn.Module:
    """Pre-norm and sandwich stacks end with a norm (their last sub-layer output is not
    normalised); a post-norm stack already ends with one."""
    if cfg.norm_position in ("pre", "sandwich"):
        return make_norm(cfg)
    return nn.Identity()


# slot: parts

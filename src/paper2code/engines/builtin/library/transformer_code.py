"""The Transformer family's generated code, as templates: model.py, loss.py, train.py, data.py,
evaluate.py and the smoke-check body, with `<<hole>>` placeholders `fill` replaces."""

from __future__ import annotations

from paper2code.engines.builtin.library.common import LOAD_PAPER_DATA, TRAIN_MAIN

# ---- model.py -------------------------------------------------------------------------------

MODEL_HEAD = '''r"""<<title>>

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


<<model_config>>


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
<<x_sdpa>>    d_k = q.size(-1)
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


'''

POSITIONS = '''# `pos` in configs/base.yaml: how the model knows where each token is
POSITIONS = ("sinusoidal", "learned", "rope", "alibi", "none")


class SinusoidalPositionalEncoding(nn.Module):
    r"""<<c_sin>>
    """

    def __init__(self, d_model: int, max_seq_len: int) -> None:
        super().__init__()
<<x_pe>>        pos = torch.arange(max_seq_len, dtype=torch.float32).unsqueeze(1)  # (T_max, 1)
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


'''

ATTENTION = '''def repeat_kv(x: torch.Tensor, n_rep: int) -> torch.Tensor:
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
        self.alibi = pos == "alibi"<<attention_init>>

    def forward(
        self, x_q: torch.Tensor, x_kv: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        B, T, _ = x_q.shape
        S = x_kv.size(1)
<<x_mha>>        q = self.W_q(x_q).view(B, T, self.h, self.d_k).transpose(1, 2)  # (B, h, T, d_k)
        k = self.W_k(x_kv).view(B, S, self.h_kv, self.d_k).transpose(1, 2)  # (B, h_kv, S, d_k)
        v = self.W_v(x_kv).view(B, S, self.h_kv, self.d_k).transpose(1, 2)  # (B, h_kv, S, d_k)
        if self.rope is not None:  # positions enter as rotations of the queries and keys
            q, k = self.rope(q), self.rope(k)
        n_rep = self.h // self.h_kv  # query heads per key-value head
        k, v = repeat_kv(k, n_rep), repeat_kv(v, n_rep)  # (B, h, S, d_k)
        bias = alibi_bias(self.h, T, S, x_q.device) if self.alibi else None  # (h, T, S)
<<attention>>
        # <<l_mha>>
        concat = heads.transpose(1, 2).reshape(B, T, self.h * self.d_k)  # (B, T, d_model)
        return self.W_o(concat)  # (B, T, d_model)


'''

FEED_FORWARD = '''FFNS = ("relu", "gelu", "swiglu", "geglu")  # `ffn` in configs/base.yaml
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


'''

NORMS = '''NORMS = ("layernorm", "rmsnorm")  # `norm` in configs/base.yaml


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


'''

BLOCKS = '''NORM_POSITIONS = ("pre", "post", "sandwich")  # `norm_position` in configs/base.yaml


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
        self.norm = <<norm>>  # <<c_ln>>
        # sandwich norm normalises the sub-layer's output too, with a norm of its own
        sandwich = self.position == "sandwich"
        self.out_norm = <<norm>> if sandwich else nn.Identity()
        self.dropout = nn.Dropout(cfg.dropout)  # dropout on each sub-layer output

    def forward(self, x: torch.Tensor, sublayer) -> torch.Tensor:
<<x_residual>>        if self.position == "post":
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


'''

DECODER_LAYER = '''class DecoderLayer(nn.Module):
    r"""<<c_decoder>>

    Masked self-attention, attention over the encoder output, then the FFN.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg)
        self.cross_attn = MultiHeadAttention(cfg)
        self.ffn = PositionwiseFeedForward(cfg)
        self.sublayers = nn.ModuleList(SublayerConnection(cfg) for _ in range(3))

    def forward(
        self,
        y: torch.Tensor,
        memory: torch.Tensor,
        tgt_mask: torch.Tensor,
        src_mask: torch.Tensor | None = None,
    ) -> torch.Tensor:
        y = self.sublayers[0](y, lambda t: self.self_attn(t, t, tgt_mask))  # (B, T, d_model)
        y = self.sublayers[1](y, lambda t: self.cross_attn(t, memory, src_mask))  # queries from y
        return self.sublayers[2](y, self.ffn)  # (B, T, d_model)


'''

CAUSAL_MASK = '''def causal_mask(T: int, device: torch.device | None = None) -> torch.Tensor:
    r"""<<c_causal>>

    (1, 1, T, T), True on and below the diagonal.
    """
    return torch.ones(T, T, dtype=torch.bool, device=device).tril().view(1, 1, T, T)


'''

TOKEN_EMBEDDING = '''class Embedding(nn.Module):
    r"""Token embedding plus the absolute positional encoding (if `pos` adds one), then dropout.

    `scale_embeddings` in configs/base.yaml: multiply the embedding by sqrt(d_model) or not.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.tokens = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.position = absolute_positions(cfg)
        self.dropout = nn.Dropout(cfg.dropout)
        self.scale = math.sqrt(cfg.d_model) if cfg.scale_embeddings else 1.0

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = self.tokens(tokens) * self.scale  # (B, T, d_model)
        return self.dropout(self.position(x))


def output_projection(cfg: ModelConfig, embedding: Embedding) -> nn.Linear:
    r"""<<c_tie>>

    The pre-softmax projection d_model -> vocab_size; with `tie_embeddings` it shares its
    weight with the token embedding (logits = x E^T).
    """
    head = nn.Linear(cfg.d_model, cfg.vocab_size, bias=cfg.bias)
    if cfg.tie_embeddings:
        head.weight = embedding.tokens.weight  # (vocab_size, d_model), one matrix for both
    return head


'''

FINAL_NORM = '''def final_norm(cfg: ModelConfig) -> nn.Module:
    """Pre-norm and sandwich stacks end with a norm (their last sub-layer output is not
    normalised); a post-norm stack already ends with one."""
    if cfg.norm_position in ("pre", "sandwich"):
        return <<norm>>
    return nn.Identity()


'''

ENCODER_DECODER = '''class Transformer(nn.Module):
    r"""<<c_arch>>

    The encoder maps source tokens (B, S) to memory (B, S, d_model); the decoder maps the
    shifted target (B, T) and the memory to logits over the vocabulary (B, T, vocab_size).
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.src_embed = Embedding(cfg)
        self.tgt_embed = Embedding(cfg)
        self.encoder = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.num_encoder_layers))
        self.decoder = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.num_decoder_layers))
        self.encoder_norm = final_norm(cfg)
        self.decoder_norm = final_norm(cfg)
        self.generator = output_projection(cfg, self.tgt_embed)

    def encode(self, src: torch.Tensor, src_mask: torch.Tensor | None = None) -> torch.Tensor:
        x = self.src_embed(src)  # (B, S, d_model)
        for layer in self.encoder:
            x = layer(x, src_mask)
        return self.encoder_norm(x)  # memory: (B, S, d_model)

    def decode(
        self, tgt: torch.Tensor, memory: torch.Tensor, src_mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        y = self.tgt_embed(tgt)  # (B, T, d_model)
        tgt_mask = causal_mask(tgt.size(1), tgt.device)  # no peeking at later target tokens
        for layer in self.decoder:
            y = layer(y, memory, tgt_mask, src_mask)
        return self.decoder_norm(y)  # (B, T, d_model)

    def forward(
        self, src: torch.Tensor, tgt: torch.Tensor, src_mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        memory = self.encode(src, src_mask)
        return self.generator(self.decode(tgt, memory, src_mask))  # logits: (B, T, vocab_size)


def build_model(values: dict) -> Transformer:
    """The model from the `model:` values of configs/base.yaml."""
    return Transformer(ModelConfig.from_dict(values))
'''

ENCODER_ONLY = '''class TransformerEncoderModel(nn.Module):
    r"""<<c_arch>>

    Tokens (B, T) -> contextual states (B, T, d_model) -> per-token logits (B, T, vocab_size).
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = Embedding(cfg)
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.num_layers))
        self.norm = final_norm(cfg)
        self.head = output_projection(cfg, self.embed)  # per-token output projection

    def forward(self, tokens: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        x = self.embed(tokens)  # (B, T, d_model)
        for layer in self.layers:
            x = layer(x, mask)  # every position attends to every other (bidirectional)
        return self.head(self.norm(x))  # (B, T, vocab_size)


def build_model(values: dict) -> TransformerEncoderModel:
    """The model from the `model:` values of configs/base.yaml."""
    return TransformerEncoderModel(ModelConfig.from_dict(values))
'''

DECODER_ONLY = '''class TransformerLM(nn.Module):
    r"""<<c_arch>>

    Tokens (B, T) -> next-token logits (B, T, vocab_size); position t sees tokens <= t.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = Embedding(cfg)
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.num_layers))
        self.norm = final_norm(cfg)
        self.head = output_projection(cfg, self.embed)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        mask = causal_mask(tokens.size(1), tokens.device)  # (1, 1, T, T)
        x = self.embed(tokens)  # (B, T, d_model)
        for layer in self.layers:
            x = layer(x, mask)
        return self.head(self.norm(x))  # (B, T, vocab_size)


def build_model(values: dict) -> TransformerLM:
    """The model from the `model:` values of configs/base.yaml."""
    return TransformerLM(ModelConfig.from_dict(values))
'''

VISION = '''class PatchEmbedding(nn.Module):
    r"""<<c_patch>>

    (B, C, H, W) -> (B, N, d_model): N = (H / P) * (W / P) patches of P x P pixels, each
    flattened and linearly projected; a P x P convolution with stride P computes exactly that.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        P = cfg.patch_size
        self.proj = nn.Conv2d(cfg.in_channels, cfg.d_model, kernel_size=P, stride=P)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.proj(images)  # (B, d_model, H/P, W/P)
        return x.flatten(2).transpose(1, 2)  # (B, N, d_model)


class VisionTransformer(nn.Module):
    r"""<<c_arch>>

    Images (B, C, H, W) -> patch tokens (B, N, d_model) -> a learned class token in front ->
    position encodings -> the encoder stack -> a linear head on the class token's final state.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.patches = PatchEmbedding(cfg)
        self.cls = nn.Parameter(torch.zeros(1, 1, cfg.d_model))  # <<c_cls>>
        self.position = absolute_positions(cfg)
        self.dropout = nn.Dropout(cfg.dropout)
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.num_layers))
        self.norm = final_norm(cfg)
        self.head = nn.Linear(cfg.d_model, cfg.num_classes)  # classification head

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.patches(images)  # (B, N, d_model)
        cls = self.cls.expand(x.size(0), -1, -1)  # (B, 1, d_model)
        x = self.dropout(self.position(torch.cat([cls, x], dim=1)))  # (B, 1 + N, d_model)
        for layer in self.layers:
            x = layer(x)  # every token attends to every other
        return self.head(self.norm(x)[:, 0])  # the class token's state: (B, num_classes)


def build_model(values: dict) -> VisionTransformer:
    """The model from the `model:` values of configs/base.yaml."""
    return VisionTransformer(ModelConfig.from_dict(values))
'''

# ---- loss.py --------------------------------------------------------------------------------

LOSS = '''r"""<<title>>

The training objective.

<<c_smoothing>>
"""

from __future__ import annotations

import torch
import torch.nn as nn


class LabelSmoothedCrossEntropy(nn.Module):
    r"""Cross-entropy against smoothed targets q'(k) = (1 - eps_ls) * 1[k = y] + eps_ls / K.

    eps_ls is `label_smoothing` in configs/base.yaml (0 gives plain cross-entropy).
    logits: (B, T, K), target: (B, T) token ids; positions equal to `ignore_index` are skipped.
    """

    # [ASSUMPTION] -100 marks positions without a target, PyTorch's convention
    def __init__(self, label_smoothing: float, ignore_index: int = -100) -> None:
        super().__init__()
        self.eps_ls = label_smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
<<x_loss>>        log_p = logits.log_softmax(dim=-1)  # (B, T, K)
        keep = target != self.ignore_index  # (B, T)
        safe = target.masked_fill(~keep, 0)
        nll = -log_p.gather(-1, safe.unsqueeze(-1)).squeeze(-1)  # -log p(y): (B, T)
        uniform = -log_p.mean(dim=-1)  # -(1/K) sum_k log p(k): (B, T)
        # <<l_smoothing>>
        loss = (1.0 - self.eps_ls) * nll + self.eps_ls * uniform
        return loss[keep].mean()
'''

# ---- train.py / data.py / evaluate.py (full mode) --------------------------------------------

SCHEDULES = {
    "inverse_sqrt": '''def learning_rate(step: int, d_model: int, warmup_steps: int) -> float:
    r"""<<c_schedule>>

    <<eq_schedule>>
    """
    step = max(step, 1)
    # <<l_schedule>>
    warmup_steps = max(warmup_steps, 1)  # no warm-up stated: the formula still needs one step
    return d_model**-0.5 * min(step**-0.5, step * warmup_steps**-1.5)
''',
    "linear_warmup": '''def learning_rate(step: int, peak: float, warmup_steps: int) -> float:
    """Linear warm-up to `learning_rate` over `warmup_steps`, then constant (see configs)."""
    return peak * min(1.0, max(step, 1) / max(warmup_steps, 1))
''',
}

SCHEDULE_CALL = {
    "inverse_sqrt": "learning_rate(step, model_cfg['d_model'], train_cfg['warmup_steps'])",
    "linear_warmup": ("learning_rate(step, train_cfg['learning_rate'], train_cfg['warmup_steps'])"),
}

TRAIN = '''"""<<title>>

Training loop: a log line per step, a checkpoint every --save-every steps and at the end.

    python -m src.train                          # configs/base.yaml (the data: src/data.py)
    python -m src.train --smoke                  # two CPU steps at smoke size
    python -m src.train --steps 100 --resume checkpoints/last.pt --device cuda --amp

<<c_adam>>
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import torch

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import (
    CONFIG,
    autocast,
    checkpoint_state,
    count_parameters,
    grad_scaler,
    load_config,
    model_values,
    pick_device,
    read_checkpoint,
    restore,
    set_seed,
    to_device,
)


<<schedule>>

def train(args: argparse.Namespace) -> float:
    cfg = load_config(args.config)
    model_cfg, train_cfg = model_values(cfg, args.smoke), cfg["training"]
    set_seed(0)  # [ASSUMPTION] the paper does not fix a seed; any seed works
    device = pick_device(args.device)
    model = build_model(model_cfg).to(device)
    print(f"parameters: {count_parameters(model):,} on {device}")
    # AdamW decouples the weight decay from the gradient step; Adam adds it to the gradient
    adam = torch.optim.AdamW if train_cfg["optimizer"] == "adamw" else torch.optim.Adam
    optimizer = adam(
        model.parameters(),
        lr=1.0,  # the schedule below returns the learning rate itself (LambdaLR multiplies)
        betas=(train_cfg["adam_beta1"], train_cfg["adam_beta2"]),
        eps=train_cfg["adam_eps"],
        weight_decay=train_cfg["weight_decay"],
    )
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: <<schedule_call>>
    )
    scaler = grad_scaler(device, args.amp)
    parts = {"model": model, "optimizer": optimizer, "scheduler": scheduler, "scaler": scaler}
    start = restore(read_checkpoint(args.resume), parts) if args.resume else 0
    criterion = LabelSmoothedCrossEntropy(train_cfg["label_smoothing"])
    steps = args.steps or (cfg["smoke"]["train_steps"] if args.smoke else train_cfg["train_steps"])
    # skip the batches the checkpointed run consumed: a resumed run sees the same data
    batches = itertools.islice(make_loader(cfg, args.smoke, "train"), start, None)
    loss = torch.tensor(float("nan"))
    model.train()
    for step, batch in zip(range(start + 1, steps + 1), batches, strict=False):
        with autocast(device, args.amp):
            logits, target = forward_batch(model, to_device(batch, device))
        loss = criterion(logits.float(), target)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        if train_cfg["grad_clip"]:
            scaler.unscale_(optimizer)  # clip the true gradients, not the scaled ones
            torch.nn.utils.clip_grad_norm_(model.parameters(), train_cfg["grad_clip"])
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()
        print(f"step {step}/{steps} loss {loss.item():.4f} lr {scheduler.get_last_lr()[0]:.1e}")
        if step % args.save_every == 0 or step == steps:
            Path(args.checkpoint_dir).mkdir(parents=True, exist_ok=True)
            state = checkpoint_state(step, cfg, args.smoke, parts)
            torch.save(state, Path(args.checkpoint_dir) / "last.pt")
    return loss.item()

'''
TRAIN += TRAIN_MAIN

FORWARD_BATCH = {
    "vision_encoder": """    # image classification: one label per image
    return model(batch["images"]), batch["labels"]  # (B, num_classes), (B,)""",
    "encoder_decoder": """    # teacher forcing: the decoder reads tgt[:-1] and predicts tgt[1:]
    logits = model(batch["src"], batch["tgt"][:, :-1])  # (B, T-1, vocab_size)
    return logits, batch["tgt"][:, 1:]""",
    "decoder_only": """    # next-token prediction: position t predicts token t+1
    logits = model(batch["tokens"][:, :-1])  # (B, T-1, vocab_size)
    return logits, batch["tokens"][:, 1:]""",
    "encoder_only": """    # each position predicts its own token (the stand-in data has no masking)
    return model(batch["tokens"]), batch["tokens"]  # (B, T, vocab_size), (B, T)""",
}

# In data.py, not train.py: evaluate.py needs it in every mode, train.py is in full mode only.
FORWARD_BATCH_DEF = '''

def forward_batch(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """Logits and the targets they predict for one batch of `make_loader`."""
<<forward_batch>>
'''

DATA = (
    '''"""<<title>>

Data pipeline skeleton.

paper2code does not download datasets. `make_loader` serves a synthetic copy task so that
`python -m src.train --smoke` runs end to end; replace `load_paper_data` with the paper's data
<<data_where>>. Steps:

  1. Download the corpus the paper trains on and tokenise it (the paper's tokenizer and
     vocabulary size are listed in REPRODUCTION_NOTES.md when the paper states them).
  2. Return an iterable of batches with the same keys as `synthetic_batches` below.
  3. Set `training.batch_size` in configs/base.yaml to the paper's batch size.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch

SEEDS = {"train": 0, "eval": 1}  # [ASSUMPTION] any two seeds: held-out batches for evaluation


def synthetic_batches(
    vocab_size: int, batch_size: int, seq_len: int, seed: int
) -> Iterator[dict]:
    """A stand-in task (copy the input) with the real batch layout; not the paper's data.
    [ASSUMPTION] a fixed seed per split, for repeatable smoke runs."""
    g = torch.Generator().manual_seed(seed)
    while True:
        tokens = torch.randint(1, vocab_size, (batch_size, seq_len), generator=g)  # (B, T)
        yield <<batch_dict>>


'''
    + LOAD_PAPER_DATA
    + """

def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[dict]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        s = cfg["smoke"]
        seed = SEEDS[split]
        return synthetic_batches(s["model"]["vocab_size"], s["batch_size"], s["seq_len"], seed)
    return load_paper_data(cfg, split)
"""
    + FORWARD_BATCH_DEF
)

VISION_DATA = (
    '''"""<<title>>

Data pipeline skeleton.

paper2code does not download datasets. `make_loader` serves random images with random labels so
that `python -m src.train --smoke` runs end to end; replace `load_paper_data` with the paper's
data <<data_where>>. Steps:

  1. Download the image dataset the paper trains on (e.g. with torchvision.datasets).
  2. Resize or crop to `model.image_size`, normalise, and apply the augmentation the paper
     states, if any.
  3. Yield dicts {"images": (B, C, H, W) floats, "labels": (B,) class indices}.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch

SEEDS = {"train": 0, "eval": 1}  # [ASSUMPTION] any two seeds: held-out batches for evaluation


def synthetic_batches(
    channels: int, size: int, num_classes: int, batch_size: int, seed: int
) -> Iterator[dict]:
    """Random images and labels with the real batch layout; not the paper's data.
    [ASSUMPTION] a fixed seed per split, for repeatable smoke runs."""
    g = torch.Generator().manual_seed(seed)
    while True:
        images = torch.randn(batch_size, channels, size, size, generator=g)  # (B, C, H, W)
        labels = torch.randint(0, num_classes, (batch_size,), generator=g)  # (B,)
        yield {"images": images, "labels": labels}


'''
    + LOAD_PAPER_DATA
    + """

def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[dict]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        m, batch = cfg["smoke"]["model"], cfg["smoke"]["batch_size"]
        channels = cfg["model"]["in_channels"]
        return synthetic_batches(channels, m["image_size"], m["num_classes"], batch, SEEDS[split])
    return load_paper_data(cfg, split)
"""
    + FORWARD_BATCH_DEF
)

# data.py when the paper fully specifies a synthetic task (library/tasks.py): the paper's data.
TASK_DATA = (
    '''"""<<title>>

The paper's data, generated as it states it (<<anchor>>):

    "<<quote>>"

`make_loader` yields batches of fresh random digit strings; the evaluation split draws them with
another seed, so evaluation strings are held out from training.
"""

from __future__ import annotations

import string
from collections.abc import Iterator

import torch

BOS = 0  # [ASSUMPTION] the decoder's start token; the paper does not name its special tokens
DIGITS = len(string.digits)  # <<anchor>>: strings of digits, as tokens 1..DIGITS
SEEDS = {"train": 0, "eval": 1}  # [ASSUMPTION] any two seeds: held-out strings for evaluation


def task_batches(vocab_size: int, batch_size: int, max_length: int, seed: int) -> Iterator[dict]:
    r"""<<anchor>>: "<<quote>>"

    [ASSUMPTION] one length per batch, uniform in 1..max_length, so that no padding is needed.
    """
    if vocab_size < DIGITS + 1:
        raise ValueError(f"vocab_size {vocab_size}: the {DIGITS} digits and BOS need {DIGITS + 1}")
    g = torch.Generator().manual_seed(seed)
    while True:
        length = int(torch.randint(1, max_length + 1, (1,), generator=g))
        src = torch.randint(1, DIGITS + 1, (batch_size, length), generator=g)  # (B, L)
        target = <<target>>  # (B, L), the task: <<task>>
        bos = torch.full((batch_size, 1), BOS)
        yield {"src": src, "tgt": torch.cat([bos, target], dim=1)}  # tgt: (B, L + 1)


def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[dict]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        s = cfg["smoke"]
        return task_batches(s["model"]["vocab_size"], s["batch_size"], s["seq_len"], SEEDS[split])
    vocab, batch = cfg["model"]["vocab_size"], cfg["training"]["batch_size"]
    return task_batches(vocab, batch, cfg["data"]["max_length"], SEEDS[split])
'''
    + FORWARD_BATCH_DEF
)

BATCH_DICT = {
    "encoder_decoder": '{"src": tokens, "tgt": tokens}',
    "decoder_only": '{"tokens": tokens}',
    "encoder_only": '{"tokens": tokens}',
}

EVALUATE = '''"""<<title>>

Evaluation of a trained checkpoint on the evaluation split: per-token loss, perplexity, accuracy.

    python -m src.evaluate --checkpoint checkpoints/last.pt
    python -m src.evaluate --smoke      # an untrained tiny model: checks the code, not the paper

Task metrics the paper reports (e.g. BLEU for translation) are not implemented here; compute them
on decoded outputs with a standard tool and compare against the paper's tables.
"""

from __future__ import annotations

import argparse
import math

import torch

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import CONFIG, load_config, model_values, pick_device, read_checkpoint, to_device


@torch.no_grad()
def evaluate(model: torch.nn.Module, batches, num_batches: int, device: torch.device) -> dict:
    model.eval()
    criterion = LabelSmoothedCrossEntropy(label_smoothing=0.0)  # plain cross-entropy
    total_loss, correct, count = 0.0, 0, 0
    for _, batch in zip(range(num_batches), batches, strict=False):
        logits, target = forward_batch(model, to_device(batch, device))
        total_loss += criterion(logits, target).item()
        correct += (logits.argmax(-1) == target).sum().item()
        count += target.numel()
    loss = total_loss / max(num_batches, 1)
    ppl = math.exp(min(loss, 50.0))  # [ASSUMPTION] capped so an untrained model cannot overflow
    return {"loss": loss, "perplexity": ppl, "accuracy": correct / count}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate a checkpoint of src.train.")
    parser.add_argument("--checkpoint", help="a checkpoint of src.train: checkpoints/last.pt")
    parser.add_argument("--smoke", action="store_true", help="an untrained tiny model instead")
    parser.add_argument("--config", default=str(CONFIG), help="the config of --smoke")
    # [ASSUMPTION] ten batches by default; raise it for a tighter estimate
    parser.add_argument("--batches", type=int, default=10, help="evaluation batches")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    args = parser.parse_args(argv)
    if args.checkpoint is None and not args.smoke:
        parser.error("no checkpoint: pass --checkpoint checkpoints/last.pt (python -m src.train "
                     "writes it), or --smoke to evaluate an untrained tiny model")
    device = pick_device(args.device)
    if args.checkpoint:
        state = read_checkpoint(args.checkpoint)
        # the model and data the checkpoint was trained with, whatever the config says now
        cfg, smoke = state["config"], state["smoke"]
        model = build_model(model_values(cfg, smoke))
        model.load_state_dict(state["model"])
        print(f"checkpoint {args.checkpoint}: step {state['step']}")
    else:
        cfg, smoke = load_config(args.config), True
        model = build_model(model_values(cfg, smoke))
        print("untrained model (--smoke): the numbers say nothing about the paper")
    batches = make_loader(cfg, smoke, "eval")
    print(evaluate(model.to(device), batches, args.batches, device))


if __name__ == "__main__":
    main()
'''

# ---- utils.smoke_test body --------------------------------------------------------------------

_TOKENS_FORWARD = """    values = model_values(cfg, smoke=True)
    model = build_model(values).eval()
    B, T, V = cfg["smoke"]["batch_size"], cfg["smoke"]["seq_len"], values["vocab_size"]
    tokens = torch.randint(0, V, (B, T))
    logits = model(tokens)
    assert logits.shape == (B, T, V), logits.shape
"""
_CAUSALITY = """    # causality: changing the last token must not change earlier positions' logits
    altered = tokens.clone()
    altered[:, -1] = (altered[:, -1] + 1) % V
    # [ASSUMPTION] atol 1e-5: float32 round-off
    assert torch.allclose(model(altered)[:, :-1], logits[:, :-1], atol=1e-5)
"""
_TOKENS_LOSS = """    criterion = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])
    loss = criterion(logits, tokens)
    assert torch.isfinite(loss), loss
    print(f"forward pass: tokens {tuple(tokens.shape)} -> logits {tuple(logits.shape)}, "
          f"loss {loss.item():.3f}")"""

_VISION_SMOKE = """    values = model_values(cfg, smoke=True)
    model = build_model(values).eval()
    B, S, K = cfg["smoke"]["batch_size"], values["image_size"], values["num_classes"]
    images = torch.randn(B, values["in_channels"], S, S)
    logits = model(images)
    assert logits.shape == (B, K), logits.shape
    labels = torch.randint(0, K, (B,))
    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, labels)
    assert torch.isfinite(loss), loss
    print(f"forward pass: images {tuple(images.shape)} -> logits {tuple(logits.shape)}, "
          f"loss {loss.item():.3f}")"""

SMOKE = {
    "vision_encoder": _VISION_SMOKE,
    "encoder_decoder": """    values = model_values(cfg, smoke=True)
    model = build_model(values).eval()
    B, T, V = cfg["smoke"]["batch_size"], cfg["smoke"]["seq_len"], values["vocab_size"]
    src = torch.randint(0, V, (B, T))
    tgt = torch.randint(0, V, (B, T - 1))
    memory = model.encode(src)
    assert memory.shape == (B, T, values["d_model"]), memory.shape
    logits = model(src, tgt)
    assert logits.shape == (B, T - 1, V), logits.shape
    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, tgt)
    assert torch.isfinite(loss), loss
    print(f"forward pass: src {tuple(src.shape)} tgt {tuple(tgt.shape)} -> logits "
          f"{tuple(logits.shape)}, loss {loss.item():.3f}")""",
    "decoder_only": _TOKENS_FORWARD + _CAUSALITY + _TOKENS_LOSS,
    "encoder_only": _TOKENS_FORWARD + _TOKENS_LOSS,
}

SMOKE_IMPORTS = """from .loss import LabelSmoothedCrossEntropy
from .model import build_model"""

"""The encoder-decoder stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import torch
import torch.nn as nn


class DecoderLayer(nn.Module):
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


class Transformer(nn.Module):
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

"""The token embedding and the output projection, for the stacks that read tokens (model.py's
`# slot: parts`)."""

from __future__ import annotations

import math

import torch
import torch.nn as nn


class Embedding(nn.Module):
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

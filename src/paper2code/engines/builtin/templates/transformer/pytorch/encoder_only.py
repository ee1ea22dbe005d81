"""The encoder-only stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import torch
import torch.nn as nn


class TransformerEncoderModel(nn.Module):
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

"""The decoder-only stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import torch
import torch.nn as nn


class TransformerLM(nn.Module):
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

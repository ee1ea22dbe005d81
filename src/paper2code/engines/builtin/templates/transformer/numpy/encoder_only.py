"""The encoder-only stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import numpy as np


class TransformerEncoderModel:
    r"""<<c_arch>>

    Tokens (B, T) -> contextual states (B, T, d_model) -> per-token logits (B, T, vocab_size).
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.cfg = cfg
        self.embed = Embedding(rng, cfg)
        self.layers = [EncoderLayer(rng, cfg) for _ in range(cfg.num_layers)]
        self.norm = final_norm(cfg)
        self.head = output_projection(rng, cfg, self.embed)  # per-token output projection

    def __call__(self, tokens: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        x = self.embed(tokens)  # (B, T, d_model)
        for layer in self.layers:
            x = layer(x, mask)  # every position attends to every other (bidirectional)
        return self.head(self.norm(x))  # (B, T, vocab_size)


def build_model(values: dict, seed: int = 0) -> TransformerEncoderModel:
    """The model from the `model:` values of configs/base.yaml, its weights drawn with `seed`."""
    return TransformerEncoderModel(np.random.default_rng(seed), ModelConfig.from_dict(values))

"""The decoder-only stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import numpy as np


class TransformerLM:
    r"""<<c_arch>>

    Tokens (B, T) -> next-token logits (B, T, vocab_size); position t sees tokens <= t.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.cfg = cfg
        self.embed = Embedding(rng, cfg)
        self.layers = [EncoderLayer(rng, cfg) for _ in range(cfg.num_layers)]
        self.norm = final_norm(cfg)
        self.head = output_projection(rng, cfg, self.embed)

    def __call__(self, tokens: np.ndarray) -> np.ndarray:
        mask = causal_mask(tokens.shape[1])  # (1, 1, T, T)
        x = self.embed(tokens)  # (B, T, d_model)
        for layer in self.layers:
            x = layer(x, mask)
        return self.head(self.norm(x))  # (B, T, vocab_size)


def build_model(values: dict, seed: int = 0) -> TransformerLM:
    """The model from the `model:` values of configs/base.yaml, its weights drawn with `seed`."""
    return TransformerLM(np.random.default_rng(seed), ModelConfig.from_dict(values))

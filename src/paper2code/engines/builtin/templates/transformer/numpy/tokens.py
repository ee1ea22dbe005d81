"""The token embedding and the output projection, for the stacks that read tokens (model.py's
`# slot: parts`)."""

from __future__ import annotations

import math

import numpy as np


class Embedding:
    r"""Token embedding plus the absolute positional encoding (if `pos` adds one); the dropout
    after it is the identity here.

    `scale_embeddings` in configs/base.yaml: multiply the embedding by sqrt(d_model) or not.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        # [ASSUMPTION] N(0, 1) initial embeddings, as nn.Embedding draws them
        self.tokens = rng.normal(0.0, 1.0, (cfg.vocab_size, cfg.d_model))
        self.position = absolute_positions(rng, cfg)
        self.scale = math.sqrt(cfg.d_model) if cfg.scale_embeddings else 1.0

    def __call__(self, tokens: np.ndarray) -> np.ndarray:
        x = self.tokens[tokens] * self.scale  # (B, T, d_model)
        return self.position(x)


def output_projection(rng: np.random.Generator, cfg: ModelConfig, embedding: Embedding) -> Linear:
    r"""<<c_tie>>

    The pre-softmax projection d_model -> vocab_size; with `tie_embeddings` it shares its
    weight with the token embedding (logits = x E^T).
    """
    head = Linear(rng, cfg.d_model, cfg.vocab_size, cfg.bias)
    if cfg.tie_embeddings:
        head.W = embedding.tokens.T  # (d_model, vocab_size): a view, one matrix for both
    return head

"""The token embedding and the output projection, for the stacks that read tokens (model.py's
`# slot: parts`)."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from flax import nnx


class Embedding(nnx.Module):
    r"""Token embedding plus the absolute positional encoding (if `pos` adds one), then dropout.

    `scale_embeddings` in configs/base.yaml: multiply the embedding by sqrt(d_model) or not.
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        self.tokens = nnx.Embed(cfg.vocab_size, cfg.d_model, rngs=rngs)
        self.position = absolute_positions(cfg, rngs)
        self.dropout = nnx.Dropout(cfg.dropout, rngs=rngs)
        self.scale = math.sqrt(cfg.d_model) if cfg.scale_embeddings else 1.0

    def __call__(self, tokens: jax.Array) -> jax.Array:
        x = self.tokens(tokens) * self.scale  # (B, T, d_model)
        return self.dropout(self.position(x))


class TiedProjection(nnx.Module):
    """logits = x E^T (+ b): the token embedding E read backwards, one matrix for both."""

    def __init__(self, embedding: nnx.Embed, bias: bool) -> None:
        self.embedding = embedding  # the same module as the embedding's: a shared reference
        self.bias = nnx.Param(jnp.zeros(embedding.num_embeddings)) if bias else None

    def __call__(self, x: jax.Array) -> jax.Array:
        logits = self.embedding.attend(x)  # (B, T, vocab_size)
        return logits if self.bias is None else logits + self.bias[...]


def output_projection(cfg: ModelConfig, embedding: Embedding, rngs: nnx.Rngs) -> nnx.Module:
    r"""<<c_tie>>

    The pre-softmax projection d_model -> vocab_size; with `tie_embeddings` it shares its
    weight with the token embedding (logits = x E^T).
    """
    if cfg.tie_embeddings:
        return TiedProjection(embedding.tokens, cfg.bias)
    return nnx.Linear(cfg.d_model, cfg.vocab_size, use_bias=cfg.bias, rngs=rngs)

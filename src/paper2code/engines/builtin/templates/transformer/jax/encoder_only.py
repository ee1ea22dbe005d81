"""The encoder-only stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import jax
from flax import nnx


class TransformerEncoderModel(nnx.Module):
    r"""<<c_arch>>

    Tokens (B, T) -> contextual states (B, T, d_model) -> per-token logits (B, T, vocab_size).
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        self.cfg = cfg
        self.embed = Embedding(cfg, rngs=rngs)
        self.layers = nnx.List([EncoderLayer(cfg, rngs=rngs) for _ in range(cfg.num_layers)])
        self.norm = final_norm(cfg, rngs)
        self.head = output_projection(cfg, self.embed, rngs)  # per-token output projection

    def __call__(self, tokens: jax.Array, mask: jax.Array | None = None) -> jax.Array:
        x = self.embed(tokens)  # (B, T, d_model)
        for layer in self.layers:
            x = layer(x, mask)  # every position attends to every other (bidirectional)
        return self.head(self.norm(x))  # (B, T, vocab_size)


def build_model(values: dict, seed: int = 0) -> TransformerEncoderModel:
    """The model from the `model:` values of configs/base.yaml, its weights drawn with `seed`."""
    return TransformerEncoderModel(ModelConfig.from_dict(values), rngs=nnx.Rngs(seed))

"""The decoder-only stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import keras
import tensorflow as tf


class TransformerLM(keras.Model):
    r"""<<c_arch>>

    Tokens (B, T) -> next-token logits (B, T, vocab_size); position t sees tokens <= t.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = Embedding(cfg)
        self.blocks = [EncoderLayer(cfg) for _ in range(cfg.num_layers)]
        self.norm = final_norm(cfg)
        self.head = output_projection(cfg, self.embed)

    def call(self, tokens: tf.Tensor) -> tf.Tensor:
        mask = causal_mask(tf.shape(tokens)[1])  # (1, 1, T, T)
        x = self.embed(tokens)  # (B, T, d_model)
        for layer in self.blocks:
            x = layer(x, attn_mask=mask)
        return self.head(self.norm(x))  # (B, T, vocab_size)


def build_model(values: dict) -> TransformerLM:
    """The model from the `model:` values of configs/base.yaml (weights are created on its
    first call)."""
    return TransformerLM(ModelConfig.from_dict(values))

"""The encoder-only stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import keras
import tensorflow as tf


class TransformerEncoderModel(keras.Model):
    r"""<<c_arch>>

    Tokens (B, T) -> contextual states (B, T, d_model) -> per-token logits (B, T, vocab_size).
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = Embedding(cfg)
        self.blocks = [EncoderLayer(cfg) for _ in range(cfg.num_layers)]
        self.norm = final_norm(cfg)
        self.head = output_projection(cfg, self.embed)  # per-token output projection

    def call(self, tokens: tf.Tensor, attn_mask: tf.Tensor | None = None) -> tf.Tensor:
        x = self.embed(tokens)  # (B, T, d_model)
        for layer in self.blocks:
            x = layer(
                x, attn_mask=attn_mask
            )  # every position attends to every other (bidirectional)
        return self.head(self.norm(x))  # (B, T, vocab_size)


def build_model(values: dict) -> TransformerEncoderModel:
    """The model from the `model:` values of configs/base.yaml (weights are created on its
    first call)."""
    return TransformerEncoderModel(ModelConfig.from_dict(values))

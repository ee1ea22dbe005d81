"""The token embedding and the output projection, for the stacks that read tokens (model.py's
`# slot: parts`)."""

from __future__ import annotations

import math

import keras
import tensorflow as tf


class Embedding(keras.layers.Layer):
    r"""Token embedding plus the absolute positional encoding (if `pos` adds one), then dropout.

    `scale_embeddings` in configs/base.yaml: multiply the embedding by sqrt(d_model) or not.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.tokens = keras.layers.Embedding(cfg.vocab_size, cfg.d_model)
        self.position = absolute_positions(cfg)
        self.dropout = keras.layers.Dropout(cfg.dropout)
        self.scale = math.sqrt(cfg.d_model) if cfg.scale_embeddings else 1.0

    def build(self, tokens_shape: tuple) -> None:
        self.tokens.build()
        self.position.build((*tokens_shape, self.tokens.output_dim))

    def call(self, tokens: tf.Tensor) -> tf.Tensor:
        x = self.tokens(tokens) * self.scale  # (B, T, d_model)
        return self.dropout(self.position(x))


class TiedProjection(keras.layers.Layer):
    """logits = x E^T (+ b): the token embedding's matrix E, shared, as the output weight."""

    def __init__(self, embedding: keras.layers.Embedding, bias: bool) -> None:
        super().__init__()
        self.embedding = embedding
        self.use_bias = bias

    def build(self, input_shape: tuple) -> None:
        vocab_size = self.embedding.input_dim
        self.bias = (
            self.add_weight(shape=(vocab_size,), initializer="zeros") if self.use_bias else None
        )

    def call(self, x: tf.Tensor) -> tf.Tensor:
        E = tf.cast(self.embedding.embeddings, x.dtype)  # (vocab_size, d_model)
        logits = tf.matmul(x, E, transpose_b=True)  # (B, T, vocab_size)
        return logits if self.bias is None else logits + tf.cast(self.bias, x.dtype)


def output_projection(cfg: ModelConfig, embedding: Embedding) -> keras.layers.Layer:
    r"""<<c_tie>>

    The pre-softmax projection d_model -> vocab_size; with `tie_embeddings` it shares its
    weight with the token embedding (logits = x E^T).
    """
    if cfg.tie_embeddings:
        return TiedProjection(embedding.tokens, cfg.bias)
    return keras.layers.Dense(cfg.vocab_size, use_bias=cfg.bias)

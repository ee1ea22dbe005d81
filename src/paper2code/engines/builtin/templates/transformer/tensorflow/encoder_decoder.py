"""The encoder-decoder stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import keras
import tensorflow as tf


class DecoderLayer(keras.layers.Layer):
    r"""<<c_decoder>>

    Masked self-attention, attention over the encoder output, then the FFN.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg)
        self.cross_attn = MultiHeadAttention(cfg)
        self.ffn = PositionwiseFeedForward(cfg)
        self.sublayers = [SublayerConnection(cfg) for _ in range(3)]

    def build(self, y_shape: tuple, memory_shape: tuple) -> None:
        self.self_attn.build(y_shape, y_shape)
        self.cross_attn.build(y_shape, memory_shape)
        self.ffn.build(y_shape)
        for sublayer in self.sublayers:
            sublayer.build(y_shape)

    def call(
        self,
        y: tf.Tensor,
        memory: tf.Tensor,
        tgt_mask: tf.Tensor,
        src_mask: tf.Tensor | None = None,
    ) -> tf.Tensor:
        y = self.sublayers[0](y, sublayer=lambda t: self.self_attn(t, t, attn_mask=tgt_mask))
        # queries from y, keys and values from the encoder's memory
        y = self.sublayers[1](y, sublayer=lambda t: self.cross_attn(t, memory, attn_mask=src_mask))
        return self.sublayers[2](y, sublayer=self.ffn)  # (B, T, d_model)


class Transformer(keras.Model):
    r"""<<c_arch>>

    The encoder maps source tokens (B, S) to memory (B, S, d_model); the decoder maps the
    shifted target (B, T) and the memory to logits over the vocabulary (B, T, vocab_size).
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.src_embed = Embedding(cfg)
        self.tgt_embed = Embedding(cfg)
        self.encoder = [EncoderLayer(cfg) for _ in range(cfg.num_encoder_layers)]
        self.decoder = [DecoderLayer(cfg) for _ in range(cfg.num_decoder_layers)]
        self.encoder_norm = final_norm(cfg)
        self.decoder_norm = final_norm(cfg)
        self.generator = output_projection(cfg, self.tgt_embed)

    def encode(self, src: tf.Tensor, src_mask: tf.Tensor | None = None) -> tf.Tensor:
        x = self.src_embed(src)  # (B, S, d_model)
        for layer in self.encoder:
            x = layer(x, attn_mask=src_mask)
        return self.encoder_norm(x)  # memory: (B, S, d_model)

    def decode(
        self, tgt: tf.Tensor, memory: tf.Tensor, src_mask: tf.Tensor | None = None
    ) -> tf.Tensor:
        y = self.tgt_embed(tgt)  # (B, T, d_model)
        tgt_mask = causal_mask(tf.shape(tgt)[1])  # no peeking at later target tokens
        for layer in self.decoder:
            y = layer(y, memory, tgt_mask=tgt_mask, src_mask=src_mask)
        return self.decoder_norm(y)  # (B, T, d_model)

    def call(self, src: tf.Tensor, tgt: tf.Tensor, src_mask: tf.Tensor | None = None) -> tf.Tensor:
        memory = self.encode(src, src_mask)
        return self.generator(self.decode(tgt, memory, src_mask))  # logits: (B, T, vocab_size)


def build_model(values: dict) -> Transformer:
    """The model from the `model:` values of configs/base.yaml (weights are created on its
    first call)."""
    return Transformer(ModelConfig.from_dict(values))

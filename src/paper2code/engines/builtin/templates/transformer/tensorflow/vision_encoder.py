"""The encoder over image patches, ViT-style (model.py's `# slot: parts`)."""

from __future__ import annotations

import keras
import tensorflow as tf


class PatchEmbedding(keras.layers.Layer):
    r"""<<c_patch>>

    (B, H, W, C) -> (B, N, d_model): N = (H / P) * (W / P) patches of P x P pixels, each
    flattened and linearly projected; a P x P convolution with stride P computes exactly that.
    Images are channels-last, Keras's layout.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        P = cfg.patch_size
        if cfg.image_size % P or 1 + (cfg.image_size // P) ** 2 > cfg.max_seq_len:
            raise ValueError(  # the position table holds the class token and every patch
                f"image_size {cfg.image_size} must be a multiple of patch_size {P} with "
                f"1 + (image_size / patch_size)^2 <= max_seq_len {cfg.max_seq_len}"
            )
        self.in_channels = cfg.in_channels
        self.proj = keras.layers.Conv2D(cfg.d_model, kernel_size=P, strides=P)

    def build(self, images_shape: tuple) -> None:
        channels = images_shape[-1]
        if channels != self.in_channels:
            raise ValueError(f"images have {channels} channels; in_channels is {self.in_channels}")
        self.proj.build(images_shape)

    def call(self, images: tf.Tensor) -> tf.Tensor:
        x = self.proj(images)  # (B, H/P, W/P, d_model)
        return tf.reshape(x, (tf.shape(x)[0], -1, x.shape[-1]))  # (B, N, d_model)


class VisionTransformer(keras.Model):
    r"""<<c_arch>>

    Images (B, H, W, C) -> patch tokens (B, N, d_model) -> a learned class token in front ->
    position encodings -> the encoder stack -> a linear head on the class token's final state.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.patches = PatchEmbedding(cfg)
        self.cls = self.add_weight(shape=(1, 1, cfg.d_model), initializer="zeros")  # <<c_cls>>
        self.position = absolute_positions(cfg)
        self.dropout = keras.layers.Dropout(cfg.dropout)
        self.blocks = [EncoderLayer(cfg) for _ in range(cfg.num_layers)]
        self.norm = final_norm(cfg)
        self.head = keras.layers.Dense(cfg.num_classes)  # classification head

    def call(self, images: tf.Tensor) -> tf.Tensor:
        x = self.patches(images)  # (B, N, d_model)
        cls = tf.broadcast_to(tf.cast(self.cls, x.dtype), (tf.shape(x)[0], 1, x.shape[-1]))
        x = self.dropout(self.position(tf.concat([cls, x], axis=1)))  # (B, 1 + N, d_model)
        for layer in self.blocks:
            x = layer(x)  # every token attends to every other
        return self.head(self.norm(x)[:, 0])  # the class token's state: (B, num_classes)


def build_model(values: dict) -> VisionTransformer:
    """The model from the `model:` values of configs/base.yaml (weights are created on its
    first call)."""
    return VisionTransformer(ModelConfig.from_dict(values))

"""The encoder over image patches, ViT-style (model.py's `# slot: parts`)."""

from __future__ import annotations

import numpy as np


class PatchEmbedding:
    r"""<<c_patch>>

    (B, C, H, W) -> (B, N, d_model): N = (H / P) * (W / P) patches of P x P pixels, each
    flattened (channel, row, column) and linearly projected.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.P = P = cfg.patch_size
        if cfg.image_size % P or 1 + (cfg.image_size // P) ** 2 > cfg.max_seq_len:
            raise ValueError(  # the position table holds the class token and every patch
                f"image_size {cfg.image_size} must be a multiple of patch_size {P} with "
                f"1 + (image_size / patch_size)^2 <= max_seq_len {cfg.max_seq_len}"
            )
        self.proj = Linear(rng, cfg.in_channels * self.P * self.P, cfg.d_model)

    def __call__(self, images: np.ndarray) -> np.ndarray:
        B, C, H, W = images.shape
        P = self.P
        x = images.reshape(B, C, H // P, P, W // P, P).transpose(0, 2, 4, 1, 3, 5)
        x = x.reshape(B, (H // P) * (W // P), C * P * P)  # (B, N, C P P)
        return self.proj(x)  # (B, N, d_model)


class VisionTransformer:
    r"""<<c_arch>>

    Images (B, C, H, W) -> patch tokens (B, N, d_model) -> a learned class token in front ->
    position encodings -> the encoder stack -> a linear head on the class token's final state.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.cfg = cfg
        self.patches = PatchEmbedding(rng, cfg)
        self.cls = np.zeros((1, 1, cfg.d_model))  # <<c_cls>>
        self.position = absolute_positions(rng, cfg)
        self.layers = [EncoderLayer(rng, cfg) for _ in range(cfg.num_layers)]
        self.norm = final_norm(cfg)
        self.head = Linear(rng, cfg.d_model, cfg.num_classes)  # classification head

    def __call__(self, images: np.ndarray) -> np.ndarray:
        x = self.patches(images)  # (B, N, d_model)
        cls = np.broadcast_to(self.cls, (x.shape[0], 1, x.shape[2]))  # (B, 1, d_model)
        x = self.position(np.concatenate([cls, x], axis=1))  # (B, 1 + N, d_model)
        for layer in self.layers:
            x = layer(x)  # every token attends to every other
        return self.head(self.norm(x)[:, 0])  # the class token's state: (B, num_classes)


def build_model(values: dict, seed: int = 0) -> VisionTransformer:
    """The model from the `model:` values of configs/base.yaml, its weights drawn with `seed`."""
    return VisionTransformer(np.random.default_rng(seed), ModelConfig.from_dict(values))

"""The encoder over image patches, ViT-style (model.py's `# slot: parts`)."""

from __future__ import annotations

import torch
import torch.nn as nn


class PatchEmbedding(nn.Module):
    r"""<<c_patch>>

    (B, C, H, W) -> (B, N, d_model): N = (H / P) * (W / P) patches of P x P pixels, each
    flattened and linearly projected; a P x P convolution with stride P computes exactly that.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        P = cfg.patch_size
        if cfg.image_size % P or 1 + (cfg.image_size // P) ** 2 > cfg.max_seq_len:
            raise ValueError(  # the position table holds the class token and every patch
                f"image_size {cfg.image_size} must be a multiple of patch_size {P} with "
                f"1 + (image_size / patch_size)^2 <= max_seq_len {cfg.max_seq_len}"
            )
        self.proj = nn.Conv2d(cfg.in_channels, cfg.d_model, kernel_size=P, stride=P)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.proj(images)  # (B, d_model, H/P, W/P)
        return x.flatten(2).transpose(1, 2)  # (B, N, d_model)


class VisionTransformer(nn.Module):
    r"""<<c_arch>>

    Images (B, C, H, W) -> patch tokens (B, N, d_model) -> a learned class token in front ->
    position encodings -> the encoder stack -> a linear head on the class token's final state.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.patches = PatchEmbedding(cfg)
        self.cls = nn.Parameter(torch.zeros(1, 1, cfg.d_model))  # <<c_cls>>
        self.position = absolute_positions(cfg)
        self.dropout = nn.Dropout(cfg.dropout)
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.num_layers))
        self.norm = final_norm(cfg)
        self.head = nn.Linear(cfg.d_model, cfg.num_classes)  # classification head

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.patches(images)  # (B, N, d_model)
        cls = self.cls.expand(x.size(0), -1, -1)  # (B, 1, d_model)
        x = self.dropout(self.position(torch.cat([cls, x], dim=1)))  # (B, 1 + N, d_model)
        for layer in self.layers:
            x = layer(x)  # every token attends to every other
        return self.head(self.norm(x)[:, 0])  # the class token's state: (B, num_classes)


def build_model(values: dict) -> VisionTransformer:
    """The model from the `model:` values of configs/base.yaml."""
    return VisionTransformer(ModelConfig.from_dict(values))

"""PyTorch's pieces of the data files in ../shared/ (data.py, vision_data.py, task_data.py):
batches are drawn as tensors, with a seeded `torch.Generator`."""

from __future__ import annotations

from collections.abc import Iterator

import torch

smoke_run = "src.train"  # what `--smoke` runs end to end
image_datasets = " (e.g. with torchvision.datasets)"
image_layout = "(B, C, H, W) floats"


def draw_tokens(vocab_size: int, batch_size: int, seq_len: int, seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    while True:
        tokens = torch.randint(1, vocab_size, (batch_size, seq_len), generator=g)  # (B, T)
        # slot: batch


def draw_images(channels: int, size: int, num_classes: int, batch_size: int, seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    while True:
        images = torch.randn(batch_size, channels, size, size, generator=g)  # (B, C, H, W)
        labels = torch.randint(0, num_classes, (batch_size,), generator=g)  # (B,)
        yield {"images": images, "labels": labels}


def draw_strings(vocab_size: int, batch_size: int, max_length: int, seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    while True:
        length = int(torch.randint(1, max_length + 1, (1,), generator=g))
        src = torch.randint(1, DIGITS + 1, (batch_size, length), generator=g)  # (B, L)
        # slot: target
        bos = torch.full((batch_size, 1), BOS)
        yield {"src": src, "tgt": torch.cat([bos, target], dim=1)}  # tgt: (B, L + 1)


def forward_batch(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """Logits and the targets they predict for one batch of `make_loader`."""
    # slot: forward

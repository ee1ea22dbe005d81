"""JAX's pieces of ../shared/data.py: NumPy batches, channels last."""

import numpy as np

smoke_run = "src.train"  # what `--smoke` runs end to end
image_datasets = ""
batches = (
    "NumPy arrays of shape (batch_size, image_size, image_size, in_channels): channels\n"
    "     last, as flax convolutions take them"
)


def draw_images(channels: int, size: int, batch_size: int, seed: int) -> None:
    images = rng.random((batch_size, size, size, channels), dtype=np.float32)
    yield images * 2 - 1  # (B, H, W, C)

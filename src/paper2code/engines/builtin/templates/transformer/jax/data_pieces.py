"""JAX's pieces of the data files in ../shared/ (data.py, vision_data.py, task_data.py): their
batches are drawn with NumPy there."""

from __future__ import annotations

from collections.abc import Iterator

import jax
import numpy as np
from flax import nnx

smoke_run = "src.train"  # what `--smoke` runs end to end
image_datasets = ""
image_layout = "(B, C, H, W) floats"


def forward_batch(model: nnx.Module, batch: dict) -> tuple[jax.Array, jax.Array]:
    """Logits and the targets they predict for one batch of `make_loader` (NumPy arrays, as JAX
    input pipelines yield them; the jitted train step puts them on the device)."""
    # slot: forward

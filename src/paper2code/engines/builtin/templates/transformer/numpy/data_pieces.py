"""NumPy's pieces of the data files in ../shared/ (data.py, vision_data.py, task_data.py)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

smoke_run = "src.evaluate"  # what `--smoke` runs end to end: NumPy does not train
image_datasets = ""
image_layout = "(B, C, H, W) floats"


def forward_batch(model, batch: dict) -> tuple[np.ndarray, np.ndarray]:
    """Logits and the targets they predict for one batch of `make_loader`."""
    # slot: forward

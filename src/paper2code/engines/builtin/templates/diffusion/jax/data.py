"""<<title>>

Data pipeline skeleton.

paper2code does not download datasets. `make_loader` serves random images so that
`python -m src.train --smoke` runs end to end; replace `load_paper_data` with the paper's data
<<data_where>>. Steps:

  1. Download the image dataset the paper trains on.
  2. Resize to `model.image_size`, scale pixels to [-1, 1] (the range the reverse process
     starts from N(0, I) assumes), and apply the augmentation the paper states, if any.
  3. Yield NumPy arrays of shape (batch_size, image_size, image_size, in_channels): channels
     last, as flax convolutions take them.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

SEEDS = {"train": 0, "eval": 1}  # [ASSUMPTION] any two seeds: held-out batches for evaluation


def synthetic_images(channels: int, size: int, batch_size: int, seed: int) -> Iterator[np.ndarray]:
    """Random images in [-1, 1] with the real batch layout; not the paper's data.
    [ASSUMPTION] a fixed seed per split, for repeatable smoke runs."""
    rng = np.random.default_rng(seed)
    while True:
        images = rng.random((batch_size, size, size, channels), dtype=np.float32)
        yield images * 2 - 1  # (B, H, W, C)


# slot: load_paper_data


def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[np.ndarray]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        size, batch = cfg["smoke"]["model"]["image_size"], cfg["smoke"]["batch_size"]
        return synthetic_images(cfg["model"]["in_channels"], size, batch, SEEDS[split])
    return load_paper_data(cfg, split)

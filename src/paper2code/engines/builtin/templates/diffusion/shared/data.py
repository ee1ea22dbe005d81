# pieces: data_pieces.py
"""<<title>>

Data pipeline skeleton.

paper2code does not download datasets. `make_loader` serves random images so that
`python -m <<smoke_run>> --smoke` runs end to end; replace `load_paper_data` with the paper's data
<<data_where>>. Steps:

  1. Download the image dataset the paper trains on<<image_datasets>>.
  2. Resize to `model.image_size`, scale pixels to [-1, 1] (the range the reverse process
     starts from N(0, I) assumes), and apply the augmentation the paper states, if any.
  3. Yield <<batches>>.
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
        # slot: draw_images
        yield rng.random((batch_size, channels, size, size)) * 2 - 1  # (B, C, H, W)
        # end slot: draw_images


# slot: load_paper_data


def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[np.ndarray]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        size, batch = cfg["smoke"]["model"]["image_size"], cfg["smoke"]["batch_size"]
        return synthetic_images(cfg["model"]["in_channels"], size, batch, SEEDS[split])
    return load_paper_data(cfg, split)

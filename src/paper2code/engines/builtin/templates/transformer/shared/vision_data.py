# pieces: data_pieces.py
"""<<title>>

Data pipeline skeleton.

paper2code does not download datasets. `make_loader` serves random images with random labels so
that `python -m <<smoke_run>> --smoke` runs end to end; replace `load_paper_data` with the paper's
data <<data_where>>. Steps:

  1. Download the image dataset the paper trains on<<image_datasets>>.
  2. Resize or crop to `model.image_size`, normalise, and apply the augmentation the paper
     states, if any.
  3. Yield dicts {"images": <<image_layout>>, "labels": (B,) class indices}.
"""

from __future__ import annotations

# slot: imports

SEEDS = {"train": 0, "eval": 1}  # [ASSUMPTION] any two seeds: held-out batches for evaluation


def synthetic_batches(
    channels: int, size: int, num_classes: int, batch_size: int, seed: int
) -> Iterator[dict]:
    """Random images and labels with the real batch layout; not the paper's data.
    [ASSUMPTION] a fixed seed per split, for repeatable smoke runs."""
    # slot: draw_images
    rng = np.random.default_rng(seed)
    while True:
        images = rng.standard_normal((batch_size, channels, size, size))  # (B, C, H, W)
        labels = rng.integers(0, num_classes, batch_size)  # (B,)
        yield {"images": images, "labels": labels}
    # end slot: draw_images


# slot: load_paper_data


def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[dict]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        m, batch = cfg["smoke"]["model"], cfg["smoke"]["batch_size"]
        channels = cfg["model"]["in_channels"]
        return synthetic_batches(channels, m["image_size"], m["num_classes"], batch, SEEDS[split])
    return load_paper_data(cfg, split)


# slot: forward_batch

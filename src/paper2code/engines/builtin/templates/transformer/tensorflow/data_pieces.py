"""TensorFlow's pieces of the data files in ../shared/ (data.py, vision_data.py, task_data.py):
their batches are drawn with NumPy there, images channels last."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import keras
import numpy as np
import tensorflow as tf

smoke_run = "src.evaluate"  # what `--smoke` runs end to end
image_datasets = " (e.g. with keras.datasets or\n     tensorflow_datasets)"
image_layout = "(B, H, W, C) floats, channels last"


def draw_images(channels: int, size: int, num_classes: int, batch_size: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    while True:
        images = rng.standard_normal((batch_size, size, size, channels), np.float32)  # (B, H, W, C)
        labels = rng.integers(0, num_classes, batch_size)  # (B,)
        yield {"images": images, "labels": labels}


def forward_batch(
    model: keras.Model, batch: dict, training: bool = False
) -> tuple[tf.Tensor, tf.Tensor]:
    """Logits and the targets they predict for one batch of `make_loader` (NumPy arrays, which
    Keras layers take as they are); `training` turns dropout on (src/train.py)."""
    model = functools.partial(model, training=training)  # every call below passes it on
    # slot: forward

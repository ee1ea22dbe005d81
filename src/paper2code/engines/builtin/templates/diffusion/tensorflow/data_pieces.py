"""TensorFlow's pieces of ../shared/data.py: NumPy batches in float32, channels last."""

import numpy as np

smoke_run = "src.evaluate"  # what `--smoke` runs end to end
image_datasets = " (e.g. with keras.datasets or\n     tensorflow_datasets)"
batches = "batches of shape (batch_size, image_size, image_size, in_channels), channels last"


def draw_images(channels: int, size: int, batch_size: int, seed: int) -> None:
    yield rng.uniform(-1, 1, (batch_size, size, size, channels)).astype(np.float32)

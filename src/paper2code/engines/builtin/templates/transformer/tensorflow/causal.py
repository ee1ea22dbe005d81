"""The causal mask, for the stacks that have one (model.py's `# slot: parts`)."""

from __future__ import annotations

import tensorflow as tf


def causal_mask(T: int) -> tf.Tensor:
    r"""<<c_causal>>

    (1, 1, T, T), True on and below the diagonal.
    """
    lower = tf.linalg.band_part(tf.ones((T, T)), -1, 0)  # ones on and below the diagonal
    return tf.cast(lower, tf.bool)[None, None]

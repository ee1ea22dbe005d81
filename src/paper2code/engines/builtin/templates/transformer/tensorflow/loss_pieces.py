"""TensorFlow's pieces of ../shared/loss.py."""

from __future__ import annotations

import tensorflow as tf

objective = "The training objective."  # the module docstring's first words


# LabelSmoothedCrossEntropy.__call__
def __call__(self, logits: tf.Tensor, target: tf.Tensor) -> tf.Tensor:
    # slot: x_loss
    log_p = tf.nn.log_softmax(tf.cast(logits, tf.float32), axis=-1)  # (B, T, K), in float32
    keep = tf.not_equal(target, self.ignore_index)  # (B, T)
    safe = tf.where(keep, target, tf.zeros_like(target))
    picked = tf.one_hot(safe, tf.shape(log_p)[-1]) * log_p  # log p(y) at y, 0 elsewhere
    nll = -tf.reduce_sum(picked, axis=-1)  # -log p(y): (B, T)
    uniform = -tf.reduce_mean(log_p, axis=-1)  # -(1/K) sum_k log p(k): (B, T)
    # <<l_smoothing>>
    loss = (1.0 - self.eps_ls) * nll + self.eps_ls * uniform
    return tf.reduce_mean(tf.boolean_mask(loss, keep))

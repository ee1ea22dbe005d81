r"""<<title>>

The training objective.

<<c_smoothing>>
"""

from __future__ import annotations

import tensorflow as tf


class LabelSmoothedCrossEntropy:
    r"""Cross-entropy against smoothed targets q'(k) = (1 - eps_ls) * 1[k = y] + eps_ls / K.

    eps_ls is `label_smoothing` in configs/base.yaml (0 gives plain cross-entropy).
    logits: (B, T, K), target: (B, T) token ids; positions equal to `ignore_index` are skipped.
    """

    # [ASSUMPTION] -100 marks positions without a target, PyTorch's convention
    def __init__(self, label_smoothing: float, ignore_index: int = -100) -> None:
        self.eps_ls = label_smoothing
        self.ignore_index = ignore_index

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

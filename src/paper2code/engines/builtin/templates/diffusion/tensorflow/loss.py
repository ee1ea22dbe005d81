r"""<<title>>

The training objective.

<<c_loss>>
"""

from __future__ import annotations

import tensorflow as tf


def epsilon_prediction_loss(eps: tf.Tensor, eps_theta: tf.Tensor) -> tf.Tensor:
    r"""|| eps - eps_theta ||^2, averaged over batch and pixels (L_simple, unweighted).

    eps, eps_theta: (B, H, W, C); computed in float32 whatever the model's precision.
    """
    return tf.reduce_mean((tf.cast(eps, tf.float32) - tf.cast(eps_theta, tf.float32)) ** 2)

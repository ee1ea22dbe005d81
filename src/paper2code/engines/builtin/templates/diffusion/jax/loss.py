r"""<<title>>

The training objective; `jax.grad` differentiates it in src/train.py.

<<c_loss>>
"""

from __future__ import annotations

import jax
import jax.numpy as jnp


def epsilon_prediction_loss(eps: jax.Array, eps_theta: jax.Array) -> jax.Array:
    r"""|| eps - eps_theta ||^2, averaged over batch and pixels (L_simple, unweighted).

    eps, eps_theta: (B, H, W, C).
    """
    return jnp.mean((eps - eps_theta) ** 2)

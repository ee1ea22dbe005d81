"""JAX's pieces of ../shared/loss.py."""

from __future__ import annotations

import jax
import jax.numpy as jnp

# the module docstring's first words
objective = (
    "The training objective, on the model's logits; `jax.grad` differentiates it in src/train.py."
)


# LabelSmoothedCrossEntropy.__call__
def __call__(self, logits: jax.Array, target: jax.Array) -> jax.Array:
    # slot: x_loss
    log_p = jax.nn.log_softmax(logits, axis=-1)  # (B, T, K)
    keep = target != self.ignore_index  # (B, T)
    safe = jnp.where(keep, target, 0)
    nll = -jnp.take_along_axis(log_p, safe[..., None], axis=-1)[..., 0]  # -log p(y): (B, T)
    uniform = -log_p.mean(axis=-1)  # -(1/K) sum_k log p(k): (B, T)
    # <<l_smoothing>>
    loss = (1.0 - self.eps_ls) * nll + self.eps_ls * uniform
    # the mean over kept positions, as a masked sum (jit needs fixed shapes)
    return jnp.sum(jnp.where(keep, loss, 0.0)) / jnp.maximum(keep.sum(), 1)

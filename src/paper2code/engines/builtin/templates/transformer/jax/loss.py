r"""<<title>>

The training objective, on the model's logits; `jax.grad` differentiates it in src/train.py.

<<c_smoothing>>
"""

from __future__ import annotations

import jax
import jax.numpy as jnp


class LabelSmoothedCrossEntropy:
    r"""Cross-entropy against smoothed targets q'(k) = (1 - eps_ls) * 1[k = y] + eps_ls / K.

    eps_ls is `label_smoothing` in configs/base.yaml (0 gives plain cross-entropy).
    logits: (B, T, K), target: (B, T) token ids; positions equal to `ignore_index` are skipped.
    """

    # [ASSUMPTION] -100 marks positions without a target, PyTorch's convention
    def __init__(self, label_smoothing: float, ignore_index: int = -100) -> None:
        self.eps_ls = label_smoothing
        self.ignore_index = ignore_index

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

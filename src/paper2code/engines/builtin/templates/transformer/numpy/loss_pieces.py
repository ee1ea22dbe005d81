"""NumPy's pieces of ../shared/loss.py."""

from __future__ import annotations

import numpy as np

# the module docstring's first words
objective = (
    "The training objective, computed on the model's logits (NumPy: its value, for study; "
    "there is\nno gradient to follow)."
)


def log_softmax(x: np.ndarray) -> np.ndarray:
    """log softmax over the last axis, shifted by the maximum so that exp cannot overflow."""
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


# LabelSmoothedCrossEntropy.__call__
def __call__(self, logits: np.ndarray, target: np.ndarray) -> float:
    # slot: x_loss
    log_p = log_softmax(logits)  # (B, T, K)
    keep = target != self.ignore_index  # (B, T)
    safe = np.where(keep, target, 0)
    nll = -np.take_along_axis(log_p, safe[..., None], axis=-1)[..., 0]  # -log p(y): (B, T)
    uniform = -log_p.mean(axis=-1)  # -(1/K) sum_k log p(k): (B, T)
    # <<l_smoothing>>
    loss = (1.0 - self.eps_ls) * nll + self.eps_ls * uniform
    return float(loss[keep].mean())

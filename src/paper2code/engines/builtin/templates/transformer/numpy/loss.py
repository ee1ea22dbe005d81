r"""<<title>>

The training objective, computed on the model's logits (NumPy: its value, for study; there is
no gradient to follow).

<<c_smoothing>>
"""

from __future__ import annotations

import numpy as np


def log_softmax(x: np.ndarray) -> np.ndarray:
    """log softmax over the last axis, shifted by the maximum so that exp cannot overflow."""
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


class LabelSmoothedCrossEntropy:
    r"""Cross-entropy against smoothed targets q'(k) = (1 - eps_ls) * 1[k = y] + eps_ls / K.

    eps_ls is `label_smoothing` in configs/base.yaml (0 gives plain cross-entropy).
    logits: (B, T, K), target: (B, T) token ids; positions equal to `ignore_index` are skipped.
    """

    # [ASSUMPTION] -100 marks positions without a target, PyTorch's convention
    def __init__(self, label_smoothing: float, ignore_index: int = -100) -> None:
        self.eps_ls = label_smoothing
        self.ignore_index = ignore_index

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

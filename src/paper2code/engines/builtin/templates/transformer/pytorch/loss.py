r"""<<title>>

The training objective.

<<c_smoothing>>
"""

from __future__ import annotations

import torch
import torch.nn as nn


class LabelSmoothedCrossEntropy(nn.Module):
    r"""Cross-entropy against smoothed targets q'(k) = (1 - eps_ls) * 1[k = y] + eps_ls / K.

    eps_ls is `label_smoothing` in configs/base.yaml (0 gives plain cross-entropy).
    logits: (B, T, K), target: (B, T) token ids; positions equal to `ignore_index` are skipped.
    """

    # [ASSUMPTION] -100 marks positions without a target, PyTorch's convention
    def __init__(self, label_smoothing: float, ignore_index: int = -100) -> None:
        super().__init__()
        self.eps_ls = label_smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        # slot: x_loss
        log_p = logits.log_softmax(dim=-1)  # (B, T, K)
        keep = target != self.ignore_index  # (B, T)
        safe = target.masked_fill(~keep, 0)
        nll = -log_p.gather(-1, safe.unsqueeze(-1)).squeeze(-1)  # -log p(y): (B, T)
        uniform = -log_p.mean(dim=-1)  # -(1/K) sum_k log p(k): (B, T)
        # <<l_smoothing>>
        loss = (1.0 - self.eps_ls) * nll + self.eps_ls * uniform
        return loss[keep].mean()

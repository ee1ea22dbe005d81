# pieces: loss_pieces.py
r"""<<title>>

<<objective>>

<<c_smoothing>>
"""

from __future__ import annotations

# slot: imports


# slot: functions
class LabelSmoothedCrossEntropy:
    r"""Cross-entropy against smoothed targets q'(k) = (1 - eps_ls) * 1[k = y] + eps_ls / K.

    eps_ls is `label_smoothing` in configs/base.yaml (0 gives plain cross-entropy).
    logits: (B, T, K), target: (B, T) token ids; positions equal to `ignore_index` are skipped.
    """

    # [ASSUMPTION] -100 marks positions without a target, PyTorch's convention
    def __init__(self, label_smoothing: float, ignore_index: int = -100) -> None:
        self.eps_ls = label_smoothing
        self.ignore_index = ignore_index

    # slot: __call__

r"""<<title>>

The training objective, computed on arrays (NumPy: its value, for study; there is no gradient to
follow).

<<c_loss>>
"""

from __future__ import annotations

import numpy as np


def epsilon_prediction_loss(eps: np.ndarray, eps_theta: np.ndarray) -> float:
    r"""|| eps - eps_theta ||^2, averaged over batch and pixels (L_simple, unweighted).

    eps, eps_theta: (B, C, H, W).
    """
    return float(np.mean((eps - eps_theta) ** 2))

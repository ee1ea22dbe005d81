r"""<<title>>

The training objective.

<<c_loss>>
"""

from __future__ import annotations

import torch


def epsilon_prediction_loss(eps: torch.Tensor, eps_theta: torch.Tensor) -> torch.Tensor:
    r"""|| eps - eps_theta ||^2, averaged over batch and pixels (L_simple, unweighted).

    eps, eps_theta: (B, C, H, W).
    """
    return ((eps - eps_theta) ** 2).mean()

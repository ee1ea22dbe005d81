"""The causal mask, for the stacks that have one (model.py's `# slot: parts`)."""

from __future__ import annotations

import torch


def causal_mask(T: int, device: torch.device | None = None) -> torch.Tensor:
    r"""<<c_causal>>

    (1, 1, T, T), True on and below the diagonal.
    """
    return torch.ones(T, T, dtype=torch.bool, device=device).tril().view(1, 1, T, T)

"""PyTorch's pieces of ../shared/empty_loss.py."""

from __future__ import annotations

import torch


def loss(*outputs: torch.Tensor) -> torch.Tensor:
    raise NotImplementedError("the paper's objective is not in paper2code's built-in library")

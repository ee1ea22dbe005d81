"""The target of each synthetic task of library/tasks.py, on the digit strings `src` (B, L):
task_data.py's `# slot: target` takes the body of the function named after the task."""

from __future__ import annotations

import torch


def reverse(src: torch.Tensor) -> None:
    target = src.flip(1)  # (B, L), the task: reverse


def copy(src: torch.Tensor) -> None:
    target = src.clone()  # (B, L), the task: copy


def sort(src: torch.Tensor) -> None:
    target = src.sort(dim=1).values  # (B, L), the task: sort

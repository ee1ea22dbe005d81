"""The target of each synthetic task of library/tasks.py, on the digit strings `src` (B, L):
task_data.py's `# slot: target` takes the body of the function named after the task. NumPy
code, for every framework whose task_data.py draws its strings with NumPy (PyTorch draws
tensors: pytorch/targets.py)."""

from __future__ import annotations

import numpy as np


def reverse(src: np.ndarray) -> None:
    target = src[:, ::-1]  # (B, L), the task: reverse


def copy(src: np.ndarray) -> None:
    target = src.copy()  # (B, L), the task: copy


def sort(src: np.ndarray) -> None:
    target = np.sort(src, axis=1)  # (B, L), the task: sort

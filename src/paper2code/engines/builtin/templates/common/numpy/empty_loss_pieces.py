"""NumPy's pieces of ../shared/empty_loss.py."""

from __future__ import annotations

import numpy as np


def loss(*outputs: np.ndarray) -> float:
    raise NotImplementedError("the paper's objective is not in paper2code's built-in library")

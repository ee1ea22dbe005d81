"""The causal mask, for the stacks that have one (model.py's `# slot: parts`)."""

from __future__ import annotations

import numpy as np


def causal_mask(T: int) -> np.ndarray:
    r"""<<c_causal>>

    (1, 1, T, T), True on and below the diagonal.
    """
    return np.tril(np.ones((T, T), dtype=bool))[None, None]

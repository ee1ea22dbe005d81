r"""<<title>>

The training objective.

NOT IMPLEMENTED: paper2code's built-in library has no loss for this paper; write it next to
`CoreContribution` in src/model.py, from the equations its docstring quotes.
"""

from __future__ import annotations

import tensorflow as tf


def loss(*outputs: tf.Tensor) -> tf.Tensor:
    raise NotImplementedError("the paper's objective is not in paper2code's built-in library")

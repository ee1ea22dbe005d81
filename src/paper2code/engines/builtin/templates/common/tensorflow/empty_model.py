r"""<<title>>

The model.

paper2code's built-in library has no component this paper builds on: this file holds only the
skeleton of the paper's contribution (if the paper has one to implement).
"""

from __future__ import annotations

import keras
import tensorflow as tf

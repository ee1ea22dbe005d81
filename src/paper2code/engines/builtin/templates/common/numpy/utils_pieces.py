"""NumPy's pieces of ../shared/utils.py: seeding, and what a run needs of the framework."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
import yaml

helpers = "config, seeding, smoke check"
smoke_check = (
    "and the loss, and checks output shapes. It proves the code runs, not that it reproduces the\n"
    "paper. NumPy computes on the CPU: there is no device to pick."
)
smoke_steps = "one forward pass and the loss"


def set_seed(seed: int) -> np.random.Generator:
    """Seed Python's generator and return a NumPy one: NumPy code draws from a Generator it is
    given rather than from global state."""
    random.seed(seed)
    return np.random.default_rng(seed)

"""NumPy: forward passes and the loss for study, no training (NumPy has no autograd); arrays
on the CPU, random draws from `np.random.default_rng`."""

from __future__ import annotations

from paper2code.engines.backends import Backend
from paper2code.engines.base import Framework, Runtime
from paper2code.equations.codegen import NUMPY

BACKEND = Backend(
    framework=Framework.NUMPY,
    label="NumPy",
    requirements=("numpy==2.4.6", "pyyaml==6.0.3"),
    runtime=Runtime(needs={"numpy": "numpy", "yaml": "pyyaml"}),
    families=frozenset({"transformer", "diffusion", "none"}),
    imports="import numpy as np",
    seed="rng = np.random.default_rng(0)",
    skeleton_method="__call__",
    skeleton_call="CoreContribution()(np.zeros(1))",
    ops=NUMPY,
)

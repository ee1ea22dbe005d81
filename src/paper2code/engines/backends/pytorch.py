"""PyTorch: nn.Module models, torch.manual_seed, CPU or CUDA (src/utils.py picks the device)."""

from __future__ import annotations

from paper2code.engines.backends import Backend
from paper2code.engines.base import Framework, Runtime
from paper2code.equations.codegen import TORCH

BACKEND = Backend(
    framework=Framework.PYTORCH,
    label="PyTorch",
    requirements=("torch==2.13.0", "pyyaml==6.0.3"),
    runtime=Runtime(needs={"torch": "torch", "yaml": "pyyaml"}),
    families=frozenset({"transformer", "diffusion", "none"}),
    imports="import torch",
    seed="torch.manual_seed(0)",
    skeleton_method="forward",
    skeleton_call="CoreContribution()(torch.zeros(1))",
    ops=TORCH,
)

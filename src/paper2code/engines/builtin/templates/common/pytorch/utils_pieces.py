"""PyTorch's pieces of ../shared/utils.py: seeding, and what a run needs of the framework."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import torch
import yaml

helpers = "config, seeding, device, mixed precision, checkpoints, smoke check"
smoke_check = "and checks output shapes. It proves the code runs, not that it reproduces the paper."
smoke_steps = "one forward pass"


def set_seed(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


def count_parameters(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ---- device, mixed precision, checkpoints: everything framework-specific about a run ----------


def pick_device(name: str = "auto") -> torch.device:
    """`auto`: the GPU when one is visible, else the CPU."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA device is visible; use --device cpu or auto")
    return torch.device(name)


def _half(device: torch.device) -> torch.dtype:
    # bfloat16 keeps float32's range (no loss scaling); older GPUs only have float16
    if device.type == "cuda" and not torch.cuda.is_bf16_supported():
        return torch.float16
    return torch.bfloat16


def autocast(device: torch.device, enabled: bool) -> torch.autocast:
    """Mixed precision for the forward pass when `enabled` (--amp); float32 otherwise."""
    return torch.autocast(device.type, dtype=_half(device), enabled=enabled)


def grad_scaler(device: torch.device, enabled: bool) -> torch.amp.GradScaler:
    """Loss scaling, needed only for float16 (whose small gradients underflow)."""
    return torch.amp.GradScaler(device.type, enabled=enabled and _half(device) == torch.float16)


def to_device(batch, device: torch.device):
    """A batch (tensor or dict of tensors) on `device`."""
    if isinstance(batch, dict):
        return {key: value.to(device) for key, value in batch.items()}
    return batch.to(device)


def checkpoint_state(step: int, cfg: dict, smoke: bool, parts: dict) -> dict:
    """What `python -m src.train --resume` needs to continue exactly where a run stopped:
    the state of every part (model, optimizer, scheduler, ...), the step, the config and the
    random number generators (dropout and noise draws continue the same sequence)."""
    rng = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda"] = torch.cuda.get_rng_state_all()
    state = {name: part.state_dict() for name, part in parts.items()}
    return state | {"step": step, "config": cfg, "smoke": smoke, "rng": rng}


def read_checkpoint(path: str | Path) -> dict:
    """A checkpoint of `checkpoint_state`, tensors on the CPU (tensors and plain data only)."""
    if not Path(path).is_file():
        raise SystemExit(f"no checkpoint at {path}: train first (python -m src.train)")
    return torch.load(path, map_location="cpu", weights_only=True)


def restore(state: dict, parts: dict) -> int:
    """Load every part and the random number generators from `state`; returns its step."""
    for name, part in parts.items():
        part.load_state_dict(state[name])
    random.setstate(state["rng"]["python"])
    torch.set_rng_state(state["rng"]["torch"])
    if "cuda" in state["rng"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["rng"]["cuda"])
    return state["step"]


def smoke_seed() -> None:
    set_seed(0)  # [ASSUMPTION] a fixed seed only so the smoke check is repeatable

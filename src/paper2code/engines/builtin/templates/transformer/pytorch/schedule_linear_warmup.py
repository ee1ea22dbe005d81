"""`training.lr_schedule: linear_warmup`: train.py's `# slot: schedule` takes `learning_rate`,
its `# slot: scheduler` the body of `scheduler`."""

from __future__ import annotations

import torch


def learning_rate(step: int, peak: float, warmup_steps: int) -> float:
    """Linear warm-up to `learning_rate` over `warmup_steps`, then constant (see configs)."""
    return peak * min(1.0, max(step, 1) / max(warmup_steps, 1))


def scheduler(optimizer: torch.optim.Optimizer, model_cfg: dict, train_cfg: dict) -> None:
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: learning_rate(step, train_cfg["learning_rate"], train_cfg["warmup_steps"]),
    )

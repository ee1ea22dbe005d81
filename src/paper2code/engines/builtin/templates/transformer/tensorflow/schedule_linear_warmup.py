"""`training.lr_schedule: linear_warmup`: train.py's `# slot: schedule` takes `learning_rate`,
its `# slot: scheduler` the body of `scheduler` (the rate of a step, set before each step)."""

from __future__ import annotations

import functools


def learning_rate(step: int, peak: float, warmup_steps: int) -> float:
    """Linear warm-up to `learning_rate` over `warmup_steps`, then constant (see configs)."""
    return peak * min(1.0, max(step, 1) / max(warmup_steps, 1))


def scheduler(model_cfg: dict, train_cfg: dict) -> None:
    scheduler = functools.partial(
        learning_rate, peak=train_cfg["learning_rate"], warmup_steps=train_cfg["warmup_steps"]
    )

"""`training.lr_schedule: inverse_sqrt`: train.py's `# slot: schedule` takes `learning_rate`,
its `# slot: scheduler` the body of `scheduler`."""

from __future__ import annotations

import torch


def learning_rate(step: int, d_model: int, warmup_steps: int) -> float:
    r"""<<c_schedule>>

    <<eq_schedule>>
    """
    step = max(step, 1)
    # <<l_schedule>>
    warmup_steps = max(warmup_steps, 1)  # no warm-up stated: the formula still needs one step
    return d_model**-0.5 * min(step**-0.5, step * warmup_steps**-1.5)


def scheduler(optimizer: torch.optim.Optimizer, model_cfg: dict, train_cfg: dict) -> None:
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: learning_rate(step, model_cfg["d_model"], train_cfg["warmup_steps"])
    )

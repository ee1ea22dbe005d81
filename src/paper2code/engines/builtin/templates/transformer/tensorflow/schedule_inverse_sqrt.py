"""`training.lr_schedule: inverse_sqrt`: train.py's `# slot: schedule` takes `learning_rate`,
its `# slot: scheduler` the body of `scheduler` (the rate of a step, set before each step)."""

from __future__ import annotations

import functools


def learning_rate(step: int, d_model: int, warmup_steps: int) -> float:
    r"""<<c_schedule>>

    <<eq_schedule>>
    """
    step = max(step, 1)
    # <<l_schedule>>
    warmup_steps = max(warmup_steps, 1)  # no warm-up stated: the formula still needs one step
    return d_model**-0.5 * min(step**-0.5, step * warmup_steps**-1.5)


def scheduler(model_cfg: dict, train_cfg: dict) -> None:
    scheduler = functools.partial(
        learning_rate, d_model=model_cfg["d_model"], warmup_steps=train_cfg["warmup_steps"]
    )

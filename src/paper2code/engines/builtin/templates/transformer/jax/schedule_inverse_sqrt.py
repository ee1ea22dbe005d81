"""`training.lr_schedule: inverse_sqrt`: train.py's `# slot: schedule` takes `learning_rate`,
its `# slot: scheduler` the body of `scheduler`; in jax.numpy, so that optax can call it inside
the jitted step."""

from __future__ import annotations

import jax
import jax.numpy as jnp


def learning_rate(step, d_model: int, warmup_steps: int) -> jax.Array:
    r"""<<c_schedule>>

    <<eq_schedule>>
    """
    step = jnp.maximum(step, 1)
    # <<l_schedule>>
    warmup_steps = max(warmup_steps, 1)  # no warm-up stated: the formula still needs one step
    return d_model**-0.5 * jnp.minimum(step**-0.5, step * warmup_steps**-1.5)


def scheduler(model_cfg: dict, train_cfg: dict) -> None:
    def schedule(step) -> jax.Array:  # the learning rate at each step, as the config sets it
        return learning_rate(step, model_cfg["d_model"], train_cfg["warmup_steps"])

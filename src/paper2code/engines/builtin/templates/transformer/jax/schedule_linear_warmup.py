"""`training.lr_schedule: linear_warmup`: train.py's `# slot: schedule` takes `learning_rate`,
its `# slot: scheduler` the body of `scheduler`; in jax.numpy, so that optax can call it inside
the jitted step."""

from __future__ import annotations

import jax
import jax.numpy as jnp


def learning_rate(step, peak: float, warmup_steps: int) -> jax.Array:
    """Linear warm-up to `learning_rate` over `warmup_steps`, then constant (see configs)."""
    return peak * jnp.minimum(1.0, jnp.maximum(step, 1) / max(warmup_steps, 1))


def scheduler(model_cfg: dict, train_cfg: dict) -> None:
    def schedule(step) -> jax.Array:  # the learning rate at each step, as the config sets it
        return learning_rate(step, train_cfg["learning_rate"], train_cfg["warmup_steps"])

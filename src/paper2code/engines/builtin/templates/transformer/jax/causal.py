"""The causal mask, for the stacks that have one (model.py's `# slot: parts`)."""

from __future__ import annotations

import jax
import jax.numpy as jnp


def causal_mask(T: int) -> jax.Array:
    r"""<<c_causal>>

    (1, 1, T, T), True on and below the diagonal; computed when traced (it depends on T only),
    so a jitted step sees its values.
    """
    with jax.ensure_compile_time_eval():
        return jnp.tril(jnp.ones((T, T), dtype=bool))[None, None]

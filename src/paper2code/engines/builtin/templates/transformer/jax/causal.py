"""The causal mask, for the stacks that have one (model.py's `# slot: parts`)."""

from __future__ import annotations

import jax
import jax.numpy as jnp


def causal_mask(T: int) -> jax.Array:
    r"""<<c_causal>>

    (1, 1, T, T), True on and below the diagonal.
    """
    return jnp.tril(jnp.ones((T, T), dtype=bool))[None, None]

"""The smoke check of a JAX diffusion project: `utils.smoke_test` runs the body of `smoke_test`
below, after the relative imports of this file (those of `.utils` are its own names). `rng` and
`cfg` are smoke_test's."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from .model import build_model
from .utils import diffusion_values, model_values


def smoke_test(cfg: dict, rng: np.random.Generator) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values, diffusion_values(cfg, smoke=True))
    model.eval()  # dropout off: a deterministic forward pass
    B, C, S = cfg["smoke"]["batch_size"], values["in_channels"], values["image_size"]
    x0 = rng.random((B, S, S, C), dtype=np.float32) * 2 - 1  # channels last
    t = rng.integers(0, model.T, B)
    eps = rng.standard_normal(x0.shape, dtype=np.float32)
    x_t = model.q_sample(x0, t, eps)
    assert x_t.shape == x0.shape, x_t.shape
    eps_theta = model.eps_model(x_t, t)
    assert eps_theta.shape == x0.shape, eps_theta.shape
    loss = model.training_loss(x0)
    assert loss.ndim == 0 and jnp.isfinite(loss), loss
    samples = model.sample((B, S, S, C))
    assert samples.shape == x0.shape and jnp.isfinite(samples).all()
    print(
        f"forward pass: x_0 {x0.shape} -> eps_theta {eps_theta.shape}, "
        f"loss {loss:.3f}; {model.T}-step sampling -> {samples.shape}"
    )

"""The smoke check of a diffusion project: `utils.smoke_test` runs the body of `smoke_test`
below, after the relative imports of this file (those of `.utils` are its own names)."""

from __future__ import annotations

import tensorflow as tf

from .model import build_model
from .utils import diffusion_values, model_values


def smoke_test(cfg: dict) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values, diffusion_values(cfg, smoke=True))
    B, C, S = cfg["smoke"]["batch_size"], values["in_channels"], values["image_size"]
    x0 = tf.random.uniform((B, S, S, C)) * 2 - 1  # channels last
    t = tf.random.uniform((B,), 0, model.T, dtype=tf.int32)
    eps = tf.random.normal(x0.shape)
    x_t = model.q_sample(x0, t, eps)
    assert x_t.shape == x0.shape, x_t.shape
    eps_theta = model.eps_model(x_t, t)
    assert eps_theta.shape == x0.shape, eps_theta.shape
    loss = model.training_loss(x0)
    assert loss.shape == () and bool(tf.math.is_finite(loss)), loss
    samples = model.sample((B, S, S, C))
    assert samples.shape == x0.shape and bool(tf.reduce_all(tf.math.is_finite(samples)))
    print(
        f"forward pass: x_0 {tuple(x0.shape)} -> eps_theta {tuple(eps_theta.shape)}, "
        f"loss {float(loss):.3f}; {model.T}-step sampling -> {tuple(samples.shape)}"
    )

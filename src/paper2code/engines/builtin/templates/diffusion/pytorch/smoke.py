"""The smoke check of a diffusion project: `utils.smoke_test` runs the body of `smoke_test`
below, after the relative imports of this file (those of `.utils` are its own names)."""

from __future__ import annotations

import torch

from .model import build_model
from .utils import diffusion_values, model_values


def smoke_test(cfg: dict) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values, diffusion_values(cfg, smoke=True)).eval()
    B, C, S = cfg["smoke"]["batch_size"], values["in_channels"], values["image_size"]
    x0 = torch.rand(B, C, S, S) * 2 - 1
    t = torch.randint(0, model.T, (B,))
    eps = torch.randn_like(x0)
    x_t = model.q_sample(x0, t, eps)
    assert x_t.shape == x0.shape, x_t.shape
    eps_theta = model.eps_model(x_t, t)
    assert eps_theta.shape == x0.shape, eps_theta.shape
    loss = model.training_loss(x0)
    assert loss.ndim == 0 and torch.isfinite(loss), loss
    samples = model.sample((B, C, S, S))
    assert samples.shape == x0.shape and torch.isfinite(samples).all()
    print(
        f"forward pass: x_0 {tuple(x0.shape)} -> eps_theta {tuple(eps_theta.shape)}, "
        f"loss {loss.item():.3f}; {model.T}-step sampling -> {tuple(samples.shape)}"
    )

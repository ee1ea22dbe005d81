"""JAX's pieces of ../shared/evaluate.py."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .data import make_loader
from .model import build_model
from .utils import (
    CONFIG,
    diffusion_values,
    load_config,
    model_values,
    pick_device,
    read_checkpoint,
    restore,
)

last = "last.npz"  # the checkpoint file src.train writes
samples = "samples.npy"  # where the samples go


def device_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "gpu", "tpu"])


def run(args: argparse.Namespace) -> None:
    jax.config.update("jax_default_device", pick_device(args.device))
    if args.checkpoint:
        state = read_checkpoint(args.checkpoint)
        # the model the checkpoint was trained with, whatever the config says now
        cfg, smoke = state["config"], state["smoke"]
        model = build_model(model_values(cfg, smoke), diffusion_values(cfg, smoke))
        restore(state, {"ema": model})  # the EMA weights: the ones the paper samples from
        print(f"checkpoint {args.checkpoint}: step {state['step']} (EMA weights)")
    else:
        cfg, smoke = load_config(args.config), True
        model = build_model(model_values(cfg, smoke), diffusion_values(cfg, smoke))
        print("untrained model (--smoke): the samples say nothing about the paper")
    model.eval()  # dropout off
    loss = model.training_loss(jnp.asarray(next(make_loader(cfg, smoke, "eval"))))
    print(f"held-out loss {float(loss):.4f}")
    values = model_values(cfg, smoke)
    size = values["image_size"]
    samples = jnp.clip(model.sample((args.num, size, size, values["in_channels"])), -1, 1)
    np.save(args.out, np.asarray(samples))
    print(f"saved {samples.shape} samples to {args.out}")

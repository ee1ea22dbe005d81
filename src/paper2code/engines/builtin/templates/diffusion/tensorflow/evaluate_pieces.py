"""TensorFlow's pieces of ../shared/evaluate.py."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

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


def run(args: argparse.Namespace) -> None:
    if args.checkpoint:
        state = read_checkpoint(args.checkpoint)
        # the model the checkpoint was trained with, whatever the config says now
        cfg, smoke = state["config"], state["smoke"]
    else:
        cfg, smoke = load_config(args.config), True
    with tf.device(pick_device(args.device)):
        model = build_model(model_values(cfg, smoke), diffusion_values(cfg, smoke))
        x0 = next(make_loader(cfg, smoke, "eval"))
        model.eps_model(x0, tf.zeros((x0.shape[0],), tf.int32))  # Keras creates the weights
        if args.checkpoint:
            restore(state, {"ema": model})
            print(f"checkpoint {args.checkpoint}: step {state['step']} (EMA weights)")
        else:
            print("untrained model (--smoke): the samples say nothing about the paper")
        print(f"held-out loss {float(model.training_loss(x0)):.4f}")
        values = model_values(cfg, smoke)
        size = values["image_size"]
        samples = model.sample((args.num, size, size, values["in_channels"]))
        samples = np.clip(np.asarray(samples), -1, 1)
    np.save(args.out, samples)
    print(f"saved {samples.shape} samples to {args.out}")

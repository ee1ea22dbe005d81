"""<<title>>

Evaluation of a trained checkpoint: samples drawn with the reverse process from its EMA weights
(the weights the paper samples from), and the training loss on held-out data.

    python -m src.evaluate --checkpoint checkpoints/last.npz
    python -m src.evaluate --smoke      # an untrained tiny model: checks the code, not the paper

Sample-quality metrics the paper reports (FID, Inception Score, NLL in bits/dim) are not
implemented here; compute them on the saved samples with a standard tool.
"""

from __future__ import annotations

import argparse

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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Sample from a checkpoint of src.train.")
    parser.add_argument("--checkpoint", help="a checkpoint of src.train: checkpoints/last.npz")
    parser.add_argument("--smoke", action="store_true", help="an untrained tiny model instead")
    parser.add_argument("--config", default=str(CONFIG), help="the config of --smoke")
    # [ASSUMPTION] a handful of samples by default; any number works
    parser.add_argument("--num", type=int, default=4, help="number of samples")
    parser.add_argument("--out", default="samples.npy", help="where to save the samples")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    args = parser.parse_args(argv)
    if args.checkpoint is None and not args.smoke:
        parser.error(
            "no checkpoint: pass --checkpoint checkpoints/last.npz (python -m src.train "
            "writes it), or --smoke to sample from an untrained tiny model"
        )
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


if __name__ == "__main__":
    main()

"""<<title>>

Training loop: a log line per step, a checkpoint every --save-every steps and at the end.

    python -m src.train                          # configs/base.yaml (the data: src/data.py)
    python -m src.train --smoke                  # two CPU steps at smoke size
    python -m src.train --steps 100 --resume checkpoints/last.npz --device cuda --amp

<<c_adam>>
"""

from __future__ import annotations

import argparse
import functools
import itertools
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import (
    CONFIG,
    checkpoint_state,
    count_parameters,
    load_config,
    mixed_precision,
    model_values,
    pick_device,
    read_checkpoint,
    restore,
    set_seed,
)

# slot: schedule


def make_optimizer(train_cfg: dict) -> keras.optimizers.Optimizer:
    """Adam or AdamW with the config's betas and epsilon; the learning rate is set every step
    from the schedule. AdamW decouples the weight decay from the gradient step; Adam adds it to
    the gradient (`train_step`)."""
    adamw = train_cfg["optimizer"] == "adamw"
    decay = {"weight_decay": train_cfg["weight_decay"]} if adamw else {}
    return (keras.optimizers.AdamW if adamw else keras.optimizers.Adam)(
        learning_rate=0.0,
        beta_1=train_cfg["adam_beta1"],
        beta_2=train_cfg["adam_beta2"],
        epsilon=train_cfg["adam_eps"],
        **decay,
    )


def train(args: argparse.Namespace) -> float:
    cfg = load_config(args.config)
    model_cfg, train_cfg = model_values(cfg, args.smoke), cfg["training"]
    set_seed(0)  # [ASSUMPTION] the paper does not fix a seed; any seed works
    mixed_precision(args.amp)
    device = pick_device(args.device)
    with tf.device(device):
        model = build_model(model_cfg)
        forward_batch(model, next(make_loader(cfg, args.smoke, "train")))  # creates the weights
        optimizer = make_optimizer(train_cfg)
        optimizer.build(model.trainable_variables)
    print(f"parameters: {count_parameters(model):,} on {device}")
    parts = {"model": model, "optimizer": optimizer}
    start = restore(read_checkpoint(args.resume), parts) if args.resume else 0
    criterion = LabelSmoothedCrossEntropy(train_cfg["label_smoothing"])
    l2 = train_cfg["weight_decay"] if train_cfg["optimizer"] != "adamw" else 0.0
    # slot: scheduler

    @tf.function(reduce_retracing=True)  # one graph for every batch of the same shapes
    def train_step(batch: dict) -> tf.Tensor:
        with tf.GradientTape() as tape:
            logits, target = forward_batch(model, batch, training=True)
            loss = criterion(logits, target)
        variables = model.trainable_variables
        grads = tape.gradient(loss, variables)
        if train_cfg["grad_clip"]:  # the gradients' global norm, before the weight decay
            grads, _ = tf.clip_by_global_norm(grads, train_cfg["grad_clip"])
        if l2:  # Adam's weight decay: an L2 term in the gradient
            grads = [g + l2 * v for g, v in zip(grads, variables, strict=True)]
        optimizer.apply_gradients(zip(grads, variables, strict=True))
        return loss

    steps = args.steps or (cfg["smoke"]["train_steps"] if args.smoke else train_cfg["train_steps"])
    # skip the batches the checkpointed run consumed: a resumed run sees the same data
    batches = itertools.islice(make_loader(cfg, args.smoke, "train"), start, None)
    loss = float("nan")
    with tf.device(device):
        for step, batch in zip(range(start + 1, steps + 1), batches, strict=False):
            rate = scheduler(step)
            optimizer.learning_rate = rate
            loss = float(train_step(batch))
            print(f"step {step}/{steps} loss {loss:.4f} lr {rate:.1e}")
            if step % args.save_every == 0 or step == steps:
                Path(args.checkpoint_dir).mkdir(parents=True, exist_ok=True)
                state = checkpoint_state(step, cfg, args.smoke, parts)
                np.savez(Path(args.checkpoint_dir) / "last.npz", **state)
    return loss


# slot: train_main

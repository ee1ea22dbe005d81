"""<<title>>

Training loop: a log line per step, a checkpoint every --save-every steps and at the end.

    python -m src.train                          # configs/base.yaml (the data: src/data.py)
    python -m src.train --smoke                  # two CPU steps at smoke size
    python -m src.train --steps 100 --resume checkpoints/last.npz --device cuda --amp
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from .data import make_loader
from .model import build_model
from .utils import (
    CONFIG,
    checkpoint_state,
    count_parameters,
    diffusion_values,
    load_config,
    mixed_precision,
    model_values,
    pick_device,
    read_checkpoint,
    restore,
    set_seed,
)


def update_ema(ema: keras.Model, model: keras.Model, decay: float) -> None:
    """<<c_ema>>"""
    for p_ema, p in zip(ema.trainable_variables, model.trainable_variables, strict=True):
        p_ema.assign(decay * p_ema + (1.0 - decay) * p)


def train(args: argparse.Namespace) -> float:
    cfg = load_config(args.config)
    train_cfg = cfg["training"]
    set_seed(0)  # [ASSUMPTION] the paper does not fix a seed; any seed works
    mixed_precision(args.amp)
    device = pick_device(args.device)
    values, process = model_values(cfg, args.smoke), diffusion_values(cfg, args.smoke)
    with tf.device(device):
        model, ema = build_model(values, process), build_model(values, process)
        x0 = next(make_loader(cfg, args.smoke, "train"))
        for m in (model, ema):  # Keras creates the weights on the first call
            m.eps_model(x0, tf.zeros((x0.shape[0],), tf.int32))
        ema.set_weights(model.get_weights())  # the average starts at the initial weights
        optimizer = keras.optimizers.Adam(learning_rate=train_cfg["learning_rate"])
        optimizer.build(model.trainable_variables)
    print(f"parameters: {count_parameters(model):,} on {device}")
    parts = {"model": model, "ema": ema, "optimizer": optimizer}
    start = restore(read_checkpoint(args.resume), parts) if args.resume else 0
    warmup = max(train_cfg["warmup_steps"], 1)

    @tf.function(reduce_retracing=True)  # one graph for every batch of the same shape
    def train_step(x0: tf.Tensor) -> tf.Tensor:
        with tf.GradientTape() as tape:
            loss = model.training_loss(x0, training=True)
        variables = model.trainable_variables
        grads = tape.gradient(loss, variables)
        if train_cfg["grad_clip"]:
            grads, _ = tf.clip_by_global_norm(grads, train_cfg["grad_clip"])
        optimizer.apply_gradients(zip(grads, variables, strict=True))
        update_ema(ema, model, train_cfg["ema_decay"])
        return loss

    steps = args.steps or (cfg["smoke"]["train_steps"] if args.smoke else train_cfg["train_steps"])
    # skip the batches the checkpointed run consumed: a resumed run sees the same data
    batches = itertools.islice(make_loader(cfg, args.smoke, "train"), start, None)
    loss = float("nan")
    with tf.device(device):
        for step, x0 in zip(range(start + 1, steps + 1), batches, strict=False):
            # linear warm-up over warmup_steps (0: none), then constant
            rate = train_cfg["learning_rate"] * min(1.0, step / warmup)
            optimizer.learning_rate = rate
            loss = float(train_step(x0))
            print(f"step {step}/{steps} loss {loss:.4f} lr {rate:.1e}")
            if step % args.save_every == 0 or step == steps:
                Path(args.checkpoint_dir).mkdir(parents=True, exist_ok=True)
                state = checkpoint_state(step, cfg, args.smoke, parts)
                np.savez(Path(args.checkpoint_dir) / "last.npz", **state)
    return loss


# slot: train_main

"""<<title>>

Training loop: a jitted train step (`nnx.jit`, `nnx.value_and_grad`) with an optax optimiser, a
log line per step, a checkpoint every --save-every steps and at the end. --amp trains in mixed
precision: the flax layers compute in bfloat16, the parameters and the optimiser stay float32
and the loss is computed in float32 (utils.mixed_precision).

    python -m src.train                          # configs/base.yaml (the data: src/data.py)
    python -m src.train --smoke                  # two CPU steps at smoke size
    python -m src.train --steps 100 --resume checkpoints/last.npz --device gpu --amp

<<c_adam>>
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx

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


def make_optimizer(train_cfg: dict, schedule: Callable) -> optax.GradientTransformation:
    """Adam or AdamW (`optimizer` in configs/base.yaml) at the rate `schedule(step)` gives,
    after clipping the gradients' global norm at `grad_clip` (0: no clipping)."""
    b1, b2, eps = train_cfg["adam_beta1"], train_cfg["adam_beta2"], train_cfg["adam_eps"]
    decay = train_cfg["weight_decay"]
    if train_cfg["optimizer"] == "adamw":
        # AdamW decouples the weight decay from the gradient step
        adam = optax.adamw(schedule, b1=b1, b2=b2, eps=eps, weight_decay=decay)
    else:
        # Adam adds the weight decay to the gradient (an L2 penalty), as torch.optim.Adam does
        adam = optax.chain(
            optax.add_decayed_weights(decay), optax.adam(schedule, b1=b1, b2=b2, eps=eps)
        )
    if train_cfg["grad_clip"]:
        return optax.chain(optax.clip_by_global_norm(train_cfg["grad_clip"]), adam)
    return adam


def train(args: argparse.Namespace) -> float:
    cfg = load_config(args.config)
    model_cfg, train_cfg = model_values(cfg, args.smoke), cfg["training"]
    set_seed(0)  # [ASSUMPTION] the paper does not fix a seed; any seed works
    device = pick_device(args.device)
    jax.config.update("jax_default_device", device)
    model = build_model(model_cfg, seed=0)  # weights and dropout draw from nnx.Rngs(0)
    mixed_precision(model, args.amp)  # bfloat16 compute, float32 parameters
    print(f"parameters: {count_parameters(model):,} on {device}")
    # slot: scheduler
    optimizer = nnx.Optimizer(model, make_optimizer(train_cfg, schedule), wrt=nnx.Param)
    parts = {"model": model, "optimizer": optimizer}
    start = restore(read_checkpoint(args.resume), parts) if args.resume else 0
    criterion = LabelSmoothedCrossEntropy(train_cfg["label_smoothing"])

    @nnx.jit
    def train_step(model: nnx.Module, optimizer: nnx.Optimizer, batch: dict) -> jax.Array:
        def loss_fn(model: nnx.Module) -> jax.Array:
            logits, target = forward_batch(model, batch)
            return criterion(logits.astype(jnp.float32), target)

        loss, grads = nnx.value_and_grad(loss_fn)(model)
        optimizer.update(model, grads)
        return loss

    steps = args.steps or (cfg["smoke"]["train_steps"] if args.smoke else train_cfg["train_steps"])
    # skip the batches the checkpointed run consumed: a resumed run sees the same data
    batches = itertools.islice(make_loader(cfg, args.smoke, "train"), start, None)
    loss = jnp.nan
    model.train()  # dropout on
    for step, batch in zip(range(start + 1, steps + 1), batches, strict=False):
        loss = train_step(model, optimizer, batch)
        # the rate of the next step, as torch's scheduler reports it after stepping
        print(f"step {step}/{steps} loss {float(loss):.4f} lr {float(schedule(step)):.1e}")
        if step % args.save_every == 0 or step == steps:
            Path(args.checkpoint_dir).mkdir(parents=True, exist_ok=True)
            state = checkpoint_state(step, cfg, args.smoke, parts)
            np.savez(Path(args.checkpoint_dir) / "last.npz", **state)
    return float(loss)


# slot: train_main

"""<<title>>

Training loop: a jitted train step (`nnx.jit`, `nnx.value_and_grad`) with optax's Adam or
AdamW (`optimizer` in configs/base.yaml), the EMA of the weights, a log line per step, a
checkpoint every --save-every steps and at the end. --amp trains in mixed precision: the flax
layers compute in bfloat16, the parameters, their EMA and the optimiser stay float32 and the
loss is computed in float32 (utils.mixed_precision).

    python -m src.train                          # configs/base.yaml (the data: src/data.py)
    python -m src.train --smoke                  # two CPU steps at smoke size
    python -m src.train --steps 100 --resume checkpoints/last.npz --device gpu --amp
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx

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


def update_ema(ema: nnx.Module, model: nnx.Module, decay: float) -> None:
    """<<c_ema>>"""
    averaged = jax.tree.map(
        lambda p_ema, p: decay * p_ema + (1.0 - decay) * p,  # decay * p_ema + (1 - decay) * p
        nnx.state(ema, nnx.Param),
        nnx.state(model, nnx.Param),
    )
    nnx.update(ema, averaged)


def train(args: argparse.Namespace) -> float:
    cfg = load_config(args.config)
    train_cfg = cfg["training"]
    set_seed(0)  # [ASSUMPTION] the paper does not fix a seed; any seed works
    device = pick_device(args.device)
    jax.config.update("jax_default_device", device)
    model = build_model(model_values(cfg, args.smoke), diffusion_values(cfg, args.smoke))
    mixed_precision(model, args.amp)  # bfloat16 compute, float32 parameters
    ema = nnx.clone(model)  # the averaged weights, sampled from after training
    print(f"parameters: {count_parameters(model):,} on {device}")
    peak, warmup = train_cfg["learning_rate"], max(train_cfg["warmup_steps"], 1)

    def schedule(step):
        # linear warm-up over warmup_steps (0: none), then constant
        return peak * jnp.minimum(1.0, (step + 1) / warmup)

    weight_decay = train_cfg["weight_decay"]
    if train_cfg["optimizer"] == "adamw":
        # AdamW decouples the weight decay from the gradient step
        adam = optax.adamw(schedule, weight_decay=weight_decay)
    else:
        # Adam adds the weight decay to the gradient (an L2 penalty), as torch.optim.Adam does
        adam = optax.chain(optax.add_decayed_weights(weight_decay), optax.adam(schedule))
    if train_cfg["grad_clip"]:
        adam = optax.chain(optax.clip_by_global_norm(train_cfg["grad_clip"]), adam)
    optimizer = nnx.Optimizer(model, adam, wrt=nnx.Param)
    parts = {"model": model, "ema": ema, "optimizer": optimizer}
    start = restore(read_checkpoint(args.resume), parts) if args.resume else 0
    decay = train_cfg["ema_decay"]

    @nnx.jit
    def train_step(
        model: nnx.Module, ema: nnx.Module, optimizer: nnx.Optimizer, x0: jax.Array
    ) -> jax.Array:
        def loss_fn(model: nnx.Module) -> jax.Array:
            return model.training_loss(x0).astype(jnp.float32)  # float32 under --amp too

        loss, grads = nnx.value_and_grad(loss_fn)(model)
        optimizer.update(model, grads)
        update_ema(ema, model, decay)
        return loss

    steps = args.steps or (cfg["smoke"]["train_steps"] if args.smoke else train_cfg["train_steps"])
    # skip the batches the checkpointed run consumed: a resumed run sees the same data
    batches = itertools.islice(make_loader(cfg, args.smoke, "train"), start, None)
    loss = jnp.nan
    model.train()  # dropout on
    for step, x0 in zip(range(start + 1, steps + 1), batches, strict=False):
        loss = train_step(model, ema, optimizer, x0)
        # the rate of the next step, as torch's scheduler reports it after stepping
        print(f"step {step}/{steps} loss {float(loss):.4f} lr {float(schedule(step)):.1e}")
        if step % args.save_every == 0 or step == steps:
            Path(args.checkpoint_dir).mkdir(parents=True, exist_ok=True)
            state = checkpoint_state(step, cfg, args.smoke, parts)
            np.savez(Path(args.checkpoint_dir) / "last.npz", **state)
    return float(loss)


# slot: train_main

"""<<title>>

Training loop: a log line per step, a checkpoint every --save-every steps and at the end.

    python -m src.train                          # configs/base.yaml (the data: src/data.py)
    python -m src.train --smoke                  # two CPU steps at smoke size
    python -m src.train --steps 100 --resume checkpoints/last.pt --device cuda --amp
"""

from __future__ import annotations

import argparse
import copy
import itertools
from pathlib import Path

import torch

from .data import make_loader
from .model import build_model
from .utils import (
    CONFIG,
    autocast,
    checkpoint_state,
    count_parameters,
    diffusion_values,
    grad_scaler,
    load_config,
    model_values,
    pick_device,
    read_checkpoint,
    restore,
    set_seed,
)


@torch.no_grad()
def update_ema(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    """<<c_ema>>"""
    for p_ema, p in zip(ema.parameters(), model.parameters(), strict=True):
        p_ema.lerp_(p, 1.0 - decay)  # p_ema = decay * p_ema + (1 - decay) * p


def train(args: argparse.Namespace) -> float:
    cfg = load_config(args.config)
    train_cfg = cfg["training"]
    set_seed(0)  # [ASSUMPTION] the paper does not fix a seed; any seed works
    device = pick_device(args.device)
    model = build_model(model_values(cfg, args.smoke), diffusion_values(cfg, args.smoke))
    model = model.to(device)
    ema = copy.deepcopy(model).requires_grad_(False)
    print(f"parameters: {count_parameters(model):,} on {device}")
    adam = torch.optim.AdamW if train_cfg["optimizer"] == "adamw" else torch.optim.Adam
    optimizer = adam(
        model.parameters(), lr=train_cfg["learning_rate"], weight_decay=train_cfg["weight_decay"]
    )
    warmup = max(train_cfg["warmup_steps"], 1)
    # linear warm-up over warmup_steps (0: none), then constant
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / warmup))
    scaler = grad_scaler(device, args.amp)
    parts = {
        "model": model,
        "ema": ema,
        "optimizer": optimizer,
        "scheduler": scheduler,
        "scaler": scaler,
    }
    start = restore(read_checkpoint(args.resume), parts) if args.resume else 0
    steps = args.steps or (cfg["smoke"]["train_steps"] if args.smoke else train_cfg["train_steps"])
    # skip the batches the checkpointed run consumed: a resumed run sees the same data
    batches = itertools.islice(make_loader(cfg, args.smoke, "train"), start, None)
    loss = torch.tensor(float("nan"))
    for step, x0 in zip(range(start + 1, steps + 1), batches, strict=False):
        with autocast(device, args.amp):
            loss = model.training_loss(x0.to(device)).float()
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        if train_cfg["grad_clip"]:
            scaler.unscale_(optimizer)  # clip the true gradients, not the scaled ones
            torch.nn.utils.clip_grad_norm_(model.parameters(), train_cfg["grad_clip"])
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()
        update_ema(ema, model, train_cfg["ema_decay"])
        print(f"step {step}/{steps} loss {loss.item():.4f} lr {scheduler.get_last_lr()[0]:.1e}")
        if step % args.save_every == 0 or step == steps:
            Path(args.checkpoint_dir).mkdir(parents=True, exist_ok=True)
            state = checkpoint_state(step, cfg, args.smoke, parts)
            torch.save(state, Path(args.checkpoint_dir) / "last.pt")
    return loss.item()


# slot: train_main

"""<<title>>

Training loop: a log line per step, a checkpoint every --save-every steps and at the end.

    python -m src.train                          # configs/base.yaml (the data: src/data.py)
    python -m src.train --smoke                  # two CPU steps at smoke size
    python -m src.train --steps 100 --resume checkpoints/last.pt --device cuda --amp

<<c_adam>>
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import torch

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import (
    CONFIG,
    autocast,
    checkpoint_state,
    count_parameters,
    grad_scaler,
    load_config,
    model_values,
    pick_device,
    read_checkpoint,
    restore,
    set_seed,
    to_device,
)

# slot: schedule


def train(args: argparse.Namespace) -> float:
    cfg = load_config(args.config)
    model_cfg, train_cfg = model_values(cfg, args.smoke), cfg["training"]
    set_seed(0)  # [ASSUMPTION] the paper does not fix a seed; any seed works
    device = pick_device(args.device)
    model = build_model(model_cfg).to(device)
    print(f"parameters: {count_parameters(model):,} on {device}")
    # AdamW decouples the weight decay from the gradient step; Adam adds it to the gradient
    adam = torch.optim.AdamW if train_cfg["optimizer"] == "adamw" else torch.optim.Adam
    optimizer = adam(
        model.parameters(),
        lr=1.0,  # the schedule below returns the learning rate itself (LambdaLR multiplies)
        betas=(train_cfg["adam_beta1"], train_cfg["adam_beta2"]),
        eps=train_cfg["adam_eps"],
        weight_decay=train_cfg["weight_decay"],
    )
    # slot: scheduler
    scaler = grad_scaler(device, args.amp)
    parts = {"model": model, "optimizer": optimizer, "scheduler": scheduler, "scaler": scaler}
    start = restore(read_checkpoint(args.resume), parts) if args.resume else 0
    criterion = LabelSmoothedCrossEntropy(train_cfg["label_smoothing"])
    steps = args.steps or (cfg["smoke"]["train_steps"] if args.smoke else train_cfg["train_steps"])
    # skip the batches the checkpointed run consumed: a resumed run sees the same data
    batches = itertools.islice(make_loader(cfg, args.smoke, "train"), start, None)
    loss = torch.tensor(float("nan"))
    model.train()
    for step, batch in zip(range(start + 1, steps + 1), batches, strict=False):
        with autocast(device, args.amp):
            logits, target = forward_batch(model, to_device(batch, device))
        loss = criterion(logits.float(), target)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        if train_cfg["grad_clip"]:
            scaler.unscale_(optimizer)  # clip the true gradients, not the scaled ones
            torch.nn.utils.clip_grad_norm_(model.parameters(), train_cfg["grad_clip"])
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()
        print(f"step {step}/{steps} loss {loss.item():.4f} lr {scheduler.get_last_lr()[0]:.1e}")
        if step % args.save_every == 0 or step == steps:
            Path(args.checkpoint_dir).mkdir(parents=True, exist_ok=True)
            state = checkpoint_state(step, cfg, args.smoke, parts)
            torch.save(state, Path(args.checkpoint_dir) / "last.pt")
    return loss.item()


# slot: train_main

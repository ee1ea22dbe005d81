"""PyTorch's pieces of ../shared/evaluate.py."""

from __future__ import annotations

import torch

from .data import make_loader
from .model import build_model
from .utils import CONFIG, diffusion_values, load_config, model_values, pick_device, read_checkpoint

last = "last.pt"  # the checkpoint file src.train writes
samples = "samples.pt"  # where the samples go


def run(args: argparse.Namespace) -> None:
    device = pick_device(args.device)
    if args.checkpoint:
        state = read_checkpoint(args.checkpoint)
        # the model the checkpoint was trained with, whatever the config says now
        cfg, smoke = state["config"], state["smoke"]
        model = build_model(model_values(cfg, smoke), diffusion_values(cfg, smoke))
        model.load_state_dict(state["ema"])
        print(f"checkpoint {args.checkpoint}: step {state['step']} (EMA weights)")
    else:
        cfg, smoke = load_config(args.config), True
        model = build_model(model_values(cfg, smoke), diffusion_values(cfg, smoke))
        print("untrained model (--smoke): the samples say nothing about the paper")
    model = model.to(device).eval()
    with torch.no_grad():
        loss = model.training_loss(next(make_loader(cfg, smoke, "eval")).to(device))
    print(f"held-out loss {loss.item():.4f}")
    values = model_values(cfg, smoke)
    size = values["image_size"]
    samples = model.sample((args.num, values["in_channels"], size, size)).clamp(-1, 1)
    torch.save(samples.cpu(), args.out)
    print(f"saved {tuple(samples.shape)} samples to {args.out}")

"""PyTorch's pieces of ../shared/evaluate.py."""

from __future__ import annotations

import torch

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import CONFIG, load_config, model_values, pick_device, read_checkpoint, to_device

last = "last.pt"  # the checkpoint file src.train writes


@torch.no_grad()
def evaluate(model: torch.nn.Module, batches, num_batches: int, device: torch.device) -> dict:
    model.eval()
    criterion = LabelSmoothedCrossEntropy(label_smoothing=0.0)  # plain cross-entropy
    total_loss, correct, count = 0.0, 0, 0
    for _, batch in zip(range(num_batches), batches, strict=False):
        logits, target = forward_batch(model, to_device(batch, device))
        total_loss += criterion(logits, target).item()
        correct += (logits.argmax(-1) == target).sum().item()
        count += target.numel()
    loss = total_loss / max(num_batches, 1)
    ppl = math.exp(min(loss, 50.0))  # [ASSUMPTION] capped so an untrained model cannot overflow
    return {"loss": loss, "perplexity": ppl, "accuracy": correct / count}


def run(args: argparse.Namespace) -> None:
    device = pick_device(args.device)
    if args.checkpoint:
        state = read_checkpoint(args.checkpoint)
        # the model and data the checkpoint was trained with, whatever the config says now
        cfg, smoke = state["config"], state["smoke"]
        model = build_model(model_values(cfg, smoke))
        model.load_state_dict(state["model"])
        print(f"checkpoint {args.checkpoint}: step {state['step']}")
    else:
        cfg, smoke = load_config(args.config), True
        model = build_model(model_values(cfg, smoke))
        print("untrained model (--smoke): the numbers say nothing about the paper")
    batches = make_loader(cfg, smoke, "eval")
    print(evaluate(model.to(device), batches, args.batches, device))

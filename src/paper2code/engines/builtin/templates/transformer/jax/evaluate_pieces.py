"""JAX's pieces of ../shared/evaluate.py."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import CONFIG, load_config, model_values, pick_device, read_checkpoint, restore

last = "last.npz"  # the checkpoint file src.train writes


def evaluate(model: nnx.Module, batches, num_batches: int) -> dict:
    model.eval()  # dropout off
    criterion = LabelSmoothedCrossEntropy(label_smoothing=0.0)  # plain cross-entropy
    total_loss, correct, count = 0.0, 0, 0
    for _, batch in zip(range(num_batches), batches, strict=False):
        logits, target = forward_batch(model, batch)
        total_loss += float(criterion(logits, target))
        correct += int((jnp.argmax(logits, axis=-1) == target).sum())
        count += target.size
    loss = total_loss / max(num_batches, 1)
    ppl = math.exp(min(loss, 50.0))  # [ASSUMPTION] capped so an untrained model cannot overflow
    return {"loss": loss, "perplexity": ppl, "accuracy": correct / count}


def device_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "gpu", "tpu"])


def run(args: argparse.Namespace) -> None:
    jax.config.update("jax_default_device", pick_device(args.device))
    if args.checkpoint:
        state = read_checkpoint(args.checkpoint)
        # the model and data the checkpoint was trained with, whatever the config says now
        cfg, smoke = state["config"], state["smoke"]
        model = build_model(model_values(cfg, smoke))
        restore(state, {"model": model})
        print(f"checkpoint {args.checkpoint}: step {state['step']}")
    else:
        cfg, smoke = load_config(args.config), True
        model = build_model(model_values(cfg, smoke))
        print("untrained model (--smoke): the numbers say nothing about the paper")
    print(evaluate(model, make_loader(cfg, smoke, "eval"), args.batches))

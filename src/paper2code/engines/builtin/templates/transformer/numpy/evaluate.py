"""<<title>>

Evaluation of the NumPy model on the evaluation split: per-token loss, perplexity, accuracy.

    python -m src.evaluate --smoke      # the CPU-sized model of `smoke:`
    python -m src.evaluate              # the model at the size of configs/base.yaml

NumPy does not train: the weights are random draws (`--seed`), so the numbers check the code,
not the paper (an untrained model's loss is near log(vocab_size)). Task metrics the paper
reports (e.g. BLEU) are not implemented here.
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import CONFIG, load_config, model_values


def evaluate(model, batches, num_batches: int) -> dict:
    criterion = LabelSmoothedCrossEntropy(label_smoothing=0.0)  # plain cross-entropy
    total_loss, correct, count = 0.0, 0, 0
    for _, batch in zip(range(num_batches), batches, strict=False):
        logits, target = forward_batch(model, batch)
        total_loss += criterion(logits, target)
        correct += int((logits.argmax(axis=-1) == target).sum())
        count += target.size
    loss = total_loss / max(num_batches, 1)
    ppl = math.exp(min(loss, 50.0))  # [ASSUMPTION] capped so an untrained model cannot overflow
    return {"loss": loss, "perplexity": ppl, "accuracy": correct / count}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate the NumPy model (random weights).")
    parser.add_argument("--smoke", action="store_true", help="the CPU-sized model of `smoke:`")
    parser.add_argument("--config", default=str(CONFIG), help="the config to build from")
    # [ASSUMPTION] ten batches by default; raise it for a tighter estimate
    parser.add_argument("--batches", type=int, default=10, help="evaluation batches")
    parser.add_argument("--seed", type=int, default=0, help="the seed of the random weights")
    args = parser.parse_args(argv)
    cfg = load_config(args.config)
    model = build_model(model_values(cfg, args.smoke), seed=args.seed)
    print("random weights (NumPy does not train): the numbers say nothing about the paper")
    print(evaluate(model, make_loader(cfg, args.smoke, "eval"), args.batches))


if __name__ == "__main__":
    main()

"""<<title>>

Evaluation of a trained checkpoint on the evaluation split: per-token loss, perplexity, accuracy.

    python -m src.evaluate --checkpoint checkpoints/last.npz
    python -m src.evaluate --smoke      # an untrained tiny model: checks the code, not the paper

Task metrics the paper reports (e.g. BLEU for translation) are not implemented here; compute them
on decoded outputs with a standard tool and compare against the paper's tables.
"""

from __future__ import annotations

import argparse
import math

import keras
import tensorflow as tf

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import CONFIG, load_config, model_values, pick_device, read_checkpoint, restore


def evaluate(model: keras.Model, batches, num_batches: int) -> dict:
    criterion = LabelSmoothedCrossEntropy(label_smoothing=0.0)  # plain cross-entropy
    total_loss, correct, count = 0.0, 0, 0
    for _, batch in zip(range(num_batches), batches, strict=False):
        logits, target = forward_batch(model, batch)  # training=False: no dropout
        total_loss += float(criterion(logits, target))
        predicted = tf.argmax(logits, axis=-1, output_type=tf.int64)
        correct += int(tf.reduce_sum(tf.cast(predicted == tf.cast(target, tf.int64), tf.int64)))
        count += int(tf.size(target))
    loss = total_loss / max(num_batches, 1)
    ppl = math.exp(min(loss, 50.0))  # [ASSUMPTION] capped so an untrained model cannot overflow
    return {"loss": loss, "perplexity": ppl, "accuracy": correct / count}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate a checkpoint of src.train.")
    parser.add_argument("--checkpoint", help="a checkpoint of src.train: checkpoints/last.npz")
    parser.add_argument("--smoke", action="store_true", help="an untrained tiny model instead")
    parser.add_argument("--config", default=str(CONFIG), help="the config of --smoke")
    # [ASSUMPTION] ten batches by default; raise it for a tighter estimate
    parser.add_argument("--batches", type=int, default=10, help="evaluation batches")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    args = parser.parse_args(argv)
    if args.checkpoint is None and not args.smoke:
        parser.error(
            "no checkpoint: pass --checkpoint checkpoints/last.npz (python -m src.train "
            "writes it), or --smoke to evaluate an untrained tiny model"
        )
    with tf.device(pick_device(args.device)):
        if args.checkpoint:
            state = read_checkpoint(args.checkpoint)
            # the model and data the checkpoint was trained with, whatever the config says now
            cfg, smoke = state["config"], state["smoke"]
        else:
            cfg, smoke = load_config(args.config), True
        model = build_model(model_values(cfg, smoke))
        forward_batch(model, next(make_loader(cfg, smoke, "eval")))  # Keras creates the weights
        if args.checkpoint:
            restore(state, {"model": model})
            print(f"checkpoint {args.checkpoint}: step {state['step']}")
        else:
            print("untrained model (--smoke): the numbers say nothing about the paper")
        print(evaluate(model, make_loader(cfg, smoke, "eval"), args.batches))


if __name__ == "__main__":
    main()

"""TensorFlow's pieces of ../shared/evaluate.py."""

from __future__ import annotations

import keras
import tensorflow as tf

from .data import forward_batch, make_loader
from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import CONFIG, load_config, model_values, pick_device, read_checkpoint, restore

last = "last.npz"  # the checkpoint file src.train writes


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


def run(args: argparse.Namespace) -> None:
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

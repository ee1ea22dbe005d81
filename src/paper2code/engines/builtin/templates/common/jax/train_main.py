"""The command-line tail of every JAX train.py (its `# slot: train_main`)."""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the model of configs/base.yaml.")
    parser.add_argument("--config", default=str(CONFIG), help="the config to train with")
    parser.add_argument("--smoke", action="store_true", help="CPU-sized model of `smoke:`")
    parser.add_argument("--steps", type=int, help="train up to this step (default: the config's)")
    parser.add_argument("--resume", help="a checkpoint to continue from (checkpoints/last.npz)")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "gpu", "tpu"])
    parser.add_argument("--amp", action="store_true", help="mixed precision (bfloat16)")
    # [ASSUMPTION] a checkpoint every 1000 steps; any interval works
    parser.add_argument("--save-every", type=int, default=1000, help="checkpoint interval")
    parser.add_argument("--checkpoint-dir", default="checkpoints", help="where last.npz goes")
    args = parser.parse_args(argv)
    train(args)


if __name__ == "__main__":
    main()

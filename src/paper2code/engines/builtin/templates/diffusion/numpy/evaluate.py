"""<<title>>

Evaluation of the NumPy diffusion model: the loss on held-out data and samples drawn with the
reverse process.

    python -m src.evaluate --smoke      # the CPU-sized model of `smoke:`
    python -m src.evaluate              # the model at the size of configs/base.yaml (slow)

NumPy does not train: the U-Net's weights are random draws (`--seed`), so the loss and samples
check the code, not the paper. Sample-quality metrics (FID, Inception Score, NLL in bits/dim)
are not implemented here.
"""

from __future__ import annotations

import argparse

import numpy as np

from .data import make_loader
from .model import build_model
from .utils import CONFIG, diffusion_values, load_config, model_values


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate the NumPy model (random weights).")
    parser.add_argument("--smoke", action="store_true", help="the CPU-sized model of `smoke:`")
    parser.add_argument("--config", default=str(CONFIG), help="the config to build from")
    # [ASSUMPTION] a handful of samples by default; any number works
    parser.add_argument("--num", type=int, default=4, help="number of samples")
    parser.add_argument("--seed", type=int, default=0, help="the seed of the random weights")
    args = parser.parse_args(argv)
    cfg = load_config(args.config)
    values = model_values(cfg, args.smoke)
    model = build_model(values, diffusion_values(cfg, args.smoke), seed=args.seed)
    print("random weights (NumPy does not train): the numbers say nothing about the paper")
    rng = np.random.default_rng(args.seed)
    loss = model.training_loss(next(make_loader(cfg, args.smoke, "eval")), rng)
    print(f"held-out loss {loss:.4f}")
    size = values["image_size"]
    samples = np.clip(model.sample((args.num, values["in_channels"], size, size), rng), -1, 1)
    print(f"drew {samples.shape} samples: mean {samples.mean():.3f}, std {samples.std():.3f}")


if __name__ == "__main__":
    main()

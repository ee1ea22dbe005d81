"""Shared helpers: config, seeding, smoke check.

Run the smoke check from the project root:

    python -m src.utils --smoke

It builds the model at the CPU-sized `smoke:` values of configs/base.yaml, runs one forward pass
and the loss, and checks output shapes. It proves the code runs, not that it reproduces the
paper. NumPy computes on the CPU: there is no device to pick.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "configs" / "base.yaml"


# slot: config_loading
def set_seed(seed: int) -> np.random.Generator:
    """Seed Python's generator and return a NumPy one: NumPy code draws from a Generator it is
    given rather than from global state."""
    random.seed(seed)
    return np.random.default_rng(seed)


# slot: extra
def smoke_test() -> None:
    """Build the model at smoke size, run one forward pass and the loss, assert the shapes."""
    # slot: smoke_imports
    rng = set_seed(0)  # [ASSUMPTION] a fixed seed only so the smoke check is repeatable
    cfg = load_config()
    # slot: smoke_body


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="run the CPU smoke check")
    args = parser.parse_args(argv)
    if args.smoke:
        smoke_test()
        print("smoke check passed")
    else:
        parser.print_help()


if __name__ == "__main__":
    main()

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


def load_config(path: str | Path = CONFIG) -> dict:
    """A config as a dict; the citations are comments in its file. Another setting of the
    paper's method (configs/<setting>.yaml) names the config it `inherits` and holds only the
    values that differ from it."""
    with open(path, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    parent = cfg.pop("inherits", None)
    return _merged(load_config(Path(path).parent / parent), cfg) if parent else cfg


def _merged(base: dict, over: dict) -> dict:
    """`base` with the values of `over` in place of its own, section by section."""
    out = dict(base)
    for key, value in over.items():
        both = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merged(out[key], value) if both else value
    return out


def model_values(cfg: dict, smoke: bool = False) -> dict:
    """The `model:` values, with the tiny `smoke.model:` overrides when `smoke` is set."""
    values = dict(cfg["model"])
    if smoke:
        values.update(cfg["smoke"]["model"])
    return values


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

"""TensorFlow's pieces of ../shared/utils.py: seeding, and what a run needs of the framework."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
import yaml

helpers = "config, seeding, device, mixed precision, checkpoints, smoke check"
smoke_check = "and checks output shapes. It proves the code runs, not that it reproduces the paper."
smoke_steps = "one forward pass"


def set_seed(seed: int) -> None:
    """Python's, NumPy's and TensorFlow's generators, and deterministic TensorFlow kernels: a
    run and its resumed half compute the same numbers."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def count_parameters(model: keras.Model) -> int:
    return sum(int(np.prod(v.shape)) for v in model.trainable_variables)


# ---- device, mixed precision, checkpoints: everything framework-specific about a run ----------


def pick_device(name: str = "auto") -> str:
    """`auto`: the GPU when TensorFlow sees one, else the CPU (`cuda` names the GPU, as with
    the other frameworks' projects)."""
    gpus = tf.config.list_physical_devices("GPU")
    if name == "auto":
        name = "cuda" if gpus else "cpu"
    if name == "cuda" and not gpus:
        raise SystemExit("--device cuda: TensorFlow sees no GPU; use --device cpu or auto")
    return "/GPU:0" if name == "cuda" else "/CPU:0"


def mixed_precision(enabled: bool) -> None:
    """--amp: layers compute in bfloat16 and keep float32 weights (bfloat16 keeps float32's
    range, so no loss scaling); float32 otherwise. Set before the model is built."""
    keras.mixed_precision.set_global_policy("mixed_bfloat16" if enabled else "float32")


def checkpoint_state(step: int, cfg: dict, smoke: bool, parts: dict) -> dict[str, np.ndarray]:
    """What `python -m src.train --resume` needs to continue exactly where a run stopped: the
    variables of every part (the model's include its dropout generators' states, the
    optimizer's its step count and moments), the step and the config: arrays for `np.savez`."""
    arrays = {
        f"{name}/{i}": np.asarray(variable)
        for name, part in parts.items()
        for i, variable in enumerate(part.variables)
    }
    meta = {"step": step, "config": cfg, "smoke": smoke}
    return arrays | {"meta": np.array(json.dumps(meta))}


def read_checkpoint(path: str | Path) -> dict:
    """A checkpoint of `checkpoint_state`: its step, config and smoke flag, and its arrays."""
    if not Path(path).is_file():
        raise SystemExit(f"no checkpoint at {path}: train first (python -m src.train)")
    with np.load(path, allow_pickle=False) as saved:  # arrays only: loading runs no code
        arrays = dict(saved)
    return json.loads(str(arrays.pop("meta"))) | {"arrays": arrays}


def restore(state: dict, parts: dict) -> int:
    """Every part's variables from `state` (the parts built, in the same order as when
    saved); returns its step."""
    for name, part in parts.items():
        for i, variable in enumerate(part.variables):
            variable.assign(state["arrays"][f"{name}/{i}"])
    return state["step"]


def smoke_seed() -> None:
    keras.utils.set_random_seed(0)  # [ASSUMPTION] a fixed seed only so the check is repeatable
    rng = np.random.default_rng(0)  # the example inputs

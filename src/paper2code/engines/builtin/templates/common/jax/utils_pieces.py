"""JAX's pieces of ../shared/utils.py: seeding, and what a run needs of the framework."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import yaml
from flax import nnx

helpers = "config, seeding, device, checkpoints, smoke check"
smoke_check = (
    "and the loss, and checks output shapes. It proves the code runs, not that it reproduces the\n"
    "paper. JAX runs on its default device (a GPU when jax[cuda] is installed, else the CPU)."
)
smoke_steps = "one forward pass and the loss"


def set_seed(seed: int) -> np.random.Generator:
    """Seed Python's generator and return a NumPy one for input batches; the models' weights
    and dropout draw from the `nnx.Rngs` they are built with (JAX has no global seed)."""
    random.seed(seed)
    return np.random.default_rng(seed)


def count_parameters(model: nnx.Module) -> int:
    return sum(p.size for p in jax.tree.leaves(nnx.state(model, nnx.Param)))


# ---- device and checkpoints: everything framework-specific about a run ------------------------


def pick_device(name: str = "auto") -> jax.Device:
    """`auto`: JAX's default device (a GPU when one is visible), else the one named."""
    if name == "auto":
        return jax.devices()[0]
    try:
        return jax.devices(name)[0]
    except RuntimeError:
        message = f"--device {name}: JAX sees no such device; use --device cpu or auto"
        raise SystemExit(message) from None


def mixed_precision(model: nnx.Module, enabled: bool) -> None:
    """--amp: every flax layer of the model (nnx.Linear, nnx.Conv, nnx.Embed, the norms)
    computes in bfloat16, casting its input and its parameters on each call, while the
    parameters stay float32 (the layers' `param_dtype`): the master copy that the optimiser
    updates and the checkpoint saves, the gradients flowing back through the casts in float32.
    bfloat16 keeps float32's range, so no loss scaling. A part of this project's own with
    `nnx.Param` arrays (RMSNorm's gain, a compiled equation's scalars) computes in float32, as
    the loss does."""
    if not enabled:
        return
    for _, node in nnx.iter_graph(model):
        if isinstance(node, nnx.Module) and hasattr(node, "param_dtype"):  # a flax layer
            node.dtype = jnp.bfloat16  # the computation dtype, which flax reads on each call


def _flat(tree: dict, prefix: str = "") -> dict:
    """A nested dict of arrays as {"a/b/0": array}."""
    out = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= _flat(value, path + "/")
        else:
            out[path] = value
    return out


def _stored(value) -> np.ndarray:
    # a random key is stored as its raw data (key arrays have no NumPy form)
    if jax.dtypes.issubdtype(value.dtype, jax.dtypes.prng_key):
        return np.asarray(jax.random.key_data(value))
    return np.asarray(value)


def checkpoint_state(step: int, cfg: dict, smoke: bool, parts: dict) -> dict[str, np.ndarray]:
    """What `python -m src.train --resume` needs to continue exactly where a run stopped: the
    state of every part (model with its random-number streams, optimizer, EMA ...), the step
    and the config, as arrays for one .npz file (arrays and JSON only: loading it runs no code)."""
    arrays = {"__meta__": np.array(json.dumps({"step": step, "config": cfg, "smoke": smoke}))}
    for name, part in parts.items():
        state = nnx.to_pure_dict(nnx.state(part))
        arrays |= {f"{name}/{key}": _stored(v) for key, v in _flat(state).items()}
    return arrays


def read_checkpoint(path: str | Path) -> dict:
    """A checkpoint of `checkpoint_state`: {"step", "config", "smoke", "arrays"}."""
    if not Path(path).is_file():
        raise SystemExit(f"no checkpoint at {path}: train first (python -m src.train)")
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    meta = json.loads(str(arrays.pop("__meta__")))
    return meta | {"arrays": arrays}


def _restored(template, stored: np.ndarray):
    if jax.dtypes.issubdtype(template.dtype, jax.dtypes.prng_key):
        return jax.random.wrap_key_data(stored)
    return jnp.asarray(stored, dtype=template.dtype)


def restore(checkpoint: dict, parts: dict) -> int:
    """Load every part's state from `checkpoint`; returns its step."""
    arrays = checkpoint["arrays"]
    for name, part in parts.items():
        state = nnx.state(part)

        def load(path, leaf, name=name):
            key = "/".join(str(getattr(p, "key", getattr(p, "idx", p))) for p in path)
            return _restored(leaf, arrays[f"{name}/{key}"])

        pure = jax.tree_util.tree_map_with_path(load, nnx.to_pure_dict(state))
        nnx.replace_by_pure_dict(state, pure)
        nnx.update(part, state)
    return checkpoint["step"]

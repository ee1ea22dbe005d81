"""Pieces every generated project shares: the package init, `utils.py` with the smoke check, the
config dataclass, and the honest skeleton for a contribution the library does not have."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from paper2code import escape
from paper2code.engines.base import Component, ConfigEntry, EquationEntry, Mode, NotebookCell
from paper2code.engines.builtin.template import Citer, Code, Part, fill
from paper2code.engines.builtin.values import Default
from paper2code.knowledge import load_knowledge


@dataclass
class Generated:
    """What one library family contributes to a project."""

    files: dict[str, str] = field(default_factory=dict)  # "src/model.py" -> source
    smoke_imports: str = ""  # import lines utils.smoke_test needs
    smoke_body: str = ""  # the body of utils.smoke_test (indented 4)
    notebook: list[NotebookCell] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    deviations: list[tuple[str, str]] = field(default_factory=list)  # (file it concerns, text)
    utils_extra: str = ""  # helpers appended to utils.py (e.g. diffusion_values)
    # the paper's equations a library function computes: `.paper2code/equations.json`
    equations: list[EquationEntry] = field(default_factory=list)


def knowledge_default(key: str, convert: Callable[[Any], Any] | None = None) -> Default:
    """The knowledge base's default for its choice `key` (optimizer.yaml, loss.yaml ...): the one
    place a default is written, the one the audit reports too. `convert` turns the knowledge
    base's words ("post-norm", "4 * d_model") into the value the generated code reads."""
    choice = load_knowledge().choice(key)
    value = choice.default if convert is None else convert(choice.default)
    if value is None:
        raise ValueError(f"{key}: the knowledge base's default {choice.default!r} has no value")
    return Default(value, choice.name, choice.why, choice.alternatives)


def explain(mode: Mode, text: str, indent: str = "") -> Code:
    """An explanatory comment block for educational mode; nothing in the other modes."""
    if mode is not Mode.EDUCATIONAL:
        return Code("")
    lines = textwrap.wrap(text, width=92 - len(indent))
    return Code("".join(f"{indent}# {escape.comment(line)}\n" for line in lines))


def section_cell(citer: Citer, part: Part) -> NotebookCell:
    """The markdown cell that opens a notebook section: anchor, name, defining equation."""
    anchor = citer.anchor(part)
    head = (
        f"## {escape.md_inline(anchor)} — {part.name}"
        if anchor
        else f"## {part.name} (standard form)"
    )
    body = citer.markdown(part)
    body = f"\n\n{body}" if body else ""
    if not anchor:
        body += "\n\n[ASSUMPTION] The paper does not define this part; the standard form is used."
    return NotebookCell("markdown", f"{head}\n\n{part.description}.{body}")


def model_config(entries: list[ConfigEntry]) -> Code:
    """The generated `ModelConfig` dataclass, one field per value of the config's `model:`."""
    return Code(fill(MODEL_CONFIG, fields=dataclass_fields(entries, "model")).rstrip("\n"))


def dataclass_fields(entries: list[ConfigEntry], section: str, indent: str = "    ") -> Code:
    """`name: type` lines for the config values under `section`, in config order."""
    lines = []
    for e in entries:
        if len(e.path) == 2 and e.path[0] == section:
            name, kind = escape.identifier(e.path[1]), escape.identifier(type(e.value).__name__)
            lines.append(f"{indent}{name}: {kind}")
    return Code("\n".join(lines))


# The dataclass every generated model.py starts with; <<fields>> from the config's `model:`.
MODEL_CONFIG = '''@dataclass
class ModelConfig:
    """The `model:` section of configs/base.yaml."""

<<fields>>

    @classmethod
    def from_dict(cls, values: dict) -> ModelConfig:
        return cls(**{name: values[name] for name in cls.__dataclass_fields__})
'''

# Where the paper's data goes, in every generated data.py.
LOAD_PAPER_DATA = """def load_paper_data(cfg: dict, split: str) -> Iterator:
    raise NotImplementedError(
        "load the paper's dataset here (see the module docstring); "
        "until then train with --smoke, which uses synthetic data"
    )
"""

# The command-line tail every generated train.py shares.
TRAIN_MAIN = """
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the model of configs/base.yaml.")
    parser.add_argument("--config", default=str(CONFIG), help="the config to train with")
    parser.add_argument("--smoke", action="store_true", help="CPU-sized model of `smoke:`")
    parser.add_argument("--steps", type=int, help="train up to this step (default: the config's)")
    parser.add_argument("--resume", help="a checkpoint to continue from (checkpoints/last.pt)")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--amp", action="store_true", help="mixed precision (bfloat16/float16)")
    # [ASSUMPTION] a checkpoint every 1000 steps; any interval works
    parser.add_argument("--save-every", type=int, default=1000, help="checkpoint interval")
    parser.add_argument("--checkpoint-dir", default="checkpoints", help="where last.pt goes")
    args = parser.parse_args(argv)
    train(args)


if __name__ == "__main__":
    main()
"""

INIT = '''"""<<title>> — generated by paper2code; see README.md."""
'''

UTILS = '''"""Shared helpers: config, seeding, device, mixed precision, checkpoints, smoke check.

Run the smoke check from the project root:

    python -m src.utils --smoke

It builds the model at the CPU-sized `smoke:` values of configs/base.yaml, runs one forward pass
and checks output shapes. It proves the code runs, not that it reproduces the paper.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import torch
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


def set_seed(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


def count_parameters(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ---- device, mixed precision, checkpoints: everything framework-specific about a run ----------


def pick_device(name: str = "auto") -> torch.device:
    """`auto`: the GPU when one is visible, else the CPU."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA device is visible; use --device cpu or auto")
    return torch.device(name)


def _half(device: torch.device) -> torch.dtype:
    # bfloat16 keeps float32's range (no loss scaling); older GPUs only have float16
    if device.type == "cuda" and not torch.cuda.is_bf16_supported():
        return torch.float16
    return torch.bfloat16


def autocast(device: torch.device, enabled: bool) -> torch.autocast:
    """Mixed precision for the forward pass when `enabled` (--amp); float32 otherwise."""
    return torch.autocast(device.type, dtype=_half(device), enabled=enabled)


def grad_scaler(device: torch.device, enabled: bool) -> torch.amp.GradScaler:
    """Loss scaling, needed only for float16 (whose small gradients underflow)."""
    return torch.amp.GradScaler(device.type, enabled=enabled and _half(device) == torch.float16)


def to_device(batch, device: torch.device):
    """A batch (tensor or dict of tensors) on `device`."""
    if isinstance(batch, dict):
        return {key: value.to(device) for key, value in batch.items()}
    return batch.to(device)


def checkpoint_state(step: int, cfg: dict, smoke: bool, parts: dict) -> dict:
    """What `python -m src.train --resume` needs to continue exactly where a run stopped:
    the state of every part (model, optimizer, scheduler, ...), the step, the config and the
    random number generators (dropout and noise draws continue the same sequence)."""
    rng = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda"] = torch.cuda.get_rng_state_all()
    state = {name: part.state_dict() for name, part in parts.items()}
    return state | {"step": step, "config": cfg, "smoke": smoke, "rng": rng}


def read_checkpoint(path: str | Path) -> dict:
    """A checkpoint of `checkpoint_state`, tensors on the CPU (tensors and plain data only)."""
    if not Path(path).is_file():
        raise SystemExit(f"no checkpoint at {path}: train first (python -m src.train)")
    return torch.load(path, map_location="cpu", weights_only=True)


def restore(state: dict, parts: dict) -> int:
    """Load every part and the random number generators from `state`; returns its step."""
    for name, part in parts.items():
        part.load_state_dict(state[name])
    random.setstate(state["rng"]["python"])
    torch.set_rng_state(state["rng"]["torch"])
    if "cuda" in state["rng"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["rng"]["cuda"])
    return state["step"]
<<extra>>


def smoke_test() -> None:
    """Build the model at smoke size, run one forward pass, assert the shapes."""
<<smoke_imports>>
    set_seed(0)  # [ASSUMPTION] a fixed seed only so the smoke check is repeatable
    cfg = load_config()
<<smoke_body>>


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
'''


def utils_file(generated: Generated) -> str:
    return fill(
        UTILS,
        smoke_imports=Code(textwrap.indent(generated.smoke_imports.strip(), "    ")),
        smoke_body=Code(generated.smoke_body.rstrip()),
        extra=Code(generated.utils_extra),
    )


SKELETON = '''

# ==============================================================================================
# Core contribution — NOT IMPLEMENTED. paper2code's built-in library has no reference version of
# it; everything above this line is library code, this class is a skeleton to fill in.
# ==============================================================================================


class <<name>>(nn.Module):
    r"""NOT IMPLEMENTED: <<summary>>

    Where the paper defines it:

<<definitions>>

    Fill in `__init__` and `forward` from these equations. REPRODUCTION_NOTES.md lists the
    hyperparameters the paper states; configs/base.yaml holds them with their citations.
    """

    def __init__(self, **hyperparameters) -> None:
        super().__init__()
        self.hyperparameters = hyperparameters

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError(
            <<message>>
        )
'''

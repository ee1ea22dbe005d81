"""Pieces every generated project shares: the package init, `utils.py` with the smoke check, the
config dataclass, and the honest skeleton for a contribution the library does not have."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from paper2code import escape
from paper2code.engines.base import Component, ConfigEntry, EquationEntry, Mode, NotebookCell
from paper2code.engines.builtin import template_files
from paper2code.engines.builtin.template import Citer, Code, Part, fill
from paper2code.engines.builtin.values import Default
from paper2code.knowledge import load_knowledge
from paper2code.paper.numbers import parse_number


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


def knowledge_default(
    key: str, convert: Callable[[Any], Any] | None = None, family: str | None = None
) -> Default:
    """The knowledge base's default for its choice `key` (optimizer.yaml, loss.yaml ...): the one
    place a default is written, the one the audit reports too; `family`'s own where it has one
    (a diffusion U-Net's learning rate). `convert` turns the knowledge base's words
    ("post-norm", "4 * d_model", "100000 steps") into the value the generated code reads."""
    choice = load_knowledge().choice(key).under((family,) if family else ())
    value = choice.default if convert is None else convert(choice.default)
    if value is None:
        raise ValueError(f"{key}: the knowledge base's default {choice.default!r} has no value")
    return Default(value, choice.name, choice.why, choice.alternatives)


def steps(words: Any) -> int | None:
    """The knowledge base's "100000 steps" or "none" as a number of steps."""
    if str(words).strip().lower() == "none":
        return 0
    number = parse_number(str(words).split()[0])
    return int(number) if number is not None else None


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


# Model values that act only in training (dropout is the identity at inference): a forward-only
# model (NumPy) reads none of them, so its ModelConfig has no field for them.
TRAINING_ONLY = frozenset({"dropout", "attention_dropout"})


def model_config(entries: list[ConfigEntry], trains: bool = True) -> Code:
    """The generated `ModelConfig` dataclass, one field per value of the config's `model:` the
    code reads (`trains`: False for a forward-only model, which reads no TRAINING_ONLY value);
    `from_dict` takes its fields from the config and leaves the others."""
    skip = frozenset() if trains else TRAINING_ONLY
    fields = dataclass_fields(entries, "model", skip=skip)
    return Code(fill(MODEL_CONFIG, fields=fields).rstrip("\n"))


def dataclass_fields(
    entries: list[ConfigEntry],
    section: str,
    indent: str = "    ",
    skip: frozenset[str] = frozenset(),
) -> Code:
    """`name: type` lines for the config values under `section` but `skip`, in config order."""
    lines = []
    for e in entries:
        if len(e.path) == 2 and e.path[0] == section and e.path[1] not in skip:
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


def train_main(framework: str) -> Code:
    """The command-line tail of train.py (its `# slot: train_main`): TRAIN_MAIN for PyTorch,
    templates/common/<framework>/train_main.py for another framework."""
    if framework == "pytorch":
        return Code(TRAIN_MAIN.lstrip("\n"))
    return Code(
        template_files.definitions(template_files.source("common", framework, "train_main"))
    )


def mixed_precision(framework: str) -> bool:
    """Whether train.py's command line offers `--amp` (a framework without one trains in
    float32, and the project says so)."""
    return '"--amp"' in train_main(framework)


INIT = '''"""<<title>> — generated by paper2code; see README.md."""
'''


def utils_file(generated: Generated, framework: str) -> str:
    """src/utils.py: config, seeding, device (templates/common/<framework>/utils.py) and the
    smoke check the family wrote."""
    # the config loading is the same for every framework: templates/common/shared/config.py
    config = template_files.source("common", template_files.SHARED, "config")
    config = template_files.definitions(config)
    return template_files.load("common", framework, "utils").fill(
        config_loading=Code(config),
        smoke_imports=Code(textwrap.indent(generated.smoke_imports.strip(), "    ")),
        smoke_body=Code(generated.smoke_body.rstrip()),
        extra=Code(generated.utils_extra),
    )

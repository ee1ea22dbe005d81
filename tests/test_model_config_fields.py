"""`ModelConfig` holds only what the code reads: every field of the generated dataclass is read
(`cfg.<field>`) somewhere in the generated src/, in each family, layout and framework, so that
editing a value of configs/base.yaml's `model:` always changes something."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paper2code.analyse import analyse
from paper2code.engines.backends import available
from paper2code.engines.base import Framework, Mode, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.paper import load_paper

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "engine"
PAPERS = {
    "encoder_decoder": ROOT / "examples" / "tiny_transformer",
    "decoder_only": FIXTURES / "decoder_lm",
    "modern_lm": FIXTURES / "modern_lm",
    "vision_encoder": FIXTURES / "vit",
    "diffusion": FIXTURES / "ddpm",
}


def model_config_fields(tree: ast.Module) -> list[str]:
    """The annotated fields of `class ModelConfig` in a module (none when it has no such
    class)."""
    return [
        stmt.target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name == "ModelConfig"
        for stmt in node.body
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
    ]


def attributes_read(tree: ast.Module) -> set[str]:
    """Attribute names read off anything but `self` (whose attributes are the module's own
    layers, not its config): `cfg.d_model`, `self.cfg.pos`."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Load)
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    }


def unread_fields(files: dict[str, str]) -> tuple[list[str], list[str]]:
    """(the ModelConfig fields, those no module of src/ reads)."""
    trees = [ast.parse(text) for path, text in files.items() if path.startswith("src/")]
    fields = [f for tree in trees for f in model_config_fields(tree)]
    read = set().union(*(attributes_read(tree) for tree in trees))
    return fields, [f for f in fields if f not in read]


def test_an_unread_field_is_found() -> None:
    source = """
from dataclasses import dataclass

@dataclass
class ModelConfig:
    d_model: int
    architecture: str

class Model:
    def __init__(self, cfg):
        self.width = cfg.d_model
        self.architecture = None
        print(self.architecture)
"""
    assert unread_fields({"src/model.py": source}) == (
        ["d_model", "architecture"],
        ["architecture"],
    )


CASES = [
    pytest.param(name, framework, id=f"{name}-{framework.value}")
    for name in sorted(PAPERS)
    for framework in available()
]


@pytest.mark.parametrize(("name", "framework"), CASES)
def test_every_model_config_field_is_read(name: str, framework: Framework) -> None:
    paper = load_paper(PAPERS[name])
    options = Options(mode=Mode.MINIMAL, framework=framework)
    project = BuiltinEngine().generate(paper, analyse(paper), options)
    fields, unread = unread_fields(project.files)
    assert len(fields) >= 5, fields  # the dataclass was found
    assert not unread, f"{name} ({framework.value}): ModelConfig fields nobody reads: {unread}"

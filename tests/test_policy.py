"""The execution policy: what generated code may not do, found before any of it runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.shape import code_shape, declare, first_difference
from paper2code.policy import refusals

# code -> (the line of the refusal, what it says)
REFUSED = {
    "import subprocess": (1, "import of `subprocess`"),
    "import socket as s": (1, "import of `socket`"),
    "from ctypes import CDLL": (1, "import from `ctypes`"),
    "import importlib.util": (1, "import of `importlib.util`"),
    "import os\nos.system('ls')": (2, "`os.system`"),
    "import os\nkey = os.environ['OPENAI_API_KEY']": (2, "`os.environ`"),
    "import os as o\no.getenv('HOME')": (2, "`os.getenv`"),
    "from os import environ": (1, "`from os import environ`"),
    "import sys\nsys.modules['os']": (2, "`sys.modules`"),
    "import torch\ntorch.os.system('ls')": (2, "attribute `system`; attribute `os`"),
    "import torch\ntorch.hub.load('x', 'y')": (2, "attribute `hub`"),
    "eval('1 + 1')": (1, "call of `eval`"),
    "exec('x = 1')": (1, "call of `exec`"),
    "__import__('os')": (1, "call of `__import__`"),
    "compile('1', 'f', 'eval')": (1, "call of `compile`"),
    "print(__builtins__)": (1, "use of `__builtins__`"),
    "x = ().__class__.__bases__[0]": (1, "attribute `__bases__`"),
    "def f(): pass\nf.__globals__": (2, "attribute `__globals__`"),
    "import torch\ngetattr(torch, name)": (2, "`getattr` without a literal"),
    "getattr(x, '__globals__')": (1, "`getattr` without a literal"),
    "open('/etc/cron.d/job', 'w')": (1, "a file write outside the project"),
    "open('../outside.txt', mode='a')": (1, "a file write outside the project"),
    "open(path, mode)": (1, "a file write outside the project"),
    "import torch\ntorch.save(model, '/tmp/model.pt')": (2, "a file write outside the project"),
    "from pathlib import Path\nPath.home().joinpath('x').write_text('y')": (
        2,
        "outside the project",
    ),
    "from pathlib import Path\n(Path('/') / 'x').unlink()": (2, "a file write outside the project"),
    "import numpy as np\nnp.save(where, x)": (2, "a file write outside the project"),
    "import yaml\nyaml.load(text, Loader=yaml.UnsafeLoader)": (2, "attribute `UnsafeLoader`"),
    "import typing\ntyping.get_type_hints(f)": (2, "attribute `get_type_hints`"),
    "import torch\ntorch.load('x.pt', weights_only=False)": (2, "`weights_only=False`"),
    "import numpy as np\nnp.load('x.npy', allow_pickle=True)": (2, "`allow_pickle=True`"),
}

ALLOWED = [
    "import math, json, random\nfrom dataclasses import dataclass\nfrom typing import Any",
    "import torch\nimport torch.nn as nn\nfrom torch import nn\nimport numpy as np\nimport yaml",
    "from .model import build_model\nfrom src import utils\nimport src.model",
    "import os\nroot = os.path.join(os.getcwd(), 'x')\nfrom os.path import join",
    "import sys\nsys.path.insert(0, 'src')",
    "text = open(path, encoding='utf-8').read()\nwith open(CONFIG) as f:\n    pass",
    "open('checkpoints/last.pt', 'wb')",
    "import torch\ntorch.save(model.state_dict(), 'checkpoints/model.pt')",
    "import torch\ntorch.save(samples, args.out)",
    "from pathlib import Path\n(Path('runs') / 'log.txt').write_text('ok')",
    "import torch.nn as nn\nact = getattr(nn, 'ReLU')\nsuper().__init__()",
    "print(__name__, __doc__)",
    "n = sum(1 for m in model.modules())\nloader = torch.utils.data.DataLoader(data)",
    "import torch, yaml\nstate = torch.load('x.pt', weights_only=True)\nyaml.safe_load(text)",
]


def project(tmp_path: Path, files: dict[str, str], cells: list[str] | None = None) -> Path:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    if cells is not None:
        nb = {
            "cells": [
                {"cell_type": "markdown", "source": "# intro", "metadata": {}},
                *({"cell_type": "code", "source": c, "metadata": {}} for c in cells),
            ]
        }
        (tmp_path / "notebooks").mkdir()
        (tmp_path / "notebooks" / "walkthrough.ipynb").write_text(json.dumps(nb))
    return tmp_path


@pytest.mark.parametrize("code", REFUSED)
def test_each_rule_refuses_and_says_where(tmp_path, code):
    source = '"""A module."""\n\n' + code + "\n"
    line, why = REFUSED[code]
    [found] = refusals(project(tmp_path, {"src/utils.py": source}))
    assert (found.file, found.line, found.rule, found.severity) == (
        "src/utils.py",
        2 + line,
        "P2C010",
        "error",
    )
    assert found.message.startswith("refused, not executed: ") and why in found.message


@pytest.mark.parametrize("code", ALLOWED)
def test_harmless_code_passes(tmp_path, code):
    assert refusals(project(tmp_path, {"src/model.py": code + "\n"})) == []


def test_notebook_cells_are_checked_and_named(tmp_path):
    cells = ["import torch\nx = torch.zeros(2)", "!curl http://example.invalid", "import shutil"]
    found = refusals(project(tmp_path, {}, cells))
    assert [(f.where, f.message.split(": ", 1)[1]) for f in found] == [
        (
            "notebooks/walkthrough.ipynb:cell 3:1",
            "a shell escape, magic or syntax error: invalid syntax",
        ),
        ("notebooks/walkthrough.ipynb:cell 4:1", "import of `shutil` (not in the allowed modules)"),
    ]


def test_every_py_file_counts_not_only_src(tmp_path):
    files = {"tools/helper.py": "import subprocess\n", "src/broken.py": "def (:\n"}
    found = refusals(project(tmp_path, files))
    assert [f.where for f in found] == ["tools/helper.py:1"]  # broken.py cannot run: P2C000


# ---- what an engine declares ----------------------------------------------------------------

MODEL = '''"""<<title>>"""

import torch


class Layer(torch.nn.Module):
    r"""<<equation>>"""

    def forward(self, x):
        return x  # <<cite>>
'''


def test_text_changes_a_string_never_the_shape():
    plain = MODEL.replace("<<title>>", "x").replace("<<equation>>", "x").replace("<<cite>>", "x")
    worded = (
        MODEL.replace("<<title>>", "Attention Is All You Need")
        .replace("<<equation>>", r"\mathrm{softmax}(QK^\top / \sqrt{d_k}) V")
        .replace("<<cite>>", '§3.2 — "scaled"')
    )
    assert [d for _, d in code_shape(plain)] == [d for _, d in code_shape(worded)]
    assert first_difference(worded, " ".join(d for _, d in code_shape(plain))) is None


def test_text_that_becomes_code_is_found_at_its_line():
    declared = " ".join(d for _, d in code_shape(MODEL.replace("<<", "").replace(">>", "")))
    payload = 'x """; open("PWNED", "w").write("x"); r"""'
    evil = MODEL.replace("<<equation>>", payload).replace("<<", "").replace(">>", "")
    assert first_difference(evil, declared) == 7
    missing = MODEL.replace("        return x  # <<cite>>\n", "        pass\n")
    assert first_difference(missing.replace("<<", "").replace(">>", ""), declared) == 10


def test_an_undeclared_statement_is_refused_even_when_harmless(tmp_path):
    files = {"src/model.py": "import torch\n\nx = torch.zeros(2)\n"}
    declared = {"src/model.py": " ".join(d for _, d in code_shape(files["src/model.py"]))}
    assert refusals(project(tmp_path, files), declared) == []
    (tmp_path / "src" / "model.py").write_text("import torch\n\nx = torch.zeros(2)\nprint(x)\n")
    [found] = refusals(tmp_path, declared)
    assert found.where == "src/model.py:4" and "did not write" in found.message


def test_the_builtin_engine_declares_every_file_and_code_cell(example_project):
    paper, analysis, project = example_project
    assert project.declared == declare(project)  # its real output has the declared shape
    assert {k for k in project.declared if k.endswith(".py")} == {
        p for p in project.files if p.endswith(".py")
    }
    code_cells = [n for n, c in enumerate(project.notebook, 1) if c.kind == "code"]
    assert {f"notebooks/walkthrough.ipynb:cell {n}" for n in code_cells} <= set(project.declared)


@pytest.fixture
def example_project():
    from engine_support import example

    from paper2code.engines.base import Options

    paper, analysis = example()
    return paper, analysis, BuiltinEngine().generate(paper, analysis, Options())


def test_every_template_hole_for_words_is_found_to_be_text():
    """Each library template tokenizes, and the holes that receive the paper's words (title,
    citations, equations, quotes) are text holes: under `neutral_text` they get "x"."""
    from paper2code.engines.builtin import engine, template_files
    from paper2code.engines.builtin.library import common
    from paper2code.engines.builtin.template import _HOLE, text_holes

    words = ("title", "c_", "eq_", "l_", "data_where", "definitions", "summary")
    templates = {
        (module.__name__, name): value
        for module in (common, engine)
        for name, value in vars(module).items()
        if isinstance(value, str) and (name.isupper() or name.startswith("_EMPTY"))
    }
    root = Path(template_files.__file__).parent / "templates"
    for path in root.rglob("*.py"):
        family, framework, name = path.relative_to(root).with_suffix("").parts
        templates[path.name, str(path)] = template_files.load(family, framework, name).text
    checked = 0
    for where, value in templates.items():
        for_words = {h for h in _HOLE.findall(value) if h.startswith(words)}
        assert for_words <= text_holes(value), where
        checked += bool(for_words)
    assert checked >= 20

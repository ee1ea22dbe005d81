"""`paper2code run` on a paper whose contribution is a normalisation that replaces LayerNorm
(tests/fixtures/engine/dyt): the index lists the compiled function, it imports from the output
directory, the model builds the paper's layer in place of LayerNorm, and the smoke check runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from warm_python import python

from paper2code.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "engine" / "dyt"

# Run in the output directory, as a user would: the index's callables and the model.
_PROBE = """
import importlib, json, sys
import torch
sys.path.insert(0, ".")
index = json.load(open(".paper2code/equations.json"))
entry = index["equations"][0]
module, name = entry["callable"].split(":")
function = getattr(importlib.import_module(module), name)
x = torch.rand(2, 3, 4)
y = function(x=x, gamma=torch.ones(4), alpha=0.5, beta=torch.zeros(4))
assert torch.allclose(y, torch.tanh(0.5 * x)), "dyt does not compute the equation"
from src import utils
from src.model import build_model
model = build_model(utils.model_values(utils.load_config(), smoke=True))
kinds = [type(m).__name__ for m in model.modules()]
print(json.dumps({"DyT": kinds.count("DyT"), "LayerNorm": kinds.count("LayerNorm")}))
"""


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dyt")
    code = main(["run", str(FIXTURE), "--out", str(out)])
    assert code == 0
    (directory,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return directory


def test_the_index_lists_the_compiled_contribution(output: Path) -> None:
    directory = output
    index = json.loads((directory / ".paper2code" / "equations.json").read_text("utf-8"))
    (entry,) = index["equations"]
    assert entry["anchor"] == "§3, Eq. 3" and entry["status"] == "implemented"
    assert entry["callable"] == "src.equations:dyt"
    assert entry["latex"].startswith(r"\mathrm{DyT}(\mathbf{x}) = \gamma")
    params = {p["name"]: (p["role"], p["shape"], p["symbol"]) for p in entry["params"]}
    assert params == {
        "x": ("input", "(B, T, C)", "x"),
        "gamma": ("parameter", "(C,)", "\\gamma"),
        "alpha": ("parameter", None, "\\alpha"),
        "beta": ("parameter", "(C,)", "\\beta"),
    }
    assert "CoreContribution" not in (directory / "src" / "model.py").read_text("utf-8")


def test_the_model_uses_the_compiled_layer_in_place_of_layernorm(output: Path) -> None:
    directory = output
    probe = python("-c", _PROBE, cwd=directory, timeout=300)
    assert probe.returncode == 0, probe.stderr
    counts = json.loads(probe.stdout.strip().splitlines()[-1])
    assert counts["LayerNorm"] == 0
    assert counts["DyT"] >= 2  # one per sub-layer of each block, and the stack's final one


def test_the_smoke_check_runs_the_compiled_layer(output: Path) -> None:
    directory = output
    smoke = python("-m", "src.utils", "--smoke", cwd=directory, timeout=300)
    assert smoke.returncode == 0, smoke.stderr
    assert "equations: 1 compiled functions ran" in smoke.stdout
    assert "smoke check passed" in smoke.stdout


def test_paper_text_in_a_compiled_equation_stays_text(tmp_path: Path) -> None:
    """An equation carrying code in its LaTeX compiles (its `\\text{...}` is a symbol) and its
    text lands in a docstring, escaped: the file has the shape the engine declares, which is
    the same under neutral_text(), and importing it runs nothing of the paper's."""
    from paper2code.analyse.model import Analysis, Contribution, PaperType
    from paper2code.engines.base import Options
    from paper2code.engines.builtin import BuiltinEngine
    from paper2code.engines.shape import first_difference
    from paper2code.paper.model import Equation, Metadata, Paper, Section, SourceLoc

    hostile = r'y = \alpha x + \text{"""; open("pwned", "w") #}'
    loc = SourceLoc("main.tex", 1)
    paper = Paper(
        Metadata(title="Hostile"),
        [
            Section("section", "1", "§1", "§1", loc, title="Method"),
            Equation("equation", "1", "Eq. 1", "§1", loc, latex=hostile),
        ],
    )
    contribution = Contribution(PaperType.ARCHITECTURE, "a layer", ["§1", "Eq. 1"])
    project = BuiltinEngine().generate(paper, Analysis(contribution=contribution), Options())
    source = project.files["src/equations.py"]
    assert project.equations[0].status == "implemented"
    assert first_difference(source, project.declared["src/equations.py"]) is None
    (tmp_path / "equations_hostile.py").write_text(source, encoding="utf-8")
    probe = python("-c", "import equations_hostile", cwd=tmp_path, timeout=120)
    assert probe.returncode == 0, probe.stderr
    assert not (tmp_path / "pwned").exists()


def test_a_stated_initial_value_cites_where_the_paper_states_it(output: Path) -> None:
    """The paper says "α is a learnable scalar, initialized to 0.5" (§3): the initial value
    cites §3, and the checker reads the citation (P2C006): changed, it is not the paper's."""
    from paper2code.paper import load_paper
    from paper2code.verify import check_directory

    source = (output / "src" / "equations.py").read_text("utf-8")
    line = "self.alpha = nn.Parameter(torch.full((), 0.5))  # §3: initial value as the paper"
    assert line in source
    paper = load_paper(FIXTURE)
    assert check_directory(output, paper, strict=True, run=False).ok
    changed = output.parent / "changed"
    shutil.copytree(output, changed)
    (changed / "src" / "equations.py").write_text(source.replace("((), 0.5)", "((), 0.7)"))
    findings = check_directory(changed, paper, strict=True, run=False).findings
    assert [(f.rule, f.file) for f in findings] == [("P2C006", "src/equations.py")]


def test_the_walkthrough_calls_the_compiled_equations(output: Path) -> None:
    """The notebook's last cell calls each compiled function on small inputs; `run` executed
    the notebook and exits 0 only when every cell ran (the fixture asserts that)."""
    notebook = json.loads((output / "notebooks" / "walkthrough.ipynb").read_text("utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"]]
    assert cells[-2].startswith("## Compiled equations")
    assert "value = equations.dyt(x=torch.rand((" in cells[-1]
    assert 'print("dyt", tuple(value.shape))' in cells[-1]

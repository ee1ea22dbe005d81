"""The compiled equations index judged by computing: hand-written implementations of a small
paper (dynamic tanh, attention, an expectation) against the paper's own equations."""

import json
import shutil
from pathlib import Path

import pytest

from paper2code.analyse.model import Analysis
from paper2code.cli import main
from paper2code.engines.base import EquationEntry, EquationParam, Options, Project
from paper2code.execute import Limits
from paper2code.judge import Judge
from paper2code.marks import mark_unverified
from paper2code.paper import load_paper
from paper2code.verify import check_directory

HERE = Path(__file__).parent.parent / "fixtures" / "verify" / "equations"
PAPER = HERE / "paper"
RIGHT = HERE / "impls" / "right"
INDEX = ".paper2code/equations.json"


@pytest.fixture(scope="module")
def dyt_paper():
    return load_paper(PAPER)


@pytest.fixture
def impl(tmp_path: Path) -> Path:
    """A copy of the right implementation, for a test to break one thing in it."""
    return Path(shutil.copytree(RIGHT, tmp_path / "impl"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _rules(report) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.rule) for f in report.findings]


def test_right_implementation_computes_the_equations(dyt_paper):
    report = check_directory(RIGHT, dyt_paper, strict=True)
    assert report.ok, report.findings
    status = {r.anchor: r.status for r in report.equations}
    # Eq. 1 with torch tensors, Eq. 2 with NumPy arrays; Eq. 3 is an expectation: a note
    assert status == {
        "§2.1, Eq. 1": "match",
        "§2.2, Eq. 2": "match",
        "§2.3, Eq. 3": "not_computable",
    }
    assert all(r.largest_difference < 1e-9 for r in report.equations[:2])
    data = report.to_dict()["equations"]
    assert data["index"] is True and data["results"][2]["status"] == "not_computable"
    assert "mathbb{E}" in data["results"][2]["message"]


def test_wrong_function_is_a_mismatch_with_its_largest_difference(dyt_paper, impl):
    _edit(impl / "src/equations.py", "torch.tanh(alpha * x)", "torch.tanh(x)")
    report = check_directory(impl, dyt_paper)
    assert _rules(report) == [("src/equations.py", 7, "P2C020")]
    message = report.findings[0].message
    assert message.startswith("code does not compute §2.1, Eq. 1 (largest difference ")
    assert report.equations[0].status == "mismatch"
    assert report.equations[0].largest_difference > 0.01


def test_wrong_shape_is_a_mismatch(dyt_paper, impl):
    _edit(impl / "src/equations.py", "weights.sum(axis=-1, keepdims=True) @ V", "weights")
    report = check_directory(impl, dyt_paper)
    assert _rules(report) == [("src/equations.py", 12, "P2C020")]
    assert "returns shape (2, 3, 5), the equation gives (2, 3, 6)" in report.findings[0].message


def test_missing_callable(dyt_paper, impl):
    _edit(impl / "src/equations.py", "def dyt(", "def dynamic_tanh(")
    report = check_directory(impl, dyt_paper)
    assert _rules(report) == [(INDEX, 4, "P2C022")]
    assert "src/equations.py defines no dyt" in report.findings[0].message


def test_callable_that_cannot_be_imported(dyt_paper, impl):
    # an allowed module whose import fails: the policy lets it run, the import raises
    _edit(impl / "src/equations.py", "import torch\n", "import torch\nimport torch.nope\n")
    report = check_directory(impl, dyt_paper)
    assert {f.rule for f in report.findings} == {"P2C022"}
    assert "cannot be imported: ModuleNotFoundError" in report.findings[0].message


def test_callable_the_policy_refuses_is_not_run(dyt_paper, impl):
    _edit(impl / "src/equations.py", "import torch\n", "import torch\nimport subprocess\n")
    report = check_directory(impl, dyt_paper)
    assert {f.rule for f in report.findings} == {"P2C022"}
    assert "not run: src/equations.py:5 refused, not executed" in report.findings[0].message


def test_bad_anchor_and_latex(dyt_paper, impl):
    index = impl / INDEX
    _edit(index, '"anchor": "§2.2, Eq. 2"', '"anchor": "§2.2, Eq. 9"')
    _edit(index, "\\\\gamma * \\\\tanh", "\\\\gamma \\\\tanh")
    report = check_directory(impl, dyt_paper)
    # Eq. 2 is then listed nowhere: the code citing it is reported too
    assert _rules(report) == [
        (INDEX, 17, "P2C021"),
        ("src/equations.py", 7, "P2C021"),
        ("src/equations.py", 13, "P2C023"),
        ("src/model.py", 19, "P2C023"),
    ]
    messages = [f.message for f in report.findings]
    assert "§2.2, Eq. 9, not an equation of the paper (it has equations 1–3)" in messages[0]
    assert "LaTeX for §2.1, Eq. 1 is not the paper's" in messages[1]


def test_anchor_in_the_wrong_section(dyt_paper, impl):
    _edit(impl / INDEX, '"anchor": "§2.1, Eq. 1"', '"anchor": "§2.2, Eq. 1"')
    report = check_directory(impl, dyt_paper)
    assert report.findings[0].message == "the index lists §2.2, Eq. 1, but Eq. 1 is in §2.1"


def test_code_citing_an_equation_it_does_not_compute(dyt_paper, impl):
    """equations.py and model.py cite §2.2, Eq. 2: once the index stops listing it, a warning
    each; the skeleton that quotes Eq. 2 and raises NotImplementedError claims nothing."""
    data = json.loads((impl / INDEX).read_text(encoding="utf-8"))
    data["equations"][1]["status"] = "not_implemented"
    (impl / INDEX).write_text(json.dumps(data), encoding="utf-8")
    with (impl / "src/model.py").open("a", encoding="utf-8") as f:
        f.write(
            '\n\nclass Mixer(nn.Module):\n    """NOT IMPLEMENTED: §2.2, Eq. 2."""\n\n'
            "    def forward(self, x):\n        raise NotImplementedError\n"
        )
    report = check_directory(impl, dyt_paper)
    assert _rules(report) == [("src/equations.py", 13, "P2C023"), ("src/model.py", 19, "P2C023")]
    assert report.findings[0].severity == "warning"
    assert [r.status for r in report.equations][1] == "not_implemented"
    # without an index there is nothing to hold citations to
    (impl / INDEX).unlink()
    report = check_directory(impl, dyt_paper, strict=True)
    assert report.ok and not report.equations_index


def test_no_run_reads_the_index_only(dyt_paper, impl):
    _edit(impl / "src/equations.py", "torch.tanh(alpha * x)", "torch.tanh(x)")
    report = check_directory(impl, dyt_paper, run=False)
    assert report.ok
    assert [r.status for r in report.equations] == ["not_run", "not_run", "not_computable"]


def test_cli_check_json_and_no_run(impl, capsys):
    _edit(impl / "src/equations.py", "torch.tanh(alpha * x)", "torch.tanh(x)")
    assert main(["check", str(impl), "--paper", str(PAPER), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in data["findings"]] == ["P2C020"]
    assert data["equations"]["results"][0]["status"] == "mismatch"
    assert main(["check", str(impl), "--paper", str(PAPER), "--no-run"]) == 0
    shown = capsys.readouterr().out
    assert "equations: 0 computed and equal, 2 not run, 1 not computable" in shown


def test_marks_leave_the_index_readable(dyt_paper, impl):
    """A run that gives up marks each rejected line: the function, not the index's JSON."""
    _edit(impl / INDEX, '"anchor": "§2.2, Eq. 2"', '"anchor": "§2.2, Eq. 9"')
    _edit(impl / "src/equations.py", "torch.tanh(alpha * x)", "torch.tanh(x)")
    report = check_directory(impl, dyt_paper)
    assert {f.file for f in report.findings} >= {INDEX, "src/equations.py"}
    files = {f.file: (impl / f.file).read_text(encoding="utf-8") for f in report.findings}
    marked_files = mark_unverified(files, report.findings)
    json.loads(marked_files[INDEX])
    marked = marked_files["src/equations.py"].splitlines()[6]
    assert marked.startswith("def dyt(") and "[UNVERIFIED] P2C020 equation-mismatch" in marked


@pytest.mark.parametrize(("sign", "status"), [("", "match"), ("-", "mismatch")])
def test_a_complex_equation_is_compared_whole(tmp_path: Path, sign: str, status: str) -> None:
    """`e^{i\\theta x}` has complex values: the check compares the imaginary part too (the
    conjugate, with -i, is wrong)."""
    (tmp_path / "paper").mkdir()
    (tmp_path / "paper" / "main.tex").write_text(
        "\\documentclass{article}\\begin{document}\\section{Method}\n"
        "The phase is applied as\n\\begin{equation}U = e^{i \\theta x}\\end{equation}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    impl = tmp_path / "impl"
    (impl / "src").mkdir(parents=True)
    (impl / "src" / "__init__.py").write_text("", encoding="utf-8")
    (impl / "src" / "equations.py").write_text(
        f"import numpy as np\n\n\ndef u(theta, x):\n    return np.exp({sign}1j * theta * x)\n",
        encoding="utf-8",
    )
    params = [
        {"name": "theta", "symbol": "\\theta", "role": "input"},
        {"name": "x", "symbol": "x", "role": "input", "shape": "(N,)"},
    ]
    entry = {
        "anchor": "§1, Eq. 1", "latex": "U = e^{i \\theta x}", "status": "implemented",
        "callable": "src.equations:u", "params": params,
    }  # fmt: skip
    (impl / ".paper2code").mkdir()
    (impl / INDEX).write_text(json.dumps({"equations": [entry]}), encoding="utf-8")
    report = check_directory(impl, load_paper(tmp_path / "paper"))
    assert [r.status for r in report.equations] == [status], report.equations


def test_a_project_that_gives_up_keeps_its_equation_findings_without_running_them_again(
    dyt_paper, tmp_path
):
    """The gate's best project is judged again for its marks (the notes changed); running its
    equations again would give the same results on the same code, so they are carried over,
    and a wrong function stays wrong, marked, and unverified."""

    raw = json.loads((RIGHT / INDEX).read_text(encoding="utf-8"))["equations"]
    entries = [
        EquationEntry(**{**e, "params": [EquationParam(**p) for p in e["params"]]}) for e in raw
    ]
    files = {
        f"src/{p.name}": p.read_text(encoding="utf-8") for p in sorted((RIGHT / "src").glob("*.py"))
    }
    files["src/equations.py"] = files["src/equations.py"].replace(
        "torch.tanh(alpha * x)", "torch.tanh(x)"
    )
    project = Project("DyT", "dyt", Options(), files=files, equations=entries)
    stages: list[str] = []
    judge = Judge(dyt_paper, Analysis(), tmp_path / "out", Limits(), stages.append)
    judged = judge(dyt_paper, project)
    assert ("src/equations.py", 7, "P2C020") in _rules(judged)
    stages.clear()
    marked = judge.marked(project, judged)
    assert ("src/equations.py", 7, "P2C020") in _rules(marked) and not marked.verified
    assert "[UNVERIFIED] P2C020" in marked.files["src/equations.py"]
    assert "verify" in stages  # judged again, for the marks ...
    assert not any(s in stages for s in ("smoke", "notebook"))  # ... and nothing run

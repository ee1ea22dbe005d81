"""The built-in engine's own output against the equation rules: it lists scaled dot-product
attention with a pure function the checker computes, and its code cites no other equation."""

import json
from dataclasses import asdict
from pathlib import Path

from engine_support import EXAMPLE, example

from paper2code.analyse import analyse
from paper2code.engines.base import Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.shape import declare
from paper2code.paper import load_paper
from paper2code.render.write import project_files, write_files
from paper2code.request import RunRequest
from paper2code.verify import check_directory

INDEX = ".paper2code/equations.json"
DIFF_ATTENTION = (
    Path(__file__).parent.parent / "fixtures" / "verify" / "equations" / "diff_attention"
)


def _write(project, paper, analysis, out: Path, entries) -> Path:
    """The project with an index of `entries` (the renderer's index is not this test's)."""
    index = json.dumps({"equations": [asdict(e) for e in entries]}, ensure_ascii=False)
    files = {**project_files(project, paper, analysis), INDEX: index}
    return write_files(files, out, project.slug, force=True)


def test_builtin_transformer_passes_strict_and_computes_attention(tmp_path: Path) -> None:
    paper, analysis = example()
    project = BuiltinEngine().generate(paper, analysis, Options())
    # the library's attention, then the equations compiled into src/equations.py: head_i calls
    # the compiled Attention of Eq. 1, and the checker computes it with the paper's Eq. 1
    assert [(e.anchor, e.callable) for e in project.equations if e.callable] == [
        ("§2.2, Eq. 1", "src.model:scaled_dot_product_attention"),
        ("§2.3, Eq. 3", "src.equations:head_i_eq3"),
        ("§2.4, Eq. 4", "src.equations:ffn"),
    ]
    out = _write(project, paper, analysis, tmp_path, project.equations)
    report = check_directory(out, paper, strict=True)
    assert report.ok, report.findings
    computed = [(r.anchor, r.status) for r in report.equations if r.status != "not_implemented"]
    matched = [("§2.2, Eq. 1", "match"), ("§2.3, Eq. 3", "match"), ("§2.4, Eq. 4", "match")]
    assert computed == matched
    # the other components cite their sections only, and say they assume the standard form
    model = (out / "src" / "model.py").read_text(encoding="utf-8")
    assert "§2.4 — FFN(x) = act(x W_1 + b_1) W_2 + b_2" in model
    assert "Eq. 4" not in model and "Eq. 2" not in model

    # without its index entry the attention function's citations are claims nothing computes
    out = _write(project, paper, analysis, tmp_path, [])
    report = check_directory(out, paper, strict=True)
    cited = {(f.file, f.rule) for f in report.findings}
    # (and so are the compiled functions' and their smoke calls')
    files = {"src/model.py", "src/equations.py", "src/utils.py"}
    assert cited == {(file, "P2C023") for file in files}
    assert all("cites Eq. 1" in f.message for f in report.findings if f.file == "src/model.py")


def test_an_attention_the_library_does_not_compute_is_not_cited(tmp_path: Path) -> None:
    """Issue 14's confidently wrong output: Eq. 1 subtracts two softmax maps with a learnable λ,
    which the library's attention does not compute. The library's scaled dot-product attention
    lists no index entry and does not cite Eq. 1; Eq. 1 is compiled into src/equations.py, and
    only the multi-head attention that calls it cites it (tests/test_attention_e2e.py)."""
    paper = load_paper(DIFF_ATTENTION)
    analysis = analyse(paper)
    project = BuiltinEngine().generate(paper, analysis, Options())
    assert [(e.anchor, e.callable) for e in project.equations] == [
        ("§2.1, Eq. 1", "src.equations:diffattn")
    ]
    out = _write(project, paper, analysis, tmp_path, project.equations)
    model = (out / "src" / "model.py").read_text(encoding="utf-8")
    cites = [line.strip() for line in model.splitlines() if "Eq. 1" in line]
    assert cites == [
        "# §2.1, Eq. 1: the paper's attention in place of scaled dot-product attention",
        "# §2.1, Eq. 1 on each head of the W_q, W_k, W_v projections.",
    ]
    assert "§2.1 — Attention(Q, K, V) = softmax(QK^T / sqrt(d_k)) V [ASSUMPTION]" in model
    report = check_directory(out, paper, strict=True)
    assert report.ok, report.findings


def test_a_function_that_does_not_compute_its_equation_goes_back_to_repair(
    tmp_path: Path, monkeypatch
) -> None:
    """The comparison's finding is a problem like any other: a repairing engine (the LLM
    engine's path) is told `code does not compute §2.2, Eq. 1` and gets another try."""
    from paper2code import pipeline

    wrong, right = "/ math.sqrt(d_k)  # (B, h, T, S)", "/ d_k  # (B, h, T, S)"

    class Repairing(BuiltinEngine):
        def __init__(self) -> None:
            self.told: list = []

        def generate(self, paper, analysis, options):
            project = super().generate(paper, analysis, options)
            project.files["src/model.py"] = project.files["src/model.py"].replace(wrong, right)
            entries = [asdict(e) for e in project.equations]
            project.files[INDEX] = json.dumps({"equations": entries}, ensure_ascii=False)
            project.declared = declare(project)
            return project

        def repair(self, paper, analysis, project, problems):
            self.told.append(problems)
            project.files["src/model.py"] = project.files["src/model.py"].replace(right, wrong)
            project.declared = declare(project)
            return project

    engine = Repairing()
    monkeypatch.setattr(pipeline, "get_engine", lambda name: engine)
    monkeypatch.setattr(pipeline, "analyse", lambda paper: example()[1])
    report = pipeline.run(RunRequest(str(EXAMPLE), out_dir=tmp_path))
    [problems] = engine.told
    told = [p.message for p in problems if p.message.startswith("P2C020")]
    assert told and "code does not compute §2.2, Eq. 1 (largest difference" in told[0]
    assert report.ok and report.status == "complete"

"""`paper2code PAPER` (= `paper2code run PAPER`) through the real CLI entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_support import EXAMPLE, config, example

from paper2code import pipeline
from paper2code.cli import main
from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.shape import declare


@pytest.fixture
def hand_analysis(monkeypatch):
    """The analysis stage is tested on its own; here the example's analysis is fixed."""
    monkeypatch.setattr(pipeline, "analyse", lambda paper: example()[1])


def test_readme_command_writes_runs_and_summarises(tmp_path: Path, capsys, monkeypatch) -> None:
    """The README's first command, with every real stage: analysis, smoke, notebook, checker;
    like the README, it writes into the current directory."""
    monkeypatch.chdir(tmp_path)
    code = main([str(EXAMPLE), "--force"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    out = tmp_path / "tiny_transformer"
    assert (out / "src" / "model.py").is_file()
    assert "Tiny Transformer: Self-Attention for Short Sequence Transduction" in captured.out
    assert f"directory  {out}" in captured.out
    assert "smoke      passed  forward pass: src (2, 8) tgt (2, 7)" in captured.out
    assert "notebook   passed" in captured.out and "executed" in captured.out
    assert "[UNSPECIFIED]" in captured.out and "[ASSUMPTION]" in captured.out
    cfg = config(out)
    assert (cfg["model"]["d_model"], cfg["model"]["num_heads"], cfg["model"]["d_ff"]) == (
        64,
        4,
        256,
    )
    assert (cfg["training"]["adam_eps"], cfg["training"]["warmup_steps"]) == (1e-9, 400)
    assert "minimal, framework pytorch" in captured.out
    assert "verify     passed" in captured.out and "error(s)" not in captured.out
    assert "request(s)" not in captured.out  # the built-in engine sends nothing
    for stage in ("reading the paper", "writing the output directory", "running the smoke"):
        assert stage in captured.err


def test_existing_directory_needs_force(tmp_path: Path, capsys, hand_analysis) -> None:
    args = [str(EXAMPLE), "--out", str(tmp_path), "--no-run"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 8
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--force", "--mode", "full"]) == 0
    assert (tmp_path / "tiny_transformer" / "src" / "train.py").is_file()
    assert "not run (--no-run)" in capsys.readouterr().out


def test_generated_code_that_fails_its_smoke_check_exits_1(
    tmp_path: Path, capsys, hand_analysis, monkeypatch
) -> None:
    real = BuiltinEngine.generate

    def broken(self, paper, analysis, options):
        project = real(self, paper, analysis, options)
        project.files["src/model.py"] += "\nraise RuntimeError('injected defect')\n"
        project.declared = declare(project)  # the engine's own defect: it wrote this
        return project

    monkeypatch.setattr(BuiltinEngine, "generate", broken)
    code = main([str(EXAMPLE), "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 1
    assert "FAILED" in captured.out and "injected defect" in captured.err
    assert "did not pass its own checks" in captured.err


def test_missing_paper_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_repairing_engine_gets_the_problems_and_another_try(
    tmp_path: Path, hand_analysis, monkeypatch
) -> None:
    from paper2code.request import RunProgress, RunRequest

    class Repairing(BuiltinEngine):
        """Writes an uncited magic number first; removes it when told what the checker saw."""

        def __init__(self) -> None:
            self.told: list = []

        def generate(self, paper, analysis, options):
            project = super().generate(paper, analysis, options)
            project.files["src/model.py"] += "\nMAGIC = 1234\n"
            project.declared = declare(project)
            return project

        def repair(self, paper, analysis, project, problems):
            self.told.append(problems)
            model = project.files["src/model.py"].replace("\nMAGIC = 1234\n", "")
            project.files["src/model.py"] = model
            project.declared = declare(project)
            return project

    engine = Repairing()
    monkeypatch.setattr(pipeline, "get_engine", lambda name: engine)
    stages: list[str] = []
    request = RunRequest(str(EXAMPLE), out_dir=tmp_path, execute=False)
    report = pipeline.run(request, RunProgress(stages.append))
    assert report.ok and stages.count("repair") == 1
    [problems] = engine.told
    assert [(p.file, p.message.split()[0]) for p in problems] == [("src/model.py", "P2C007")]
    assert "MAGIC" not in (report.directory / "src" / "model.py").read_text()


def test_without_torch_the_runs_are_skipped_and_say_how_to_install(
    tmp_path: Path, capsys, hand_analysis, monkeypatch
) -> None:
    """paper2code itself does not depend on torch; a user without it still gets a directory."""
    from paper2code import execute

    # as on an interpreter where the backend's `torch` cannot be imported
    monkeypatch.setattr(execute, "missing_requirements", lambda runtime=None: ["torch"])
    assert main([str(EXAMPLE), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "smoke      skipped  skipped: torch not installed (pip install -r" in out
    assert "requirements.txt)" in out and "verify     passed" in out

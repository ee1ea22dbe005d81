"""`paper2code run` never executes what the policy refuses, and runs the rest boxed: model-written
code (a fake engine standing in for a model), the built-in engine on real papers, an equation
that carries code, and an interrupt in the middle of a run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from engine_support import EXAMPLE, ROOT

from paper2code import pipeline
from paper2code.cli import main
from paper2code.engines.base import Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.request import RunRequest

SLUG = "tiny_transformer"

# A smoke check a model might write: it leaks what it can find, or it calls out.
LEAKING_SMOKE = '''"""Smoke check."""

import json


def main() -> None:
    raw = open("/proc/self/environ", "rb").read().decode()
    print(json.dumps(raw.split("\\0")))


main()
'''
CALLING_OUT = '''"""Smoke check."""

import os
import subprocess

subprocess.run(["touch", "PWNED"])
os.system("touch PWNED")
print("smoke ok")
'''


class ModelWritten(BuiltinEngine):
    """The built-in project with src/utils.py replaced, declaring nothing, as a model's is."""

    def __init__(self, utils: str, repaired: str | None = None) -> None:
        self.utils, self.repaired = utils, repaired
        self.told: list = []

    def generate(self, paper, analysis, options):
        project = super().generate(paper, analysis, options)
        project.files["src/utils.py"] = self.utils
        project.declared = {}
        return project

    def repair(self, paper, analysis, project, problems):
        self.told.append(problems)
        if self.repaired is not None:
            project.files["src/utils.py"] = self.repaired
        return project


@pytest.fixture
def example_analysis(monkeypatch):
    from engine_support import example

    monkeypatch.setattr(pipeline, "analyse", lambda paper: example()[1])


def test_model_written_code_that_reads_the_environment_finds_no_key(
    tmp_path, monkeypatch, example_analysis
):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-for-generated-code")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    engine = ModelWritten(LEAKING_SMOKE)
    monkeypatch.setattr(pipeline, "get_engine", lambda name, **kw: engine)
    report = pipeline.run(RunRequest(str(EXAMPLE), out_dir=tmp_path, max_repairs=0))
    assert report.smoke is not None and report.smoke.ok, report.smoke.output
    leaked = json.loads(report.smoke.output.splitlines()[-1])
    assert leaked and not [v for v in leaked if "sk-test" in v or "PROXY" in v or "KEY" in v]
    assert any(v.startswith("HOME=") and "paper2code-box-" in v for v in leaked)


def test_code_that_calls_out_is_refused_before_it_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pipeline, "analyse", lambda paper: _example_analysis())
    engine = ModelWritten(CALLING_OUT)
    monkeypatch.setattr(pipeline, "get_engine", lambda name, **kw: engine)
    code = main([str(EXAMPLE), "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert not list(tmp_path.rglob("PWNED"))
    assert "smoke      REFUSED  not run: the execution policy refused it" in out
    assert "notebook   REFUSED" in out and "refused-code" in out
    assert "src/utils.py:4: P2C010 refused, not executed: import of `subprocess`" in err
    assert "src/utils.py:7: P2C010 refused, not executed: `os.system`" in err
    # the engine was told, file and line, as it is told of a failed smoke check
    told = {(p.file, p.line, p.message.split(" ", 1)[0]) for p in engine.told[0]}
    assert {("src/utils.py", 4, "P2C010"), ("src/utils.py", 7, "P2C010")} <= told
    assert not any("smoke check failed" in p.message for p in engine.told[0])


def test_a_refused_file_goes_back_to_the_engine_and_its_repair_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "analyse", lambda paper: _example_analysis())
    clean = BuiltinEngine().generate(*_example_paper_and_analysis(), Options())
    engine = ModelWritten(CALLING_OUT, repaired=clean.files["src/utils.py"])
    monkeypatch.setattr(pipeline, "get_engine", lambda name, **kw: engine)
    report = pipeline.run(RunRequest(str(EXAMPLE), out_dir=tmp_path))
    assert report.ok and len(engine.told) == 1
    assert report.smoke is not None and report.smoke.ok and not report.smoke.refused
    assert not list(tmp_path.rglob("PWNED"))


def _paper_with_payload_in_an_equation(tmp_path: Path) -> Path:
    paper = tmp_path / "paper"
    paper.mkdir()
    ffn = r"\mathrm{FFN}(x) = \max(0, x W_1 + b_1) W_2 + b_2"
    payload = ffn + r' """; open("PWNED", "w").write("x"); r"""'
    tex = (EXAMPLE / "main.tex").read_text(encoding="utf-8")
    (paper / "main.tex").write_text(tex.replace(ffn, payload, 1), encoding="utf-8")
    return paper


def test_an_equation_carrying_code_stays_text_and_the_run_passes(tmp_path, capsys):
    paper = _paper_with_payload_in_an_equation(tmp_path)
    code = main([str(paper), "--out", str(tmp_path / "out")])
    out, _ = capsys.readouterr()
    assert code == 0 and "smoke      passed" in out and "verify     passed" in out
    assert not list(tmp_path.rglob("PWNED"))


def test_an_equation_that_escapes_its_string_never_runs(tmp_path, capsys, monkeypatch):
    """Defence in depth: were the escaping of text holes broken (here: the paper's LaTeX pasted
    into its docstring as is), the statements the paper added differ from the shape the engine
    declared, and the gate refuses to run the file."""
    from paper2code.engines.builtin import template

    def pasted(text, literal, holes, values):
        body, at = "", literal.body
        for hole in holes:
            body += text[at : hole.start] + str(values[hole.name])
            at = hole.end
        return f"{literal.prefix}{literal.quote}{body}{text[at : literal.end]}{literal.quote}"

    monkeypatch.setattr(template, "_literal", pasted)
    paper = _paper_with_payload_in_an_equation(tmp_path)
    code = main([str(paper), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 1 and "smoke      REFUSED" in out
    assert not list(tmp_path.rglob("PWNED"))
    model = (tmp_path / "out" / SLUG / "src" / "model.py").read_text().splitlines()
    [where] = [line for line in err.splitlines() if "did not write" in line]
    line = int(where.split("src/model.py:", 1)[1].split(":", 1)[0])
    assert 'open("PWNED", "w")' in model[line - 1]


def test_the_builtin_engine_passes_the_policy_and_runs_on_a_corpus_paper(tmp_path, corpus):
    """Full mode on a real diffusion paper: train.py, data.py and evaluate.py (which saves
    samples where the command line says) are all declared and allowed, and the smoke runs."""
    request = RunRequest(
        str(corpus / "optimalsteps"), out_dir=tmp_path, mode="full", offline=True, max_repairs=0
    )
    report = pipeline.run(request)
    assert {"src/train.py", "src/evaluate.py"} <= set(report.files)
    assert not [f for f in report.findings if f.rule == "P2C010"]
    assert report.smoke is not None and report.smoke.ok, report.smoke.output
    assert report.notebook is not None and report.notebook.ok, report.notebook.output


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_writes_nothing_and_leaves_no_process(tmp_path, signum):
    """Ctrl-C (or a SIGTERM) to a real `paper2code run` while its smoke check hangs: the smoke
    check is gone, and so is the scratch copy it ran in; the output directory, written once
    after the checks, was never written, so nothing unchecked can pass for checked."""
    hanging = '''"""Smoke check: it says who it is, then hangs."""

import json
import time

me = int(open("/proc/self/stat").read().split()[0])
json.dump([me], open("pids.json", "w"))
time.sleep(1000)
'''
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    script = f"""
import sys
from paper2code import pipeline
from paper2code.cli import main
sys.path.insert(0, {str(ROOT / "tests")!r})
from test_run_sandbox import ModelWritten, _example_analysis
pipeline.analyse = lambda paper: _example_analysis()
pipeline.get_engine = lambda name, **kw: ModelWritten({hanging!r})
sys.exit(main([{str(EXAMPLE)!r}, "--out", {str(out)!r}]))
"""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TMPDIR=str(scratch))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 120
    while not list(scratch.rglob("pids.json")) and proc.poll() is None:
        assert time.monotonic() < deadline, "the smoke check never started"
        time.sleep(0.1)
    found = list(scratch.rglob("pids.json"))
    assert found, proc.communicate(timeout=30)
    [pids_file] = found
    assert pids_file.parent.name.startswith("paper2code-check-")  # a scratch copy, not the output
    time.sleep(0.3)  # the JSON is written whole before the child sleeps
    [smoke] = json.loads(pids_file.read_text())
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert _gone(smoke)
    assert not (out / SLUG).exists() and not list(out.glob(f".{SLUG}.*"))
    assert not list(scratch.glob("paper2code-check-*"))


def _gone(pid: int, within: float = 5.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def _example_paper_and_analysis():
    from engine_support import example

    return example()


def _example_analysis():
    return _example_paper_and_analysis()[1]

"""`paper2code run --engine llm` end to end: the scripted server, the real pipeline (write,
smoke check, notebook, strict checker, repair), the run record, the cache."""

from __future__ import annotations

import json
import re

from scripted_llm import FIXTURES, run_cli, transcript

from paper2code.cli import main


def run(llm_server, tmp_path, *extra: str) -> int:
    return run_cli(llm_server, tmp_path, *extra)


def test_run_repairs_then_passes_and_records_the_run(llm_server, tmp_path, capsys):
    llm_server.script(transcript("repair"))
    assert run(llm_server, tmp_path) == 0, capsys.readouterr()
    out = capsys.readouterr()
    assert "verify     passed" in out.out and "error(s)" not in out.out
    assert "smoke      passed" in out.out and "notebook   passed" in out.out
    # the summary's accounting, as run.json has it: 7 requests, all answered by the server
    assert "model      test-model (openai)" in out.out
    assert re.search(r"\n    total +7 request\(s\), \d+ in / \d+ out tokens", out.out)
    assert "asking the llm engine to repair what failed" in out.err
    assert "writing src/model.py" in out.err  # the engine's own progress
    directory = tmp_path / "out" / "gated_residual_attention"
    assert "Eq. 9" not in (directory / "src" / "model.py").read_text()
    record = json.loads((directory / ".paper2code" / "run.json").read_text())
    assert record["model"] == "test-model" and record["provider"] == "openai"
    assert record["total"]["requests"] == 7 and record["total"]["cost_usd"] == 0.0
    assert [s["stage"] for s in record["stages"]][-1] == "repair"
    notes = (directory / "REPRODUCTION_NOTES.md").read_text()
    assert "Gate bias initialisation" in notes  # the model's audit item made it in
    readme = (directory / "README.md").read_text()
    assert "engine: llm, model test-model" in readme
    assert "| `src/model.py` GatedResidualAttention | implemented |" in readme
    assert "A PyTorch gated residual attention layer (section 2)." in readme  # prose


def test_rerun_sends_nothing(llm_server, tmp_path, capsys):
    llm_server.script(transcript("repair"))
    assert run(llm_server, tmp_path, "--no-run") == 0
    sent = len(llm_server.seen)
    llm_server.script([])
    assert run(llm_server, tmp_path, "--no-run", "--force") == 0
    assert len(llm_server.seen) == sent
    directory = tmp_path / "out" / "gated_residual_attention"
    record = json.loads((directory / ".paper2code" / "run.json").read_text())
    assert record["total"]["requests"] == 0 and record["total"]["cached"] == 7


def test_what_stays_broken_is_reported_and_fails_the_run(llm_server, tmp_path, capsys):
    llm_server.script(transcript("stubborn"))
    assert run(llm_server, tmp_path, "--no-run") == 1
    directory = tmp_path / "out" / "gated_residual_attention"
    notes = (directory / "REPRODUCTION_NOTES.md").read_text()
    assert "Unresolved after 2 repair round(s)" in notes and "equation 9" in notes
    model = (directory / "src" / "model.py").read_text()
    assert "Eq. 9" in model  # kept, not dropped, and marked on its line
    [line] = [ln for ln in model.splitlines() if "Eq. 9" in ln]
    assert "[UNVERIFIED] P2C002 dangling-anchor" in line
    out, err = capsys.readouterr()
    assert "src/model.py: 2 — dangling-anchor ×1, unverified ×1" in out
    assert "verify     passed" not in out
    assert "P2C009 marked [UNVERIFIED]: P2C002 dangling-anchor" in err
    assert "1 [UNVERIFIED]" in out  # the flags line counts the marks
    assert "did not pass its own checks" in err
    # The checker, run by anyone on this output, agrees with the run: it does not pass.
    assert main(["check", str(directory), "--paper", str(FIXTURES / "paper.tex")]) == 1


def test_provider_errors_exit_9_in_one_line(llm_server, tmp_path, capsys, monkeypatch):
    assert main(["run", str(FIXTURES / "paper.tex"), "--engine", "llm"]) == 9
    err = capsys.readouterr().err
    assert "no model chosen" in err and "Traceback" not in err
    assert main(["run", str(FIXTURES / "paper.tex"), "--engine", "llm", "--model", "gpt-4o"]) == 9
    assert "set OPENAI_API_KEY" in capsys.readouterr().err


def test_a_crash_is_repaired_where_its_traceback_ends(llm_server, tmp_path, capsys):
    """The smoke check (src/utils.py) fails inside src/model.py: that file is repaired."""
    llm_server.script(transcript("runtime"))
    assert run(llm_server, tmp_path) == 0, capsys.readouterr()
    [repair] = [s for s in llm_server.seen if s.stage == "repair"]
    assert repair.file == "src/model.py"
    prompt = repair.body["messages"][-1]["content"]
    assert "AttributeError" in prompt and "\x1b[" not in prompt  # no terminal colours

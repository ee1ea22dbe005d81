"""The LLM engine's compiled equations index: the functions the model says compute the paper's
equations are listed in `.paper2code/equations.json`, the checker computes each against the
paper's equation, and one that does not compute it goes back to the model (issue 14)."""

from __future__ import annotations

import json

from scripted_llm import run_cli, transcript

from paper2code.engines.llm.answers import EquationFunction
from paper2code.engines.llm.equations import index_entries


def test_a_function_that_does_not_compute_its_equation_is_repaired(llm_server, tmp_path, capsys):
    llm_server.script(transcript("equations"))
    assert run_cli(llm_server, tmp_path) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "verify     passed" in out
    directory = tmp_path / "out" / "gated_residual_attention"
    index = json.loads((directory / ".paper2code" / "equations.json").read_text("utf-8"))
    [entry] = index["equations"]
    assert (entry["anchor"], entry["callable"]) == ("§2.1, Eq. 1", "src.model:attention")
    assert entry["latex"].startswith(
        r"\mathrm{Attention}(Q, K, V) ="
    )  # the paper's, not the model's
    # The first version forgot 1/sqrt(d_k): the checker's comparison went back to the model.
    [repair] = [s for s in llm_server.seen if s.stage == "repair"]
    prompt = repair.body["messages"][-1]["content"]
    assert "line 9: P2C020 code does not compute §2.1, Eq. 1 (largest difference" in prompt
    assert '"function": "attention"' in prompt  # the listed functions, to list again
    assert "/ math.sqrt(d_k)" in (directory / "src" / "model.py").read_text("utf-8")


def test_only_numbered_equations_and_defined_functions_are_listed(paper):
    content = "def attention(Q, K, V, d_k):\n    return Q\n"
    listed = [
        EquationFunction(anchor="Eq. 1", function="attention", arguments=[]),
        EquationFunction(anchor="§2.2", function="attention", arguments=[]),
        EquationFunction(anchor="Eq. 2", function="gate", arguments=[]),
    ]
    entries, notes = index_entries(paper, "src/layers/attn.py", listed, content)
    assert [(e.anchor, e.callable) for e in entries] == [
        ("§2.1, Eq. 1", "src.layers.attn:attention")
    ]
    assert "§2.2, which is not a numbered equation" in notes[0]
    assert "defines no such module-level function" in notes[1]

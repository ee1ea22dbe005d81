"""A file outside the paper's folder never reaches the model: a hostile paper's `\\input`s of
an absolute path, of `..` and of a link to outside are refused before any prompt is written."""

from __future__ import annotations

import json

from scripted_llm import FIXTURES, run_cli, transcript

CANARY = "CANARY-51c0-never-sent"


def test_no_request_to_the_model_carries_a_file_from_outside(llm_server, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tex").write_text(f"The gate uses {CANARY} as its bias.\n")
    paper = tmp_path / "paper"
    paper.mkdir()
    (paper / "leak.tex").symlink_to(outside / "secret.tex")
    hostile = f"\\input{{{outside / 'secret'}}}\n\\input{{../outside/secret}}\n\\input{{leak}}\n"
    text = (FIXTURES / "paper.tex").read_text()
    text = text.replace("\\label{sec:gate}\n", "\\label{sec:gate}\n" + hostile, 1)
    (paper / "main.tex").write_text(text)
    llm_server.script(transcript("happy"))
    code = run_cli(llm_server, tmp_path, "--no-run", paper=paper)
    assert code in (0, 1)
    bodies = [json.dumps(seen.body) for seen in llm_server.seen]
    assert len(bodies) >= 5  # every stage asked the model
    # The paper's text around the inputs was sent: a leak would have gone with it.
    assert any("mixes attention and input" in body for body in bodies)
    assert not any(CANARY in body for body in bodies)
    for path in (tmp_path / "cache").rglob("*"):  # the answers cached for the run
        assert path.is_dir() or CANARY not in path.read_text(errors="replace")

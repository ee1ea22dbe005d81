"""`paper2code audit`: notes, JSON, file output, and a clean error for a bad path."""

from __future__ import annotations

import json
from pathlib import Path

from paper2code.cli import main

PAPER = str(Path(__file__).parent / "fixtures" / "analysis" / "diffusion.tex")


def test_audit_prints_notes(capsys):
    assert main(["audit", PAPER]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Reproduction notes: Denoising Chains for Image Synthesis")
    assert '| EMA of weights | 0.9999 | "decay factor of 0.9999" | §4.1 |' in out


def test_audit_json(capsys):
    assert main(["audit", PAPER, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["contribution"]["paper_type"] == "training_method"
    assert {k: data["hyperparameters"][0][k] for k in ("name", "value")} == {
        "name": "diffusion_steps",
        "value": 1000,
    }
    assert any(i["key"] == "grad_clip" and i["status"] == "UNSPECIFIED" for i in data["audit"])


def test_audit_to_file(tmp_path, capsys):
    target = tmp_path / "REPRODUCTION_NOTES.md"
    assert main(["audit", PAPER, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text().startswith("# Reproduction notes:")


def test_audit_missing_paper_is_a_usage_error(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "nope.tex")]) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err

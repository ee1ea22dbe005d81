"""An honest run status: a run whose contribution is a skeleton says so first, its smoke check
does not read "passed", and `paper2code run` exits 10 (text and --json alike)."""

import json
from pathlib import Path

from paper2code.cli import main

SKELETON_PAPER = Path(__file__).parent.parent / "fixtures" / "engine" / "spectral"


def test_skeleton_run_says_so_and_exits_10(tmp_path: Path, capsys) -> None:
    code = main(["run", str(SKELETON_PAPER), "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 10, captured.err
    first = captured.out.splitlines()[0]
    assert first == "Spectral Gating Encoders — SKELETON: the contribution is not implemented"
    assert "smoke      ran (skeleton: the contribution is not implemented)" in captured.out
    assert "passed  forward pass" not in captured.out
    assert "verify     passed" in captured.out  # the checks passed: the code is the skeleton
    assert "is a skeleton: the paper's contribution is not implemented" in captured.err

    code = main(["run", str(SKELETON_PAPER), "--out", str(tmp_path), "--force", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 10
    assert (summary["status"], summary["exit_code"], summary["ok"]) == ("skeleton", 10, True)
    assert summary["skeletons"] and summary["skeletons"][0]["anchor"] == "§2, Eq. 3"

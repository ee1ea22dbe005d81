"""A paper whose appendix numbers itself S1…S10 (`\\renewcommand\\thesection{S\\arabic{section}}`):
the built-in engine's output cites `§S1.1`, `§S2`, `Eq. S1`, and passes `check --strict`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paper2code.cli import main
from paper2code.paper import load_paper
from paper2code.verify import check_files

SUPPLEMENT = Path(__file__).parent.parent / "fixtures" / "verify" / "supplement"


@pytest.fixture(scope="module")
def supplement():
    return load_paper(SUPPLEMENT)


def test_the_fixture_prints_s_numbers(supplement):
    tops = [s.number for s in supplement.sections if s.level == 1 and s.number]
    assert tops == ["1"] + [f"S{n}" for n in range(1, 11)]
    assert supplement.find("Eq. S1").section == "§S1.1"
    assert supplement.find("Table S1").section == "§S2"


def test_builtin_output_passes_check_strict(capsys, tmp_path):
    assert main([str(SUPPLEMENT), "--out", str(tmp_path), "--no-run"]) == 0
    (out,) = tmp_path.iterdir()
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert {"§S1.1", "§S2", "Eq. S1"} <= set(re.findall(r"§S[\d.]*\d|Eq\. S\d+", text))
    capsys.readouterr()
    assert main(["check", str(out), "--paper", str(SUPPLEMENT), "--strict"]) == 0
    assert "ok (strict): 0 error(s), 0 warning(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("tag", "rule"),
    [
        ("§S10", None),
        ("§S1.2", None),
        ("Appendix S3", None),
        ("Table S1", None),
        ("Eqs. (S1)–(S1)", None),
        ("§S11", "P2C001"),  # not the paper's, not the usual shape: a typo
        ("Table S2", "P2C002"),  # the usual shape: the paper lacks it
        ("§S2, Table S1", None),
        ("§S1, Table S1", "P2C003"),  # Table S1 is in §S2
    ],
)
def test_s_anchors_are_judged_against_the_paper(supplement, tag, rule):
    report = check_files({"README.md": f"See {tag}.\n"}, supplement)
    assert [f.rule for f in report.findings] == ([rule] if rule else [])

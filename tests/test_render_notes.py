"""REPRODUCTION_NOTES.md: structure, escaping, and every quote in it real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paper2code.analyse import analyse
from paper2code.analyse.model import Analysis, AuditItem, Status
from paper2code.paper import load_paper
from paper2code.render.notes import cell, quoted_cells, render_reproduction_notes, split_row

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


@pytest.fixture(scope="module")
def vague():
    paper = load_paper(FIXTURES / "vague.tex")
    return paper, analyse(paper)


def test_sections_in_order(vague):
    paper, a = vague
    notes = render_reproduction_notes(paper, a, deviations=["data.py is a skeleton"])
    heads = re.findall(r"^#+ .*$", notes, flags=re.M)
    assert heads == [
        "# Reproduction notes: Calibrated Classifiers with a Confidence Penalty",
        "## Paper",
        "## What this implements",
        "## Ambiguity audit",
        "### The paper states it: SPECIFIED",
        "### The paper leaves it ambiguous: PARTIALLY_SPECIFIED",
        "### The paper is silent: UNSPECIFIED",
        "## Stated values",
        "### The method's settings",
        "### Baselines",
        "### Target results to reproduce",
        "### Data and compute",
        "## Contradictions",
        "## Known deviations",
    ]
    assert "- **Authors:** Dana Writer" in notes
    assert "Paper type: **loss**. Sections: §2. Equations: Eq. 1." in notes
    assert "- data.py is a skeleton" in notes
    contradiction = notes.split("## Contradictions")[1]
    assert '§3: "learning rate of 1e-4"; §A: "learning rate of 3e-4"' in contradiction


def test_every_quoted_cell_is_in_the_paper(vague):
    paper, a = vague
    claims = quoted_cells(render_reproduction_notes(paper, a))
    assert len(claims) >= 8
    for quote, anchor in claims:
        assert paper.contains_quote(quote, within=anchor), (quote, anchor)


def test_pipes_are_escaped_so_rows_keep_their_columns():
    latex = "$\\|x\\|_2$ | y"  # a LaTeX norm and a bare pipe
    assert cell(latex) == "$\\\\\\|x\\\\\\|_2$ \\| y"
    assert split_row(f"| a | {cell(latex)} | b |") == ["a", latex, "b"]
    item = AuditItem(
        "loss_type", "loss", "Main loss", Status.SPECIFIED, "mse", "$|x - y|^2$", "Eq. 1"
    )
    paper = load_paper(FIXTURES / "theory.tex")
    notes = render_reproduction_notes(paper, Analysis(audit=[item]))
    [row] = [ln for ln in notes.splitlines() if ln.startswith("| Main loss")]
    assert split_row(row) == ["Main loss", "mse", '"$|x - y|^2$"', "Eq. 1", "—"]
    assert "None." in notes.split("UNSPECIFIED\n")[1]


def test_theory_paper_says_there_is_nothing_to_implement():
    paper = load_paper(FIXTURES / "theory.tex")
    notes = render_reproduction_notes(paper, analyse(paper))
    assert "theory paper with nothing to implement" in notes


@pytest.mark.parametrize("name", ["transformer", "diffusion", "vague", "theory"])
def test_notes_pass_the_citation_checker(name):
    from paper2code.verify.check import check_files

    paper = load_paper(FIXTURES / f"{name}.tex")
    notes = render_reproduction_notes(paper, analyse(paper), deviations=["no beam search"])
    report = check_files({"REPRODUCTION_NOTES.md": notes}, paper, strict=True)
    assert report.ok, [f.message for f in report.findings]

"""Tables wherever a tabular stands: in a float, bare in the text, inside `\\resizebox`; rows
ended by `\\\\` or `\\tabularnewline`; `\\multirow`, `\\multicolumn`, `\\cmidrule(lr)`; cells
kept as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2code.analyse import analyse
from paper2code.cli import main
from paper2code.paper import Paper, load_paper

TABLES = Path(__file__).parent / "fixtures" / "papers" / "tables"


@pytest.fixture(scope="module")
def paper() -> Paper:
    return load_paper(TABLES)


def test_a_float_table_keeps_every_row_and_cell_as_written(paper):
    table = paper.find("Table 1")
    assert table.caption == "Main results." and table.section == "§1"
    assert table.rows == [
        ["Model", "Split", "Score", ""],  # \multicolumn{2} padded; \tabularnewline ends rows
        ["", "", "mean", "(std)"],  # the \cmidrule(lr){3-4} before it leaves nothing behind
        ["Ours", "train/test", "0.8/0.2", "(4e-3)"],  # \multirow's text, cells as written
        ["", "val", "$91.2$", "(1e-2)"],
    ]


def test_bare_tabulars_are_tables_cited_by_their_section(paper):
    bare = [t for t in paper.tables if not t.numbered]
    assert [(t.anchor, t.section, str(t.loc)) for t in bare] == [
        ("§A", "§A", "paper.tex:30"),
        ("§A", "§A", "paper.tex:37"),
    ]
    assert bare[0].rows == [["Learning rate", r"$3\times 10^{-4}$"], ["Batch size", "256"]]
    # Inside \resizebox; a tabular nested in a cell is that cell's text, not another table.
    assert bare[1].rows == [["Warm-up steps", "1000"], ["Dropout", "0.1"]]
    assert paper.contains_quote("Batch size 256", within="§A")
    assert not paper.contains_quote("Batch size 256", within="§1")


def test_values_of_a_bare_table_are_extracted_at_its_section(paper):
    found = {(f.name, f.value, f.anchor) for f in analyse(paper).hyperparameters}
    assert {
        ("learning_rate", 3e-4, "§A"),
        ("batch_size", 256, "§A"),
        ("warmup_steps", 1000, "§A"),
        ("dropout", 0.1, "§A"),
    } <= found


def test_the_outline_names_a_bare_table_by_its_section(capsys):
    assert main(["parse", str(TABLES)]) == 0
    out = capsys.readouterr().out
    assert "Table 1: Main results.  (4×4 cells)" in out
    assert out.count("table in §A:   (2×2 cells)") == 2

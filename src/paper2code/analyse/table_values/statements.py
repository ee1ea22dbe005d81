"""Cells that state values in words, as a sentence does: "crop size $= 256 \\times 256$",
"$\\alpha=1$", "brightness $\\sim U[-0.2, 0.2]$", "variance $\\in (10, 50)$" under a
"Hyper-parameters" column of an augmentation table, "Conv2D: num filters = 16, ..." beside a
component. The layouts read a cell's number, alone or with its unit; a text cell is read here
by the prose reader, one cell at a time, its row saying what it belongs to ("Gaussian blur"):
for the settings layouts' text cells (`stated_in_cell`, called by `settings_values`) and for
the tables no settings layout reads (`cell_statements`)."""

from __future__ import annotations

import re

from paper2code.analyse.hyperparams import cell_name, row_quote
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.table_values.cells import parse_cell, plain
from paper2code.analyse.table_values.grid import VALUE_HEADER
from paper2code.analyse.table_values.layout import SETTINGS
from paper2code.analyse.text import Sentence
from paper2code.analyse.values.reading import read_sentence
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Table

# A quantity given a value, a range or a distribution: "= 0.2", "\sim U[a, b]", "\in (a, b)"
_STATES = re.compile(r"(?:=|\\sim(?![a-z])|\\in(?![a-z])|:)\s*\$?\s*[^\d$]{0,16}?[\[({]?\s*-?\d")


def stated_in_cell(
    table: Table, row: list[str], j: int, label: str, kb: KnowledgeBase, symbols: dict[str, str]
) -> list[StatedValue]:
    """The settings the text cell `row[j]` states, read as a sentence: "Conv2D: num filters =
    16, filter size = $3 \\times 3$, activation = relu." gives the number of filters and the
    filter size of the component its row names (`label`); values in words are descriptions.
    The row is the quote, as for every table value."""
    out = []
    raw = row[j]
    for v in read_sentence(Sentence(raw.strip(), table.anchor, table), symbols, ""):
        if v.kind in (ValueKind.DATA, ValueKind.RESULT):
            v.kind = ValueKind.METHOD
        v.context.model = v.context.model or label or None
        v.quote = row_quote(row)
        first = v.value[0] if isinstance(v.value, list) else v.value
        named = cell_name(v.name, kb) if v.name and isinstance(first, int | float) else None
        if named and named[0].accepts(float(first)):
            v.canonical = named[0].name
        out.append(v)
    return out


def cell_statements(table: Table, kb: KnowledgeBase, symbols: dict[str, str]) -> list[StatedValue]:
    """The values the cells of a table no settings layout reads state in words, in row order,
    where they state settings: in a column headed as settings ("Hyper-parameters") or a table
    captioned so; the label left of each cell (carried down a \\multirow) is the model it
    belongs to. The first column names rows, as the layouts read it ("$k=8$ neighbors"); what a
    cell of another table states ("$K=3$" under "Filter size" in a comparison of models) is the
    row's variant, which they read too."""
    if not table.anchor or len(table.rows) < 2:
        return []
    settings_table = SETTINGS.search(plain(table.caption)) is not None
    header = [plain(c) for c in table.rows[0]]
    carried: dict[int, str] = {}  # per column, its last filled cell
    out: list[StatedValue] = []
    for row in table.rows[1:]:
        for j, cell in enumerate(row):
            head = header[j] if j < len(header) else ""
            label = carried.get(j - 1, "")
            if cell.strip():
                carried[j] = plain(cell)
            if j == 0 or not (settings_table or VALUE_HEADER.search(head)):
                continue
            if _STATES.search(cell) and not parse_cell(cell).numeric:
                out += stated_in_cell(table, row, j, label, kb, symbols)
    return out

"""How much of the paper an implementation cites.

Equations: the paper's numbered equations; one counts as cited when any tag names it (a range
`Eqs. 3–5` names every equation from 3 to 5).

Hyperparameters: the values the paper states, kept simple:
- every cell that is exactly one number in a table whose caption mentions hyperparameters,
  settings or configuration;
- every `name = number` inside inline math of the running text (`$\\beta_1 = 0.9$`,
  `$d_{model}=512$`, `$\\epsilon = 10^{-9}$`), but not an index (`\\sum_{k = 1}`).
0 and 1 are left out: the value check does not compare them either.
One counts as cited when an implementation value citing a place that covers it passed the value
check with that number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paper2code.paper.model import Element, Paper, Paragraph
from paper2code.paper.numbers import find_numbers, parse_number, same_value
from paper2code.verify.report import Coverage, CoverageCount

_HYPER_TABLE = re.compile(r"hyper-?\s?parameter|setting|configuration", re.IGNORECASE)
_MATH = re.compile(r"\$([^$]+)\$")


@dataclass(frozen=True)
class Stated:
    element: Element
    value: float
    label: str


def stated_values(paper: Paper) -> list[Stated]:
    found: list[Stated] = []
    for table in paper.tables:
        if not _HYPER_TABLE.search(table.caption):
            continue
        for row in table.rows:
            for cell in row:
                value = parse_number(cell)
                if value is not None and value not in (0, 1):
                    name = row[0] if row and row[0] != cell else cell
                    found.append(Stated(table, value, f"{table.anchor}: {name} = {cell}"))
    for para in paper.paragraphs:
        found += _math_assignments(para)
    return found


def _math_assignments(para: Paragraph) -> list[Stated]:
    found: list[Stated] = []
    for math in _MATH.finditer(para.text):
        body = math.group(1)
        for eq in re.finditer(r"(?<![<>!=])=(?!=)", body):
            name = re.split(r"[,=;]", body[: eq.start()])[-1].strip()
            rest = body[eq.end() :]
            numbers = find_numbers(rest)
            if not name or not re.search(r"[A-Za-z]", name) or not numbers:
                continue
            first = numbers[0]
            if rest[: first.start].strip() or name.count("{") > name.count("}"):
                continue  # `= 2d`, `= \sqrt{d}`, or an index like `\sum_{k = 1}`
            if first.value in (0, 1):
                continue
            label = f"{para.anchor}: {name} = {first.raw}"
            found.append(Stated(para, first.value, label))
    return found


def coverage(
    paper: Paper, cited_equations: set[int], matched: list[tuple[Element | None, float]]
) -> Coverage:
    equations = paper.numbered_equations
    eq_missing = [e.anchor for e in equations if id(e) not in cited_equations]
    stated = stated_values(paper)
    hp_missing = [
        s.label
        for s in stated
        if not any(el is s.element and same_value(s.value, v) for el, v in matched)
    ]
    return Coverage(
        equations=CoverageCount(len(equations) - len(eq_missing), len(equations), eq_missing),
        hyperparameters=CoverageCount(len(stated) - len(hp_missing), len(stated), hp_missing),
    )

"""REPRODUCTION_NOTES.md: the ambiguity audit as a document a reproducer reads first.

Paper header, what the implementation covers, one table per audit class (SPECIFIED,
PARTIALLY_SPECIFIED, UNSPECIFIED), contradictions, known deviations. Every quote and anchor in
it comes from the analysis, whose quotes are checked against the paper; table cells are escaped
so a `|` in a quote cannot break a row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from paper2code import escape
from paper2code.analyse.audit import fmt
from paper2code.analyse.model import Analysis, AuditItem, StatedValue, Status, ValueKind
from paper2code.paper.anchors import parse_anchor
from paper2code.paper.model import Paper

md = escape.md_inline  # paper text in prose, headings and list items


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell (see `escape.md_cell`)."""
    return escape.md_cell("" if text is None else fmt(text))


CELL_SPLIT = re.compile(r"(?<!\\)(?:\\\\)*\|")  # a pipe after an even number of backslashes
_ESCAPED_PIPE = re.compile(r"((?:\\\\)*)\\\|")


def split_row(line: str) -> list[str]:
    """The cells of one Markdown table row, unescaped back to the text `cell` was given."""
    cells, start = [], 0
    for m in CELL_SPLIT.finditer(line):
        cells.append(line[start : m.end() - 1])
        start = m.end()
    cells.append(line[start:])
    inner = cells[1:-1] if line.strip().startswith("|") else cells
    return [
        _ESCAPED_PIPE.sub(lambda m: "\\" * (len(m.group(1)) // 2) + "|", c.strip()) for c in inner
    ]


def quoted_cells(notes: str) -> list[tuple[str, str]]:
    """(quote, anchor) for every quoted cell of the notes' tables: the claims a checker
    verifies against the paper. The anchor is the cell right after the quote."""
    found = []
    for line in notes.splitlines():
        if not line.startswith("| ") or line.startswith("| Choice"):
            continue
        cells = split_row(line)
        for i, c in enumerate(cells[:-1]):
            if len(c) > 1 and (c[0], c[-1]) in (('"', '"'), ("“", "”")):
                found.append((c[1:-1], cells[i + 1]))
    return found


def _quote(item: AuditItem) -> str:
    return escape.quoted(item.quote) if item.quote else "—"


def _table(header: list[str], rows: Iterable[list[object]]) -> list[str]:
    rows = list(rows)
    if not rows:
        return ["None."]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _header(paper: Paper) -> list[str]:
    meta = paper.meta
    lines = ["## Paper", "", f"- **Title:** {md(meta.title) or 'untitled'}"]
    if meta.authors:
        lines.append(f"- **Authors:** {md(', '.join(meta.authors))}")
    if meta.arxiv_id:
        version = meta.version or ""
        lines.append(f"- **arXiv:** https://arxiv.org/abs/{md(meta.arxiv_id + version)}")
    elif meta.source:
        lines.append(f"- **Source:** {md(str(meta.source))}")
    code = md(", ".join(meta.official_code)) if meta.official_code else "none found"
    lines.append(f"- **Official code:** {code}")
    return lines


def _anchor_groups(anchors: list[str]) -> list[tuple[str, list[str]]]:
    """Anchors grouped by kind, so no section is read as the home of the equation after it."""
    groups: dict[str, list[str]] = {}
    for a in anchors:
        kind = parse_anchor(a)
        label = {"section": "Sections", "equation": "Equations"}.get(kind[0] if kind else "", "")
        groups.setdefault(label or "Also", []).append(a)
    return list(groups.items())


def _implements(analysis: Analysis) -> list[str]:
    lines = ["## What this implements", ""]
    c = analysis.contribution
    if c is None:
        return [*lines, "The core contribution was not identified."]
    kind = c.paper_type.value.replace("_", " ")
    where = "".join(
        f" {label}: {md(', '.join(refs))}." for label, refs in _anchor_groups(c.anchors)
    )
    lines.append(md(c.summary))
    lines += ["", f"Paper type: **{kind}**.{where}"]
    if not c.implementable:
        lines += [
            "",
            "This is a theory paper with nothing to implement: no algorithm, experiments or "
            "training settings were found.",
        ]
    if c.evidence:
        lines += ["", "Evidence:"]
        lines += [f"- {escape.quoted(md(e.quote))} ({md(e.anchor)})" for e in c.evidence]
    if analysis.components:
        lines += ["", f"Component families used: {md(', '.join(analysis.components))}."]
    return lines


def _audit(analysis: Analysis) -> list[str]:
    by = {s: [i for i in analysis.audit if i.status is s] for s in Status}
    # Class names stay out of line starts: there a checker reads them as malformed flags.
    lines = ["## Ambiguity audit", "", "### The paper states it: SPECIFIED", ""]
    lines += _table(
        ["Choice", "Value", "Paper quote", "Source", "Notes"],
        ([i.choice, i.value, _quote(i), i.anchor, i.rationale] for i in by[Status.SPECIFIED]),
    )
    lines += ["", "### The paper leaves it ambiguous: PARTIALLY_SPECIFIED", ""]
    lines += _table(
        ["Choice", "Our decision", "Paper quote", "Source", "What is ambiguous", "Alternatives"],
        (
            [i.choice, i.value, _quote(i), i.anchor, i.rationale, ", ".join(i.alternatives)]
            for i in by[Status.PARTIALLY_SPECIFIED]
        ),
    )
    lines += ["", "### The paper is silent: UNSPECIFIED", ""]
    lines += _table(
        ["Choice", "Our default", "Rationale", "Alternatives"],
        (
            [i.choice, i.value, i.rationale, ", ".join(i.alternatives)]
            for i in by[Status.UNSPECIFIED]
        ),
    )
    return lines


def _contradictions(analysis: Analysis) -> list[str]:
    lines = ["## Contradictions", ""]
    if not analysis.conflicts:
        return [*lines, "None found."]
    lines += [
        "Values the paper states differently in different places, with nothing in the sentence "
        "or table to tell them apart. Some are real contradictions; others belong to different "
        "experiments or models (an ablation, a second network) that the text does not label. "
        "The implementation uses the value stated first: check which one your run needs.",
        "",
    ]
    for c in analysis.conflicts:
        places = "; ".join(
            f"{md(f.anchor)}: {escape.quoted(md(f.quote))}" for f in c.hyperparameters
        )
        lines.append(f"- **{md(c.name)}**: {places}. {md(c.note)}.")
    return lines


def _shown(value: object) -> str:
    return ", ".join(fmt(v) for v in value) if isinstance(value, list) else fmt(value)


def _value_rows(values: list[StatedValue]) -> list[list[object]]:
    return [
        [
            v.name,
            _shown(v.value) + (f" {v.unit}" if v.unit and v.unit != "%" else ""),
            v.kind.value,
            escape.quoted(v.quote),
            v.anchor,
            v.canonical or "—",
        ]
        for v in values
    ]


_VALUE_HEADER = ["Name", "Value", "Kind", "Quote", "Anchor", "Label"]
# What a reproduction needs from each kind: settings to run with, the baselines' own settings,
# the numbers to reach, and the data and hardware the run assumes.
_GROUPS = (
    ("Baselines", (ValueKind.BASELINE,)),
    ("Target results to reproduce", (ValueKind.RESULT,)),
    ("Data and compute", (ValueKind.DATA, ValueKind.COMPUTE)),
)


def _stated_values(analysis: Analysis) -> list[str]:
    """Every value the paper states, grouped for a reproduction: the method's settings (and
    the ranges it searched) per experiment, baselines, target results, data and compute."""
    values = analysis.stated_values
    lines = ["## Stated values", ""]
    if not values:
        return [*lines, "None found."]
    lines += [
        "Every number the paper states, named as the paper names it; `Label` is the "
        "knowledge base's name where it has one.",
        "",
        "### The method's settings",
        "",
    ]
    own = [v for v in values if v.kind in (ValueKind.METHOD, ValueKind.SWEEP)]
    experiments: dict[str, list[StatedValue]] = {}
    for v in own:
        experiments.setdefault(v.context.experiment or "", []).append(v)
    for experiment, group in sorted(experiments.items(), key=lambda e: e[0] != ""):
        if experiment:
            lines += [f"Experiment: **{md(experiment)}**", ""]
        lines += [*_table(_VALUE_HEADER, _value_rows(group)), ""]
    if not own:
        lines += ["None.", ""]
    for title, kinds in _GROUPS:
        lines += [f"### {title}", ""]
        lines += [*_table(_VALUE_HEADER, _value_rows([v for v in values if v.kind in kinds])), ""]
    examples = sum(v.kind is ValueKind.EXAMPLE for v in values)
    if examples:
        lines.append(f"Left out: {examples} values the paper gives as illustrations.")
    return lines


def render_reproduction_notes(
    paper: Paper, analysis: Analysis, deviations: Iterable[str] = ()
) -> str:
    """The REPRODUCTION_NOTES.md text for one paper and its analysis."""
    title = md(paper.meta.title) or "untitled paper"
    lines = [
        f"# Reproduction notes: {title}",
        "",
        "> Every implementation choice, whether the paper specifies it, and what else it could "
        "be. Quotes are verbatim from the paper at the anchor given. Read this before trusting "
        "a result.",
        "",
        *_header(paper),
        "",
        *_implements(analysis),
        "",
        *_audit(analysis),
        "",
        *_stated_values(analysis),
        "",
        *_contradictions(analysis),
        "",
        "## Known deviations",
        "",
    ]
    deviations = list(deviations)
    lines += [f"- {md(d)}" for d in deviations] if deviations else ["None recorded."]
    return "\n".join(lines) + "\n"

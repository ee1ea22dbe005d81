"""Values stated in tables: every value of every `Table` of a paper as a `StatedValue`.

Each table is split into blocks (`grid`), each block classified (`layout`): a key–value
hyperparameter table, a configuration matrix (one column per setting: the column's header is
the value's context), a data-statistics table (kind `data`), or a results table (kind `result`
for the paper's own method, `baseline` for the methods it compares with, the method as
`context.model`). Cells are read by `cells`. Names are the row labels (and column headers) as
the paper writes them; the knowledge base's canonical name is added when the label matches its
vocabulary. Every value's quote is its row, which `paper.contains_quote(quote, within=anchor)`
finds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.table_values.cells import plain
from paper2code.analyse.table_values.grid import Block, blocks, clean_label
from paper2code.analyse.table_values.layout import (
    Layout,
    caption_experiment,
    citing_sentences,
    classify,
    compared_sections,
    count_rows,
    described_words,
    method_names,
    own_variants,
    section_measure,
    section_prose_measure,
    title_words,
)
from paper2code.analyse.table_values.results import Cast, named_baselines, results_values
from paper2code.analyse.table_values.settings import settings_values
from paper2code.analyse.table_values.statements import cell_statements
from paper2code.analyse.text import sentences
from paper2code.analyse.values.abbreviations import abbreviations
from paper2code.analyse.values.kinds import baseline_subjects, baselines_section
from paper2code.analyse.values.names import symbol_definitions
from paper2code.analyse.values.systems import other_systems
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper, Table


def table_values(paper: Paper, kb: KnowledgeBase) -> list[StatedValue]:
    """Every value the paper's tables state, in document order."""
    names = method_names(paper)
    names += [v for v in own_variants(paper) if v not in names]
    title = title_words(paper.meta.title)
    out: list[StatedValue] = []
    # a tabular before the first section has nothing to cite it by
    parts = [
        (_side(t, i, len(found)), b)
        for t in paper.tables
        if t.anchor
        for found in [blocks(t.rows, t.rules)]
        for i, b in enumerate(found)
    ]
    layouts = _same_halves(parts, [classify(table, block, kb) for table, block in parts])
    prose = [s.text for s in sentences(paper)]
    subjects = baseline_subjects(prose)
    cast = Cast(
        names=names,
        title=title,
        described=described_words(paper, names, abbreviations(paper)),
        symbols=symbol_definitions(
            [p.text for p in paper.paragraphs] + [t.caption for t in paper.tables]
        ),
        compared=compared_sections(paper),
        datasets=_described_datasets(parts, layouts),
        others=other_systems(prose, names),
        references=named_baselines([t.caption for t in paper.tables]),
        subjects=tuple(subjects),
    )
    for (table, block), layout in zip(parts, layouts, strict=True):
        if layout is None:
            continue
        if layout is Layout.RESULTS:
            # what the citing prose says the table measures, else its section's other tables
            cited = " ".join(
                p
                for p in (
                    citing_sentences(paper, table.anchor),
                    section_measure(paper, table),
                    section_prose_measure(paper, table),
                )
                if p
            )
            found = results_values(table, block, cast, kb, cited)
        else:
            found = settings_values(table, block, layout, names, kb, title, cast.symbols)
        titles = [x.title for x in paper.enclosing_sections(table)]
        if baselines_section(titles, subjects) and not _names_ours(table, names):
            for v in found:  # a table where the paper presents a baseline holds its figures
                if v.kind in (ValueKind.METHOD, ValueKind.RESULT):
                    v.kind = ValueKind.BASELINE
        if _EXAMPLE_CAPTION.match(plain(table.caption)):
            for v in found:  # "Example of POS tagging for tweets": an illustration's numbers
                v.kind = ValueKind.EXAMPLE
        # a block whose rows and columns name no experiment is of the one its caption names;
        # where they name some, a value they leave out is no sign of the caption's
        if not any(v.context.experiment for v in found):
            where = caption_experiment(table.caption)
            for v in found:
                v.context.experiment = where
        out.extend(v for v in found if _quoted(paper, v))
    for v in out:
        v.name = _letters_printed(v.name)
    # the text cells of a table no settings layout read
    read = {t.anchor for (t, _), x in zip(parts, layouts, strict=True) if x in _SETTINGS_LAYOUTS}
    for table in paper.tables:
        if table.anchor not in read:
            found = cell_statements(table, kb, cast.symbols)
            out.extend(v for v in found if _quoted(paper, v))
    return out


_SETTINGS_LAYOUTS = (Layout.KEY_VALUE, Layout.MATRIX)
_EXAMPLE_CAPTION = re.compile(
    r"\s*(?:an?\s+)?(?:examples?|illustrations?)\s+(?:of|for)\b|\s*(?:an?\s+)?(?:toy|worked)\s+examples?\b",
    re.IGNORECASE,
)
# A caption that says what each of two tables set side by side holds: "Results for image
# classification accuracy (left) and multilingual MT BLEU (right)"
_SIDES = re.compile(r"([^.;,()]+?)\s*\((left|right|top|bottom)\)", re.IGNORECASE)


def _side(table: Table, i: int, of: int) -> Table:
    """The table as its i-th of `of` blocks reads it: under its own part of a caption that
    describes a left and a right (or top and bottom) table, that part (then the rest)."""
    sides = {m.group(2).lower(): m.group(1).strip() for m in _SIDES.finditer(table.caption)}
    first, second = sides.get("left") or sides.get("top"), sides.get("right") or sides.get("bottom")
    if of != 2 or not (first and second):
        return table
    rest = _SIDES.sub("", table.caption).strip(" .,;")
    return replace(table, caption=f"{first if i == 0 else second}. {rest}")


def _same_halves(
    parts: list[tuple[Table, Block]], layouts: list[Layout | None]
) -> list[Layout | None]:
    """A hyperparameter table set as side-by-side halves (two headerless tabulars in one
    float, one caption) is one key–value table: a half whose labels the vocabulary knows too
    few of to vote takes the layout of its sibling of the same shape, not that of results."""

    def half(table: Table, block: Block) -> tuple | None:
        return (
            None if any(block.header) else (table.anchor, table.caption, block.width, block.labels)
        )

    settings = {
        half(*part)
        for part, layout in zip(parts, layouts, strict=True)
        if layout is Layout.KEY_VALUE
    } - {None}
    return [
        Layout.KEY_VALUE if layout is Layout.RESULTS and half(*part) in settings else layout
        for part, layout in zip(parts, layouts, strict=True)
    ]


def _names_ours(table: Table, names: list[str]) -> bool:
    """Whether the table's caption or cells name one of the paper's own methods."""
    text = " ".join([table.caption, *(c for row in table.rows for c in row)]).lower()
    return any(n.lower() in text for n in names if n)


def _quoted(paper: Paper, value: StatedValue) -> bool:
    """Keep the row as the quote when the paper finds it; else the cell alone."""
    if paper.contains_quote(value.quote, within=value.anchor):
        return True
    value.quote = value.raw
    return paper.contains_quote(value.quote, within=value.anchor)


__all__ = ["table_values"]


def _described_datasets(
    parts: list[tuple[Table, Block]], layouts: list[Layout | None]
) -> frozenset[str]:
    """The datasets the paper's data tables describe: one per row ("TREC-CAR | 3.5M | ..."),
    or one per column below rows of counts ("| MUTAG | PROTEINS |")."""
    found: set[str] = set()
    for (_, block), layout in zip(parts, layouts, strict=True):
        if layout is not Layout.DATA:
            continue
        if count_rows(block):
            found |= {clean_label(head) for head in block.header[block.labels :] if head}
        elif block.labels:
            found |= {clean_label(r.cells[0].text) for r in block.rows if r.cells[0].text}
    return frozenset(found)


def _letters_printed(name: str) -> str:
    """A name with the Greek letters among its words printed as letters ("Q $\\varepsilon$
    start" is "Q ε start"); a symbol alone ("\\alpha") stays as the paper writes it."""
    if " " not in name:
        return name
    return _GREEK_MACRO.sub(lambda m: _GREEK.get(m.group(1), m.group(0)), name)


def _greek_letter(name: str) -> str | None:
    case = "CAPITAL" if name[0].isupper() else "SMALL"
    base = name.removeprefix("var").upper().replace("LAMBDA", "LAMDA")
    for form in (f"GREEK {case} LETTER {base}", f"GREEK {base} SYMBOL"):
        try:
            return unicodedata.lookup(form)
        except KeyError:
            continue
    return None


_GREEK_NAMES = [
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
    "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
]  # fmt: skip
_GREEK = {n: g for n in _GREEK_NAMES if (g := _greek_letter(n))}
_GREEK_MACRO = re.compile(r"\\([A-Za-z]+)\b")

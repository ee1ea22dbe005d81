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

from paper2code.analyse.hyperparams import cell_name, cell_value, row_quote
from paper2code.analyse.model import Number, StatedValue, ValueContext, ValueKind
from paper2code.analyse.table_values.cells import CellValue, plain
from paper2code.analyse.table_values.grid import Block, Row, blocks, clean_label
from paper2code.analyse.table_values.layout import (
    Layout,
    classify,
    is_ours,
    is_sweep,
    method_column,
    method_names,
    methods_in_columns,
)
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper, Table

# A column header that names a model or a size rather than a dataset or a task.
_MODEL_HEADER = re.compile(
    r"\bmodels?\b|\b(?:base|small|large|tiny|huge|big|giant|medium|ours)\b|"
    r"\b\d+(?:\.\d+)?\s*[MBK]\b|-(?:S|B|L|XL|H|XXL)\b",
    re.IGNORECASE,
)
_STAGES = (
    (re.compile(r"pre-?train", re.I), "pre-training"),
    (re.compile(r"fine-?tun", re.I), "fine-tuning"),
)


def table_values(paper: Paper, kb: KnowledgeBase) -> list[StatedValue]:
    """Every value the paper's tables state, in document order."""
    names = method_names(paper)
    out: list[StatedValue] = []
    for table in paper.tables:
        if not table.anchor:
            continue  # a tabular before the first section: nothing to cite it by
        for block in blocks(table.rows):
            layout = classify(table, block, kb)
            if layout is None:
                continue
            if layout is Layout.RESULTS:
                found = _results(table, block, names, kb)
            else:
                found = _settings(table, block, layout, kb)
            out.extend(v for v in found if _quoted(paper, v))
    return out


def _quoted(paper: Paper, value: StatedValue) -> bool:
    """Keep the row as the quote when the paper finds it; else the cell alone."""
    if paper.contains_quote(value.quote, within=value.anchor):
        return True
    value.quote = value.raw
    return paper.contains_quote(value.quote, within=value.anchor)


def _stage(table: Table) -> str | None:
    caption = plain(table.caption)
    return next((stage for rx, stage in _STAGES if rx.search(caption)), None)


def _value(cell: CellValue) -> Number | str | list[Number | str]:
    return cell.values[0] if len(cell.values) == 1 else list(cell.values)


def _symbol(row: Row, labels: int) -> str | None:
    """A symbol the row label gives: `$g_1$`, or "Cycle loss weight ($\\gamma$)"."""
    for raw in row.raw[:labels]:
        m = re.fullmatch(r"\s*\$([^$]+)\$\s*", raw) or re.search(r"\(\s*\$([^$]+)\$\s*\)", raw)
        if m:
            return m.group(1).strip()
    return None


def _spread_column(block: Block, j: int) -> bool:
    """A column of `(3.7)` beside a column of values: their standard deviations."""
    cells = [plain(r.raw[j]) for r in block.rows if r.raw[j].strip()]
    return bool(cells) and all(c.startswith("(") and c.endswith(")") for c in cells)


def _settings(table: Table, block: Block, layout: Layout, kb: KnowledgeBase) -> list[StatedValue]:
    """Key–value, configuration-matrix and data-statistics blocks: names down the label
    columns, a context per value column."""
    out = []
    sweep = is_sweep(table)
    for row in block.rows:
        name = block.label(row)
        if not name:
            continue
        named = cell_name(name, kb)
        for j in range(block.labels, block.width):
            cell = row.cells[j]
            if not cell.values or (cell.word and layout is Layout.DATA):
                continue  # words in a statistics table ("photos") are descriptions
            value, canonical = _value(cell), None
            if cell.word and (choice := _choice(name, cell, kb)):
                canonical, value = choice
            elif named and cell.numeric and named[0].accepts(float(cell.values[0])):
                canonical = named[0].name
            if layout is Layout.DATA:
                kind = ValueKind.DATA
            elif len(cell.values) > 1 and sweep:
                kind = ValueKind.SWEEP
            else:
                kind = ValueKind.METHOD
            header = block.header[j] if layout is not Layout.KEY_VALUE else ""
            context = ValueContext(stage=_stage(table))
            if header and _MODEL_HEADER.search(header):
                context.model = header
            elif header or cell.note:
                context.experiment = header or cell.note
            unit = cell.unit or (named[0].unit if canonical and named else None)
            out.append(
                StatedValue(
                    name=name,
                    value=value,
                    raw=cell.raw.strip(),
                    kind=kind,
                    anchor=table.anchor,
                    quote=row_quote(row.raw),
                    symbol=_symbol(row, block.labels),
                    unit=unit,
                    context=context,
                    canonical=canonical,
                    source=str(table.loc),
                )
            )
    return out


def _choice(name: str, cell: CellValue, kb: KnowledgeBase) -> tuple[str, str] | None:
    """(knowledge-base name, label) of a named choice: "Optimizer | AdamW" is `optimizer`
    `adamw`; "LR schedule | cosine" is `lr_schedule` `cosine`. The row name must be about the
    choice (its `requires`), and the cell one of its values, by pattern or by label."""
    for hp in kb.hyperparameters:
        if not hp.categorical or not (hp.requires and hp.requires.search(name.lower())):
            continue
        got = cell_value(hp, cell.raw)
        if got is not None:
            return hp.name, str(got[0])
        word = str(cell.values[0]).lower()
        if word in hp.values:
            return hp.name, word
    return None


def _caption_name(table: Table) -> str:
    """What a table measures when its headers name the methods: the caption's first phrase
    ("Normalized mean return."), when it is short enough to be a name."""
    first = re.split(r"(?<=[a-z0-9)])\.\s|\.$", plain(table.caption).strip())[0].strip()
    return first if first and len(first.split()) <= 8 else "value"


def _results(table: Table, block: Block, names: list[str], kb: KnowledgeBase) -> list[StatedValue]:
    """Results blocks: one value per (method, metric), methods as rows or as columns. A
    column the knowledge base names ("Epochs", "Steps") is the method's setting, not a result."""
    columns = range(block.labels, block.width)
    by_column = methods_in_columns(block, names)
    any_ours = by_column or any(
        is_ours(block.label(r), names) or is_ours(r.group, names) for r in block.rows
    )
    by_method = method_column(block)
    out = []
    for row in block.rows:
        label = block.label(row) or None
        setting = None  # "MNIST" beside the method "Xavier": the experiment the row is for
        if by_method is not None:
            label = clean_label(row.cells[by_method].text) or None
            others = [clean_label(c.text) for c in row.cells[: block.labels]]
            setting = " ".join(o for i, o in enumerate(others) if o and i != by_method) or None
        for j in columns:
            cell = row.cells[j]
            if not cell.numeric or _spread_column(block, j):
                continue
            header = block.header[j] or None
            if by_column:
                model, name, experiment = header, _caption_name(table), label
                ours = is_ours(header, names)
            else:
                # The lowest header row names the metric; the rows above it, the setting it is
                # measured in ("DAQUAR" over "Acc.", "2 Nodes" over "Accuracy").
                *upper, metric = block.parts[j] or [_caption_name(table)]
                model, name = (None, metric) if block.numeric_key else (label, metric)
                if block.numeric_key:
                    setting = label
                group = row.group if row.group and not is_ours(row.group, names) else None
                experiment = " ".join(p for p in (setting, group, *upper) if p) or None
                ours = is_ours(label, names) or is_ours(row.group, names)
            named = None if by_column or not header else cell_name(header, kb)
            if named and not named[1] and named[0].accepts(float(cell.values[0])):
                kind = ValueKind.METHOD if ours or not any_ours else ValueKind.BASELINE
                canonical: str | None = named[0].name
            else:
                kind = ValueKind.RESULT if ours or not any_ours else ValueKind.BASELINE
                canonical = None
            out.append(
                StatedValue(
                    name=clean_label(name),
                    value=_value(cell),
                    raw=cell.raw.strip(),
                    kind=kind,
                    anchor=table.anchor,
                    quote=row_quote(row.raw),
                    unit=cell.unit or cell.note,
                    context=ValueContext(model=model, experiment=experiment, stage="evaluation"),
                    canonical=canonical,
                    source=str(table.loc),
                )
            )
    return out


__all__ = ["table_values"]

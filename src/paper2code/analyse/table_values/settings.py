"""Key–value, configuration-matrix and data-statistics blocks: names down the label columns,
one value per value column, that column's header as the value's context (a model size, a
dataset, a setting), and the knowledge base's canonical name when the row name is in its
vocabulary."""

from __future__ import annotations

import re
from dataclasses import replace

from paper2code.analyse.hyperparams import cell_name, cell_value, row_quote
from paper2code.analyse.model import StatedValue, ValueContext, ValueKind
from paper2code.analyse.table_values.cells import CellValue, plain
from paper2code.analyse.table_values.grid import Block, Row
from paper2code.analyse.table_values.layout import (
    ENVIRONMENT_TABLE,
    Layout,
    first_sentence,
    is_ours,
    is_quantity,
    is_sweep,
    model_rows,
    names_data,
    names_in_header,
    shares_title,
)
from paper2code.analyse.table_values.statements import stated_in_cell
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Table
from paper2code.paper.numbers import parse_number

# A column header that names a model or a size rather than a dataset or a task.
_MODEL_HEADER = re.compile(
    r"\bmodels?\b|\b(?:base|small|large|tiny|huge|big|giant|medium|ours)\b|"
    r"\b\d+(?:\.\d+)?\s*[MBK]\b|-(?:S|B|L|XL|H|XXL)\b",
    re.IGNORECASE,
)
_BASELINE = re.compile(r"\bbaselines?\b", re.IGNORECASE)
_STAGES = (
    (re.compile(r"pre-?train", re.I), "pre-training"),
    (re.compile(r"fine-?tun", re.I), "fine-tuning"),
)


# A table of one compared method's settings: "Cat Feeder DWN baseline hyperparameters", "PPO
# baseline hyperparameters" (not "... of our method and the baselines")
_OF_BASELINE = re.compile(r"\bbaseline\s+(?:hyper-?\s?parameters|settings|configuration)\b", re.I)
_OF_OURS = re.compile(r"\b(?:our|ours|proposed)\b", re.I)


# What a run uses up, named by a settings row: its memory, disk and time
_RESOURCE = re.compile(
    r"\b(?:memory|V?RAM|disk(?:\s+space)?|storage|time\s+taken|run-?time|wall[- ]?clock|"
    r"(?:generation|training|running|run|inference)\s+time|GPU[- ]?(?:hours?|days?))\b",
    re.IGNORECASE,
)


def _stage(table: Table) -> str | None:
    caption = plain(table.caption)
    return next((stage for rx, stage in _STAGES if rx.search(caption)), None)


# A Greek symbol after the words naming it: "Regularization term $\lambda$", "Discount factor
# $\gamma$" (a count of what a symbol names, "#layers $g_1$", keeps it in its name)
_TRAILING_SYMBOL = re.compile(r"\s*[A-Za-z].*?\s\$(\\[a-zA-Z]+(?:_\{?\w+\}?)?)\$\s*")


def _symbol(row: Row, labels: int) -> str | None:
    """A symbol the row label gives: `$g_1$`, "Cycle loss weight ($\\gamma$)" or "Discount
    factor $\\gamma$"."""
    for raw in row.raw[:labels]:
        m = (
            re.fullmatch(r"\s*\$([^$]+)\$\s*", raw)
            or re.search(r"\(\s*\$([^$]+)\$\s*\)", raw)
            or _TRAILING_SYMBOL.fullmatch(raw)
        )
        if m:
            return m.group(1).strip()
    return None


def _without_symbol(label: str, symbol: str | None) -> str:
    """The words of a label that end with its Greek symbol: the name the paper gives the
    quantity ("#layers g_1" in two label columns names the layers of g_1)."""
    if symbol and symbol.startswith("\\") and label.endswith(symbol) and label != symbol:
        return label.removesuffix(symbol).strip()
    return label


def _baseline_columns(block: Block, names: list[str], title: frozenset[str]) -> set[int]:
    """The value columns that hold another method's settings: headed "baseline", or beside a
    column headed as the paper's own ("DT | TinyNet (ours)"); where no header says "ours",
    the columns headed by the title's words ("Cos. Sim." of "... with Cosine Similarity",
    beside "Dot Prod."), unless the columns are datasets (a title may name its dataset)."""
    columns = range(block.labels, block.width)
    ours = {j for j in columns if is_ours(block.header[j], names)}
    headed = [j for j in columns if block.header[j]]
    if not ours and not any(names_data(block.header[j]) for j in headed):
        titled = {j for j in headed if shares_title(block.header[j], title)}
        ours = titled if len(titled) < len(headed) else set()
    named = {j for j in columns if _BASELINE.search(block.header[j])}
    return named | ({j for j in columns if block.header[j]} - ours if ours else set())


def settings_values(
    table: Table,
    block: Block,
    layout: Layout,
    names: list[str],
    kb: KnowledgeBase,
    title: frozenset[str],
    symbols: dict[str, str],
) -> list[StatedValue]:
    """Key–value, configuration-matrix and data-statistics blocks: names down the label
    columns, a context per value column; or, in a block set out sideways (`names_in_header`),
    names across the headers and a context per row. A text cell is read as a sentence
    (`statements.stated_in_cell`), with the paper's `symbols`."""
    out = []
    sweep = is_sweep(table)
    caption = first_sentence(plain(table.caption))
    environment = bool(ENVIRONMENT_TABLE.search(caption))
    of_baseline = bool(_OF_BASELINE.search(caption)) and not _OF_OURS.search(caption)
    sideways = layout is not Layout.KEY_VALUE and names_in_header(block, kb)
    matrix = layout is Layout.MATRIX and not sideways
    baselines = _baseline_columns(block, names, title) if matrix else set()
    for row in block.rows:
        label = block.label(row)
        if not label:
            continue
        if layout is Layout.DATA:
            out += _label_counts(table, row, label)
        for j in range(block.labels, block.width):
            cell = row.cells[j]
            if layout is Layout.DATA:
                cell = _counts_side_by_side(cell)
            if not cell.values and layout is not Layout.DATA:
                out += stated_in_cell(table, row.raw, j, label, kb, symbols)
                if sideways and model_rows(block):
                    out += _counted(table, row, cell.text, label, block.header[j])
            if not cell.values or (cell.word and layout is Layout.DATA):
                continue  # words in a statistics table ("photos") are descriptions
            header = block.header[j] if layout is not Layout.KEY_VALUE else ""
            symbol = None if sideways else _symbol(row, block.labels)
            named_as = _without_symbol(label, symbol)
            name, setting = (header, label) if sideways else (named_as, header)
            if sideways and cell.note and is_quantity(cell.note, kb):
                # "Layer 1 | 128 hidden units": the cell names what it counts, the header
                # where ("hidden units" of layer 1)
                name = cell.note
                setting = header if model_rows(block) else f"{label} {header}".strip()
            if not name:
                continue
            named = cell_name(name, kb)
            value, canonical = cell.stated, None
            if cell.word and (choice := _choice(name, cell, kb)):
                canonical, value = choice
            elif named and cell.numeric and named[0].accepts(float(cell.values[0])):
                canonical = named[0].name
            if layout is Layout.DATA or environment:
                kind = ValueKind.DATA
            elif len(cell.values) > 1 and sweep:
                kind = ValueKind.SWEEP
            elif j in baselines or of_baseline:
                kind = ValueKind.BASELINE
            elif canonical is None and _RESOURCE.search(name):
                kind = ValueKind.COMPUTE  # "Memory used | 10 GiB", "Time taken | 3-4 minutes"
            else:
                kind = ValueKind.METHOD
            context = ValueContext(stage=_stage(table))
            if sideways and model_rows(block):  # "network | # layers": the row's model
                context.model = label
                context.experiment = setting if setting != label else None
            elif setting and _MODEL_HEADER.search(setting):
                context.model = setting
            elif setting or cell.note:
                context.experiment = setting or cell.note
            unit = cell.unit or (named[0].unit if canonical and named else None)
            found = StatedValue(
                name=name,
                value=value,
                raw=cell.raw.strip(),
                kind=kind,
                anchor=table.anchor,
                quote=row_quote(row.raw),
                symbol=symbol,
                unit=unit,
                context=context,
                canonical=canonical,
                source=str(table.loc),
            )
            out += _slashed_names(found, cell) if not sideways else [found]
    return out


def _slashed_names(found: StatedValue, cell: CellValue) -> list[StatedValue]:
    """A label naming several settings between slashes over as many values ("Q $\\varepsilon$
    start / min / decay" over "0.99 / 0.01 / 0.995"): one value per name, each name the
    first one's words but its last, then its own word ("Q \\varepsilon min")."""
    names = [n.strip() for n in found.name.split(" / ")]
    raws = [r.strip() for r in cell.raw.split("/")]
    if len(names) < 2 or not len(names) == len(cell.values) == len(raws):
        return [found]
    stem = names[0].rsplit(" ", 1)[0] if " " in names[0] else ""
    return [
        replace(
            found,
            name=name if " " in name or not stem else f"{stem} {name}",
            value=value,
            raw=raw,
            canonical=None,
            context=replace(found.context),
        )
        for name, value, raw in zip(names, cell.values, raws, strict=True)
    ]


# Whole numbers between slashes: "63/125", "159/90/50"
_SLASHED = re.compile(r"\d+(?:\s*/\s*\d+)+")


def _counts_side_by_side(cell: CellValue) -> CellValue:
    """A statistics table's "63/125" is a count per class (or per split), one value each, not
    the fraction 0.504 the number reader takes it for: a statistics table writes a share as
    a decimal or a percentage."""
    if not _SLASHED.fullmatch(cell.text.strip()):
        return cell
    counts = tuple(int(x) for x in re.split(r"\s*/\s*", cell.text.strip()))
    return replace(cell, values=counts, unit=None, note=None, spread=None)


# A count a data row's label gives in parentheses: "SFOV (n=120)", "Test set ($N = 500$)"
_LABEL_COUNT = re.compile(r"\(\s*\$?\s*([A-Za-z])\s*=\s*(\d[\d,.]*[kKM]?)\s*\$?\s*\)")


def _label_counts(table: Table, row: Row, label: str) -> list[StatedValue]:
    """The sizes a data table's row label states ("LFOV (n=100)": 100 scans): data, named by
    their symbol, for the rest of the label."""
    out = []
    for m in _LABEL_COUNT.finditer(label):
        value = parse_number(m.group(2))
        if value is None:
            continue
        where = " ".join(_LABEL_COUNT.sub(" ", label).split()) or None
        out.append(
            StatedValue(
                name=m.group(1),
                value=value,
                raw=m.group(0).strip("() $"),
                kind=ValueKind.DATA,
                anchor=table.anchor,
                quote=row_quote(row.raw),
                symbol=m.group(1),
                context=ValueContext(experiment=where),
                source=str(table.loc),
            )
        )
    return out


# Counts written side by side in one cell, each with its noun: "[10000 vocab, 200 dim]"
_COUNTED = re.compile(r"(\d[\d,.]*)\s+([A-Za-z][\w-]*)")
# A count of the data's items, not of the model's parts: a vocabulary's size
_DATA_NOUN = re.compile(r"vocab(?:ulary)?|tokens|words|classes", re.IGNORECASE)
# Nouns such cells shorten, spelt out: "65 vocab" is a vocabulary of 65, "128 dim" a dimension
_SPELLED = {"vocab": "vocabulary size", "dim": "dimension", "dims": "dimension"}


def _counted(table: Table, row: Row, text: str, model: str, header: str) -> list[StatedValue]:
    """The counts a model row's cell writes with their nouns ("[65 vocab, 128 dim]" under
    "Word Embed."): each named by its noun, a vocabulary's size data, the rest the model's
    setting; the header is where."""
    body = text.strip().removeprefix("[").removesuffix("]")
    items = [p.strip() for p in body.split(",")]
    found = [_COUNTED.fullmatch(p) for p in items]
    if len(items) < 2 or not all(found):
        return []
    out = []
    for m in found:
        assert m is not None
        value = parse_number(m.group(1))
        if value is None:
            continue
        noun = m.group(2)
        out.append(
            StatedValue(
                name=_SPELLED.get(noun.lower(), noun),
                value=value,
                raw=m.group(1),
                kind=ValueKind.DATA if _DATA_NOUN.fullmatch(noun) else ValueKind.METHOD,
                anchor=table.anchor,
                quote=row_quote(row.raw),
                context=ValueContext(model=model or None, experiment=header or None),
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

"""Results blocks: one value per (method, metric), methods as rows or as columns; the paper's
own method's values are results, the others' baselines."""

from __future__ import annotations

import re

from paper2code.analyse.hyperparams import cell_name, row_quote
from paper2code.analyse.model import StatedValue, ValueContext, ValueKind
from paper2code.analyse.table_values.cells import parse_cell, plain
from paper2code.analyse.table_values.grid import Block, Row, clean_label
from paper2code.analyse.table_values.layout import (
    caption_metric,
    is_metric,
    is_ours,
    method_column,
    methods_in_columns,
    metric_rows,
    shares_title,
)
from paper2code.analyse.values.kinds import measures_compute
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Table

# A header that sets a variable ("$m=4$", "k = 10"): the column's setting, not its metric.
_ASSIGNMENT = re.compile(r"\s*[A-Za-z][\w{}^\\]*\s*=\s*-?[\d.,]+(?:[eE]-?\d+)?\s*")


def _spread_column(block: Block, j: int) -> bool:
    """A column of `(3.7)` beside a column of values: their standard deviations."""
    cells = [plain(r.raw[j]) for r in block.rows if r.raw[j].strip()]
    return bool(cells) and all(c.startswith("(") and c.endswith(")") for c in cells)


def _caption_name(table: Table, labels: tuple[str, ...]) -> str:
    """What a table measures when its headers do not say: the caption's first phrase
    ("Normalized mean return."; "PSNR" of "PSNR results of different stepsize schedules"),
    or, when that names no metric ("Results."), the metric a later sentence names ("Higher
    accuracy is better", "Results are shown in PSNR")."""
    caption = plain(table.caption).strip()
    first = re.split(r"(?<=[a-z0-9)])\.\s|\.$", caption)[0].strip()
    if len(first.split()) > 8:
        first = re.split(r"\s(?:of|on|for|with|in|across|at|under|using)\s", first)[0]
    if caption_metric(first, labels) is not None:
        return re.sub(r"\s+(?:results?|performance|comparison)\b.*$", "", first, flags=re.I)
    metric = caption_metric(caption, labels)
    if metric is not None:
        return metric
    first = re.sub(r"\s+(?:results?|performance|comparison)$", "", first, flags=re.I)
    return first if first and len(first.split()) <= 8 else "value"


def _row_names(block: Block, row: Row, names: list[str]) -> tuple[str | None, str | None, bool]:
    """(method, setting, whether the method is the paper's own) a row names: its label
    columns, or the "Method" one among them with the others ("MNIST") as the setting; a row
    named by a setting's value ("Sequence Length 16") names no method."""
    label = block.label(row) or None
    if block.numeric_key:
        return None, label, False
    setting = None
    by_method = method_column(block)
    if by_method is not None:
        label = clean_label(row.cells[by_method].text) or None
        others = [clean_label(c.text) for c in row.cells[: block.labels]]
        setting = " ".join(o for i, o in enumerate(others) if o and i != by_method) or None
    group = row.group if row.group and not is_ours(row.group, names) else None
    setting = " ".join(p for p in (setting, group) if p) or None
    # "E2E-VAE (Ours) | REPA": the mark may stand in any label column, or in the group row
    return label, setting, is_ours(block.label(row), names) or is_ours(row.group, names)


def results_values(
    table: Table,
    block: Block,
    names: list[str],
    kb: KnowledgeBase,
    title: frozenset[str] = frozenset(),
) -> list[StatedValue]:
    """One value per (method, metric). Methods are the rows, unless the columns are ("GPT2
    (ours)" as a header, or rows named "Dataset | Environment"): then the caption names the
    metric. A column the knowledge base names ("Epochs") holds the method's setting. `title`
    holds the title's distinctive words (`title_words`)."""
    by_column = methods_in_columns(block, names)
    by_metric = metric_rows(block)
    rows = [(row, *_row_names(block, row, names)) for row in block.rows]
    labels = tuple(block.label(row) for row in block.rows)
    measured = _caption_name(table, labels)  # what the cells measure when headers do not say
    caption_says = caption_metric(plain(table.caption), labels)
    # Headers that are metrics themselves ("FID | NLL | SSCD") are not datasets the caption's
    # metric is measured on; where arrows mark the metrics, a column without one is a setting
    # of the row's method ("Steps | IS ↑ | NLL ↑").
    values = range(block.labels, block.width)
    lowest = [block.parts[j][-1] for j in values if block.parts[j]]
    metric_heads = any(is_metric(plain(h)) for h in lowest) or any(block.marked[j] for j in values)
    arrows = not by_column and any(block.marked[j] for j in values)
    if by_column:
        any_ours = any(is_ours(h, names) for h in block.header[block.labels :])
    else:
        any_ours = any(ours for *_, ours in rows)
        # No row marked the paper's own: the rows that reuse the title's distinctive words
        # ("Mixture-LSTM" under "Mixture-of-tastes Models"), when that tells some from others
        titled = [shares_title(method, title) for _, method, *_ in rows]
        if not any_ours and 0 < sum(titled) < len(rows):
            rows = [(r, m, s, t) for (r, m, s, _), t in zip(rows, titled, strict=True)]
            any_ours = True
    out = []
    for row, method, setting, row_is_ours in rows:
        for j in range(block.labels, block.width):
            cell = row.cells[j]
            if not cell.numeric or _spread_column(block, j):
                continue
            header = block.header[j] or None
            cost = False
            ours = is_ours(header, names) if by_column else row_is_ours
            if by_column and by_metric:
                model, name, experiment = header, block.label(row), None
            elif by_column and is_metric(block.label(row)):
                # a metric's row among the data's ("Time" under the images' PSNR): its own
                model, name, experiment = header, block.label(row), None
                cost = measures_compute(name)
            elif by_column:
                model, name, experiment = (
                    header,
                    measured,
                    block.label(row) or None,
                )
            else:
                # The lowest header row names the metric; the rows above it, the setting it is
                # measured in ("DAQUAR" over "Acc.", "2 Nodes" over "Accuracy").
                *upper, name = block.parts[j] or [measured]
                if parse_cell(name).numeric:  # "NFE | 10 | 25": the column is a setting's value
                    upper, name = (
                        [*upper, f"{block.header[0]} {name}".strip()],
                        measured,
                    )
                elif _ASSIGNMENT.fullmatch(plain(name)):  # "m=4": a setting that names itself
                    upper, name = [*upper, plain(name).strip()], measured
                elif (
                    not metric_heads and cell_name(name, kb) is None and caption_says is not None
                ):  # "Model | Movielens | Amazon" under "Mean reciprocal rank (MRR) ...": the
                    # columns are where the caption's metric is measured
                    upper, name = [*upper, name], caption_says
                model, experiment = method, " ".join(p for p in (setting, *upper) if p) or None
            named = None if by_column or not header else cell_name(header, kb)
            canonical = None
            if named and not named[1] and named[0].accepts(float(cell.values[0])):
                canonical = named[0].name
            setting_column = canonical is not None or (
                arrows and not block.marked[j] and not is_metric(plain(name))
            )
            if ours or not any_ours:
                kind = ValueKind.METHOD if setting_column else ValueKind.RESULT
            else:
                kind = ValueKind.BASELINE
            if cost:
                kind = ValueKind.COMPUTE  # what each method costs to run: "Time", "GPU hours"
            stage = None if setting_column else "evaluation"
            out.append(
                StatedValue(
                    name=clean_label(name),
                    value=cell.stated,
                    raw=cell.raw.strip(),
                    kind=kind,
                    anchor=table.anchor,
                    quote=row_quote(row.raw),
                    unit=cell.unit or cell.note,
                    context=ValueContext(model=model, experiment=experiment, stage=stage),
                    canonical=canonical,
                    source=str(table.loc),
                )
            )
    return out

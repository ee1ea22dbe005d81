"""Canonical labels: the knowledge base's name (`learning_rate`, `num_heads`) for a stated value.

A value gets the label of the vocabulary reading (`hyperparams.extract_hyperparameters`) when
that reading found the same value in the same sentence; otherwise the label of the vocabulary
entry whose phrase ends the paper's name ("base learning rate"), whose count noun is the name
("attention heads") or whose symbol is the value's. Values the vocabulary reading found and the
open reading did not (a categorical choice such as "AdamW", a phrase the grammar misses) are
added as stated values of their own, so the open reading never knows less than the closed one.
"""

from __future__ import annotations

import re

from paper2code.analyse.hyperparams import namers, symbol_key
from paper2code.analyse.model import Number, StatedHyperparameter, StatedValue, ValueKind
from paper2code.analyse.text import Sentence
from paper2code.analyse.values.kinds import classify, context_of
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper, Section
from paper2code.paper.numbers import find_squares, same_value
from paper2code.paper.text import quote_in


def _items(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return same_value(float(a), float(b))  # type: ignore[arg-type]


def holds(value: object, item: object) -> bool:
    """Whether a stated value (a number, or a list of them) holds `item`."""
    return any(_same(v, item) for v in _items(value))


def _covers(v: StatedValue, f: StatedHyperparameter) -> bool:
    """A stated value covers a vocabulary reading: the same value, or the same words ("batch size of
    $100$K" covers the vocabulary's "batch size of $100$", read without its multiplier)."""
    if isinstance(f.value, str):
        return holds(v.value, f.value)
    return holds(v.value, f.value) or f.quote in v.quote or v.quote in f.quote


def _overlap(f: StatedHyperparameter, v: StatedValue) -> bool:
    """The reading's words are the value's: its number stands in the value's quote ("two
    days" is not the "$2$ epochs" of the same sentence)."""
    return bool(re.search(rf"(?<![\d.]){re.escape(f.raw)}(?![\d.])", v.quote)) or v.quote in f.quote


class Labeler:
    def __init__(self, kb: KnowledgeBase, hyperparameters: list[StatedHyperparameter]) -> None:
        self.kb = kb
        self.hyperparameters = [f for f in hyperparameters if not f.anchor.startswith("Table")]

    def _by_vocabulary(self, name: str, symbol: str | None, value: object) -> str | None:
        for namer in namers(self.kb):
            fits = all(
                isinstance(v, int | float) and namer.hp.accepts(float(v)) for v in _items(value)
            )
            if not fits:
                continue
            if namer.names is not None:
                m = next((m for m in namer.names.finditer(name) if m.end() == len(name)), None)
                if m is not None:
                    return namer.hp.name
            if namer.counts is not None and namer.counts.fullmatch(name):
                return namer.hp.name
            if symbol is not None and symbol_key(symbol) in namer.symbols:
                return namer.hp.name
        return None

    def label(self, value: StatedValue, s: Sentence) -> StatedValue:
        """`value` with its canonical label, when it has one."""
        for f in self.hyperparameters:
            if (
                f.anchor == s.anchor
                and holds(value.value, f.value)
                and quote_in(f.quote, s.text)
                and _overlap(f, value)
            ):
                value.canonical = f.name
                return value
        value.canonical = self._by_vocabulary(value.name, value.symbol, value.value)
        if value.canonical is None and isinstance(value.value, list) and value.name:
            # a list or set named in the plural is the vocabulary's quantity as much as one
            # value named in the singular: "Adam learning rates $\\{0.0001, 0.001\\}$"
            singular = re.sub(r"(?<=[a-z])s$", "", value.name)
            if singular != value.name:
                value.canonical = self._by_vocabulary(singular, value.symbol, value.value)
        return value

    def unread(self, values: list[StatedValue], paper: Paper) -> list[StatedValue]:
        """Stated values for the vocabulary's readings no open reading covers."""
        out = []
        for f in self.hyperparameters:
            if any(v.anchor == f.anchor and _covers(v, f) for v in values):
                continue
            name = re.sub(r"_", " ", f.name)
            numeric = not isinstance(f.value, str)
            # "resized to 224x224": a square picture size is the data's, as the open reading has it
            square = numeric and any(
                same_value(q.value, f.value) and q.value >= 16 for q in find_squares(f.quote)
            )
            kind = ValueKind.METHOD
            if numeric:
                kind = classify(f.quote, name, "number", 1, square=square)
            el = next(iter(paper.within(f.anchor)), None)
            section = paper.find(f.anchor)
            title = section.title if isinstance(section, Section) else ""
            at = f.quote.find(f.raw)
            end = at + len(f.raw) if at >= 0 else len(f.quote)
            value: Number | str = f.value
            out.append(
                StatedValue(
                    name=name,
                    value=value,
                    raw=f.raw,
                    kind=kind,
                    anchor=f.anchor,
                    quote=f.quote,
                    unit=f.unit,
                    context=context_of(f.quote, end, kind, title),
                    canonical=f.name,
                    source=str(el.loc) if el is not None else None,
                )
            )
        return out

"""One sentence's stated values: candidates named, classified, placed in context, quoted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from paper2code.analyse.model import Number, StatedValue, ValueKind
from paper2code.analyse.text import MATH, Sentence, clip
from paper2code.analyse.values.candidates import Candidate, find_candidates
from paper2code.analyse.values.kinds import classify, context_of
from paper2code.analyse.values.names import (
    Phrase,
    name_after,
    names_before,
    symbol_key,
)
from paper2code.paper.model import Paper
from paper2code.paper.text import quote_in


@dataclass
class _Named:
    name: str | None
    symbol: str | None
    value: Number | list[Number]
    raw: str
    start: int  # quote span in the sentence
    end: int
    unit: str | None


# "24 for Transformer and 12 for Diff": the second value is named like the first
_FOR_NEXT = re.compile(r"^[\s$~]*(?:for|on|in|with)\s+[^.;:]{1,50}?(?:,\s*(?:and\s+)?|\s+and\s+)"
                       r"(?:\$\s*)?$")  # fmt: skip


def _split_symbols(symbol: str, n: int) -> list[str] | None:
    """`(\\beta_1, \\beta_2)` assigned a tuple of two: one symbol per value."""
    inner = symbol.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    parts = [p.strip() for p in inner.split(",")]
    return parts if len(parts) == n and all(parts) else None


def _math_segment(text: str, at: int) -> tuple[int, int] | None:
    return next(((m.start(), m.end()) for m in MATH.finditer(text) if m.start() <= at < m.end()),
                None)  # fmt: skip


def _name(text: str, c: Candidate, symbols: dict[str, str]) -> list[_Named]:
    """The candidate named: one entry, or one per item when names are coordinated."""
    items = c.value if isinstance(c.value, list) else [c.value]
    if c.symbol is not None:
        seg = _math_segment(text, c.start) or (c.start, c.end)
        split = _split_symbols(c.symbol, len(items)) if len(items) > 1 else None
        syms = split or [c.symbol]
        named = []
        for sym in syms:
            name = symbols.get(symbol_key(sym))
            start = seg[0]
            if name is None and (before := names_before(text, seg[0])):
                name, start = before[0].name, before[0].start
            if name is None and (after := name_after(text, seg[1])) is not None:
                name = after.name
            named.append((name, sym, start))
        if split:
            return [_Named(n, s, v, c.raw, st, c.end, c.unit)
                    for (n, s, st), v in zip(named, items, strict=True)]  # fmt: skip
        name, sym, start = named[0]
        after = name_after(text, seg[1])
        end = after.end if after is not None and after.name == name else seg[1]
        return [_Named(name, sym, c.value, c.raw, start, max(end, c.end), c.unit)]
    before = names_before(text, c.start)
    after = name_after(text, c.end)
    if before:
        if len(items) > 1 and len(before) >= len(items):
            phrases = list(reversed(before[: len(items)]))
            return [_Named(p.name, p.symbol, v, c.raw, phrases[0].start, c.end, c.unit)
                    for p, v in zip(phrases, items, strict=True)]  # fmt: skip
        p: Phrase = before[0]
        unit = c.unit or (after.name if after and len(after.name.split()) <= 2 else None)
        return [_Named(p.name, p.symbol, c.value, c.raw, p.start, c.end, unit)]
    if after is not None:
        return [_Named(after.name, None, c.value, c.raw, c.start, after.end, c.unit)]
    return [_Named(None, None, c.value, c.raw, c.start, c.end, c.unit)]


def read_sentence(s: Sentence, symbols: dict[str, str], section: str) -> Iterator[StatedValue]:
    """Every stated value of one sentence, in order."""
    text = s.text
    previous: _Named | None = None
    prev_end = 0
    for c in find_candidates(text):
        named = _name(text, c, symbols)
        if (
            named[0].name is None
            and named[0].symbol is None
            and previous is not None
            and _FOR_NEXT.match(text[prev_end : c.start])
        ):
            named[0].name, named[0].symbol = previous.name, previous.symbol
        prev_end = c.end
        if c.words and named[0].name is None:
            continue  # "two" is a value only as a count: "two fully connected layers"
        for n in named:
            if n.name is None and n.symbol is None:
                continue  # a number nothing names: nothing to reproduce from it
            previous = n
            items = len(n.value) if isinstance(n.value, list) else 1
            name = n.name or n.symbol or ""
            kind = classify(text, name, c.shape, items)
            yield StatedValue(
                name=name,
                value=n.value,
                raw=n.raw,
                kind=kind,
                anchor=s.anchor,
                quote=clip(text, n.start, n.end, limit=1),
                symbol=n.symbol,
                unit=n.unit,
                context=context_of(text, c.end, kind, section),
                source=str(s.element.loc),
            )


class QuoteCheck:
    """Quotes the paper contains at their anchor: the value's own span when the reader finds
    it, else the sentence around it (cached per anchor: a section's text is built once)."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self._texts: dict[str, str] = {}

    def _contains(self, quote: str, anchor: str) -> bool:
        if anchor not in self._texts:
            self._texts[anchor] = self.paper.text(anchor) if self.paper.find(anchor) else ""
        return bool(quote) and quote_in(quote, self._texts[anchor])

    def fit(self, quote: str, s: Sentence) -> str:
        if self._contains(quote, s.anchor):
            return quote
        whole = clip(s.text, 0, len(s.text))
        return whole if self._contains(whole, s.anchor) else ""


__all__ = ["QuoteCheck", "ValueKind", "read_sentence"]

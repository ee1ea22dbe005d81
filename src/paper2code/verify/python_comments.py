"""The comments of a parsed Python source, found from its syntax tree rather than by tokenizing.

`tokenize` is a pure-Python loop over every token: on a 20,000-line file it took longer than
parsing and all the checks together. A `#` outside a string literal starts a comment, and the
tree knows where every string literal is, so only the lines holding a `#` need a look.

A comment is *trailing* when anything (code, or the end of a multi-line string) stands before
it on its line; otherwise its line is comment-only, as `tokenize` tells them apart (a comment
line inside brackets is comment-only too).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

# (first line, first column, last line, end column) of a string literal, columns in UTF-8 bytes
Span = tuple[int, int, int, int]


@dataclass
class Comments:
    trailing: dict[int, str] = field(default_factory=dict)  # line -> text after the `#`
    alone: dict[int, str] = field(default_factory=dict)  # comment-only lines


def string_spans(nodes: list[ast.AST]) -> list[Span]:
    """The spans of string literals among `nodes` (an f-string counts whole)."""
    return [
        (n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)  # type: ignore[misc]
        for n in nodes
        if n.end_lineno is not None and n.end_col_offset is not None
    ]


def find_comments(lines: list[str], spans: list[Span]) -> Comments:
    """Every comment of the source `lines` (line 1 is `lines[0]`) whose strings are `spans`."""
    inside: dict[int, list[tuple[int, float]]] = {}  # line -> byte ranges held by strings
    hidden: set[int] = set()  # lines wholly inside a multi-line string
    for first, col, last, end in spans:
        if first == last:
            inside.setdefault(first, []).append((col, end))
            continue
        inside.setdefault(first, []).append((col, float("inf")))
        inside.setdefault(last, []).append((0, end))
        hidden.update(range(first + 1, last))
    found = Comments()
    for row, line in enumerate(lines, start=1):
        if "#" not in line or row in hidden:
            continue
        raw = line.encode()
        held = inside.get(row, [])
        at = raw.find(b"#")
        while at >= 0 and any(a <= at < b for a, b in held):
            at = raw.find(b"#", at + 1)
        if at < 0:
            continue
        text = raw[at + 1 :].decode().strip()
        if raw[:at].strip():
            found.trailing[row] = text
        else:
            found.alone[row] = text
    return found

"""What the source readers hand the rules: prose that may cite the paper, and the values chosen.

A `Note` is a run of prose: one trailing comment, a run of comment lines, a docstring, a
Markdown paragraph or table row. A `Value` is one line's hyperparameter-like literal(s) or YAML
scalar, with the notes that may justify it, nearest first (see `python_source` and
`yaml_source` for which notes govern a value).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from paper2code.verify.grammar import Token, TokenType, tokenize


@dataclass
class Note:
    text: str
    line: int  # line of the note's first character
    tokens: list[Token] = field(init=False)
    _breaks: list[int] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.tokens = tokenize(self.text)

    def line_of(self, offset: int) -> int:
        if self._breaks is None:  # once per note: a long note has many tokens to place
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        return self.line + bisect_left(self._breaks, offset)

    @property
    def tagged(self) -> bool:
        """Whether it carries a tag: a citation, a flag, or a malformed attempt at one (which
        is reported as such, not again as a silent value)."""
        return any(t.type is not TokenType.QUOTE for t in self.tokens)

    @property
    def cites(self) -> bool:
        return any(t.type is TokenType.CITATION for t in self.tokens)

    @property
    def flagged(self) -> bool:
        return any(t.type is TokenType.FLAG for t in self.tokens)


Scalar = int | float | str | bool | None


@dataclass
class Value:
    line: int
    name: str  # "dropout", or the literal as written when it has no name
    values: list[Scalar]
    needs_citation: bool  # hyperparameter-like: silent if no note in `context` cites
    context: list[Note]  # notes that may justify it, nearest first
    # how many of `context`'s first notes are the value's own comment (on its line, or the
    # comment lines right above it) when it is a config value: a YAML scalar, or a Python
    # literal assigned to a name; 0 otherwise. Only its own comment must state the value.
    own: int = 0


@dataclass
class Source:
    """One readable unit: a file, or one notebook cell."""

    notes: list[Note] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    problem: tuple[int, str] | None = None  # (line, message) when it could not be read


def comment_runs(comment_lines: dict[int, str]) -> dict[int, Note]:
    """Consecutive comment-only lines joined into one note, keyed by the run's last line."""
    runs: dict[int, Note] = {}
    rows = sorted(comment_lines)
    start = 0
    for i, row in enumerate(rows):
        if i + 1 == len(rows) or rows[i + 1] != row + 1:
            block = rows[start : i + 1]
            runs[row] = Note("\n".join(comment_lines[r] for r in block), block[0])
            start = i + 1
    return runs

"""LaTeX math into a flat token list, with layout-only commands dropped."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\\[a-zA-Z]+\*?|\\.|\d+(?:\.\d+)?|:=|[^\s]")
# Commands that only place ink: they carry no meaning for the computation.
_LAYOUT = {
    "\\left", "\\right", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl",
    "\\Bigr", "\\,", "\\;", "\\:", "\\!", "\\quad", "\\qquad", "\\displaystyle", "\\nonumber",
    "\\notag", "\\limits", "\\ ", "\\rm", "\\bf", "\\it", "\\ensuremath", "\\mathop",
}  # fmt: skip
_LABEL = re.compile(r"\\(?:label|tag|vspace|hspace)\*?\{[^}]*\}")


def tokenize(latex: str) -> list[str]:
    """Tokens of `latex`; trailing sentence punctuation is dropped, it is prose not math."""
    tokens: list[str] = []
    depth = 0  # inside `cases`, `&` and `\\\\` separate values, conditions and rows
    for token in _TOKEN.findall(_LABEL.sub(" ", latex)):
        depth += {"\\begin": 1, "\\end": -1}.get(token, 0)
        if token in _LAYOUT or (token in {"&", "\\\\"} and depth == 0):
            continue
        tokens.append(token)
    while tokens and tokens[-1] in {".", ","}:
        tokens.pop()
    return tokens

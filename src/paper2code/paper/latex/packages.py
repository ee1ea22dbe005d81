"""The paper's own packages: `\\usepackage{mymacros}` with `mymacros.sty` beside the main file.

An author's macro package is read for its definitions, like a preamble. Conference styles
(`icml2019.sty`, `cvpr.sty`) and copies of distributed packages (`natbib.sty`,
`algorithmic.sty`) that papers ship beside them are not: they define layout in LaTeX's
internals, and their public commands (`\\STATE`, `\\ENDIF`, `\\AND`) are what the reader reads
as LaTeX prints them, so expanding them would only hide structure. On the corpus every one of
those declares itself (`\\NeedsTeXFormat`, or `\\ProvidesPackage{name}[date version]`) or is
written in `\\@`-internals (16 % to 61 % of its control words); the authors' own files use
1 % to 4 %.
"""

from __future__ import annotations

import re
from pathlib import Path

from paper2code.paper.latex.texscan import argument, optional, skip_space

PACKAGE_COMMANDS = ("usepackage", "RequirePackage")
# Enough of a file to tell what it is: the declarations stand at its top.
PEEK_BYTES = 16 << 10
# A share of `\@`-names above this is a style written in LaTeX's internals.
MAX_INTERNAL_SHARE = 0.10

_DISTRIBUTED = re.compile(r"\\NeedsTeXFormat\b|\\ProvidesPackage\s*\{[^{}]*\}\s*\[")
_CONTROL_WORD = re.compile(r"\\[A-Za-z@]+")
_COMMENT = re.compile(r"%[^\n]*\n?")


def package_names(text: str, after: int) -> tuple[list[str], int] | None:
    """The packages `\\usepackage[options]{a,b}` loads and where its name list ends, read from
    just after the command's name (None when no braced list follows)."""
    _, i = optional(text, after)
    i = skip_space(text, i)
    if not text.startswith("{", i):
        return None
    names, end = argument(text, i)
    found = [n.strip() for n in _COMMENT.sub("", names).split(",")]
    return [n for n in found if n and "\\" not in n], end


def is_authors_package(head: str) -> bool:
    """Whether a local `.sty` (its first bytes, `head`) is the author's own macros, not a
    venue style or a copy of a distributed package."""
    text = _COMMENT.sub("\n", head)
    if _DISTRIBUTED.search(text):
        return False
    words = _CONTROL_WORD.findall(text)
    internal = sum("@" in word for word in words)
    return internal <= MAX_INTERNAL_SHARE * len(words)


def peek(path: Path) -> str:
    """The first bytes of a file, for `is_authors_package` (read whatever its size)."""
    with path.open("rb") as f:
        return f.read(PEEK_BYTES).decode("latin-1")

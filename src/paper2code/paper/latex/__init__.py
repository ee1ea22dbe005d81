"""The LaTeX reader: sources in, `Paper` out.

Stages, each in its own module: `sources` (find the main file, inline includes, drop comments),
`macros` (expand the author's macros, decide conditionals; `texscan` reads TeX's pieces),
`reader` (walk the document with LaTeX's numbering), `floats` (captions, table cells, algorithm
lines). A `SourceMap` carries file:line through all.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from paper2code.acquire.folder import inside, is_file
from paper2code.acquire.settings import Settings
from paper2code.errors import ParseError
from paper2code.paper.latex.context import latex_context, parse_nodes
from paper2code.paper.latex.macros import Expanded, expand, plain_macros
from paper2code.paper.latex.mainfile import REFUSED_LINK
from paper2code.paper.latex.nodes import is_env, walk
from paper2code.paper.latex.packages import peek
from paper2code.paper.latex.reader import Reader, bib_entries, referenced_labels
from paper2code.paper.latex.sourcemap import Segment, SourceMap
from paper2code.paper.latex.sources import Budget, Flattened, flatten, read_text
from paper2code.paper.latex.venue import (
    anonymous_style,
    only_referenced_equations,
    style_secnumdepth,
)
from paper2code.paper.model import BibEntry, Paper, ReaderWarning


def load_latex(path: Path, *, max_bytes: int | None = None) -> Paper:
    """Read a paper from its LaTeX folder or main `.tex` file, reading at most `max_bytes` of
    LaTeX (default: `PAPER2CODE_MAX_TEX_BYTES`) and nothing outside the paper's folder."""
    budget = Budget(max_bytes or Settings.from_env().max_tex_bytes)
    flat, expanded = read_source(path, budget)
    reader = Reader(expanded.text, expanded.map, flat.root, flat.main)
    preamble = flat.text.split("\\begin{document}", 1)[0]
    style_text = partial(_style_text, flat.root)
    if (depth := style_secnumdepth(preamble, style_text)) is not None:
        reader.counters.value["secnumdepth"] = depth  # the preamble may set it again
    if only_referenced_equations(preamble):
        reader.referenced = referenced_labels(expanded.text)
    paper = reader.read()
    paper.warnings.extend(expanded.warnings)
    paper.macros = plain_macros(expanded.macros)
    if not paper.bibliography:
        paper.bibliography = _bbl(flat.root, flat.main, reader, budget, flat.warnings)
    paper.meta.source = str(path)
    anonymous = anonymous_style(preamble, style_text)
    if anonymous and paper.meta.authors:
        paper.meta.authors = []
        paper.warnings.append(ReaderWarning(f"authors not read: {anonymous}", file=flat.main))
    paper.warnings[:0] = flat.warnings
    paper.main_file = flat.choice
    return paper


def read_source(path: Path, budget: Budget) -> tuple[Flattened, Expanded]:
    """The paper's text as the reader walks it: inputs inlined, comments dropped, macros
    expanded and conditionals decided."""
    flat = flatten(path, budget=budget)
    return flat, expand(flat.text, flat.map, lambda name: _in_folder(flat.root, name))


# A `%` a quote holds is the percent sign the paper printed, never the start of a comment.
_BARE_PERCENT = re.compile(r"(?<!\\)%")


def print_quote(quote: str, labels: dict[str, str]) -> str:
    """A quote copied from the LaTeX source as the reader prints the paper's text:
    `\\smash{$k$}` as `$k$`, `\\SI{2}{\\day}` as "2 d", `\\ref{sec:x}` as the number of the
    section `labels` names; as written when it does not parse."""
    text = _BARE_PERCENT.sub(r"\\%", quote)
    reader = Reader(text, SourceMap([Segment(0, "", 0, True)]), Path(), "")
    reader.labels.update(labels)
    try:
        return reader.to_text(parse_nodes(text, reader.db))
    except ParseError:
        return quote


def _style_text(root: Path, name: str) -> str:
    """The first bytes of the style `name.sty` beside the paper, or "" (none, or outside)."""
    path = root / f"{name}.sty"
    return peek(path) if is_file(path) and inside(path, root) else ""


def _in_folder(root: Path, name: str) -> bool:
    """`\\IfFileExists{name}` met while expanding (sources.py decides the ones written in
    the files): only files inside the paper's folder count."""
    name = name.strip().strip('"')
    if not name or Path(name).is_absolute():
        return False
    return any(p.is_file() and inside(p, root) for p in (root / name, root / f"{name}.tex"))


def _bbl(
    root: Path, main: str, reader: Reader, budget: Budget, warnings: list[ReaderWarning]
) -> list[BibEntry]:
    """Entries of the compiled bibliography (`main.bbl`, else the only `.bbl`), if shipped
    inside the paper's folder."""
    own = root / Path(main).with_suffix(".bbl")
    found = [own] if own.is_file() else sorted(root.glob("*.bbl"))
    for path in [p for p in found if not inside(p, root)]:
        found.remove(path)
        warnings.append(ReaderWarning(REFUSED_LINK, file=path.name))
    if len(found) != 1:
        return []
    nodes = parse_nodes(read_text(found[0], root, budget), latex_context())
    env = next((n for n in walk(nodes) if is_env(n, "thebibliography")), None)
    return bib_entries(env.nodelist if env is not None else nodes, reader.to_text)

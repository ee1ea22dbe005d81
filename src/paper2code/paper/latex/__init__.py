"""The LaTeX reader: sources in, `Paper` out.

Stages, each in its own module: `sources` (find the main file, inline includes, drop comments),
`macros` (expand the author's macros, decide conditionals; `texscan` reads TeX's pieces),
`reader` (walk the document with LaTeX's numbering), `floats` (captions, table cells, algorithm
lines). A `SourceMap` carries file:line through all.
"""

from __future__ import annotations

from pathlib import Path

from paper2code.paper.latex.context import latex_context, parse_nodes
from paper2code.paper.latex.macros import expand
from paper2code.paper.latex.nodes import is_env, walk
from paper2code.paper.latex.reader import Reader, bib_entries
from paper2code.paper.latex.sources import flatten, read_text
from paper2code.paper.model import BibEntry, Paper


def load_latex(path: Path) -> Paper:
    """Read a paper from its LaTeX folder or main `.tex` file."""
    flat = flatten(path)
    expanded = expand(flat.text, flat.map, lambda name: _in_folder(flat.root, name))
    reader = Reader(expanded.text, expanded.map, flat.root, flat.main)
    paper = reader.read()
    paper.warnings.extend(expanded.warnings)
    if not paper.bibliography:
        paper.bibliography = _bbl(flat.root, flat.main, reader)
    paper.meta.source = str(path)
    return paper


def _in_folder(root: Path, name: str) -> bool:
    """`\\IfFileExists{name}`: only files inside the paper's folder count."""
    name = name.strip().strip('"')
    if not name or Path(name).is_absolute():
        return False
    inside = root.resolve()
    return any(
        path.is_file() and path.resolve().is_relative_to(inside)
        for path in (root / name, root / f"{name}.tex")
    )


def _bbl(root: Path, main: str, reader: Reader) -> list[BibEntry]:
    """Entries of the compiled bibliography (`main.bbl`, else the only `.bbl`), if shipped."""
    own = root / Path(main).with_suffix(".bbl")
    found = [own] if own.is_file() else sorted(root.glob("*.bbl"))
    if len(found) != 1:
        return []
    nodes = parse_nodes(read_text(found[0], root), latex_context())
    env = next((n for n in walk(nodes) if is_env(n, "thebibliography")), None)
    return bib_entries(env.nodelist if env is not None else nodes, reader.to_text)

"""The Paper model and the readers that build it (LaTeX sources; PDF text)."""

from pathlib import Path

from paper2code.paper.model import (
    Algorithm,
    Element,
    Equation,
    Figure,
    Footnote,
    Kind,
    MainFileChoice,
    Metadata,
    Paper,
    Paragraph,
    ReaderWarning,
    Section,
    SourceLoc,
    Table,
)

__all__ = [
    "Algorithm",
    "Element",
    "Equation",
    "Figure",
    "Footnote",
    "Kind",
    "MainFileChoice",
    "Metadata",
    "Paper",
    "Paragraph",
    "ReaderWarning",
    "Section",
    "SourceLoc",
    "Table",
    "load_paper",
]


def load_paper(path: str | Path) -> Paper:
    """Read a paper from a LaTeX folder, a `.tex` file, or an e-print `.tar.gz`/`.gz`."""
    from paper2code.paper.latex import load_latex

    return load_latex(Path(path))

"""Notes of Markdown text (a README, a notebook's Markdown cells) and notebooks' cells.

Markdown has notes but no values: each paragraph (lines up to a blank line) is one note, and
each table row is a note of its own, so a flag's reason must sit in its own row. A notebook is
read cell by cell: Markdown cells as Markdown, code cells as Python with IPython magics and
shell lines (`%...`, `!...`) blanked, line numbers relative to the cell.
"""

from __future__ import annotations

import nbformat

from paper2code.verify.notes import Note, Source
from paper2code.verify.python_source import read_python


def read_markdown(source: str) -> Source:
    notes: list[Note] = []
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        if paragraph:
            notes.append(Note("\n".join(paragraph), start))
            paragraph.clear()

    for row, line in enumerate(source.splitlines(), start=1):
        if not line.strip():
            flush()
        elif line.lstrip().startswith("|"):
            flush()
            notes.append(Note(line, row))
        else:
            if not paragraph:
                start = row
            paragraph.append(line)
    flush()
    return Source(notes=notes)


def read_notebook(source: str) -> list[Source] | Source:
    """One Source per cell (cell N is list index N-1), or a Source with the problem."""
    try:
        nb = nbformat.reads(source, as_version=4)
    except Exception as e:  # nbformat raises several unrelated types for unreadable JSON
        return Source(problem=(1, f"not a readable notebook: {str(e).splitlines()[0]}"))
    cells: list[Source] = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = [
                "" if line.lstrip().startswith(("%", "!")) else line
                for line in cell.source.splitlines()
            ]
            cells.append(read_python("\n".join(lines) + "\n"))
        elif cell.cell_type == "markdown":
            cells.append(read_markdown(cell.source))
        else:
            cells.append(Source())
    return cells

"""Notes of Markdown text (a README, a notebook's Markdown cells) and notebooks' cells.

Markdown has notes but no values. markdown-it-py reads the blocks (CommonMark, with GitHub's
tables): each paragraph, heading, list item's paragraph and block quote is one note; each table
row is a note of its own, so a flag's reason must sit in its own row; a fenced or indented code
block is one note, blank lines and all, so a code sample's comments are checked like any other
text. Only blocks are read (the inline rules are off): tags are looked for in the text as
written, and a 50 MB line costs one linear pass. A notebook is read cell by cell: Markdown
cells as Markdown, code cells as Python with IPython magics and shell lines (`%...`, `!...`)
blanked, line numbers relative to the cell.
"""

from __future__ import annotations

import re

import nbformat
from markdown_it import MarkdownIt

from paper2code.verify.notes import Note, Source
from paper2code.verify.python_source import read_python

_MARKDOWN = MarkdownIt("commonmark").enable("table").disable("inline")
_NEWLINE = re.compile(r"\r\n?|\n")  # markdown-it's line breaks, so that its line map fits
# block -> lines between its first source line and its text (a fence's opening line)
_TEXT_BLOCKS = {"inline": 0, "fence": 1, "code_block": 0, "html_block": 0}


def read_markdown(source: str) -> Source:
    notes: list[Note] = []
    lines: list[str] | None = None  # the source's lines, split once if a table needs them
    in_table = False
    for token in _MARKDOWN.parse(source):
        if token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        elif token.type == "tr_open" and token.map:
            # the row as written, so that a mark after its last cell is part of it
            lines = lines if lines is not None else _NEWLINE.split(source)
            notes.append(Note(lines[token.map[0]], token.map[0] + 1))
        elif token.type in _TEXT_BLOCKS and token.map and token.content.strip() and not in_table:
            notes.append(Note(token.content, token.map[0] + 1 + _TEXT_BLOCKS[token.type]))
    return Source(notes=notes)


def read_notebook(source: str) -> list[Source] | Source:
    """One Source per cell (cell N is list index N-1), or a Source with the problem."""
    try:
        nb = nbformat.reads(source, as_version=4)
    except (RecursionError, MemoryError):
        raise  # valid JSON, nested too deeply: the check reports it as such
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

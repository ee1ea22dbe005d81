"""`notebooks/walkthrough.ipynb` from the engine's cells (nbformat v4)."""

from __future__ import annotations

import nbformat

from paper2code.engines.base import NotebookCell


def render_notebook(cells: list[NotebookCell]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for cell in cells:
        if cell.kind == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(cell.source))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(cell.source))
    nbformat.validate(nb)
    return nbformat.writes(nb)

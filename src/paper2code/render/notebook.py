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
    for n, cell in enumerate(cells, start=1):
        # ids by position, not nbformat's random ones: the same project writes the same bytes
        new = (
            nbformat.v4.new_markdown_cell if cell.kind == "markdown" else nbformat.v4.new_code_cell
        )
        nb.cells.append(new(cell.source, id=f"cell-{n}"))
    nbformat.validate(nb)
    return nbformat.writes(nb)

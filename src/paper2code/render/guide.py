"""PAPER_GUIDE.md (educational mode): the paper section by section, and where each part is in
the code."""

from __future__ import annotations

from paper2code.engines.base import Project
from paper2code.paper.model import Paper


def render_paper_guide(project: Project, paper: Paper) -> str:
    lines = [
        f"# Reading guide — {project.title}",
        "",
        "The paper's sections in order; under each, the parts of the generated code it defines.",
        "Read a section in the paper, then the code it points to, then run the matching cell of",
        "notebooks/walkthrough.ipynb.",
    ]
    for section in paper.sections:
        if section.level > 2:
            continue
        here = [c for c in project.components if c.anchor and _in(paper, c.anchor, section.anchor)]
        lines += ["", f"{'#' * (section.level + 1)} {section.anchor} {section.title}", ""]
        if not here:
            lines.append("No generated code corresponds to this section.")
        for c in here:
            status = "implemented" if c.implemented else "skeleton — raises NotImplementedError"
            lines.append(f"- {c.name} ({c.anchor}): {c.note.split(' — ')[0]} — {status}")
    return "\n".join(lines) + "\n"


def _in(paper: Paper, anchor: str, section: str) -> bool:
    element = paper.find(anchor)
    return element is not None and paper.in_section(element, section)

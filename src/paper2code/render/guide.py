"""PAPER_GUIDE.md (educational mode): the paper section by section, each with its opening
sentence and the parts of the generated code it defines."""

from __future__ import annotations

import re

from paper2code import escape
from paper2code.engines.base import Component, Project
from paper2code.paper.model import Paper, Paragraph, Section

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


md = escape.md_inline  # every piece of paper text below goes through it


def render_paper_guide(project: Project, paper: Paper) -> str:
    lines = [
        f"# Reading guide — {md(project.title)}",
        "",
        "The paper's sections in order: how each one opens, and the code it defines. Read a",
        "section in the paper, then the code it points to, then run the matching cell of",
        "notebooks/walkthrough.ipynb.",
    ]
    by_section: dict[str, list[Component]] = {}
    for c in project.components:
        home = _home(paper, c.anchor)
        if home:
            by_section.setdefault(home, []).append(c)
    for section in paper.sections:
        if section.level > 3:
            continue
        # the anchor after the title: a title that ends in "Appendix" or "Algorithm" must not
        # end its line, where the checker would read it as a tag missing its number
        heading = f"{md(section.title)} ({md(section.anchor)})"
        lines += ["", f"{'#' * (section.level + 1)} {heading}", ""]
        opening = _opening(paper, section)
        if opening:
            lines += [f'"{md(opening)}" ({md(section.anchor)})', ""]
        here = by_section.get(section.anchor, [])
        if not here:
            lines.append("No generated code comes from this section.")
        for c in here:
            status = "implemented" if c.implemented else "skeleton — raises NotImplementedError"
            code = md(c.note.split(" — ")[0]).replace("`", "'")
            lines.append(f"- {md(c.anchor)} — {md(c.name)}: `{code}` ({status})")
    return "\n".join(lines) + "\n"


def _home(paper: Paper, anchor: str) -> str | None:
    """The innermost section an anchor lies in."""
    element = paper.find(anchor) if anchor else None
    if element is None:
        return None
    return element.anchor if isinstance(element, Section) else element.section


def _opening(paper: Paper, section: Section) -> str:
    """The first sentence of the section's own first paragraph (verbatim, for a quote)."""
    for el in paper.within(section.anchor):
        if isinstance(el, Paragraph) and el.section == section.anchor and el.text.strip():
            first = _SENTENCE_END.split(" ".join(el.text.split()), maxsplit=1)[0]
            return first.replace('"', "'")
    return ""

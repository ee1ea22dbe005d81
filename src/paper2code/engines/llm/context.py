"""The parts of a paper one prompt carries: an outline of every citable anchor, and the text
of only the sections a stage needs, within a character budget."""

from __future__ import annotations

import re
from collections.abc import Iterable

from paper2code.knowledge import load_knowledge
from paper2code.paper.model import (
    Algorithm,
    Element,
    Equation,
    Figure,
    Paper,
    Section,
    Table,
)

# Citations as they appear in code comments: "§3.2", "Eq. 4", "Eq. (4)", "Table 1", "Figure 2".
_NUM = r"[A-Za-z]?\d+[a-z]?(?:\.\d+)*"
CITATION = re.compile(
    r"§[A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9]|§[A-Za-z0-9]"
    rf"|\b(?:Eq\.|Eqn\.|Equation|Table|Figure|Fig\.|Algorithm|Alg\.)\s*(?:\({_NUM}\)|{_NUM})"
)

_DEF = re.compile(r"\s*(?:async\s+)?(?:class|def)\s")


def outline(paper: Paper) -> str:
    """Title, abstract and every anchor the paper has: the only anchors code may cite."""
    lines = [f"Title: {paper.meta.title}"]
    if paper.meta.abstract:
        lines.append(f"Abstract: {paper.meta.abstract}")
    lines.append("Citable anchors:")
    for el in paper.elements:
        if isinstance(el, Section):
            lines.append(f"{'  ' * (el.level - 1)}{el.anchor} {el.title}")
        elif isinstance(el, Equation) and el.numbered:
            lines.append(f"    {el.anchor} (in {el.section}): {_short(el.latex, 120)}")
        elif isinstance(el, Table | Figure | Algorithm) and el.numbered:
            lines.append(f"    {el.anchor} (in {el.section}): {_short(el.caption, 120)}")
    return "\n".join(lines)


LEFT_OUT = "[… more of the paper left out to fit the context window]"


def excerpt(paper: Paper, anchors: Iterable[str], budget: int) -> str:
    """The text of what `anchors` cover (an equation brings its section along), in document
    order, cut at `budget` characters."""
    pieces = chunks(paper, anchors, budget)
    if len(pieces) > 1:
        return f"{pieces[0]}\n\n{LEFT_OUT}"
    return pieces[0] if pieces else ""


def chunks(paper: Paper, anchors: Iterable[str], budget: int) -> list[str]:
    """The same text in pieces of at most `budget` characters each, split between elements
    (an element longer than a piece is cut), for a stage that reads it one piece at a time."""
    pieces: list[str] = []
    parts: list[str] = []
    used = 0
    for el in _covered(paper, anchors):
        block = render(el)[:budget]
        if parts and used + len(block) > budget:
            pieces.append("\n\n".join(parts))
            parts, used = [], 0
        parts.append(block)
        used += len(block) + 2
    if parts:
        pieces.append("\n\n".join(parts))
    return pieces


def _covered(paper: Paper, anchors: Iterable[str]) -> list[Element]:
    """The elements `anchors` cover, each once, in document order."""
    wanted: list[Element] = []
    seen: set[int] = set()
    for anchor in _split(anchors):
        target = paper.find(anchor)
        if target is None:
            continue
        scope = target.section if not isinstance(target, Section) and target.section else anchor
        for el in paper.within(scope):
            if id(el) not in seen:
                seen.add(id(el))
                wanted.append(el)
    order = {id(el): i for i, el in enumerate(paper.elements)}
    wanted.sort(key=lambda el: order.get(id(el), 0))
    return wanted


def render(el: Element) -> str:
    if isinstance(el, Section):
        return f"[{el.anchor}] {el.title}"
    if isinstance(el, Equation):
        return f"[{el.anchor}] $$ {el.latex} $$"
    if isinstance(el, Table):
        rows = "\n".join(" | ".join(row) for row in el.rows)
        return f"[{el.anchor}] {el.caption}\n{rows}"
    if isinstance(el, Algorithm):
        return f"[{el.anchor}] {el.caption}\n" + "\n".join(el.lines)
    if isinstance(el, Figure):
        return f"[{el.anchor}] {el.caption}"
    return f"[{el.anchor}] {el.text}"


def cited(text: str) -> list[str]:
    """The anchors a text cites, in order, once each."""
    return list(dict.fromkeys(m.group(0) for m in CITATION.finditer(text)))


def signatures(files: dict[str, str]) -> str:
    """The classes and functions each file defines, for prompts that must not carry it all."""
    parts = []
    for path, text in files.items():
        heads = [ln.rstrip(":") for ln in text.splitlines() if _DEF.match(ln)]
        parts.append(f"## {path}\n" + ("\n".join(heads) or "(no definitions)"))
    return "\n\n".join(parts)


def defined(text: str) -> list[str]:
    """The top-level classes and functions a Python file defines, in order."""
    return re.findall(r"^(?:class|def)\s+([A-Za-z_]\w*)", text, re.MULTILINE)


def knowledge_notes(families: Iterable[str], known: Iterable[str] = ()) -> str:
    """What the knowledge base says must be decided for these component families: each
    choice with our default, why, and the alternatives; choices in `known` (keys the audit
    already holds) are left out, so a prompt does not carry them twice."""
    kb = load_knowledge()
    skip = set(known)
    blocks = []
    for name in dict.fromkeys(families):
        if name not in kb.family_names:
            continue
        family = kb.family(name)
        lines = [
            f"- {c.key} ({c.name}): default {c.default} — {c.why}"
            + (f"; alternatives: {', '.join(c.alternatives)}" if c.alternatives else "")
            for c in family.choices
            if c.key not in skip
        ]
        if lines:
            blocks.append(f"{family.title} ({family.name}):\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def family_names() -> list[str]:
    return load_knowledge().family_names


def _split(anchors: Iterable[str]) -> list[str]:
    return [p.strip() for a in anchors for p in a.split(",") if p.strip()]


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"

"""A plain-text outline of a `Paper`: what `paper2code parse` shows, so a user can see what
the tool read and which anchors exist before trusting anything built on them."""

from __future__ import annotations

import re

from paper2code.paper.model import Element, Paper, Section


def _ranges(numbers: list[str]) -> str:
    """`["1", "2", "3", "5", "6a"]` -> `"1–3, 5, 6a"`; `2.5, 2.6, 2.7` -> `2.5–2.7`."""
    out: list[str] = []
    run: list[tuple[str, int]] = []

    def close() -> None:
        if len(run) > 2:
            out.append(f"{run[0][0]}{run[0][1]}–{run[-1][0]}{run[-1][1]}")
        else:
            out.extend(f"{p}{n}" for p, n in run)
        run.clear()

    for number in numbers:
        m = re.fullmatch(r"(.*?)(\d+)", number)
        if m and run and m.group(1) == run[-1][0] and int(m.group(2)) == run[-1][1] + 1:
            run.append((m.group(1), int(m.group(2))))
            continue
        close()
        if m:
            run.append((m.group(1), int(m.group(2))))
        else:
            out.append(number)
    close()
    return ", ".join(out)


def owned_elements(paper: Paper, section: Section) -> list[Element]:
    """Numbered non-section elements directly in `section` (not in its subsections)."""
    return [
        e
        for e in paper.elements
        if e.section == section.anchor and e.numbered and not isinstance(e, Section)
    ]


def outline(paper: Paper) -> str:
    lines = [paper.meta.title or "(untitled)"]
    if paper.meta.authors:
        lines.append("  " + ", ".join(paper.meta.authors))
    lines.append("")
    for sec in paper.sections:
        indent = "  " * (sec.level - 1)
        head = f"{indent}{sec.anchor:<{10 - len(indent) if len(indent) < 8 else 2}} {sec.title}"
        owned = owned_elements(paper, sec)
        eqs = [e.number for e in owned if e.kind == "equation" and e.number]
        others = [e.anchor for e in owned if e.kind != "equation" and e.kind != "footnote"]
        notes = []
        if eqs:
            notes.append(("Eq. " if len(eqs) == 1 else "Eqs. ") + _ranges(eqs))
        notes.extend(others)
        lines.append(head + (f"   [{'; '.join(notes)}]" if notes else ""))
    numbered = len(paper.numbered_equations)
    lines += [
        "",
        f"sections: {sum(1 for s in paper.sections if s.numbered)} numbered, "
        f"{sum(1 for s in paper.sections if not s.numbered)} unnumbered | "
        f"equations: {numbered} numbered, {len(paper.equations) - numbered} unnumbered | "
        f"tables: {len(paper.tables)} | figures: {len(paper.figures)} | "
        f"algorithms: {len(paper.algorithms)} | paragraphs: {len(paper.paragraphs)}",
    ]
    for table in paper.tables:
        cols = max((len(r) for r in table.rows), default=0)
        # A tabular outside any float has no number: it is cited by its section.
        name = table.anchor if table.numbered else f"table in {table.anchor}"
        lines.append(f"{name}: {table.caption}  ({len(table.rows)}×{cols} cells)")
    return "\n".join(lines)

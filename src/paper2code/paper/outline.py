"""A plain-text outline of a `Paper`: what `paper2code parse` shows, so a user can see what
the tool read and which anchors exist before trusting anything built on them."""

from __future__ import annotations

from paper2code.paper.model import Element, Paper, Section


def _ranges(numbers: list[str]) -> str:
    """`["1", "2", "3", "5", "6a"]` -> `"1–3, 5, 6a"`: consecutive integers collapse."""
    out: list[str] = []
    run: list[int] = []

    def close() -> None:
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
            run.clear()

    for n in numbers:
        if n.isdigit() and (not run or int(n) == run[-1] + 1):
            run.append(int(n))
            continue
        close()
        if n.isdigit():
            run.append(int(n))
        else:
            out.append(n)
    close()
    return ", ".join(out)


def _owned(paper: Paper, section: Section) -> list[Element]:
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
        owned = _owned(paper, sec)
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
        lines.append(f"{table.anchor}: {table.caption}  ({len(table.rows)}×{cols} cells)")
    return "\n".join(lines)

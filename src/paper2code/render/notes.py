"""REPRODUCTION_NOTES.md: the ambiguity audit, stated values and known deviations.

A minimal stand-in with the analysis stage's signature, used until that stage's renderer lands.
"""

from __future__ import annotations

from paper2code.analyse.model import Analysis, Status
from paper2code.paper.model import Paper


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render_reproduction_notes(paper: Paper, analysis: Analysis, deviations: list[str]) -> str:
    lines = [f"# Reproduction notes — {paper.meta.title}", "", "## Values the paper states", ""]
    lines += ["| name | value | source | quote |", "|---|---|---|---|"]
    for f in analysis.hyperparameters:
        ctx = f" ({f.context})" if f.context else ""
        lines.append(f'| {f.name}{ctx} | {_cell(f.raw)} | {f.anchor} | "{_cell(f.quote)}" |')
    lines += ["", "## Ambiguity audit"]
    for status in Status:
        items = [a for a in analysis.audit if a.status is status]
        lines += ["", f"### {status.value.replace('_', ' ').capitalize()}", ""]
        if not items:
            lines.append("None.")
            continue
        lines += ["| choice | value | source | rationale | alternatives |", "|---|---|---|---|---|"]
        for a in items:
            lines.append(
                f"| {_cell(a.choice)} | {_cell(a.value)} | {a.anchor or ''} | "
                f"{_cell(a.rationale)} | {_cell(', '.join(a.alternatives))} |"
            )
    lines += ["", "## Known deviations", ""]
    lines += [f"- {d}" for d in deviations] or ["None recorded."]
    return "\n".join(lines) + "\n"

"""The terminal view of a check report (`paper2code check`): findings grouped by file, then
coverage and a summary."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from paper2code.verify.report import CoverageCount, Report

_STYLE = {"error": "bold red", "warning": "yellow"}


def _share(name: str, count: CoverageCount) -> str:
    if not count.total:
        return f"{name}: none stated"
    return f"{name}: {count.cited}/{count.total} cited ({count.share:.0%})"


def render_report(report: Report, console: Console) -> None:
    for file, findings in groupby(report.findings, key=lambda f: f.file):
        console.print(f"[bold]{escape(file)}[/]")
        for f in findings:
            style = _STYLE[f.severity]
            console.print(
                f"  [{style}]{f.severity:<7}[/] [cyan]{f.rule}[/] "
                f"[dim]{escape(f.where)}[/]  {escape(f.message)}",
                emoji=False,  # a message quotes the file: `:100:` is text, not an emoji
            )
    cov = report.coverage
    console.print(
        f"coverage: {_share('equations', cov.equations)}; "
        f"{_share('stated hyperparameters', cov.hyperparameters)}"
    )
    for label, count in (("equations", cov.equations), ("values", cov.hyperparameters)):
        if count.missing:
            console.print(f"  [dim]uncited {label}: {escape(', '.join(count.missing))}[/]")
    if report.equations:
        _render_equations(report, console)
    verdict = "[bold green]ok[/]" if report.ok else "[bold red]failed[/]"
    mode = " (strict)" if report.strict else ""
    console.print(
        f"{verdict}{mode}: {report.errors} error(s), {report.warnings} warning(s) "
        f"in {report.files} file(s)"
    )


_EQUATION_COUNTS = (
    ("match", "computed and equal"),
    ("mismatch", "not equal"),
    ("failed", "failed"),
    ("invalid", "wrong anchor or LaTeX"),
    ("not_run", "not run"),
    ("not_computable", "not computable"),
    ("not_implemented", "not implemented"),
)


def _render_equations(report: Report, console: Console) -> None:
    """One line of counts over the index's entries, then each note (what was not compared)."""
    counts = Counter(r.status for r in report.equations)
    shown = [f"{counts[status]} {label}" for status, label in _EQUATION_COUNTS if counts[status]]
    if not counts["match"]:
        shown.insert(0, "0 computed and equal")
    console.print(f"equations: {', '.join(shown)}")
    for r in report.equations:
        if r.note:
            console.print(f"  [dim]{escape(r.anchor)}: {escape(r.message)}[/]")

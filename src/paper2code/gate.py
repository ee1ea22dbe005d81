"""The gate between an engine and the renderer: verify, hand the problems back, verify again.

`run_gate` generates a project, judges it with the function it is given (in `pipeline.run`:
render it, run its smoke check and notebook and check it strictly, in a scratch copy, see
`judge.py`; in tests, anything whose result has `problems`), and lets a `RepairingEngine` revise
it for at most `max_rounds` rounds. It returns the best version with its verdict, so nothing is
judged twice. What still fails is not dropped: each remaining problem becomes a "Known
deviations" entry of the project, so the reader of REPRODUCTION_NOTES.md sees it, and the caller
decides the exit code from `ok`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Generic, Protocol, TypeVar

from paper2code.analyse.model import Analysis
from paper2code.engines.base import Engine, Options, Problem, Project
from paper2code.paper.anchors import uncite
from paper2code.paper.model import Paper


class Judged(Protocol):
    """What a judging function returns: at least the problems an engine is told to repair."""

    @property
    def problems(self) -> list[Problem]: ...


V = TypeVar("V", bound=Judged)


@dataclass
class GateResult(Generic[V]):
    project: Project  # the best version seen, with unresolved problems in its deviations
    verdict: V  # what the judge said of that version (before the deviations were added)
    history: list[list[Problem]] = field(default_factory=list)  # problems found, per check

    @property
    def remaining(self) -> list[Problem]:
        return self.verdict.problems

    @property
    def ok(self) -> bool:
        return not self.remaining

    @property
    def repairs(self) -> int:
        return max(0, len(self.history) - 1)


def run_gate(
    engine: Engine,
    paper: Paper,
    analysis: Analysis,
    options: Options,
    judge: Callable[[Paper, Project], V],
    max_rounds: int = 2,
    progress: Callable[[str], None] | None = None,
) -> GateResult[V]:
    say = progress or (lambda _msg: None)
    project = engine.generate(paper, analysis, options)
    verdict = judge(paper, project)
    history = [verdict.problems]
    best, best_verdict = project, verdict
    repair = getattr(engine, "repair", None)
    for round_no in range(1, max_rounds + 1):
        if not verdict.problems or repair is None:
            break
        say(f"repair round {round_no}: {len(verdict.problems)} problem(s)")
        project = repair(paper, analysis, project, verdict.problems)
        verdict = judge(paper, project)
        history.append(verdict.problems)
        # A repair that makes things worse is not kept: the reader gets the best version.
        if len(verdict.problems) <= len(best_verdict.problems):
            best, best_verdict = project, verdict
    if best_verdict.problems:
        rounds = len(history) - 1
        deviations = [_deviation(p, rounds) for p in best_verdict.problems]
        best = replace(best, deviations=[*best.deviations, *deviations])
    return GateResult(best, best_verdict, history)


def _deviation(p: Problem, rounds: int) -> str:
    where = f"{p.file}:{p.line}" if p.line else p.file
    after = f" after {rounds} repair round(s)" if rounds else ""
    # A failed run's message carries its whole output (the engine needs it to repair); the
    # note keeps what it was and how it ended: "smoke check failed: SyntaxError: ...".
    lines = [line.strip() for line in p.message.splitlines() if line.strip()]
    message = " ".join(lines[:1] + lines[1:][-1:])
    return f"Unresolved{after} — {where}: {uncite(message)}"

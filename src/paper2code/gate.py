"""The gate between an engine and the renderer: verify, hand the problems back, verify again.

`run_gate` generates a project, checks it with the verification function it is given (in
`pipeline.run`: write the directory, run its smoke check and notebook, check it strictly; in
tests, anything returning `Problem`s), and lets a `RepairingEngine` revise it for at most
`max_rounds` rounds. What still fails is not dropped: each remaining problem becomes a "Known
deviations" entry of the project, so the reader of REPRODUCTION_NOTES.md sees it, and the
caller decides the exit code from `ok`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from paper2code.analyse.model import Analysis
from paper2code.engines.base import Engine, Options, Problem, Project
from paper2code.paper.anchors import uncite
from paper2code.paper.model import Paper

VerifyFn = Callable[[Paper, Project], list[Problem]]


@dataclass
class GateResult:
    project: Project  # the best version seen, with unresolved problems in its deviations
    history: list[list[Problem]] = field(default_factory=list)  # problems found, per check
    remaining: list[Problem] = field(default_factory=list)

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
    verify_fn: VerifyFn,
    max_rounds: int = 2,
    progress: Callable[[str], None] | None = None,
) -> GateResult:
    say = progress or (lambda _msg: None)
    project = engine.generate(paper, analysis, options)
    problems = verify_fn(paper, project)
    history = [problems]
    best, best_problems = project, problems
    repair = getattr(engine, "repair", None)
    for round_no in range(1, max_rounds + 1):
        if not problems or repair is None:
            break
        say(f"repair round {round_no}: {len(problems)} problem(s)")
        project = repair(paper, analysis, project, problems)
        problems = verify_fn(paper, project)
        history.append(problems)
        # A repair that makes things worse is not kept: the reader gets the best version.
        if len(problems) <= len(best_problems):
            best, best_problems = project, problems
    if best_problems:
        rounds = len(history) - 1
        best = replace(
            best,
            deviations=[
                *best.deviations,
                *(_deviation(p, rounds) for p in best_problems),
            ],
        )
    return GateResult(best, history, best_problems)


def _deviation(p: Problem, rounds: int) -> str:
    where = f"{p.file}:{p.line}" if p.line else p.file
    after = f" after {rounds} repair round(s)" if rounds else ""
    # A failed run's message carries its whole output (the engine needs it to repair); the
    # note keeps what it was and how it ended: "smoke check failed: SyntaxError: ...".
    lines = [line.strip() for line in p.message.splitlines() if line.strip()]
    message = " ".join(lines[:1] + lines[1:][-1:])
    return f"Unresolved{after} — {where}: {uncite(message)}"

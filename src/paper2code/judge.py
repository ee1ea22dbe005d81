"""Judge one version of a project before anything is written: render its files, and in a scratch
copy of them run its smoke check and notebook (unless the policy refuses the code) and check it
strictly. The gate calls a `Judge` on each version an engine makes; the pipeline then writes the
files of the best verdict, once.

A scratch copy, not the output: the output directory is written whole when the verdict is
known, so a run stopped halfway (Ctrl-C) leaves nothing that could pass for checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from paper2code import layout
from paper2code.analyse.model import Analysis
from paper2code.engines.base import Problem, Project, Runtime
from paper2code.execute import Limits, RunResult, run_notebook, run_smoke
from paper2code.marks import mark_unverified
from paper2code.paper import Paper
from paper2code.policy import refusals
from paper2code.render.write import project_files, scratch_copy
from paper2code.request import StageProgress
from paper2code.verify import Finding, check_directory
from paper2code.verify.equations import EQUATION_RUN_RULES
from paper2code.verify.grammar import FLAGS


@dataclass
class Verdict:
    """What the checks said of one version's files."""

    files: dict[str, str]  # every file of the output directory, by relative path
    smoke: RunResult | None = None  # None: not run (--no-run)
    notebook: RunResult | None = None
    findings: list[Finding] = field(default_factory=list)  # the policy's and the checker's
    verified: bool = False  # the checker (strict) found nothing and the policy refused nothing
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (cited, total)

    @property
    def problems(self) -> list[Problem]:
        """What a repairing engine is told: each finding, and a failed run's output."""
        problems = [
            Problem(
                f.file, f.line, (f"cell {f.cell}: " if f.cell else "") + f"{f.rule} {f.message}"
            )
            for f in self.findings
        ]
        # a run the policy refused says nothing the P2C010 findings do not say already
        if self.smoke is not None and not self.smoke.ok and not self.smoke.refused:
            problems.append(
                Problem(layout.UTILS, None, "smoke check failed:\n" + self.smoke.output)
            )
        if self.notebook is not None and not self.notebook.ok and not self.notebook.refused:
            problems.append(
                Problem(layout.NOTEBOOK, None, "notebook failed:\n" + self.notebook.output)
            )
        return problems

    def tags(self) -> dict[str, int]:
        """How often each flag appears in the files (README's legend excluded)."""
        counts = dict.fromkeys(FLAGS, 0)
        for rel, text in self.files.items():
            if rel != layout.README:
                for tag in FLAGS:
                    counts[tag] += len(re.findall(rf"\[{tag}\]", text))
        return counts


@dataclass
class Judge:
    paper: Paper
    analysis: Analysis
    target: Path  # where the output will be written: run outputs name their files there
    limits: Limits | None  # None: run nothing (--no-run)
    progress: StageProgress

    def __call__(self, paper: Paper, project: Project) -> Verdict:
        """The gate's judge: `project` rendered, run and checked."""
        return self._judge(project_files(project, paper, self.analysis), project, runs=True)

    def marked(self, project: Project, judged: Verdict) -> Verdict:
        """The gate's best `project` (its unresolved problems among its deviations, so in
        REPRODUCTION_NOTES.md) with an `[UNVERIFIED]` mark on each line its checks reject.
        The marks are comments, so its smoke check and notebook are not run again: their
        results are `judged`'s, the verdict on the same code."""
        files = project_files(project, self.paper, self.analysis)
        verdict = self._judge(files, project, runs=False, ran=judged)
        if verdict.findings:
            self.progress("mark")
            files = mark_unverified(files, verdict.findings)
            verdict = self._judge(files, project, runs=False, ran=judged)
        return replace(verdict, smoke=judged.smoke, notebook=judged.notebook)

    def _judge(
        self, files: dict[str, str], project: Project, *, runs: bool, ran: Verdict | None = None
    ) -> Verdict:
        """`ran`: a verdict on the same code, whose compiled equations' results stand for these
        files (only notes and comment marks differ), so the equations are not run again."""
        verdict = Verdict(files)
        with scratch_copy(files) as directory:
            refused = refusals(directory, project.declared)
            if runs and self.limits is not None:
                verdict.smoke, verdict.notebook = self._run(
                    directory, refused, self.limits, project.runtime
                )
            self.progress("verify")
            # The checker runs the compiled equations' functions: never code the policy
            # refused, whose shape differs from what the engine declared.
            run = self.limits is not None and not refused and ran is None
            checked = check_directory(directory, self.paper, strict=True, run=run)
        # what running the equations found on the same code (marks keep every line in place)
        carried = [
            f
            for f in (ran.findings if ran is not None else [])
            if f.rule in EQUATION_RUN_RULES and f not in checked.findings
        ]
        verdict.findings = [*refused, *checked.findings, *carried]
        verdict.verified = checked.ok and not refused and not carried
        cov = checked.coverage
        verdict.coverage = {
            "equations": (cov.equations.cited, cov.equations.total),
            "stated values": (cov.hyperparameters.cited, cov.hyperparameters.total),
        }
        return verdict

    def _run(
        self, directory: Path, refused: list[Finding], limits: Limits, runtime: Runtime | None
    ) -> tuple[RunResult, RunResult]:
        if refused:
            note = f"not run: the execution policy refused it ({len(refused)} x {refused[0].rule})"
            return (
                RunResult(False, note, "smoke check", refused=True),
                RunResult(False, note, "notebook", refused=True),
            )
        self.progress("smoke")
        smoke = run_smoke(directory, limits, runtime)
        self.progress("notebook")
        notebook = run_notebook(directory, limits, runtime)
        return self._as_written(smoke, directory), self._as_written(notebook, directory)

    def _as_written(self, result: RunResult, directory: Path) -> RunResult:
        """A run's output naming the files where the user will find them, not the scratch."""
        return replace(result, output=result.output.replace(str(directory), str(self.target)))

"""Stage composition: the one module that may import every stage.

`open_paper` is what every command that takes a PAPER calls: acquire the files (download or
cache or local path), read them with the matching reader, and fold the arXiv metadata into the
`Paper` so later stages can cite the ID, the version and the authors' own code.

`run` is the main job: open the paper, analyse it, generate with an engine, write the directory,
run its smoke check and notebook, verify it. Stages report progress through callbacks (the CLI
draws them); nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paper2code import layout
from paper2code.acquire import Acquired, Progress, acquire, code_links_in_sources, merge_links
from paper2code.analyse.model import Analysis
from paper2code.engines import check_options, get_engine
from paper2code.engines.base import Component, Options, Problem, Project, slugify_title
from paper2code.execute import NOTEBOOK, Limits, RunResult, run_notebook, run_smoke
from paper2code.gate import run_gate
from paper2code.marks import mark_unverified
from paper2code.paper import Paper
from paper2code.policy import refusals
from paper2code.render.write import check_out_dir, check_target
from paper2code.verify import Finding, Report
from paper2code.verify.check import INTERRUPTED
from paper2code.verify.grammar import FLAGS


def open_paper(
    spec: str,
    *,
    offline: bool = False,
    refresh: bool = False,
    progress: Progress | None = None,
) -> Paper:
    got = acquire(spec, offline=offline, refresh=refresh, progress=progress)
    return read_acquired(got, spec)


def read_acquired(got: Acquired, spec: str) -> Paper:
    """The `Paper` in what `acquire` produced, with its arXiv metadata merged in."""
    if got.kind == "pdf":
        from paper2code.paper.pdf import load_pdf

        paper = load_pdf(got.path)
    else:
        from paper2code.paper import load_paper

        paper = load_paper(got.path)
    meta = paper.meta
    meta.source = spec
    arxiv = got.metadata
    if arxiv is None:
        if got.kind == "latex":
            meta.official_code = merge_links(meta.official_code, code_links_in_sources(got.path))
        return paper
    meta.arxiv_id = arxiv.id
    meta.version = f"v{arxiv.version}"
    meta.official_code = merge_links(arxiv.official_code, meta.official_code)
    # The LaTeX reader's title and abstract are the paper's own; the PDF reader's are guesses
    # from the first lines, so arXiv's record wins there.
    guessed = got.kind == "pdf"
    meta.title = arxiv.title if guessed or not meta.title else meta.title
    meta.authors = list(arxiv.authors) if guessed or not meta.authors else meta.authors
    meta.abstract = arxiv.abstract if guessed or not meta.abstract else meta.abstract
    return paper


TAGS = FLAGS

StageProgress = Callable[[str], None]


def _quiet(stage: str) -> None:
    """The default progress callback: say nothing."""


@dataclass
class RunReport:
    project: Project
    directory: Path
    files: list[str]
    tags: dict[str, int]
    smoke: RunResult | None = None
    notebook: RunResult | None = None
    findings: list[Finding] = field(default_factory=list)  # the checker's, on our own output
    verified: bool = False  # the checker passed (strict) on the written directory
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (cited, total)

    @property
    def ok(self) -> bool:
        runs = [r for r in (self.smoke, self.notebook) if r is not None]
        return all(r.ok for r in runs) and self.verified and not self.project.fallbacks

    @property
    def skeletons(self) -> list[Component]:
        """Parts that raise NotImplementedError: the contribution, when the engine lacks it."""
        return [c for c in self.project.components if not c.implemented]

    @property
    def status(self) -> str:
        """What the run came to: "failed" (a check failed), "skeleton" (checks passed, the
        contribution is not implemented) or "complete"; `run` exits 1, 10 or 0 (errors.py)."""
        if not self.ok:
            return "failed"
        return "skeleton" if self.skeletons else "complete"


def analyse(paper: Paper) -> Analysis:
    from paper2code.analyse import analyse as analyse_paper

    return analyse_paper(paper)


def count_tags(directory: Path) -> dict[str, int]:
    """How often each flag appears in the written files (README's legend excluded)."""
    counts = dict.fromkeys(TAGS, 0)
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.name == layout.README:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for tag in TAGS:
            counts[tag] += len(re.findall(rf"\[{tag}\]", text))
    return counts


def generate(
    paper: Paper, analysis: Analysis, options: Options, engine: str = "builtin"
) -> Project:
    return get_engine(engine).generate(paper, analysis, options)


def run(
    spec: str,
    *,
    options: Options,
    engine: str = "builtin",
    out_dir: Path = Path("."),
    force: bool = False,
    execute: bool = True,
    offline: bool = False,
    refresh: bool = False,
    progress: StageProgress = _quiet,
    download_progress: Progress | None = None,
    analyser: Callable[[Paper], Analysis] | None = None,
    max_repairs: int = 2,
    engine_settings: Mapping[str, Any] | None = None,
    paper: Paper | None = None,
) -> RunReport:
    """The main job: `paper2code PAPER`. Raises Paper2CodeError for anything the user can fix;
    returns a report whose `ok` says whether the smoke check, notebook and verifier passed.

    An engine that can repair (`RepairingEngine`) gets the problems back and up to
    `max_repairs` more tries (`gate.run_gate`); the built-in engine cannot, so its first result
    stands. Problems left at the end are listed in REPRODUCTION_NOTES.md.
    `engine_settings` go to the engine's constructor (`--model`, `--base-url` for `llm`);
    `refresh` ignores the LLM engine's cached answers as well as the download cache.
    `analyser` replaces the analysis stage (tests; engines that bring their own).
    `paper` is `spec` already read (the MCP server's cache): it is not read again."""
    # Everything the options alone decide is checked before the paper is read (seconds for a
    # long paper): the engine and its model and key, the framework, a writable --out; the
    # output folder's name comes from the title, so it is checked right after the parse.
    settings = dict(engine_settings or {})
    if engine == "llm":
        settings.setdefault("refresh", refresh)  # --refresh: ask the model again, too
    chosen = get_engine(engine, **settings)
    check_options(chosen, options)
    check_out_dir(out_dir)
    limits = Limits.from_env() if execute else None  # a bad value fails before any work
    progress("parse")
    if paper is None:
        paper = open_paper(spec, offline=offline, refresh=refresh, progress=download_progress)
    for warning in paper.warnings:  # what the reader skipped or refused, said once
        (download_progress or _quiet)(f"warning: {warning}")
    check_target(out_dir, slugify_title(paper.meta.title), force=force)
    progress("analyse")
    analysis = (analyser or analyse)(paper)
    progress("generate")
    reports: list[RunReport] = []

    def write_and_check(paper: Paper, project: Project) -> list[Problem]:
        # after the first write the directory is this run's own output: no --force needed
        target = reports[-1].directory.parent if reports else Path(out_dir)
        report = _write_and_check(
            project, paper, analysis, target, force or bool(reports), limits, progress
        )
        reports.append(report)
        return problems_of(report)

    gated = run_gate(
        chosen,
        paper,
        analysis,
        options,
        write_and_check,
        max_rounds=max_repairs,
        progress=lambda _round: progress("repair"),
    )
    if gated.ok:
        return reports[-1]
    # What no repair fixed goes into REPRODUCTION_NOTES.md: write the best version once more,
    # and mark each line the checker rejected, so nothing in it passes for verified.
    final = _write_and_check(
        gated.project, paper, analysis, reports[-1].directory.parent, True, limits, progress
    )
    if final.findings:
        progress("mark")
        mark_unverified(final.directory, final.findings)
        final.tags = count_tags(final.directory)
        _verify_into(final, paper, progress, run=limits is not None)
    return final


def _write_and_check(
    project: Project,
    paper: Paper,
    analysis: Analysis,
    out_dir: Path,
    force: bool,
    limits: Limits | None,
    progress: StageProgress,
) -> RunReport:
    """Write, run (under `limits`; None: do not run) and verify one version of the project.
    Until its runs are over the directory carries the INTERRUPTED mark, so one left by Ctrl-C
    does not pass for checked; code the policy refuses is not run at all."""
    from paper2code.render.write import write_project

    progress("write")
    mark = {INTERRUPTED: "paper2code stopped before this directory was checked and run.\n"}
    directory = write_project(project, paper, analysis, out_dir, force=force, extra=mark)
    files = sorted(
        str(p.relative_to(directory))
        for p in directory.rglob("*")
        if p.is_file() and p.relative_to(directory).as_posix() != INTERRUPTED
    )
    report = RunReport(project, directory, files, count_tags(directory))
    if limits is not None:
        if refused := refusals(directory, project.declared):
            note = f"not run: the execution policy refused it ({len(refused)} x {refused[0].rule})"
            report.smoke = RunResult(False, note, "smoke check", refused=True)
            report.notebook = RunResult(False, note, "notebook", refused=True)
        else:
            progress("smoke")
            report.smoke = run_smoke(directory, limits)
            progress("notebook")
            report.notebook = run_notebook(directory, limits)
    (directory / INTERRUPTED).unlink()
    _verify_into(report, paper, progress, run=limits is not None)
    return report


def _verify_into(
    report: RunReport, paper: Paper, progress: StageProgress, *, run: bool = True
) -> None:
    progress("verify")
    refused = refusals(report.directory, report.project.declared)
    # The checker runs the compiled equations' functions: never code the gate refused, whose
    # shape differs from what the engine declared (the policy alone cannot see that).
    checked = verify(report.directory, paper, run=run and not refused)
    report.findings = [*refused, *checked.findings]
    report.verified = checked.ok and not refused
    report.coverage = {
        "equations": (checked.coverage.equations.cited, checked.coverage.equations.total),
        "stated values": (
            checked.coverage.hyperparameters.cited,
            checked.coverage.hyperparameters.total,
        ),
    }


def problems_of(report: RunReport) -> list[Problem]:
    """What a repairing engine is told: each checker finding, and a failed run's output."""
    problems = [
        Problem(f.file, f.line, (f"cell {f.cell}: " if f.cell else "") + f"{f.rule} {f.message}")
        for f in report.findings
    ]
    # a run the policy refused says nothing the P2C010 findings do not say already
    if report.smoke is not None and not report.smoke.ok and not report.smoke.refused:
        problems.append(Problem(layout.UTILS, None, "smoke check failed:\n" + report.smoke.output))
    if report.notebook is not None and not report.notebook.ok and not report.notebook.refused:
        problems.append(Problem(NOTEBOOK, None, "notebook failed:\n" + report.notebook.output))
    return problems


def verify(directory: Path, paper: Paper, *, run: bool = True) -> Report:
    """The checker on our own output, strict: any finding is a defect of the generator.
    `run`: also run the compiled equations' functions (not under `--no-run`)."""
    from paper2code.verify import check_directory

    return check_directory(directory, paper, strict=True, run=run)

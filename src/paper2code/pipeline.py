"""Stage composition: the one module that may import every stage.

`open_paper` is what every command that takes a PAPER calls: acquire the files (download or
cache or local path), read them with the matching reader, and fold the arXiv metadata into the
`Paper` so later stages can cite the ID, the version and the authors' own code.

`run` is the main job, asked for by a `RunRequest`: open the paper, analyse it, generate with an
engine, run and verify each version in a scratch copy (repairing what fails, when the engine
can), then write the best one once. Stages report progress through `RunProgress` callbacks (the
CLI draws them); nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from paper2code.acquire import Acquired, Progress, acquire, code_links_in_sources, merge_links
from paper2code.analyse.model import Analysis
from paper2code.engines import get_engine
from paper2code.engines.base import Component, Project, slugify_title
from paper2code.execute import Limits, RunResult
from paper2code.gate import run_gate
from paper2code.judge import Judge
from paper2code.paper import Paper
from paper2code.render.write import check_out_dir, check_target, write_files
from paper2code.request import QUIET, RunProgress, RunRequest
from paper2code.verify import Finding


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


@dataclass
class RunReport:
    project: Project
    directory: Path
    files: list[str]
    tags: dict[str, int]
    smoke: RunResult | None = None
    notebook: RunResult | None = None
    findings: list[Finding] = field(default_factory=list)  # the checker's, on our own output
    verified: bool = False  # the checker passed (strict) on the written files
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


def run(request: RunRequest, progress: RunProgress = QUIET) -> RunReport:
    """The main job: `paper2code PAPER`. Raises Paper2CodeError for anything the user can fix;
    returns a report whose `ok` says whether the smoke check, notebook and verifier passed.

    An engine that can repair (`RepairingEngine`) gets the problems back and up to
    `request.max_repairs` more tries (`gate.run_gate`); the built-in engine cannot, so its first
    result stands. Each version is judged in a scratch copy (`judge.Judge`); problems left at
    the end are listed in REPRODUCTION_NOTES.md and each line they are about is marked
    `[UNVERIFIED]`. Then the output directory is written, once."""
    # Everything the request alone decides is checked before the paper is read (seconds for a
    # long paper): the engine and its model and key, a writable --out; the
    # output folder's name comes from the title, so it is checked right after the parse.
    options = request.options
    chosen = get_engine(request.engine, **request.engine_settings(progress))
    check_out_dir(request.out_dir)
    limits = Limits.from_env() if request.execute else None  # a bad value fails before any work
    progress.stage("parse")
    paper = request.paper
    if paper is None:
        paper = open_paper(
            request.source, offline=request.offline, refresh=request.refresh, progress=progress.note
        )
    for warning in paper.warnings:  # what the reader skipped or refused, said once
        if progress.note is not None:
            progress.note(f"warning: {warning}")
    target = check_target(request.out_dir, slugify_title(paper.meta.title), force=request.force)
    progress.stage("analyse")
    analysis = analyse(paper)
    progress.stage("generate")
    judge = Judge(paper, analysis, target, limits, progress.stage)
    gated = run_gate(
        chosen,
        paper,
        analysis,
        options,
        judge,
        max_rounds=request.max_repairs,
        progress=lambda _round: progress.stage("repair"),
    )
    verdict = gated.verdict if gated.ok else judge.marked(gated.project, gated.verdict)
    progress.stage("write")
    directory = write_files(verdict.files, request.out_dir, gated.project.slug, force=request.force)
    return RunReport(
        gated.project,
        directory,
        sorted(verdict.files),
        verdict.tags(),
        smoke=verdict.smoke,
        notebook=verdict.notebook,
        findings=verdict.findings,
        verified=verdict.verified,
        coverage=verdict.coverage,
    )

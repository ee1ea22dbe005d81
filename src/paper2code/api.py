"""The Python API: stable functions with typed results, called by `cli.py` and the MCP server.

    from paper2code import api

    paper = api.load_paper("1706.03762")               # any PAPER form, or a `parse --json` file
    api.outline(paper)                                  # Outline: numbered sections and contents
    api.lookup(paper, "Eq. 4")                          # AnchorInfo: LaTeX or text, file:line
    api.find_quote(paper, "beta_2 = 0.98")              # QuoteMatch: where; else the closest
    api.audit(paper, section="§5")                      # Analysis: stated values and the audit
    api.check("my_impl/", paper, strict=True)           # verify.Report: findings with file:line
    api.summarize(api.run(api.RunRequest("1706.03762", out_dir=Path("impl"))))  # `run --json`
    api.equations_index("impl/attention_is_all_you_need")  # the compiled equations, if any

Every failure a user can fix raises `paper2code.errors.Paper2CodeError` carrying the CLI's
one-line message; nothing here prints.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from paper2code import layout
from paper2code.acquire import Progress
from paper2code.analyse.model import Analysis
from paper2code.analyse.text import sentences
from paper2code.errors import InputError, SkeletonOnly, VerificationFailed
from paper2code.paper.anchors import parse_anchor
from paper2code.paper.model import Algorithm, Element, Equation, Figure, Paper, Section, Table
from paper2code.paper.outline import owned_elements
from paper2code.paper.text import canonical
from paper2code.pipeline import RunReport, open_paper
from paper2code.request import QUIET, RunProgress, RunRequest
from paper2code.verify import Finding, Report

# ---- papers ------------------------------------------------------------------------------


def load_paper(
    spec: str,
    *,
    offline: bool = False,
    refresh: bool = False,
    progress: Progress | None = None,
) -> Paper:
    """A paper from any PAPER form: arXiv ID or URL (downloaded once, then cached), LaTeX folder,
    `.tex`, e-print archive, PDF, or the JSON `paper2code parse --json` prints."""
    if spec.lower().endswith(".json"):
        return _paper_from_json(spec)
    return open_paper(spec, offline=offline, refresh=refresh, progress=progress)


def _paper_from_json(path: str) -> Paper:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, dict):
            raise TypeError(f"it holds a {type(data).__name__}, not an object")
        return Paper.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        reason = f"no field {e}" if isinstance(e, KeyError) else str(e)
        raise InputError(
            f"cannot read paper JSON {path}: {reason}",
            hint="write it with `paper2code parse PAPER --json > paper.json`",
        ) from e


# ---- outline -----------------------------------------------------------------------------


@dataclass
class OutlineSection:
    anchor: str  # "§3.2", "§A", "§broader-impact"
    title: str
    level: int  # 1 section, 2 subsection, ...
    numbered: bool
    appendix: bool
    equations: list[str]  # the numbered elements directly in this section, as anchors
    tables: list[str]
    figures: list[str]
    algorithms: list[str]


@dataclass
class Outline:
    title: str
    authors: list[str]
    arxiv_id: str | None
    version: str | None
    official_code: list[str]
    sections: list[OutlineSection]
    counts: dict[str, int]  # sections, equations, tables, figures, algorithms, paragraphs


def outline(paper: Paper) -> Outline:
    """The paper's numbered sections with the equations, tables, figures and algorithms in each."""

    def anchors(elements: list[Element], kind: type[Element]) -> list[str]:
        return [e.anchor for e in elements if isinstance(e, kind)]

    sections = []
    for sec in paper.sections:
        owned = owned_elements(paper, sec)
        sections.append(
            OutlineSection(
                anchor=sec.anchor,
                title=sec.title,
                level=sec.level,
                numbered=sec.numbered,
                appendix=sec.appendix,
                equations=anchors(owned, Equation),
                tables=anchors(owned, Table),
                figures=anchors(owned, Figure),
                algorithms=anchors(owned, Algorithm),
            )
        )
    meta = paper.meta
    return Outline(
        title=meta.title,
        authors=list(meta.authors),
        arxiv_id=meta.arxiv_id,
        version=meta.version,
        official_code=list(meta.official_code),
        sections=sections,
        counts={
            "sections": len(paper.sections),
            "equations": len(paper.equations),
            "tables": len(paper.tables),
            "figures": len(paper.figures),
            "algorithms": len(paper.algorithms),
            "paragraphs": len(paper.paragraphs),
        },
    )


# ---- anchors -----------------------------------------------------------------------------


@dataclass
class AnchorInfo:
    anchor: str  # the canonical spelling: "Eq. 4" for "Equation (4)"
    kind: str  # section, equation, table, figure, algorithm, footnote
    section: str | None  # the enclosing section's anchor
    section_title: str | None
    label: str | None  # the LaTeX \label
    file: str  # where in the sources: path relative to the paper's folder
    line: int
    text: str  # a section's whole text; an equation's LaTeX; a table's caption and cells ...
    latex: str | None = None  # equations only
    caption: str | None = None  # tables, figures, algorithms
    rows: list[list[str]] | None = None  # tables: plain-text cells, row by row
    contains: list[str] = field(default_factory=list)  # sections: numbered elements inside


def lookup(paper: Paper, anchor: str) -> AnchorInfo:
    """What `anchor` (`§3.2`, `Eq. 4`, `Table 2`, `Algorithm 1`, `§3.2, Eq. 4`) names: its text
    or LaTeX and where it is. A malformed or dangling anchor is an `InputError`."""
    parts = [p.strip() for p in anchor.split(",") if p.strip()]
    if not parts or any(parse_anchor(p) is None for p in parts):
        raise InputError(
            f"not an anchor: {anchor!r}",
            hint="write §3.2, Eq. 4, Table 2, Figure 1, Algorithm 1 or Appendix A",
        )
    missing = next((p for p in parts if paper.find(p) is None), None)
    if missing is not None:
        raise InputError(f"the paper has no {missing}", hint="the outline lists every anchor")
    el = paper.find(anchor)
    assert el is not None  # every part was found above
    for outer in parts[:-1]:  # `§3.2, Eq. 4`: the checker's misplaced-anchor rule, as an error
        if not paper.in_section(el, outer):
            raise InputError(
                f"{el.anchor} is not in {outer} (it is in {el.section})",
                hint="cite the section that holds it",
            )
    section = paper.section_of(el)
    info = AnchorInfo(
        anchor=el.anchor,
        kind=str(el.kind),
        section=el.section,
        section_title=section.title if isinstance(section, Section) else None,
        label=el.label,
        file=el.loc.file,
        line=el.loc.line,
        text=Paper.element_text(el),
    )
    if isinstance(el, Section):
        info.section_title = el.title
        info.text = paper.text(el.anchor)
        info.contains = [e.anchor for e in paper.within(el.anchor) if e.numbered and e is not el]
    elif isinstance(el, Equation):
        info.latex = el.latex
    if isinstance(el, Table | Figure | Algorithm):
        info.caption = el.caption
    if isinstance(el, Table):
        info.rows = el.rows
    return info


# ---- quotes ------------------------------------------------------------------------------


@dataclass
class Passage:
    anchor: str
    file: str
    line: int
    text: str
    similarity: float = 1.0  # 0..1 on the tolerant (canonical) forms; 1.0 for an exact find


@dataclass
class QuoteMatch:
    quote: str
    found: bool  # in the paper, or in `within` when that was given
    within: str | None
    places: list[Passage]  # every element that contains it, anywhere in the paper
    closest: Passage | None  # when found nowhere: the most similar sentence


def find_quote(paper: Paper, quote: str, within: str | None = None) -> QuoteMatch:
    """Whether the paper (or the part `within` names) contains `quote`, tolerantly (whitespace,
    LaTeX markup, unicode math); where it is; when it is nowhere, the closest passage."""
    if within is not None:
        lookup(paper, within)  # a dangling `within` is the caller's mistake, not "not found"
    places = [
        Passage(e.anchor, e.loc.file, e.loc.line, Paper.element_text(e))
        for e in paper.locate_quote(quote)
    ]
    found = paper.contains_quote(quote, within=within)
    closest = None if places or found else _closest(paper, quote)
    return QuoteMatch(quote, found, within, places, closest)


def _closest(paper: Paper, quote: str) -> Passage | None:
    """The sentence of the paper that holds most of `quote` in order: what an agent
    misremembered, so it can quote the paper's own words instead. Similarity is the share of the
    quote's (canonical) characters in common runs of three or more, so a short quote is not
    matched by scattered letters of a long sentence, nor a long quote lost in its sentence."""
    needle = canonical(quote)
    if not needle:
        return None
    best: Passage | None = None
    for s in sentences(paper):
        matcher = SequenceMatcher(None, needle, canonical(s.text), autojunk=False)
        shared = sum(b.size for b in matcher.get_matching_blocks() if b.size >= 3)
        similarity = round(shared / len(needle), 3)
        if similarity > (best.similarity if best else 0.0):
            el = s.element
            best = Passage(s.anchor, el.loc.file, el.loc.line, s.text, similarity)
    return best


# ---- audit -------------------------------------------------------------------------------


def audit(paper: Paper, section: str | None = None) -> Analysis:
    """Every value the paper states (with quote and anchor) and every implementation choice
    classified SPECIFIED / PARTIALLY_SPECIFIED / UNSPECIFIED; with `section`, only the values
    and the choices settled by what that section (and its subsections, tables, equations) says.
    """
    from paper2code.analyse import analyse

    if section is not None:
        lookup(paper, section)
    analysis = analyse(paper)
    if section is None:
        return analysis

    def inside(anchor: str | None) -> bool:
        el = paper.find(anchor) if anchor else None
        return el is not None and paper.in_section(el, section)

    return Analysis(
        hyperparameters=[f for f in analysis.hyperparameters if inside(f.anchor)],
        conflicts=[
            c for c in analysis.conflicts if any(inside(f.anchor) for f in c.hyperparameters)
        ],
        contribution=analysis.contribution,
        components=analysis.components,
        audit=[a for a in analysis.audit if inside(a.anchor)],
    )


# ---- check -------------------------------------------------------------------------------


def check(
    implementation: str | Path | Mapping[str, str],
    paper: Paper,
    *,
    strict: bool = False,
    run: bool = True,
) -> Report:
    """The checker on an implementation: a directory (every .py, .yaml, .md, .ipynb in it, and
    its compiled equations index, whose functions run unless `run` is false), one file, or
    in-memory files (relative path -> text). `strict` makes warnings errors."""
    from paper2code.verify import check_directory, check_files

    if isinstance(implementation, Mapping):
        return check_files(implementation, paper, strict=strict)
    return check_directory(Path(implementation), paper, strict=strict, run=run)


# ---- run ---------------------------------------------------------------------------------


def run(request: RunRequest, progress: RunProgress = QUIET) -> RunReport:
    """The main job, `paper2code run`: write the implementation of `request.source` to
    `request.out_dir/<title_slug>/`, run its smoke check and notebook (unless
    `request.execute` is false), verify it. `summarize` turns the report into plain data;
    `progress` receives the stages as they begin (nothing, by default)."""
    from paper2code import pipeline

    return pipeline.run(request, progress)


@dataclass
class Part:
    name: str
    anchor: str
    note: str


@dataclass
class Execution:
    ok: bool
    skipped: bool  # not run: this environment lacks torch or pyyaml
    headline: str  # the forward pass it reported, or how it failed
    output: str  # the last lines of its output


@dataclass
class Verification:
    ok: bool  # the checker, strict, found nothing
    findings: list[Finding]
    coverage: dict[str, dict[str, int]]  # "equations" / "stated values" -> {cited, total}


@dataclass
class RunSummary:
    ok: bool  # smoke, notebook and checker passed, and the engine stood nothing in
    # "complete", "skeleton" (ok, but the contribution is not implemented) or "failed"
    status: str
    exit_code: int  # what `paper2code run` exits with: 0, 10 or 1
    title: str
    directory: str
    mode: str
    framework: str
    files: list[str]
    flags: dict[str, int]  # how often each [FLAG] appears in the written files
    implemented: list[Part]
    skeletons: list[Part]  # raise NotImplementedError
    smoke: Execution | None  # None: not run
    notebook: Execution | None
    verify: Verification
    fallbacks: list[str]  # what an engine stood in for an answer it could not use
    usage: dict[str, Any] | None  # requests, tokens, seconds, cost per stage (llm engine)


def summarize(report: RunReport) -> RunSummary:
    """A run's report as plain data: what `paper2code run --json` prints."""
    project = report.project

    def execution(result: Any) -> Execution | None:
        if result is None:
            return None
        return Execution(result.ok, result.skipped, result.headline, result.output)

    exit_codes = {"complete": 0, "skeleton": SkeletonOnly.exit_code}
    return RunSummary(
        ok=report.ok,
        status=report.status,
        exit_code=exit_codes.get(report.status, VerificationFailed.exit_code),
        title=project.title,
        directory=str(report.directory),
        mode=str(project.options.mode),
        framework=str(project.options.framework),
        files=list(report.files),
        flags=dict(report.tags),
        implemented=[Part(c.name, c.anchor, c.note) for c in project.components if c.implemented],
        skeletons=[Part(c.name, c.anchor, c.note) for c in project.components if not c.implemented],
        smoke=execution(report.smoke),
        notebook=execution(report.notebook),
        verify=Verification(
            ok=report.verified,
            findings=list(report.findings),
            coverage={
                name: {"cited": cited, "total": total}
                for name, (cited, total) in report.coverage.items()
            },
        ),
        fallbacks=list(project.fallbacks),
        usage=project.usage.to_dict() if project.usage is not None else None,
    )


# ---- the compiled equations index ----------------------------------------------------------


@dataclass
class EquationsIndex:
    directory: str
    path: str  # where the index is (or would be)
    present: bool
    index: Any  # the parsed JSON when present, else None
    message: str


def equations_index(directory: str | Path) -> EquationsIndex:
    """The compiled equations index an implementation carries (`.paper2code/equations.json`),
    or a clear statement that it has none."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"no such directory: {root}")
    path = root / layout.EQUATIONS_INDEX
    if not path.is_file():
        message = f"{root} has no compiled equations index ({layout.EQUATIONS_INDEX} is absent)"
        return EquationsIndex(str(root), str(path), False, None, message)
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read {path}: {e}") from e
    return EquationsIndex(str(root), str(path), True, index, f"read {path}")


def as_data(result: Any) -> dict[str, Any]:
    """A result dataclass as JSON-ready data: enums as their values, paths as strings."""
    return json.loads(json.dumps(asdict(result), default=str))

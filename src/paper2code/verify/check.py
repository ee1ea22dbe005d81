"""Check a whole implementation: read each file by kind, run the rules, add up coverage."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from paper2code.errors import InputError
from paper2code.paper.model import Paper
from paper2code.verify.coverage import coverage
from paper2code.verify.equation_citations import uncomputed_citations
from paper2code.verify.equations import check_equations
from paper2code.verify.markdown_source import read_markdown, read_notebook
from paper2code.verify.notes import Source
from paper2code.verify.python_source import read_python
from paper2code.verify.report import Finding, Report
from paper2code.verify.rules import Checker
from paper2code.verify.yaml_source import read_yaml

SUFFIXES = {".py", ".yaml", ".yml", ".md", ".ipynb"}
_SKIP_DIRS = {"__pycache__", "node_modules", ".ipynb_checkpoints", "venv"}


def _run(checker: Checker, path: str, source: Source, cell: int | None = None) -> None:
    if source.problem is not None:
        line, message = source.problem
        checker.add(path, line, "P2C000", message, cell)
        return
    for note in source.notes:
        checker.check_note(note, path, cell)
    for value in source.values:
        checker.check_value(value, path, cell)


def _check_file(checker: Checker, path: str, suffix: str, content: str) -> None:
    if suffix == ".py":
        _run(checker, path, read_python(content))
    elif suffix in (".yaml", ".yml"):
        _run(checker, path, read_yaml(content))
    elif suffix == ".md":
        _run(checker, path, read_markdown(content))
    else:
        cells = read_notebook(content)
        if isinstance(cells, Source):
            _run(checker, path, cells)
        else:
            for n, cell in enumerate(cells, start=1):
                _run(checker, path, cell, n)


def check_files(files: Mapping[str, str], paper: Paper, *, strict: bool = False) -> Report:
    """Check in-memory files (relative path -> content); other suffixes are ignored."""
    checker = Checker(paper, strict=strict)
    checked = 0
    for path in sorted(files):
        suffix = Path(path).suffix.lower()
        if suffix not in SUFFIXES:
            continue
        checked += 1
        try:
            _check_file(checker, path, suffix, files[path])
        except (RecursionError, MemoryError):
            # Python's parser, the YAML and JSON readers recurse once per level of nesting (and
            # the parser reports a deep expression as MemoryError): one finding, not a crash
            message = "nested too deeply to check (brackets, blocks or expressions); flatten it"
            checker.add(path, 1, "P2C011", message, None)
    return Report(
        findings=_ordered(checker.findings),
        coverage=coverage(paper, checker.cited_equations, checker.matched),
        strict=strict,
        files=checked,
    )


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.cell or 0, f.line, f.rule, f.message))


def collect_files(directory: Path) -> dict[str, str]:
    """Every checkable file under `directory` (or the one file it names), by relative path."""
    if directory.is_file():
        paths, root = [directory], directory.parent
    elif directory.is_dir():
        root = directory
        paths = [
            p
            for p in sorted(directory.rglob("*"))
            if p.is_file()
            and p.suffix.lower() in SUFFIXES
            and not any(
                part.startswith(".") or part in _SKIP_DIRS
                for part in p.relative_to(directory).parts[:-1]
            )
        ]
    else:
        raise InputError(f"no such directory: {directory}")
    files: dict[str, str] = {}
    for p in paths:
        try:  # a stray non-UTF-8 byte should not hide the rest of the file from the check
            files[p.relative_to(root).as_posix()] = p.read_text(encoding="utf-8", errors="replace")
        except OSError as e:
            raise InputError(f"cannot read {p}: {e}") from e
    return files


def check_directory(
    directory: Path, paper: Paper, *, strict: bool = False, run: bool = True
) -> Report:
    """Check every .py, .yaml/.yml, .md and .ipynb file under `directory`, recursively, and
    its compiled equations index (`verify.equations`): `run=False` reads the index without
    running the functions it lists."""
    files = collect_files(Path(directory))
    report = check_files(files, paper, strict=strict)
    if Path(directory).is_dir():
        judged = check_equations(Path(directory), paper, strict=strict, run=run)
        report.equations_index = judged.index
        report.equations = judged.results
        cited = (
            uncomputed_citations(files, paper, judged.implemented, strict=strict)
            if judged.index
            else []
        )
        report.findings = _ordered([*report.findings, *judged.findings, *cited])
    return report

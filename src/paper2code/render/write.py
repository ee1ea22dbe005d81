"""Write a `Project` to `<out_dir>/<slug>/`, atomically.

The whole directory is built in a temporary sibling and renamed into place, so a failure at any
point leaves no partial directory, and `--force` replaces an old one only once the new one is
complete.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from paper2code.analyse.model import Analysis
from paper2code.engines.base import Mode, Project
from paper2code.errors import InputError, OutputExistsError
from paper2code.paper.model import Paper
from paper2code.render.config_yaml import render_config
from paper2code.render.guide import render_paper_guide
from paper2code.render.notebook import render_notebook
from paper2code.render.notes import render_reproduction_notes
from paper2code.render.readme import render_readme

CONFIG = "configs/base.yaml"
NOTEBOOK = "notebooks/walkthrough.ipynb"
RUN_RECORD = ".paper2code/run.json"  # requests, tokens, time and cost of the engine run


def project_files(project: Project, paper: Paper, analysis: Analysis) -> dict[str, str]:
    """Every file of the output directory, by relative path."""
    if project.audit:  # the engine extended the audit (checked against the paper): use its
        analysis = replace(analysis, audit=project.audit)
    files = dict(project.files)
    files[CONFIG] = render_config(project.config, project.title)
    files[NOTEBOOK] = render_notebook(project.notebook)
    files["requirements.txt"] = "\n".join(project.requirements) + "\n"
    files["REPRODUCTION_NOTES.md"] = render_reproduction_notes(paper, analysis, project.deviations)
    if project.options.mode is Mode.EDUCATIONAL:
        files["PAPER_GUIDE.md"] = render_paper_guide(project, paper)
    files["README.md"] = render_readme(project, paper, sorted(files))
    if project.usage is not None:  # hidden: the checker and the README listing skip it
        files[RUN_RECORD] = json.dumps(project.usage.to_dict(), indent=2) + "\n"
    return files


def write_project(
    project: Project,
    paper: Paper,
    analysis: Analysis,
    out_dir: Path,
    *,
    force: bool = False,
    extra: Mapping[str, str] | None = None,
) -> Path:
    """Write the project to `out_dir/<slug>`; OutputExistsError if it exists and not `force`.
    `extra` files appear with the others (the pipeline's mark of a run not yet checked)."""
    out_dir = Path(out_dir).resolve()  # callers get an absolute path, whatever the cwd later
    target = out_dir / project.slug
    if target.exists() and not force:
        raise OutputExistsError(f"{target} already exists", hint="use --force to replace it")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create output directory {out_dir}: {e.strerror}") from e
    staging = Path(tempfile.mkdtemp(prefix=f".{project.slug}.", suffix=".partial", dir=out_dir))
    try:
        files = {**project_files(project, paper, analysis), **(extra or {})}
        for rel, content in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename `staging` to `target`; an existing `target` is moved aside first and removed only
    after the rename succeeded (restored if it did not)."""
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink()  # --force over a file that had the directory's name

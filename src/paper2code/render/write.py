"""Write a `Project` to `<out_dir>/<slug>/`, atomically and once; its scratch copies, where the
pipeline runs and checks it first; and the single files other commands write (`audit -o`).

The whole directory is built in a temporary sibling and renamed into place, so a failure at any
point leaves no partial directory, and `--force` replaces an old one only once the new one is
complete. A place that cannot be written is the user's to fix: one `InputError` line, checked
before the paper is read where possible (`check_out_dir`, `check_output_file`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path

from paper2code import layout
from paper2code.analyse.model import Analysis
from paper2code.engines.base import Mode, Project
from paper2code.errors import InputError, OutputExistsError
from paper2code.paper.model import Paper
from paper2code.redact import redact
from paper2code.render.config_yaml import render_config, render_setting
from paper2code.render.format import format_python
from paper2code.render.guide import render_paper_guide
from paper2code.render.notebook import render_notebook
from paper2code.render.notes import render_reproduction_notes
from paper2code.render.readme import render_readme
from paper2code.render.requirements import render_requirements


def project_files(project: Project, paper: Paper, analysis: Analysis) -> dict[str, str]:
    """Every file of the output directory, by relative path."""
    if project.audit:  # the engine extended the audit (checked against the paper): use its
        analysis = replace(analysis, audit=project.audit)
    files = format_python(project.files)
    files[layout.CONFIG] = render_config(
        project.config, project.title, project.setting, project.settings
    )
    for setting in project.settings:
        files[layout.setting_config(setting.slug)] = render_setting(setting, project.title)
    files[layout.NOTEBOOK] = render_notebook(project.notebook)
    files[layout.REQUIREMENTS] = render_requirements(project.requirements)
    files[layout.NOTES] = render_reproduction_notes(paper, analysis, project.deviations)
    if project.options.mode is Mode.EDUCATIONAL:
        files[layout.PAPER_GUIDE] = render_paper_guide(project, paper)
    files[layout.README] = render_readme(project, paper, sorted(files))
    if project.usage is not None:  # hidden: the checker and the README listing skip it
        files[layout.RUN_RECORD] = json.dumps(project.usage.to_dict(), indent=2) + "\n"
    # Written even when it lists nothing: an empty index says no equation is computed, where
    # an absent one would leave a reader (the checker, a tool) unsure whether any was tried.
    index = {"equations": [asdict(entry) for entry in project.equations]}
    files[layout.EQUATIONS_INDEX] = json.dumps(index, indent=2, ensure_ascii=False) + "\n"
    return files


def write_project(
    project: Project, paper: Paper, analysis: Analysis, out_dir: Path, *, force: bool = False
) -> Path:
    """Write the project to `out_dir/<slug>`; see `write_files`."""
    return write_files(project_files(project, paper, analysis), out_dir, project.slug, force=force)


def write_files(files: Mapping[str, str], out_dir: Path, slug: str, *, force: bool = False) -> Path:
    """Write `files` (relative path -> text) to `out_dir/slug`, all at once; OutputExistsError
    if it exists and not `force`, InputError if `out_dir` cannot be written."""
    out_dir = Path(out_dir).resolve()  # callers get an absolute path, whatever the cwd later
    target = check_target(out_dir, slug, force=force)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".partial", dir=out_dir))
    except OSError as e:
        raise _unwritable(out_dir, e) from e
    try:
        _write_tree(staging, files)
        # mkdtemp makes the staging folder private (0700); the output is the user's like any
        # folder they make, so it takes their umask, as the files and subfolders inside did.
        staging.chmod(0o777 & ~_umask())
        _swap_into_place(staging, target)
    except BaseException as e:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(e, OSError):
            raise _unwritable(out_dir, e) from e
        raise
    return target


@contextmanager
def scratch_copy(files: Mapping[str, str]) -> Iterator[Path]:
    """`files` in a private temporary folder, removed on leaving (Ctrl-C included): where the
    pipeline runs and checks a version of the project before anything reaches the output."""
    try:
        # resolved: a run's output names its files by their real path (judge._as_written)
        root = Path(tempfile.mkdtemp(prefix="paper2code-check-")).resolve()
    except OSError as e:
        raise InputError(
            f"cannot make a scratch folder in {tempfile.gettempdir()}: {e.strerror or e}",
            hint="set TMPDIR to a writable folder",
        ) from e
    try:
        _write_tree(root, files)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _write_tree(root: Path, files: Mapping[str, str]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redact(content), encoding="utf-8")  # no configured key, ever


def check_target(out_dir: Path, slug: str, *, force: bool) -> Path:
    """`out_dir/slug`, refused with OutputExistsError when it exists and not `force` (called
    again by the pipeline as soon as the paper's title, hence the slug, is known)."""
    target = Path(out_dir).resolve() / slug
    if target.exists() and not force:
        raise OutputExistsError(f"{target} already exists", hint="use --force to replace it")
    return target


def check_out_dir(out_dir: Path) -> None:
    """Refuse, before any paper is read, an `--out` that cannot take a new folder: a file in the
    way, or a folder this user may not write to (the nearest one that exists, when `out_dir`
    is still to be made)."""
    existing = _nearest_existing(Path(out_dir).resolve())
    if not existing.is_dir():
        raise InputError(f"cannot write to {out_dir}: {existing} is not a folder", hint=_OTHER_OUT)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot write to {out_dir}: {existing} is read-only", hint=_OTHER_OUT)


def check_output_file(path: Path) -> None:
    """Refuse, before any paper is read, an output file whose folder is missing or read-only."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: folder {folder} does not exist", hint=_CREATE)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {path}: folder {folder} is read-only", hint=_OTHER_FILE)


def write_file(path: Path, text: str) -> None:
    """Write one text file; a place that turns out unwritable is an InputError, not a crash."""
    try:
        Path(path).write_text(redact(text), encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write {path}: {e.strerror or e}", hint=_OTHER_FILE) from e


_OTHER_OUT = "choose another --out"
_OTHER_FILE = "choose another -o path"
_CREATE = "create it first, or choose another -o path"


def _unwritable(out_dir: Path, e: OSError) -> InputError:
    return InputError(f"cannot write to {out_dir}: {e.strerror or e}", hint=_OTHER_OUT)


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _umask() -> int:
    """The process's umask: reading it means setting it, so it is set straight back."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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

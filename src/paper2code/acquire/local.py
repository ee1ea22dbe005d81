"""Local inputs: a LaTeX folder, a `.tex` file, a `.pdf`, or an e-print archive.

Files are recognised by their bytes, not their names (an arXiv download is often saved without
an extension). Archives are unpacked, with the same safety checks as downloads, into the cache
under their SHA-256, so unpacking the same archive twice is free.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from paper2code.acquire import archive
from paper2code.acquire.archive import Content
from paper2code.acquire.cache import Cache, building, finish_entry, read_entry
from paper2code.acquire.result import Acquired, Progress
from paper2code.acquire.settings import Settings
from paper2code.errors import InputError


def acquire_local(path: Path, settings: Settings, *, refresh: bool, progress: Progress) -> Acquired:
    if path.is_dir():
        if not any(path.rglob("*.tex")):
            raise InputError(f"{path}: no .tex files in this folder")
        return Acquired("latex", path, None, None, from_cache=False)
    if not path.is_file():
        raise InputError(f"{path}: not a file or folder")
    try:
        content = archive.sniff(path)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if content is Content.PDF:
        return Acquired("pdf", path, path, None, from_cache=False)
    if content is Content.TEX or path.suffix == ".tex":
        # A .tex file that does not look like LaTeX goes to the reader anyway: it names the
        # line where the junk starts, which helps more than "not LaTeX".
        return Acquired("latex", path, None, None, from_cache=False)
    if content in (Content.TARBALL, Content.GZIP_FILE):
        return _unpacked(path, settings, refresh=refresh, progress=progress)
    raise InputError(
        f"{path}: not LaTeX, a PDF, or a .tar.gz/.gz archive",
        hint="give the paper's LaTeX folder, .tex file, e-print archive, or PDF",
    )


def _unpacked(path: Path, settings: Settings, *, refresh: bool, progress: Progress) -> Acquired:
    final = Cache(settings.cache_dir).local_dir(_sha256(path))
    entry = None if refresh else read_entry(final)
    if entry is not None:
        return Acquired(entry.kind, entry.path, entry.pdf_path, None, from_cache=True)  # type: ignore[arg-type]
    progress(f"unpacking {path}")
    with building(final) as work:
        source = work / "source"
        found = archive.unpack(
            path, source, max_bytes=settings.max_bytes, max_members=settings.max_members
        )
        if found is Content.PDF:
            pdf = source / "paper.pdf"
            finish_entry(work, "pdf", pdf, pdf)
        elif not any(source.rglob("*.tex")):
            raise InputError(f"{path}: the archive holds no .tex file")
        else:
            finish_entry(work, "latex", source, None)
    entry = read_entry(final)
    assert entry is not None, "building() renamed a complete entry into place"
    return Acquired(entry.kind, entry.path, entry.pdf_path, None, from_cache=False)  # type: ignore[arg-type]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()[:32]

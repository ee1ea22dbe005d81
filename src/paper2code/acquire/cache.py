"""The download cache: one complete folder per arXiv paper version, or nothing.

Layout under the cache root (`platformdirs.user_cache_dir("paper2code")`, or
`$PAPER2CODE_CACHE_DIR`):

    arxiv/<id>/v<N>/entry.json      what the entry holds (kind, paths) - written last
    arxiv/<id>/v<N>/metadata.json   ArxivMetadata
    arxiv/<id>/v<N>/source/         unpacked LaTeX sources
    arxiv/<id>/v<N>/paper.pdf
    arxiv/<id>/latest               the newest version fetched, for unversioned IDs
    local/<sha256>/                 a local archive, unpacked

An entry is built in a `.partial-*` folder beside it and renamed into place only when complete,
so an interrupted or failed download never leaves a half-written entry that a later run trusts.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from paper2code.acquire.ids import ArxivRef

ENTRY_FILE = "entry.json"
_STALE_SECONDS = 24 * 3600  # a .partial folder this old belongs to a process that died


@dataclass(frozen=True)
class Entry:
    """A complete cache entry, as described by its entry.json."""

    root: Path
    kind: str  # "latex" | "pdf"
    path: Path
    pdf_path: Path | None


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def paper_dir(self, arxiv_id: str) -> Path:
        return self.root / "arxiv" / arxiv_id.replace("/", "_")

    def version_dir(self, arxiv_id: str, version: int) -> Path:
        return self.paper_dir(arxiv_id) / f"v{version}"

    def lookup(self, ref: ArxivRef) -> Entry | None:
        """The entry for `ref`; an unversioned ref means the newest version fetched so far."""
        version = ref.version or self.latest_version(ref.id)
        if version is None:
            return None
        return read_entry(self.version_dir(ref.id, version))

    def latest_version(self, arxiv_id: str) -> int | None:
        pointer = self.paper_dir(arxiv_id) / "latest"
        try:
            return int(pointer.read_text().strip())
        except (OSError, ValueError):
            return None

    def set_latest(self, arxiv_id: str, version: int) -> None:
        current = self.latest_version(arxiv_id)
        if current is None or version >= current:
            write_atomic(self.paper_dir(arxiv_id) / "latest", f"{version}\n")

    def local_dir(self, digest: str) -> Path:
        return self.root / "local" / digest


def read_entry(folder: Path) -> Entry | None:
    try:
        data = json.loads((folder / ENTRY_FILE).read_text(encoding="utf-8"))
        kind, path = data["kind"], folder / data["path"]
        pdf = folder / data["pdf"] if data.get("pdf") else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no entry, or one from an incompatible version: fetch again
    if not path.exists():
        return None
    return Entry(folder, kind, path, pdf if pdf and pdf.exists() else None)


@contextmanager
def building(final: Path) -> Iterator[Path]:
    """A scratch folder beside `final`, renamed to `final` when the block succeeds and removed
    when it fails. The block must write `entry.json` (see `finish_entry`)."""
    # folders made here (arxiv/<id>/) go again if nothing is built: no empty entries
    made = [p for p in (final.parent, *final.parent.parents) if not p.exists()]
    final.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(final.parent)
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=final.parent))
    try:
        yield work
        if final.exists():  # --refresh: swap the new entry in, then drop the old one
            old = Path(tempfile.mkdtemp(prefix=".partial-old-", dir=final.parent))
            os.replace(final, old / "entry")
            os.replace(work, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(work, final)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
        if not final.exists():
            for folder in made:  # innermost first; stops at one another process filled
                try:
                    folder.rmdir()
                except OSError:
                    break


def finish_entry(work: Path, kind: str, path: Path, pdf: Path | None) -> None:
    """Record what the scratch folder holds; paths are stored relative to the entry."""
    data = {
        "kind": kind,
        "path": path.relative_to(work).as_posix(),
        "pdf": pdf.relative_to(work).as_posix() if pdf else None,
    }
    (work / ENTRY_FILE).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".partial-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sweep_stale(folder: Path) -> None:
    now = time.time()
    for leftover in folder.glob(".partial-*"):
        try:
            if now - leftover.stat().st_mtime > _STALE_SECONDS:
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
        except OSError:
            continue

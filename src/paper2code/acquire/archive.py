"""Recognise an e-print by its bytes and unpack it safely.

arXiv serves `/e-print/ID` as a gzip'd tarball, a single gzip'd `.tex`, or the PDF of a
PDF-only submission, under names that do not say which; so we look at the magic bytes. Archives
come from strangers: members are extracted one by one through tarfile's "data" filter (no
absolute paths, no `..`, no links leaving the folder, no devices), and the member count and the
unpacked size (every member's, written or not) are capped before anything is written, because
the filter does not stop bombs. Only sources are written: figures, PDFs and data are not needed
to read a paper, and they are most of an archive's bytes.
"""

from __future__ import annotations

import gzip
import re
import shutil
import tarfile
import zlib
from enum import StrEnum
from pathlib import Path, PurePosixPath

from paper2code.acquire.settings import ENV_MAX_BYTES
from paper2code.errors import ArchiveError, InputError

SINGLE_TEX_NAME = "main.tex"
# What TeX reads as text to typeset a paper: LaTeX, its styles and classes, bibliographies.
SOURCE_SUFFIXES = {
    ".tex",
    ".ltx",
    ".sty",
    ".cls",
    ".clo",
    ".def",
    ".cfg",
    ".fd",
    ".bib",
    ".bbl",
    ".bst",
}


class Content(StrEnum):
    TARBALL = "tarball"  # tar, gzip'd or not
    GZIP_FILE = "gzip"  # one gzip'd file (a .tex, usually)
    PDF = "pdf"
    TEX = "tex"  # a plain-text LaTeX file
    UNKNOWN = "unknown"


def sniff(path: Path) -> Content:
    """What a downloaded or local file really is, from its first bytes."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"%PDF-"):
        return Content.PDF
    if _is_tar_header(head):
        return Content.TARBALL
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as gz:
                inner = gz.read(512)
        except (OSError, EOFError, zlib.error) as e:
            raise ArchiveError(f"{path.name}: corrupt gzip data ({e})") from None
        return Content.TARBALL if _is_tar_header(inner) else Content.GZIP_FILE
    if _looks_like_latex(head):
        return Content.TEX
    return Content.UNKNOWN


def unpack(path: Path, dest: Path, *, max_bytes: int, max_members: int) -> Content:
    """Unpack `path` (tarball or gzip'd file) into the empty folder `dest`.

    A single gzip'd file becomes `dest/main.tex`, or `dest/paper.pdf` when it is a PDF;
    returns what was found (TARBALL, TEX or PDF). Raises ArchiveError for anything unsafe or
    corrupt; the caller removes `dest` then.
    """
    content = sniff(path)
    dest.mkdir(parents=True, exist_ok=True)
    if content is Content.TARBALL:
        _untar(path, dest, max_bytes=max_bytes, max_members=max_members)
        return Content.TARBALL
    if content is Content.GZIP_FILE:
        target = dest / SINGLE_TEX_NAME
        _gunzip(path, target, max_bytes=max_bytes)
        if sniff(target) is Content.PDF:
            target = target.rename(dest / "paper.pdf")
            return Content.PDF
        return Content.TEX
    raise ArchiveError(f"{path.name} is not a tar or gzip archive (found: {content})")


def _untar(path: Path, dest: Path, *, max_bytes: int, max_members: int) -> None:
    total = 0
    count = 0
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                count += 1
                if count > max_members:
                    raise ArchiveError(
                        f"{path.name} holds more than {max_members} files; refusing to unpack"
                    )
                total += max(member.size, 0)
                if total > max_bytes:
                    raise _too_big(path, max_bytes)
                _check_name(path, member)
                try:
                    if is_source(member):
                        tar.extract(member, dest, filter="data")
                    else:  # not written, but a hostile archive is refused all the same
                        tarfile.data_filter(member, str(dest))
                except tarfile.FilterError as e:
                    raise ArchiveError(f"{path.name}: unsafe member refused ({e})") from None
    except (tarfile.TarError, EOFError, zlib.error) as e:
        raise ArchiveError(f"{path.name}: corrupt archive ({e})") from None
    except OSError as e:  # a damaged gzip stream under the tar, or the disk
        raise ArchiveError(f"{path.name}: cannot unpack ({e})") from None


def _too_big(path: Path, max_bytes: int) -> ArchiveError:
    return ArchiveError(
        f"{path.name} unpacks to more than {max_bytes} bytes; refusing to unpack",
        hint=f"set {ENV_MAX_BYTES} to a larger number of bytes if you trust it",
    )


def is_source(member: tarfile.TarInfo) -> bool:
    """A member worth writing: a source file, or a link named like one (the data filter still
    judges where the link leads). Folders are made as their files need them."""
    return not member.isdir() and PurePosixPath(member.name).suffix.lower() in SOURCE_SUFFIXES


def _check_name(archive: Path, member: tarfile.TarInfo) -> None:
    # The data filter strips a leading "/" silently; a source archive has no business
    # naming absolute paths at all, so treat it as hostile rather than rewriting it.
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        raise ArchiveError(f"{archive.name}: unsafe member path {member.name!r} refused")


def _gunzip(path: Path, target: Path, *, max_bytes: int) -> None:
    size = 0
    try:
        with gzip.open(path, "rb") as src, target.open("wb") as out:
            while chunk := src.read(1 << 16):
                size += len(chunk)
                if size > max_bytes:
                    raise _too_big(path, max_bytes)
                out.write(chunk)
    except (OSError, EOFError, zlib.error) as e:
        raise ArchiveError(f"{path.name}: corrupt gzip data ({e})") from None


def _is_tar_header(block: bytes) -> bool:
    return len(block) >= 262 and block[257:262] == b"ustar"


def _looks_like_latex(head: bytes) -> bool:
    """Text (no control bytes) with a LaTeX command in it. arXiv may send a single `.tex`
    already decompressed (HTTP Content-Encoding), and it need not open with documentclass."""
    if any(b < 32 and b not in b"\n\r\t\f" for b in head):
        return False
    return re.search(r"\\[A-Za-z]{2,}", head.decode("latin-1")) is not None


def copy_tex(path: Path, dest: Path) -> Path:
    """A plain `.tex` download lands in `dest` under the single-file name."""
    if sniff(path) is not Content.TEX:
        raise InputError(f"{path.name} is neither LaTeX, a PDF, nor an archive")
    dest.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(path, dest / SINGLE_TEX_NAME))

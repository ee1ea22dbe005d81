"""What the user typed, resolved: an arXiv paper (ID and optional version) or a local path.

Accepted arXiv forms: `1706.03762`, `1706.03762v5`, `arXiv:1706.03762`, `hep-th/9901001v2`,
`math.GT/0309136` (the subject class is dropped: arXiv files the paper as `math/0309136`), and
any abs/pdf/html/e-print/src URL of those, with or without scheme, `www.`, `export.` or `.pdf`.
An existing file or folder always wins over an ID-shaped reading of the same string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from paper2code.errors import InputError

ACCEPTED_FORMS = (
    "an arXiv ID (1706.03762, 2106.09685v2, arXiv:1706.03762, hep-th/9901001v2), "
    "an arXiv URL (https://arxiv.org/abs/1706.03762, arxiv.org/pdf/2006.11239), "
    "or a local LaTeX folder, .tex file, e-print .tar.gz/.gz, or .pdf"
)

# New style (since April 2007): YYMM.NNNN, five digits from 2015 on.
_NEW = r"(?P<new>(?P<yymm>\d{4})\.\d{4,5})"
# Old style: archive[.SUBJECT]/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD = r"(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?/(?P<num>\d{7})"
_ID = rf"(?:{_NEW}|{_OLD})(?:v(?P<version>\d+))?"
_BARE = re.compile(rf"(?:arxiv:)?{_ID}(?:\.pdf)?", re.IGNORECASE)
_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/"
    rf"(?:abs|pdf|html|e-print|src|format)/{_ID}(?:\.pdf)?/?(?:[?#].*)?",
    re.IGNORECASE,
)
LOCAL_SUFFIXES = (".tex", ".pdf", ".gz", ".tgz", ".tar", ".zip")


@dataclass(frozen=True)
class ArxivRef:
    id: str  # canonical, without version: "1706.03762", "hep-th/9901001"
    version: int | None = None  # None: the latest

    @property
    def versioned(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    def __str__(self) -> str:
        return self.versioned


@dataclass(frozen=True)
class LocalRef:
    path: Path


def resolve(spec: str) -> ArxivRef | LocalRef:
    """Read what the user typed; InputError (listing the accepted forms) for anything else."""
    text = spec.strip()
    if not text:
        raise InputError(f"no paper given; expected {ACCEPTED_FORMS}")
    match = _URL.fullmatch(text)
    if match:
        return _arxiv(match, spec)
    path = Path(text).expanduser()
    if path.exists():
        return LocalRef(path)
    match = _BARE.fullmatch(text)
    if match:
        return _arxiv(match, spec)
    if "/" in text or "\\" in text or text.lower().endswith(LOCAL_SUFFIXES):
        raise InputError(f"{text}: no such file or folder")
    raise InputError(f"{text!r} is not a paper paper2code can read; expected {ACCEPTED_FORMS}")


def _arxiv(match: re.Match[str], spec: str) -> ArxivRef:
    version = int(match["version"]) if match["version"] else None
    if version == 0:
        raise InputError(f"{spec}: arXiv versions start at v1")
    if match["new"]:
        yymm, number = match["yymm"], match["new"].split(".")[1]
        # Four-digit numbers until 2014 (YYMM 1412), five from 1501 on.
        if not 1 <= int(yymm[2:]) <= 12 or len(number) != (5 if yymm >= "1501" else 4):
            raise InputError(f"{spec!r} is not an arXiv ID; expected {ACCEPTED_FORMS}")
        return ArxivRef(match["new"], version)
    return ArxivRef(f"{match['archive'].lower()}/{match['num']}", version)

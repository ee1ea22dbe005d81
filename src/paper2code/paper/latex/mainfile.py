"""Which `.tex` file of a folder is the paper, decided from evidence and explained.

Real source folders hold more than one document: a venue's formatting-instructions example
beside the paper, `\\subfile` children with their own preamble, an old draft, a rebuttal. A file
name proves nothing (a real paper may be called `example_paper.tex`), so each candidate is
judged by what it is: read by another file or a `\\subfile` of one (not a main file), a venue
template by its title or its instructions to authors, named like a supplement or a reply, with
or without `\\documentclass`, with a `.bbl` of its own name (what compiling it produced), and
by the prose it holds with everything it reads. Conventional names and depth only break ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from paper2code.acquire.folder import inside, is_file, list_files
from paper2code.errors import ParseError
from paper2code.paper.model import MainFileChoice, ReaderWarning

BEGIN_DOC = re.compile(r"^[^%\n]*\\begin\s*\{document\}", re.MULTILINE)
DOCCLASS = re.compile(r"^[^%\n]*\\documentclass", re.MULTILINE)
PREFERRED_NAMES = ("main.tex", "paper.tex", "ms.tex", "article.tex")
REFUSED_LINK = "a link to outside the paper's folder; not read"
_MAX_DEPTH = 16
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_INCLUDE = re.compile(r"\\(?:input|include|subfile)(?![A-Za-z])\s*(?:\{([^{}]*)\}|([^\s{}\\%]+))")
_SUBFILE_OF = re.compile(r"\\documentclass\s*\[([^\]]+)\]\s*\{subfiles\}")
_TITLE = re.compile(r"\\(?:title|(?:icml|sysml|mlsys)title)\s*(?:\[[^\]]*\])?\s*\{([^\n]{0,200})")
_WORD = re.compile(r"(?<![\\A-Za-z@])[A-Za-z]{2,}")
# Titles of the formatting-instruction examples venues ship with their style files.
_TEMPLATE_TITLE = re.compile(
    r"author\s+guidelines|formatting\s+instructions|submission\s+and\s+formatting"
    r"|instructions\s+for\s+(?:authors|submissions?|preparing)|(?:paper|article)\s+template"
    r"|sample\s+(?:paper|article|document)|style\s+guide",
    re.IGNORECASE,
)
# What those examples tell authors; a paper says one of these at most in passing.
_BOILERPLATE = (
    "please follow the steps outlined below",
    "author guidelines",
    "formatting instructions",
    "electronic submission",
    "dual submission",
    "camera-ready",
    "camera ready",
    "style file",
    "page limit",
    "the purpose of this document",
    "lorem ipsum",
)
_TEMPLATE_PHRASES = 3
_SECONDARY_NAME = re.compile(
    r"supp|appendi|rebuttal|response|reply|cover.?letter|poster|slides|presentation",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
    path: Path
    rel: str
    docclass: bool = False  # in the file or in something it reads
    read_by: str | None = None  # another candidate reads this one
    subfile_of: str | None = None  # `\documentclass[parent]{subfiles}` with parent present
    template: str | None = None  # why it looks like a venue's instructions
    secondary: bool = False  # named like a supplement, a rebuttal, slides
    bbl: str | None = None  # the `.bbl` of the same name
    reads: list[Path] = field(default_factory=list)
    words: int = 0

    def key(self) -> tuple:
        excluded = self.read_by is not None or self.subfile_of is not None
        preferred = self.path.name in PREFERRED_NAMES
        depth = self.rel.count("/")
        return (
            excluded,
            self.template is not None,
            self.secondary,
            not self.docclass,
            self.bbl is None,
            -self.words,
            not preferred,
            depth,
            self.rel,
        )


@dataclass
class Choice:
    main: Path
    decision: MainFileChoice
    warnings: list[ReaderWarning]


def choose_main(root: Path, max_bytes: int) -> Choice:
    """The main file of the folder `root`, with the evidence for it when there was a choice."""
    root = root.resolve()
    listing = list_files(root, (".tex",))
    warnings = [ReaderWarning(REFUSED_LINK, file=_rel(p, root)) for p in listing.refused]
    # Keyed by the resolved path: a link inside the folder is the file it names.
    texts = {p.resolve(): _head(p, max_bytes) for p in listing.files}
    found = [p for p, text in texts.items() if BEGIN_DOC.search(text)]
    if not found:
        raise ParseError(
            "no main .tex file (one with \\documentclass and \\begin{document})",
            file=str(root),
            hint="point paper2code at the paper's source folder or its main .tex file",
        )
    candidates = [_judge(p, root, texts, max_bytes) for p in found]
    for cand in candidates:
        for other in candidates:
            if other is not cand and cand.path in other.reads:
                cand.read_by = other.rel
    best = min(candidates, key=_Candidate.key)
    decision = MainFileChoice(file=best.rel, candidates=sorted(c.rel for c in candidates))
    if len(candidates) > 1:
        decision.reasons = [_evidence(best)] + [
            f"not {c.rel}: {_against(c, best)}"
            for c in sorted(candidates, key=_Candidate.key)
            if c is not best
        ]
    return Choice(best.path, decision, warnings)


def _judge(path: Path, root: Path, texts: dict[Path, str], max_bytes: int) -> _Candidate:
    cand = _Candidate(path, _rel(path, root))
    own = _COMMENT.sub("", texts[path])
    cand.reads = _tree(path, root, own, max_bytes)
    tree = [own] + [_COMMENT.sub("", texts.get(p) or _head(p, max_bytes)) for p in cand.reads]
    cand.docclass = any(DOCCLASS.search(t) for t in tree)
    cand.words = sum(len(_WORD.findall(t)) for t in tree)
    parent = _SUBFILE_OF.search(own)
    if parent:
        target = _resolve(parent.group(1), path, root)
        cand.subfile_of = _rel(target, root) if target else None
    cand.template = _template(own)
    cand.secondary = bool(_SECONDARY_NAME.search(path.stem))
    bbl = path.with_suffix(".bbl")
    cand.bbl = _rel(bbl, root) if bbl.is_file() and inside(bbl, root) else None
    return cand


def _tree(path: Path, root: Path, text: str, max_bytes: int) -> list[Path]:
    """Every file `path` reads through `\\input`, `\\include`, `\\subfile`, recursively."""
    seen: list[Path] = []
    todo = [(path, text, 0)]
    while todo:
        here, body, depth = todo.pop()
        if depth >= _MAX_DEPTH:
            continue
        for m in _INCLUDE.finditer(body):
            target = _resolve(m.group(1) or m.group(2), here, root)
            if target is None or target == path or target in seen:
                continue
            seen.append(target)
            todo.append((target, _COMMENT.sub("", _head(target, max_bytes)), depth + 1))
    return seen


def _resolve(name: str, including: Path, root: Path) -> Path | None:
    """The file an include names, as `sources` resolves it, if it is inside the folder."""
    name = name.strip().strip('"')
    for base in (root, including.parent):
        for candidate in (base / f"{name}.tex", base / name):
            if is_file(candidate) and inside(candidate, root):
                return candidate.resolve()
    return None


def _template(text: str) -> str | None:
    title = _TITLE.search(text)
    if title and _TEMPLATE_TITLE.search(title.group(1)):
        return f"a venue's template, titled '{_clip(title.group(1))}'"
    lower = text.lower()
    said = [p for p in _BOILERPLATE if p in lower]
    if len(said) >= _TEMPLATE_PHRASES:
        quoted = ", ".join(f"'{p}'" for p in said[:_TEMPLATE_PHRASES])
        return f"a venue's template: it says {quoted}"
    return None


def _evidence(best: _Candidate) -> str:
    parts = [f"{best.words:,} words"]
    if best.reads:
        parts.insert(0, f"reads {len(best.reads)} file{'s' if len(best.reads) > 1 else ''}")
    if best.bbl:
        parts.append(f"compiled to {best.bbl}")
    return f"chose {best.rel}: " + ", ".join(parts)


def _against(cand: _Candidate, best: _Candidate) -> str:
    """The first piece of evidence, in the order `key` weighs them, where `cand` loses."""
    if cand.read_by:
        return f"read by {cand.read_by}"
    if cand.subfile_of:
        return f"a \\subfile of {cand.subfile_of}"
    if cand.template:
        return cand.template
    if cand.secondary:
        return "named like a supplement, a reply or slides"
    if not cand.docclass:
        return "no \\documentclass"
    if best.bbl and not cand.bbl:
        return f"no .bbl of its name ({best.bbl} is {best.rel}'s)"
    if cand.words < best.words:
        return f"less prose ({cand.words:,} words)"
    return "a less usual name or a deeper folder"


def _head(path: Path, max_bytes: int) -> str:
    """The first `max_bytes` of a file: enough to judge it; reading it whole is the reader's
    job, and it refuses a file over the limit with a message."""
    try:
        with path.open("rb") as fh:
            return fh.read(max_bytes).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _clip(text: str) -> str:
    text = " ".join(text.split()).rstrip("}{ \\")
    return text if len(text) <= 60 else text[:57] + "..."


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name

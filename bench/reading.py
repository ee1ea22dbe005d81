"""How well the LaTeX reader reads real papers, against hand-written answer keys.

    python bench/reading.py [KEY.yaml ...]      (default: tests/answer_keys/*.yaml)
    python bench/reading.py --heldout [DIR]     (bench/heldout/keys/*.yaml against DIR)

Each key (written by reading the LaTeX as LaTeX prints it, never from our output) names a
corpus paper and gives its title as printed, its numbered sections (number and title, every
level, appendix letters) and its numbered equations (number and a LaTeX fragment of that
equation, compared without spaces and grouping braces). Prints, per paper and overall: titles exact,
numbered sections exact, numbered equations exact (number and content), and the reader's
warnings. A key whose paper is not in ../shared/corpus is skipped.

`--heldout` scores papers that are not in the corpus (issue 19): their sources sit outside the
repository in a `heldout/` folder beside `shared/` (or DIR), one folder per paper, as listed in
bench/heldout/papers.yaml; when that folder is absent it says so and scores nothing.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
KEYS = ROOT / "tests" / "answer_keys"
HELDOUT_KEYS = ROOT / "bench" / "heldout" / "keys"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import CORPUS  # noqa: E402

from paper2code.errors import Paper2CodeError  # noqa: E402
from paper2code.paper import Paper, load_paper  # noqa: E402


@dataclass
class Key:
    paper: str  # corpus folder
    title: str
    sections: list[tuple[str, str]]  # (number, title)
    equations: list[tuple[str, str]]  # (number, LaTeX fragment)


@dataclass
class Score:
    paper: str
    title_exact: bool
    got_title: str
    sections: int  # key sections read with the same number and title
    section_total: int  # key sections, plus sections read that the key does not have
    equations: int  # key equations read with the same number and holding the fragment
    equation_total: int
    warnings: int
    wrong_sections: list[str] = field(default_factory=list)
    wrong_equations: list[str] = field(default_factory=list)
    parsed: bool = True


def load_key(path: Path) -> Key:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return Key(
        paper=data["paper"],
        title=data["title"],
        sections=[_split(s) for s in data.get("sections") or []],
        equations=[_split(e) for e in data.get("equations") or []],
    )


def _split(entry: object) -> tuple[str, str]:
    """`"2.1 Related work"` -> ("2.1", "Related work"): keys write one line per entry."""
    number, _, rest = str(entry).strip().partition(" ")
    return number, rest.strip()


def plain(text: str) -> str:
    """A title for comparison: spacing, math delimiters and the typeset apostrophe aside."""
    text = re.sub(r"\$|\\[()]", "", text.replace("\u2019", "'"))
    return " ".join(text.split())


def squeeze(latex: str) -> str:
    """LaTeX for comparison: no spaces, no grouping braces, no `\\ensuremath` (what an author
    macro such as `\\newcommand{\\plain}{\\ensuremath{e}}` leaves behind)."""
    latex = re.sub(r"\\ensuremath(?![a-zA-Z])|\s+", "", latex)
    return re.sub(r"(?<!\\)[{}]", "", latex)


def number_key(number: str | None) -> tuple | None:
    """An equation number as a sortable tuple (3 < 3a < 3b < 4 < A.1 < A.2 < B1), or None for
    a number a `\\tag` printed in another form."""
    if not number or not re.fullmatch(r"(?:[A-Z]+\.?)?\d+(?:\.\d+)*[a-z]?", number):
        return None
    parts: list[tuple[int, int]] = []
    for token in re.findall(r"[A-Z]+|\d+|[a-z]", number):
        if token.isdigit():
            parts.append((0, int(token)))
        elif token.isupper():  # appendix letters come after every arabic number
            parts.append((1, sum(ord(c) for c in token)))
        else:
            parts.append((2, ord(token)))
    return tuple(parts)


def score(key: Key, paper: Paper) -> Score:
    read_sections = [(s.number or "", plain(s.title)) for s in paper.sections if s.numbered]
    wanted = [(n, plain(t)) for n, t in key.sections]
    wrong_sections = [f"missing {n} {t}" for n, t in wanted if (n, t) not in read_sections]
    wrong_sections += [f"extra {n} {t}" for n, t in read_sections if (n, t) not in wanted]
    by_number = {e.number: squeeze(e.latex) for e in paper.numbered_equations}
    right_eqs = [
        (n, f)
        for n, f in key.equations
        # as written, or with the author's macros it uses expanded ("\\ExpSub{\\xi}{f}")
        if any(squeeze(x) in by_number.get(n, "\0") for x in (f, paper.expand_macros(f)))
    ]
    wrong_equations = [
        f"Eq. {n}: wanted {f!r}, read {by_number.get(n, '(none)')[:80]!r}"
        for n, f in key.equations
        if (n, f) not in right_eqs
    ]
    keyed = {n for n, _ in key.equations}
    extra = [n for n in by_number if n not in keyed]
    wrong_equations += [f"extra Eq. {n}" for n in extra]
    return Score(
        paper=key.paper,
        title_exact=plain(paper.meta.title) == plain(key.title),
        got_title=paper.meta.title,
        sections=len(wanted) - sum(1 for w in wrong_sections if w.startswith("missing")),
        section_total=len(wanted) + sum(1 for w in wrong_sections if w.startswith("extra")),
        equations=len(right_eqs),
        equation_total=len(key.equations) + len(extra),
        warnings=len(paper.warnings),
        wrong_sections=wrong_sections,
        wrong_equations=wrong_equations,
    )


def unread(key: Key, error: Paper2CodeError) -> Score:
    """A paper the reader refused: nothing of its key counts as read."""
    return Score(
        paper=key.paper,
        title_exact=False,
        got_title=f"(not parsed: {error})",
        sections=0,
        section_total=len(key.sections),
        equations=0,
        equation_total=len(key.equations),
        warnings=0,
        parsed=False,
    )


def _read(key: Key, folder: Path) -> Score:
    try:
        return score(key, load_paper(folder))
    except Paper2CodeError as error:
        return unread(key, error)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


def heldout_folder() -> Path | None:
    """The held-out papers' folder: `heldout/` beside the real `shared/` that holds the corpus
    (resolved: a worktree reaches `shared/` through a link, and may itself be named heldout)."""
    return CORPUS.resolve().parents[1] / "heldout" if CORPUS is not None else None


def main(argv: list[str]) -> int:
    if argv[:1] == ["--heldout"]:
        papers = Path(argv[1]) if len(argv) > 1 else heldout_folder()
        if papers is None or not papers.is_dir():
            where = papers or "no heldout/ beside shared/"
            print(f"held-out papers absent ({where}): nothing to score")
            return 0
        paths = sorted(HELDOUT_KEYS.glob("*.yaml"))
    else:
        papers, paths = CORPUS, [Path(a) for a in argv] or sorted(KEYS.glob("*.yaml"))
        if papers is None:
            print("the shared corpus (../shared/corpus) is not present: nothing to score")
            return 0
    scores = []
    for path in paths:
        key = load_key(path)
        if not (papers / key.paper).is_dir():
            print(f"{key.paper}: not in {papers}, skipped")
            continue
        scores.append(_read(key, papers / key.paper))
    print(f"{'paper':32s} {'title':6s} {'sections':>14s} {'equations':>14s} {'warnings':>8s}")
    for s in scores:
        print(
            f"{s.paper:32s} {'exact' if s.title_exact else 'WRONG':6s} "
            f"{_share(s.sections, s.section_total):>14s} "
            f"{_share(s.equations, s.equation_total):>14s} {s.warnings:8d}"
        )
        if not s.title_exact:
            print(f"    title read: {s.got_title!r}")
        for line in s.wrong_sections + s.wrong_equations:
            print(f"    {line}")
    print(
        f"\npapers parsed: {_share(sum(s.parsed for s in scores), len(scores))}\n"
        f"titles exact: {_share(sum(s.title_exact for s in scores), len(scores))}\n"
        "numbered sections exact: "
        f"{_share(sum(s.sections for s in scores), sum(s.section_total for s in scores))}\n"
        "numbered equations exact (number and content): "
        f"{_share(sum(s.equations for s in scores), sum(s.equation_total for s in scores))}\n"
        f"reader warnings: {sum(s.warnings for s in scores)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

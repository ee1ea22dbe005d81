"""The corpus harness: every real paper in ../shared/corpus read, and checked for what needs no
answer key (a plain title that is not a template's, one numbered section per `\\section` of
the body, no heading that is a length or a number, every `\\ref` to a `\\label` resolved,
equation numbers increasing, anchors unique); then the hand-written answer keys of
tests/answer_keys/ (title, numbered sections, numbered equations with their LaTeX).

A check today's reader fails is marked xfail (strict) for that paper with what is wrong, so a
fix flips it and the run says so; the checks themselves are never loosened per paper.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_paper, corpus_papers

from paper2code.acquire.settings import Settings
from paper2code.paper.latex import read_source
from paper2code.paper.latex.sources import Budget

BENCH = Path(__file__).resolve().parents[1] / "bench" / "reading.py"


def _bench_reading():
    spec = importlib.util.spec_from_file_location("bench_reading", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


reading = _bench_reading()


@cache
def _body(name: str) -> str:
    """The document body as the reader gets it: inputs inlined, comments dropped, author
    macros expanded (conditionals resolved)."""
    _, expanded = read_source(CORPUS / name, Budget(Settings.from_env().max_tex_bytes))
    text = expanded.text
    start = re.search(r"\\begin\s*\{document\}", text)
    return text[start.end() :] if start else text


# ---- the checks ---------------------------------------------------------------------------

# Titles of the venue templates that sit beside papers (and of the paper named like one).
_TEMPLATE_TITLE = re.compile(
    r"formatting instructions|instructions for|author guidelines|paper title|"
    r"title of (the|your) paper|submission and formatting|^\s*title\s*$",
    re.IGNORECASE,
)


def check_parses(name: str) -> None:
    paper = corpus_paper(name)
    assert paper.paragraphs, "no paragraph read"


def check_title(name: str) -> None:
    title = corpus_paper(name).meta.title
    assert title, "no title"
    assert not re.search(r"[\\{}]", title), f"markup left in the title: {title!r}"
    assert not _TEMPLATE_TITLE.search(title), f"a template's title: {title!r}"


def check_sections(name: str) -> None:
    """As many numbered top-level sections as `\\section` commands (not starred) in the body."""
    body = _body(name)
    commands = len(re.findall(r"\\section(?![a-zA-Z*])(?!\s*\*)", body))
    numbered = [s for s in corpus_paper(name).sections if s.numbered and s.level == 1]
    assert len(numbered) == commands, (
        f"{len(numbered)} numbered sections read, {commands} \\section commands in the body"
    )


_NOT_A_TITLE = re.compile(r"[-+]?\d*\.?\d+\s*(pt|em|ex|mm|cm|in|bp|sp|mu)?|\\?\w*(skip|width)\w*")


def check_headings(name: str) -> None:
    bad = [
        f"{s.anchor} {s.title!r}"
        for s in corpus_paper(name).sections
        if not s.title.strip() or _NOT_A_TITLE.fullmatch(s.title.strip())
    ]
    assert not bad, f"headings that are no titles: {bad}"


_REF = re.compile(r"\\(?:ref|eqref|cref|Cref|autoref)\*?\s*\{([^{}]*)\}")
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")


def check_refs(name: str) -> None:
    """Every `\\ref` to a `\\label` the body defines prints a number (LaTeX prints ?? for the
    others too: those are the paper's own)."""
    body = _body(name)
    defined = {k.strip() for k in _LABEL.findall(body)}
    cited = {k.strip() for group in _REF.findall(body) for k in group.split(",")}
    labels = corpus_paper(name).labels
    missing = sorted(k for k in cited & defined if k not in labels)
    assert not missing, f"{len(missing)} refs unresolved: {missing[:8]}"


def check_equation_order(name: str) -> None:
    """Numbered equations in document order print increasing numbers (3 < 3a < 3b < 4 <
    A.1), where a number has that form (a `\\tag` may print anything)."""
    previous: tuple | None = None
    last = ""
    for eq in corpus_paper(name).numbered_equations:
        key = reading.number_key(eq.number)
        if key is None:
            continue
        assert previous is None or key > previous, f"Eq. {eq.number} ({eq.loc}) after Eq. {last}"
        previous, last = key, eq.number


def check_anchors(name: str) -> None:
    paper = corpus_paper(name)
    numbered = [e for e in paper.elements if e.numbered]
    twice = sorted({e.anchor for e in numbered if sum(x.anchor == e.anchor for x in numbered) > 1})
    assert not twice, f"anchors printed twice: {twice[:8]}"
    lost = [e.anchor for e in numbered if paper.find(e.anchor) is not e]
    assert not lost, f"anchors not found again: {lost[:8]}"


CHECKS = {
    "parses": check_parses,
    "title": check_title,
    "sections": check_sections,
    "headings": check_headings,
    "refs": check_refs,
    "equation-order": check_equation_order,
    "anchors": check_anchors,
}

# (paper, check) -> what today's reader gets wrong there.
KNOWN: dict[tuple[str, str], str] = {}


def _cases() -> list:
    cases = []
    for name in corpus_papers():
        for check in CHECKS:
            reason = KNOWN.get((name, check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(name, check, marks=marks, id=f"{name}-{check}"))
    return cases


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
@pytest.mark.parametrize(("name", "check"), _cases())
def test_corpus_paper_reads_consistently(name, check):
    CHECKS[check](name)


# ---- answer keys --------------------------------------------------------------------------

KEYS = sorted((Path(__file__).parent / "answer_keys").glob("*.yaml"))
# (key, part) -> what today's reader gets wrong there.
KEY_KNOWN: dict[tuple[str, str], str] = {}


def _key_cases() -> list:
    cases = []
    for path in KEYS:
        for part in ("title", "sections", "equations"):
            reason = KEY_KNOWN.get((path.stem, part))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(path, part, marks=marks, id=f"{path.stem}-{part}"))
    return cases


def test_every_answer_key_names_a_corpus_paper_it_is_named_after():
    for path in KEYS:
        assert reading.load_key(path).paper == path.stem
    assert len(KEYS) >= 12


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
@pytest.mark.parametrize(("path", "part"), _key_cases())
def test_corpus_paper_reads_as_its_answer_key(path, part):
    key = reading.load_key(path)
    score = reading.score(key, corpus_paper(key.paper))
    if part == "title":
        assert score.title_exact, f"read {score.got_title!r}, printed {key.title!r}"
    elif part == "sections":
        assert not score.wrong_sections, score.wrong_sections[:10]
    else:
        assert not score.wrong_equations, score.wrong_equations[:10]

"""The sources stage's regex scan (files without verbatim, conditionals or comment
environments) flattens exactly as the pylatexenc parse does: same text, same source map, same
files and warnings, on every fixture paper, every corpus paper and a file of awkward cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_papers

from paper2code.paper.latex import sources
from paper2code.paper.latex.sources import Budget, Flattened, flatten

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUDGET = 50 << 20

AWKWARD = r"""\documentclass{article}
\begin{document}
Text % a comment
   indented after it
% a comment before a blank line

Rate 5\% and a line break\\% comment right after
\input{part}% comment after an include
\input part
\include {part}
%\input{part}
\includegraphics{fig}\inputencoding{utf8}
\end{document}
% last line without newline"""


def _flatten(path: Path, monkeypatch: pytest.MonkeyPatch, *, slow: bool) -> Flattened:
    with monkeypatch.context() as m:
        if slow:
            m.setattr(sources, "_NEEDS_PARSE", re.compile(""))  # every file takes the parse
        return flatten(path, budget=Budget(BUDGET))


def _same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _flatten(path, monkeypatch, slow=False)
    slow = _flatten(path, monkeypatch, slow=True)
    assert fast.text == slow.text
    assert fast.map == slow.map
    assert (fast.files, fast.warnings, fast.main) == (slow.files, slow.warnings, slow.main)


def test_awkward_comments_and_includes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tex").write_text(AWKWARD)
    (tmp_path / "part.tex").write_text("Included % its comment\ntext.\n")
    assert sources._NEEDS_PARSE.search(AWKWARD) is None  # the scan, not the parse, reads it
    _same(tmp_path / "main.tex", monkeypatch)
    text = _flatten(tmp_path / "main.tex", monkeypatch, slow=False).text
    assert text.count("Included") == 3 and "comment" not in text


def _fixture_papers() -> list[Path]:
    return sorted(
        {
            p.parent
            for p in FIXTURES.rglob("*.tex")
            if "\\begin{document}" in p.read_text(errors="replace") and "bad" not in p.parts
        }
    )


@pytest.mark.parametrize("folder", _fixture_papers(), ids=lambda p: p.name)
def test_fixture_papers(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(folder, monkeypatch)


@pytest.mark.parametrize("name", corpus_papers())
def test_corpus_papers(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if CORPUS is None:
        pytest.skip(ABSENT)
    _same(CORPUS / name, monkeypatch)

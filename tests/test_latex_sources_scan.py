"""The sources stage's regex scan (every file without file conditionals, verbatim and comment
environments included) flattens exactly as the pylatexenc parse does: same text, same source
map, same files and warnings, on every fixture paper, every corpus paper and files of awkward
cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_papers, fixture_papers

from paper2code.paper.latex import sources
from paper2code.paper.latex.sources import Budget, Flattened, flatten

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

# Verbatim text holds no comment and no include; a comment environment is dropped whole, as
# pylatexenc parses it (nested environments, a mismatched \end); `\verb` and `verbatim` never
# closed, and listings and URLs (which pylatexenc does not take verbatim), read as LaTeX.
VERBATIM = r"""\documentclass{article}
\begin{document}
A \verb|50% \input{part}| rate % comment
and \verb
  !%! spaced, \verbé|%| is no verb.
\begin{verbatim}
% not a comment \input{part}
\end{verbatim} % comment after verbatim
\begin {verbatim}x%y\end{verbatim}
\begin{comment}
dropped \input{part} {braces} $x$ % and a comment
\begin{itemize}\item nested\end{itemize}
\end{comment} kept % comment
\begin{comment}\end{itemize} mismatched\end{comment}
\lstinline|a%b| \url{http://x.org/a%20b}
\begin{lstlisting}
code % comment in a listing
\end{lstlisting}
\input{part}
\end{document}
\verb|never closed % a comment
\begin{verbatim} never closed % a comment"""


def _flatten(path: Path, monkeypatch: pytest.MonkeyPatch, *, slow: bool) -> Flattened:
    with monkeypatch.context() as m:
        if slow:
            m.setattr(sources, "_NEEDS_PARSE", re.compile(""))  # every file takes the parse
        return flatten(path, budget=Budget(BUDGET))


# Comments the parse keeps and the scan drops: pylatexenc skips a comment before a macro's
# unbraced argument (`\let\avec\vec` then a `%` line) without making it a node. TeX drops it.
PARSE_KEEPS = {"apg-samplers": "%\\renewcommand{\\vec}[1]{\\ensuremath{\\boldsymbol{#1}}}\n"}


def _same(path: Path, monkeypatch: pytest.MonkeyPatch, parse_keeps: str = "") -> None:
    fast = _flatten(path, monkeypatch, slow=False)
    slow = _flatten(path, monkeypatch, slow=True)
    if parse_keeps:
        assert parse_keeps in slow.text and parse_keeps not in fast.text
        assert fast.text == slow.text.replace(parse_keeps, "", 1)
        return
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


def test_verbatim_and_comment_environments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tex").write_text(VERBATIM)
    (tmp_path / "part.tex").write_text("Included % its comment\ntext.\n")
    assert sources._NEEDS_PARSE.search(VERBATIM) is None
    _same(tmp_path / "main.tex", monkeypatch)
    text = _flatten(tmp_path / "main.tex", monkeypatch, slow=False).text
    assert "% not a comment \\input{part}" in text and "x%y" in text and "50% \\input" in text
    assert "dropped" not in text and "mismatched" not in text and " kept \n" in text
    assert text.count("Included") == 1 and "comment after" not in text
    assert "is no verb" not in text and "never closed % a comment" not in text


@pytest.mark.parametrize("folder", fixture_papers(), ids=lambda p: p.name)
def test_fixture_papers(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(folder, monkeypatch)


@pytest.mark.parametrize("name", corpus_papers())
def test_corpus_papers(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if CORPUS is None:
        pytest.skip(ABSENT)
    _same(CORPUS / name, monkeypatch, PARSE_KEEPS.get(name, ""))

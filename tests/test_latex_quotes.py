"""TeX prints a backquote as an opening quote and the quote after it as a closing one: a
held-out arXiv paper titles a subsection "Relational convolutions with `soft' groups", which
prints ‘soft’. Doubled quotes print “ ”; an apostrophe and a prime in math stay as they are."""

from __future__ import annotations

from pathlib import Path

from paper2code.paper import load_paper

PAPER = r"""\documentclass{article}
\begin{document}
\section{Relational convolutions with `soft' groups}
\section{`SET': grouping, ``compositionality'' and Raven's matrices}
\section{A derivative $f'(x)$ and a `quote' with \emph{emphasis}}
\begin{figure}\caption{The `match pattern' task.}\end{figure}
\end{document}
"""


def test_single_quotes_print_as_tex_prints_them(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text(PAPER, encoding="utf-8")
    paper = load_paper(tmp_path)
    assert [s.title for s in paper.sections if s.numbered] == [
        "Relational convolutions with \u2018soft\u2019 groups",
        "\u2018SET\u2019: grouping, \u201ccompositionality\u201d and Raven's matrices",
        "A derivative $f'(x)$ and a \u2018quote\u2019 with emphasis",
    ]
    assert [f.caption for f in paper.figures] == ["The \u2018match pattern\u2019 task."]

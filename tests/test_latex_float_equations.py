"""A display inside a float (an align in a `figure*` that rewrites a formula, an equation in a
table) is typeset where the float stands in the source and takes its numbers from the text's
equation counter: the equations after the float count on from it (a held-out ACL paper's
Eqs. 9 and 10 sit in a `figure*`)."""

from __future__ import annotations

from pathlib import Path

from paper2code.paper import load_paper

PAPER = r"""\documentclass{article}
\usepackage{amsmath}
\begin{document}
\section{Method}
\begin{equation} a = b \label{eq:first} \end{equation}
\begin{figure*}[t]
  \begin{align}
    p_n & = \frac{u}{v} \label{eq:original} \\
        & = \frac{u'}{v'} \nonumber \\
        & = \frac{u''}{v''} \label{eq:rewritten}
  \end{align}
  \caption{Reformulation.}
  \label{fig:gleu}
\end{figure*}
\begin{table}
  \caption{A table with a display.}
  \begin{center}\begin{minipage}{0.5\linewidth}
    \begin{equation*} \text{unnumbered} \end{equation*}
    \begin{equation} c = d \end{equation}
  \end{minipage}\end{center}
\end{table}
Equation~\ref{eq:rewritten} follows from Equation~\ref{eq:original}.
\begin{equation} e = f \end{equation}
\end{document}
"""


def test_displays_in_floats_number_with_the_text(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text(PAPER, encoding="utf-8")
    paper = load_paper(tmp_path)
    got = [(e.number, e.latex.strip()) for e in paper.numbered_equations]
    assert got == [
        ("1", "a = b"),
        ("2", "p_n & = \\frac{u}{v}"),
        ("3", "& = \\frac{u''}{v''}"),
        ("4", "c = d"),
        ("5", "e = f"),
    ]
    assert [e.label for e in paper.numbered_equations][:3] == [
        "eq:first",
        "eq:original",
        "eq:rewritten",
    ]
    # The float itself is still read: its caption and number are the figure's.
    assert [(f.number, f.caption) for f in paper.figures] == [("1", "Reformulation.")]

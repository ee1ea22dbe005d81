"""A paper with no \\title (an arXiv preprint whose class is missing, \\title commented out)
sets its title by hand at the top, in a large font: `{\\bf\\Large ...}`. That line is the title
as printed; with a \\title anywhere, or once a heading has begun the body, a large line is
only text."""

from __future__ import annotations

from pathlib import Path

from paper2code.paper import Paper, load_paper

HAND = r"""\documentclass[12pt]{imsart}
% \title{Relational Convolutional Networks}
\begin{document}
\begin{frontmatter}
{\bf\Large Relational Convolutional Networks: A framework for learning\\[8pt] representations}
\begin{abstract} We propose relational convolutions. \end{abstract}
\end{frontmatter}
\section{Introduction}
Text.
\end{document}
"""


def _read(tmp_path: Path, text: str) -> Paper:
    (tmp_path / "main.tex").write_text(text, encoding="utf-8")
    return load_paper(tmp_path)


def test_a_title_set_by_hand_is_the_title(tmp_path: Path) -> None:
    paper = _read(tmp_path, HAND)
    assert paper.meta.title == (
        "Relational Convolutional Networks: A framework for learning representations"
    )
    assert not any("Relational Convolutional" in p.text for p in paper.paragraphs)


def test_a_real_title_wins_over_a_large_line(tmp_path: Path) -> None:
    text = HAND.replace("% \\title", "\\title")
    paper = _read(tmp_path, text)
    assert paper.meta.title == "Relational Convolutional Networks"


def test_a_large_line_after_a_heading_is_text(tmp_path: Path) -> None:
    text = (
        "\\documentclass{article}\n\\begin{document}\n\\section{Intro}\n"
        "{\\Large\\bf Results at a glance} and more text.\n\\end{document}\n"
    )
    paper = _read(tmp_path, text)
    assert paper.meta.title == ""
    assert any("Results at a glance" in p.text for p in paper.paragraphs)

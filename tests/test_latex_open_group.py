"""A `{` left open in running text (a held-out NeurIPS draft opens `{We note ...` and never
closes it) only makes TeX warn at `\\end{document}`: the paper prints whole, so it reads
whole, with one warning at the brace. A `}` that closes nothing (`$\\mathcal{Z}}$` in another
draft) is an error TeX reports and reads past: it is ignored, with a warning at the brace."""

from __future__ import annotations

from pathlib import Path

from paper2code.paper import load_paper
from paper2code.paper.latex.sources import Budget, brace_balance, flatten

OPEN_IN_BODY = r"""\documentclass{article}
\title{A Draft With a Stray Brace}
\begin{document}
\maketitle
\section{Related work}
{We note the links between methods
\section{Method}
\begin{equation} y = W x \label{eq:lin} \end{equation}
\appendix
\section{Proofs}
% \end{document} quoted in a comment: TeX does not stop here
\end{document}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_group_left_open_in_the_body_reads_the_whole_paper(tmp_path: Path) -> None:
    paper = load_paper(_write(tmp_path, "main.tex", OPEN_IN_BODY))
    numbered = [(s.number, s.title) for s in paper.sections if s.numbered]
    assert numbered == [("1", "Related work"), ("2", "Method"), ("A", "Proofs")]
    assert [(e.number, e.latex.strip()) for e in paper.numbered_equations] == [("1", "y = W x")]
    [warning] = [w for w in paper.warnings if "never closed" in w.message]
    assert (warning.file, warning.line) == ("main.tex", 6)
    assert "closed at \\end{document}" in warning.message


def test_the_group_closes_at_the_real_end_of_document_not_a_commented_one(tmp_path: Path) -> None:
    flat = flatten(_write(tmp_path, "main.tex", OPEN_IN_BODY), budget=Budget(1 << 20))
    assert brace_balance(flat.text) == ([], [])  # the closing brace is not commented out
    assert flat.text.rstrip().endswith("}\\end{document}")


def test_a_group_left_open_in_an_input_file_closes_at_its_end(tmp_path: Path) -> None:
    _write(tmp_path, "intro.tex", "\\section{Intro}\n{\\bf Stray bold start\n")
    main = "\\documentclass{article}\n\\begin{document}\n\\input{intro}\n\\section{Next}\n"
    paper = load_paper(_write(tmp_path, "main.tex", main + "\\end{document}\n"))
    assert [s.title for s in paper.sections if s.numbered] == ["Intro", "Next"]
    [warning] = [w for w in paper.warnings if "never closed" in w.message]
    assert (warning.file, warning.line) == ("intro.tex", 2)
    assert "closed at the end of the file" in warning.message


def test_a_brace_that_closes_nothing_is_ignored_with_a_warning_at_it(tmp_path: Path) -> None:
    text = (
        "\\documentclass{article}\n\\begin{document}\n\\section{Intro}\n"
        "A tuple $\\left\\langle S, \\mathcal{Z}}, n \\right\\rangle$ of agents.\n"
        "\\section{Next}\nWe use 4 agents.\n\\end{document}\n"
    )
    paper = load_paper(_write(tmp_path, "main.tex", text))
    assert [s.title for s in paper.sections if s.numbered] == ["Intro", "Next"]
    [warning] = [w for w in paper.warnings if "closes nothing" in w.message]
    assert (warning.file, warning.line) == ("main.tex", 4)
    assert "We use 4 agents." in paper.element_text(paper.paragraphs[-1])

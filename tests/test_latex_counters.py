"""Counters as LaTeX keeps them: theorem-like environments (own, shared and per-section
counters, starred ones unnumbered), sub-figures (3a, 3b), `\\refstepcounter{equation}` in a
`$$` display, an author's `\\numberthis` (`\\addtocounter{equation}{1}\\tag{\\theequation}`) in
`align*`, a `\\tag` holding a `\\ref`; `\\ref` and `\\Cref` print what the PDF prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2code.paper import Paper, load_paper

COUNTERS = Path(__file__).parent / "fixtures" / "papers" / "counters"


@pytest.fixture(scope="module")
def paper() -> Paper:
    return load_paper(COUNTERS)


def test_theorem_labels_print_the_theorem_not_the_section(paper):
    assert paper.labels["thm:main"] == "Theorem 1.1"  # [section]: numbered within sections
    assert paper.labels["lem:aux"] == "Lemma 1.2"  # [theorem]: shares the theorem counter
    assert paper.labels["prop:one"] == "Proposition 1"  # its own counter
    assert paper.labels["thm:second"] == "Theorem 2.1"  # restarted by \section
    assert paper.labels["sec:proofs"] == "§2"  # a \label inside the \section's title
    # A label inside an equation inside the lemma names the equation.
    assert paper.labels["eq:inside"] == "Eq. 1"


def test_hand_made_equation_numbers_count(paper):
    got = [(e.number, e.latex, e.label) for e in paper.numbered_equations]
    assert got == [
        ("1", "a = b,", "eq:inside"),
        ("2", "x = y.", "eq:hand"),  # $$ ... \refstepcounter{equation}~(\theequation) $$
        ("3", "u &= v", "eq:this"),  # \numberthis in align*; its next row stays unnumbered
        ("1'", "a' = b'", None),  # \tag{\ref{eq:inside}$'$} prints the label's number
        ("4", "&= r", "eq:carried"),  # the \label of the \notag row above: amsmath keeps it
    ]
    assert [e.number for e in paper.equations] == ["1", "2", "3", None, "1'", None, "4"]


def test_refs_print_as_in_the_pdf(paper):
    proof, closing = (p.text for p in paper.paragraphs if p.section == "§2")
    assert proof == "By Lemma 1.2, Eq. (1), Eq. (2), Eq. (3) and Eq. (4)."
    assert closing == ("The counter of theorems restarts in Section 2: Theorem 2.1, Proposition 1.")


def test_theorem_bodies_are_read_as_text_of_their_section(paper):
    texts = [p.text for p in paper.paragraphs if p.section == "§1"]
    assert "Every bounded sequence has a convergent subsequence." in texts
    assert "A starred theorem-like environment has no number." in texts


def test_sub_figure_labels_print_figure_and_letter(paper):
    assert paper.find("Figure 1").label == "fig:both"
    assert paper.labels["fig:also"] == "Figure 1"  # a second \label after the caption
    assert (paper.labels["fig:left"], paper.labels["fig:right"]) == ("Figure 1a", "Figure 1b")
    texts = [p.text for p in paper.paragraphs if p.section == "§1"]
    assert "Sub-figures 1a and 1b of Figure 1." in texts


IEEE = r"""\documentclass[journal, twoside]{IEEEtran}
\usepackage{tikz}
\begin{document}
\title{Markers}
\maketitle
\section{Introduction}
Text.
\section{Method}
\subsection{Markers}\label{sec:markers}
\begin{figure*}
\tikzstyle{steps} = [rectangle, draw=pink, execute at begin node={\begin{varwidth}{2.5cm}},
  execute at end node={\end{varwidth}}]
\tikzset{every node/.style={execute at begin node={\begin{minipage}{1cm}}}}
\begin{tikzpicture}\node (a) [steps] {Train};\end{tikzpicture}
\caption{Pipeline.}
\end{figure*}
\section{Experiments}
\begin{table}\caption{Results.}\label{tab:r}\begin{tabular}{cc}a & 1\\\end{tabular}\end{table}
See Table~\ref{tab:r}.
\end{document}
"""


def test_ieeetran_numbers_sections_and_tables_in_roman_and_drawing_styles_print_nothing(
    tmp_path,
):
    # IEEEtran prints "II", "II-A" (as \ref gives a subsection) and "TABLE I"; a TikZ style
    # holding half an environment per key ("execute at begin node={\begin{varwidth}...}")
    # must not swallow the sections after its figure
    (tmp_path / "paper.tex").write_text(IEEE, encoding="utf-8")
    paper = load_paper(tmp_path / "paper.tex")
    assert [(s.number, s.title) for s in paper.sections if s.number] == [
        ("I", "Introduction"),
        ("II", "Method"),
        ("II-A", "Markers"),
        ("III", "Experiments"),
    ]
    assert [t.anchor for t in paper.tables] == ["Table I"]
    assert paper.labels["sec:markers"] == "§II-A"
    # the Computer Society mode keeps Arabic numbers
    (tmp_path / "paper.tex").write_text(
        IEEE.replace("[journal, twoside]", "[10pt,journal,compsoc]"), encoding="utf-8"
    )
    paper = load_paper(tmp_path / "paper.tex")
    assert [s.number for s in paper.sections if s.number] == ["1", "2", "2.1", "3"]
    # the IEEE conference class ieeeconf (IEEEtran 1.6 renamed) numbers as IEEEtran does
    (tmp_path / "paper.tex").write_text(
        IEEE.replace("[journal, twoside]{IEEEtran}", "[letterpaper, 10 pt, conference]{ieeeconf}"),
        encoding="utf-8",
    )
    paper = load_paper(tmp_path / "paper.tex")
    assert [s.number for s in paper.sections if s.number] == ["I", "II", "II-A", "III"]
    assert [t.anchor for t in paper.tables] == ["Table I"]


def _sections(folder: Path, preamble: str, style: str | None = None) -> list[tuple]:
    if style is not None:
        (folder / "aaai99.sty").write_text(style, encoding="utf-8")
    (folder / "paper.tex").write_text(
        f"\\documentclass{{article}}{preamble}\\begin{{document}}\n"
        "\\section{Setup}\\subsection{Data}\\section{Setup}\\subsection{Runs}\n\\end{document}\n",
        encoding="utf-8",
    )
    return [(s.number, s.anchor) for s in load_paper(folder / "paper.tex").sections]


def test_secnumdepth_leaves_deeper_headings_unnumbered_as_latex_prints_them(tmp_path):
    # sections deeper than secnumdepth print no number and step no counter: cited by their
    # slug, a repeated title numbered -2; a template that sets it (AAAI's style) does so for
    # its papers, unless their preamble sets it again
    assert _sections(tmp_path, "\\setcounter{secnumdepth}{0}") == [
        (None, "§setup"),
        (None, "§data"),
        (None, "§setup-2"),
        (None, "§runs"),
    ]
    assert _sections(tmp_path, "\\setcounter{secnumdepth}{1}") == [
        ("1", "§1"),
        (None, "§data"),
        ("2", "§2"),
        (None, "§runs"),
    ]
    style = "% \\setcounter{secnumdepth}{3}\n\\setcounter{secnumdepth}{0}\n"
    assert _sections(tmp_path, "\\usepackage{aaai99}", style)[0] == (None, "§setup")
    again = "\\usepackage{aaai99}\\setcounter{secnumdepth}{2}"
    assert _sections(tmp_path, again, style)[:2] == [("1", "§1"), ("1.1", "§1.1")]


def test_ieeeeqnarray_rows_are_numbered_as_eqnarrays_are(tmp_path):
    # IEEEtrantools' IEEEeqnarray takes a column spec; its \nonumber rows print no number and
    # \IEEEeqnarraynumspace prints nothing
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\\usepackage{IEEEtrantools}\\begin{document}\\section{A}\n"
        "\\begin{IEEEeqnarray}{rCl}\n\\IEEEeqnarraymulticol{3}{l}{y} \\nonumber \\\\\n"
        "& = & a + b \\IEEEeqnarraynumspace \\label{eq:a}\n\\end{IEEEeqnarray}\n"
        "\\begin{equation} c = d \\end{equation}\n\\end{document}\n",
        encoding="utf-8",
    )
    paper = load_paper(tmp_path / "paper.tex")
    assert [(e.number, e.latex) for e in paper.numbered_equations] == [
        ("1", "& = & a + b"),
        ("2", "c = d"),
    ]


@pytest.mark.parametrize(
    "preamble", ["\\usepackage{autonum}", "\\usepackage{mathtools}\\mathtoolsset{showonlyrefs}"]
)
def test_only_the_equations_the_text_refers_to_are_numbered_under_autonum(tmp_path, preamble):
    # autonum (and mathtools' showonlyrefs) number a display only where the text refers to
    # its label; the numbers run on among those
    (tmp_path / "paper.tex").write_text(
        f"\\documentclass{{article}}\\usepackage{{amsmath}}{preamble}\\begin{{document}}\n"
        "\\section{A}\n\\begin{equation} a = b \\end{equation}\n"
        "\\begin{equation} c = d \\label{eq:c} \\end{equation}\n"
        "\\begin{equation} e = f \\label{eq:e} \\end{equation}\n"
        "As \\eqref{eq:c} shows.\n\\end{document}\n",
        encoding="utf-8",
    )
    paper = load_paper(tmp_path / "paper.tex")
    assert [(e.number, e.latex) for e in paper.numbered_equations] == [("1", "c = d")]

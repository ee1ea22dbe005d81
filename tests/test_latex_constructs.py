"""Constructs of the LaTeX packages papers use, read as LaTeX prints them: glossaries'
acronyms, `\\texorpdfstring` in headings, a `\\label` in inline math or in a group holding a
caption, amsmath's and eqnarray's last rows, thmtools' theorems, xparse and TeX definitions,
and tables outside numbered floats. The same constructs in real papers:
tests/test_corpus_reading.py."""

from __future__ import annotations

from test_latex_expansion import headings, paper_in

# ---- glossaries ---------------------------------------------------------------------------


def test_glossaries_print_long_then_short_in_document_order(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\usepackage[acronym]{glossaries}\n"
        "\\newacronym{ml}{ML}{machine learning}\n"
        "\\newacronym{mt}{MTCNN}{\\emph{multi-task \\gls{cnn}}}\n"
        "\\newacronym{cnn}{CNN}{convolutional network}\n"
        "\\newglossaryentry{cpu}{name={CPU}, first={central unit (CPU)}, description={a chip}}",
        "\\section{Intro}\nWe use \\gls{ml}; \\Gls{mt} and \\glspl{mt}; \\gls{cpu}, \\gls{cpu}.\n"
        "\\section{Bias in \\gls{ml}}\n\\glsresetall \\gls{ml}['s] \\acrlong{ml} \\gls{ml}, "
        "\\glsreset{ml}\\GLS{ml}, \\glsunset{cnn}\\gls{cnn}, \\gls{undefined}.",
    )
    assert headings(paper) == [("§1", "Intro"), ("§2", "Bias in ML")]
    first, second = (p.text for p in paper.paragraphs)
    assert first == (
        "We use machine learning (ML); Multi-task convolutional network (CNN) (MTCNN) and "
        "MTCNNs; central unit (CPU), CPU."
    )
    assert (
        second
        == "machine learning's (ML) machine learning ML, MACHINE LEARNING (ML), CNN, undefined."
    )


# ---- headings and labels ------------------------------------------------------------------


def test_texorpdfstring_prints_its_tex_string_in_a_heading(tmp_path):
    paper = paper_in(
        tmp_path,
        "",
        "\\section{\\texorpdfstring{Light tails imply \\(\\mathbb E[V] \\to \\infty\\)}{EV}}",
    )
    assert headings(paper) == [("§1", "Light tails imply \\(\\mathbb E[V] \\to \\infty\\)")]


def test_label_in_inline_math_names_what_was_numbered_last(tmp_path):
    paper = paper_in(
        tmp_path,
        "",
        "\\section{A}\\subsection{B}\nso $\\alpha_t = e^{-t} \\label{eq:inline}$ holds.\n\n"
        "By \\ref{eq:inline}.",
    )
    assert paper.labels["eq:inline"] == "§1.1"
    assert paper.paragraphs[-1].text == "By 1.1."


def test_caption_and_label_in_a_group_make_a_figure(tmp_path):
    # ICML/CVPR teasers: `\twocolumn[{…\captionsetup{type=figure}…\caption{…}\label{…}}]`.
    paper = paper_in(
        tmp_path,
        "",
        "{\\centering\\captionsetup{type=figure}\\includegraphics{t.png}\n"
        "\\caption{Teaser.}\\label{fig:teaser}}\n\\section{Intro}\nSee Figure~\\ref{fig:teaser}.",
    )
    (figure,) = paper.figures
    assert (figure.anchor, figure.caption) == ("Figure 1", "Teaser.")
    assert paper.labels["fig:teaser"] == "Figure 1"
    assert paper.paragraphs[-1].text == "See Figure 1."

"""Constructs of the LaTeX packages papers use, read as LaTeX prints them: glossaries'
acronyms, `\\texorpdfstring` in headings, a `\\label` in inline math or in a group holding a
caption, amsmath's and eqnarray's last rows, thmtools' theorems, xparse and TeX definitions,
and tables outside numbered floats. The same constructs in real papers:
tests/test_corpus_reading.py."""

from __future__ import annotations

from test_latex_expansion import headings, paper_in

from paper2code.paper.model import Paper

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


def test_a_quote_copied_with_a_starred_glossary_command_is_found(tmp_path):
    # `\gls*{MSE}` prints as `\gls{MSE}` does (the star only leaves the entry's first use
    # unmarked): a quote copied from the source is found where the paper prints it
    paper = paper_in(
        tmp_path,
        "\\usepackage[acronym]{glossaries}\n\\newacronym{MSE}{MSE}{mean squared error}",
        "\\section{Results}\nThe \\gls{MSE} is low: the model achieved an \\gls*{MSE} of "
        "453.107 on the test set.",
    )
    assert paper.contains_quote("achieved an \\gls*{MSE} of 453.107", within="§1")
    assert paper.contains_quote("achieved an \\gls{MSE} of 453.107", within="§1")
    assert not paper.contains_quote("achieved an \\gls*{MSE} of 453.108", within="§1")


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


# ---- equations ----------------------------------------------------------------------------


def test_a_trailing_row_break_numbers_an_empty_row_as_latex_does(tmp_path):
    # amsmath's align and gather, like LaTeX's eqnarray, end a `\\` with a new row: numbered,
    # empty (the KaTeX and tex.stackexchange reports of an "extra equation number").
    paper = paper_in(
        tmp_path,
        "\\usepackage{amsmath}",
        "\\begin{align}\na &= b \\\\\nc &= d \\\\\n\\end{align}\n"
        "\\begin{eqnarray}\ne &=& f \\\\\n\\end{eqnarray}\n"
        "\\begin{gather}\ng \\\\\n\\end{gather}\n"
        "\\begin{align*}\nh &= i \\\\\n\\end{align*}\n"
        "\\begin{align}\nj &= k \\\\ \\nonumber\n\\end{align}\n"
        "\\begin{equation}\\label{eq:last} l \\end{equation}",
    )
    got = [(e.number, e.latex) for e in paper.numbered_equations]
    assert got == [
        ("1", "a &= b"),
        ("2", "c &= d"),
        ("4", "e &=& f"),
        ("6", "g"),
        ("8", "j &= k"),
        ("9", "l"),
    ]
    assert paper.labels["eq:last"] == "Eq. 9"


def test_breqn_displays_number_like_equation_and_a_bracket_opening_the_formula_is_its_text(
    tmp_path,
):
    # breqn's dmath is a numbered display (dmath* not); its options are key=value in brackets,
    # and a bracket without `=` is the formula's own ("[GC_{16} + BN]_{L5}", DeepSphere's
    # architectures). A starred math operator keeps its star. `\begin{math}` is inline math.
    paper = paper_in(
        tmp_path,
        "\\usepackage{breqn}\\DeclareMathOperator*{\\diag}{diag}",
        "\\begin{dmath}\n  [GC_{16} + BN]_{L5} + \\textrm{Pool}\n\\end{dmath}\n"
        "\\begin{dmath}[label={eq:y}, number={}]\n y = \\diag(a_1)\n\\end{dmath}\n"
        "\\begin{dmath*} x^2 \\end{dmath*}\nWe take \\begin{math} a_1 \\end{math} here.\n"
        "\\begin{equation}\\label{eq:z} z \\end{equation}",
    )
    got = [(e.number, e.latex) for e in paper.numbered_equations]
    assert got == [
        ("1", "[GC_{16} + BN]_{L5} + \\textrm{Pool}"),
        ("2", "y = \\operatorname*{diag}(a_1)"),
        ("3", "z"),
    ]
    assert paper.labels["eq:y"] == "Eq. 2"


def test_a_starred_heading_inside_a_numbered_section_is_cited_by_that_section(tmp_path):
    # "\subsubsection*{Experimental details}" prints no number: what follows is cited as the
    # numbered section it prints in (§C.1), as a reader of the PDF cites it; a starred
    # section with no numbered section above it keeps an anchor of its own.
    paper = paper_in(
        tmp_path,
        "",
        "\\section{Setup}\nWe train.\n\\appendix\\section{Details}\\subsection{Games}\n"
        "\\subsubsection*{Experimental details}\nThe learning rate is 0.001.\n"
        "\\section*{Broader Impact}\nNone.\n",
    )
    assert headings(paper) == [
        ("§1", "Setup"),
        ("§A", "Details"),
        ("§A.1", "Games"),
        ("§broader-impact", "Broader Impact"),
    ]
    assert paper.contains_quote("The learning rate is 0.001.", within="§A.1")
    assert "Experimental details" in paper.text("§A.1")


# ---- theorems -----------------------------------------------------------------------------

THMTOOLS = (
    "\\usepackage{amsthm,thmtools,thm-restate}\n"
    "\\declaretheorem[name=Theorem, numberwithin=section]{thm}\n"
    "\\declaretheorem[sibling=thm]{lemma}\n"
    "\\declaretheorem{claim}\n"
    "\\declaretheorem[numbered=no]{remark}\n"
    "\\newtheorem{prop}{Proposition}"
)


def test_thmtools_declaretheorem_numbers_as_latex_does(tmp_path):
    paper = paper_in(
        tmp_path,
        THMTOOLS,
        "\\section{Main}\n\\begin{thm}\\label{thm:a} A. \\end{thm}\n"
        "\\begin{lemma}\\label{lem:b} B. \\end{lemma}\n"
        "\\begin{claim}\\label{cl:c} C. \\end{claim}\n"
        "\\begin{remark}\\label{rem:d} D. \\end{remark}\n"
        "\\section{More}\n\\begin{lemma}\\label{lem:e} E. \\end{lemma}\n"
        "\\begin{claim}\\label{cl:f} F. \\end{claim}",
    )
    labels = {k: paper.labels[k] for k in ("thm:a", "lem:b", "cl:c", "rem:d", "lem:e", "cl:f")}
    assert labels == {
        "thm:a": "Theorem 1.1",
        "lem:b": "Lemma 1.2",  # sibling: the theorem's counter
        "cl:c": "Claim 1",  # the name defaults to the environment's
        "rem:d": "§1",  # unnumbered: the label names the section
        "lem:e": "Lemma 2.1",  # numberwithin=section restarts it
        "cl:f": "Claim 2",
    }


def test_restatable_restates_with_its_first_number(tmp_path):
    paper = paper_in(
        tmp_path,
        THMTOOLS,
        "\\section{Main}\n\\begin{restatable}{prop}{bound}\\label{prop:bound}\n"
        "Bounded: \\begin{equation} a = b \\label{eq:in} \\end{equation}\n\\end{restatable}\n"
        "\\begin{prop}\\label{prop:next} N. \\end{prop}\n"
        "\\appendix\n\\section{Proofs}\n\\bound*\nBy \\ref{prop:bound}, \\ref{prop:next}, "
        "\\eqref{eq:in}.",
    )
    assert paper.labels["prop:bound"] == "Proposition 1"
    assert paper.labels["prop:next"] == "Proposition 2"  # the restatement numbers nothing
    assert [e.number for e in paper.numbered_equations] == ["1"]
    restated = [p.text for p in paper.paragraphs if p.section == "§A"]
    assert restated == ["Bounded:", "By 1, 2, (1)."]  # no star left in the text
    assert [(e.section, e.latex) for e in paper.equations] == [("§1", "a = b"), ("§A", "a = b")]


# ---- definitions --------------------------------------------------------------------------


def test_xparse_commands_and_environments_expand_with_their_argument_specs(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\usepackage{xparse}\n"
        "\\NewDocumentCommand{\\Law}{o}{%\n  \\mu\\IfValueT{#1}{_{#1}}%\n}\n"
        "\\NewDocumentCommand\\pick{s O{x} m}{\\IfBooleanTF{#1}{star-#3}{plain-#2-#3}}\n"
        "\\DeclareDocumentCommand{\\gr}{g}{\\IfNoValueTF{#1}{none}{got #1}}\n"
        "\\RenewDocumentCommand{\\gr}{g}{\\IfValueTF{#1}{\\IfNoValueF{#1}{got} #1}{none}}\n"
        "\\ProvideDocumentCommand{\\Law}{}{ignored}\n"
        "\\NewDocumentEnvironment{boxed}{O{Box}}{[#1: }{]}",
        "$\\Law$ and $\\Law[t]$; \\pick{a}, \\pick*{b}, \\pick[y]{c}; \\gr, \\gr{z}.\n"
        "\\begin{boxed}[Note]inside\\end{boxed} \\begin{boxed}in\\end{boxed}",
    )
    assert paper.paragraphs[0].text == (
        "$\\mu$ and $\\mu_{t}$; plain-x-a, star-b, plain-y-c; none, got z. [Note: inside] [Box: in]"
    )


def test_delimited_def_and_csname_definitions(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\def\\dotted#1.{<#1>}\n\\def\\pair(#1,#2){(#2;#1)}\n\\def\\upto#1\\stop{[#1]}\n"
        "\\expandafter\\def\\csname loss\\endcsname{\\mathcal{L}}\n"
        "\\expandafter\\newcommand\\csname net\\endcsname[1]{Net-#1}\n"
        "\\expandafter\\let\\csname oldnet\\endcsname\\net",
        "\\dotted abc. \\dotted {a.b}. \\pair(1,{2,3}) \\upto x y \\stop done.\n"
        "$\\loss$, \\net{A}, \\csname net\\endcsname{B}, \\oldnet{C}, \\csname relax\\endcsname.",
    )
    assert paper.paragraphs[0].text == (
        "<abc> <a.b> (2,3;1) [x y] done. $\\mathcal{L}$, Net-A, Net-B, Net-C, ."
    )


def test_a_call_without_its_delimiter_is_left_out_with_a_warning(tmp_path):
    paper = paper_in(tmp_path, "\\def\\pair(#1,#2){(#2;#1)}", "Before \\pair 1 after.")
    assert paper.paragraphs[0].text == "Before 1 after."
    assert any("\\pair" in w.message for w in paper.warnings)


# ---- quotes -------------------------------------------------------------------------------


def test_a_quote_copied_from_the_source_matches_the_text_the_reader_prints(tmp_path):
    paper = paper_in(tmp_path, "", "\\section{Setup}\nWe train on ImageNet 256\\texttimes256.")
    assert paper.paragraphs[0].text == "We train on ImageNet 256×256."
    assert paper.contains_quote("ImageNet 256\\texttimes256", within="§1")
    assert not paper.contains_quote("ImageNet 256\\texttimes512", within="§1")


def test_a_quote_that_calls_the_authors_macros_matches_what_they_print(tmp_path):
    # A quote copied from the source keeps the author's macros (`\\gO`, a table's `\\pair`
    # defined inside its float, `\\cellhi`): it is found as the text they printed, also in a
    # paper read back from its cache form.
    paper = paper_in(
        tmp_path,
        "\\usepackage{xcolor,colortbl}\n\\newcommand{\\gO}{{\\mathcal{O}}}\n"
        "\\newcommand{\\cellhi}{\\cellcolor{blue!15}}",
        "\\section{Method}\nThe cost is $\\gO(d^3)$ per step.\n"
        "\\begin{table}\\newcommand{\\pair}[2]{$#1$ {\\color{gray}\\footnotesize $\\pm#2$}}"
        "\\caption{Runtime.}\\begin{tabular}{rc} Init & Time \\\\ "
        "Zeros & \\cellhi \\pair{0.88}{0.13} \\end{tabular}\\end{table}",
    )
    assert paper.contains_quote("The cost is $\\gO(d^3)$ per step", within="§1")
    assert paper.contains_quote("Zeros & \\cellhi \\pair{0.88}{0.13}", within="Table 1")
    assert not paper.contains_quote("Zeros & \\cellhi \\pair{0.89}{0.13}", within="Table 1")
    again = Paper.from_dict(paper.to_dict())
    assert again.contains_quote("Zeros & \\pair{0.88}{0.13}", within="Table 1")
    assert [e.anchor for e in again.locate_quote("$\\gO(d^3)$ per step")] == ["§1"]


def test_smash_and_phantom_print_as_latex_prints_them_in_text_and_quotes(tmp_path):
    # \\smash prints its argument, a \\phantom only leaves room: a quote written either way
    # (from the source, or from the PDF) is found, a changed number is not.
    paper = paper_in(
        tmp_path,
        "",
        "\\section{Setup}\nWe choose \\smash{$\\hat{d} = 5$} and $d = 40$, "
        "so 1\\phantom{0}2 and \\hphantom{x}k\\vphantom{\\big(}.",
    )
    assert paper.paragraphs[0].text == "We choose $\\hat{d} = 5$ and $d = 40$, so 12 and k."
    for quote in ("we choose \\smash{$\\hat{d} = 5$} and $d = 40$", "we choose d̂ = 5 and d = 40"):
        assert paper.contains_quote(quote, within="§1"), quote
    assert paper.contains_quote("so 1\\phantom{0}2 and", within="§1")
    assert not paper.contains_quote("we choose \\smash{$\\hat{d} = 6$}", within="§1")
    assert not paper.contains_quote("so 102 and", within="§1")


def test_verb_prints_its_text_verbatim(tmp_path):
    paper = paper_in(
        tmp_path,
        "",
        "\\section{Setup}\nThe scheduler \\verb|torch.optim.lr_scheduler.MultiStepLR| "
        "and \\verb+a_b%c+ run.",
    )
    assert paper.paragraphs[0].text == (
        "The scheduler torch.optim.lr_scheduler.MultiStepLR and a_b%c run."
    )
    assert paper.contains_quote("scheduler \\verb|torch.optim.lr_scheduler.MultiStepLR|", "§1")
    assert paper.contains_quote("and \\verb+a_b%c+ run", within="§1")
    assert not paper.contains_quote("scheduler \\verb|torch.optim.Adam|", within="§1")


def test_figure_panel_captions_and_text_under_panels_are_printed(tmp_path):
    # Panel captions of each package (subfig's \\subfloat, subfigure's \\subfigure,
    # subcaption's environment and \\subcaption) and text set under a graphic print with the
    # figure: quotes find them there. Graphics and the float's own caption are not repeated.
    paper = paper_in(
        tmp_path,
        "\\usepackage{graphicx}",
        "\\section{Results}\n\\begin{figure}\\centering\n"
        "\\subfloat[(a) Noisy \\cite{x}: 35.71dB]{\\includegraphics{a}}\n"
        "\\subfigure[][(b) CBM3D: 37.76dB]{\\includegraphics{b}}\n"
        "\\begin{subfigure}{0.3\\textwidth}\\includegraphics{c}\\caption{(c) Ours}"
        "\\end{subfigure}\n"
        "\\begin{minipage}{0.3\\textwidth}\\raisebox{-1cm}{\\includegraphics{d}}"
        "{\\footnotesize (d) Mean: \\textbf{41.43}dB}\\end{minipage}\n"
        "\\begin{minipage}{0.3\\textwidth}\\subcaption{(e) Clean}\\end{minipage}\n"
        "\\caption{Denoised images.}\\label{fig:d}\n\\end{figure}",
    )
    [figure] = paper.figures
    assert figure.caption == "Denoised images."
    assert figure.panels == (
        "(a) Noisy [x]: 35.71dB (b) CBM3D: 37.76dB (c) Ours (d) Mean: 41.43dB (e) Clean"
    )
    for quote in ("(a) Noisy  \\cite{x}: 35.71dB", "(d) Mean: \\textbf{41.43}dB", "(e) Clean"):
        assert [e.anchor for e in paper.locate_quote(quote)] == ["Figure 1"], quote
    assert paper.contains_quote("(b) CBM3D: 37.76dB", within="§1")
    assert not paper.contains_quote("(b) CBM3D: 37.77dB", within="§1")
    again = Paper.from_dict(paper.to_dict())
    assert again.figures[0].panels == figure.panels


def test_a_tabular_in_a_figure_prints_with_the_figure(tmp_path):
    # A grid of graphics with their errors beside them, captioned as a figure: no table holds
    # it, so its cells print with the figure, where a quote of a row finds them.
    paper = paper_in(
        tmp_path,
        "\\usepackage{graphicx}\n\\newcommand{\\grid}[1]{\\parbox{4em}{\\includegraphics{#1}}}",
        "\\section{Results}\n\\begin{figure}\\begin{center}\\begin{tabular}{cccc}\n"
        "& Weights & Train & Test \\\\\n"
        "\\parbox{3em}{Tied weights} & \\grid{full} & 0.90 & 1.25 \\\\ \\hline\n"
        "\\parbox{3em}{Learned} & \\grid{learned} & 0.60 & \\bf 1.13\n"
        "\\end{tabular}\\caption{Omniglot results.}\\end{center}\\end{figure}",
    )
    [figure] = paper.figures
    assert not paper.tables
    assert figure.panels == "Weights Train Test Tied weights 0.90 1.25 Learned 0.60 1.13"
    assert paper.contains_quote("\\grid{learned} & 0.60 & \\bf 1.13", within="§1")
    assert not paper.contains_quote("\\grid{learned} & 0.60 & \\bf 1.14", within="§1")


def test_vskip_and_hskip_print_nothing_not_even_their_length(tmp_path):
    # ICML's template sets `\\vskip 0.3in` before the abstract and between figure panels: TeX
    # reads the glue after it, so neither the skip nor "0.3in" is printed.
    paper = paper_in(
        tmp_path,
        "",
        "\\section{Setup}\nWe train.\n\\vskip 0.3in\n\nIt runs\\hskip 2pt plus 1fil fast "
        "and \\vskip -0.5\\baselineskip well.\n\\begin{figure}\\vskip -0.1in"
        "{\\small (a) Loss}\\vskip 0.2in\\caption{Curves.}\\end{figure}",
    )
    assert [p.text for p in paper.paragraphs] == ["We train.", "It runs fast and well."]
    assert paper.figures[0].panels == "(a) Loss"
    assert paper.paragraphs[1].loc.line == 8  # blanked, not cut: lines still map


# ---- tables outside numbered floats -------------------------------------------------------


def test_tabulars_of_a_captionless_figure_are_tables_without_number(tmp_path):
    paper = paper_in(
        tmp_path,
        "",
        "\\section{Hyperparameters}\n\\begin{figure}[h]\n"
        "\\begin{minipage}{0.5\\linewidth}\\begin{tabular}{ll}\n"
        "Learning rate $\\alpha$ & $0.00025$ \\\\ Minibatch size & $32$\n"
        "\\end{tabular}\\end{minipage}\n"
        "\\begin{minipage}{0.5\\linewidth}\\begin{tabular}{ll}\n"
        "Discount factor $\\gamma$ & 0.99\n\\end{tabular}\\end{minipage}\n\\end{figure}\n"
        "\\begin{figure}\\includegraphics{a.png}\\caption{A plot.}\\end{figure}",
    )
    got = [(t.anchor, t.number, t.rows) for t in paper.tables]
    assert got == [
        ("§1", None, [["Learning rate $\\alpha$", "$0.00025$"], ["Minibatch size", "$32$"]]),
        ("§1", None, [["Discount factor $\\gamma$", "0.99"]]),
    ]
    assert [f.anchor for f in paper.figures] == ["Figure 1"]  # no caption, no number
    assert paper.contains_quote("Minibatch size $32$", within="§1")


def test_captionof_table_in_a_minipage_takes_the_tabular_beside_it(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\usepackage{caption,booktabs}",
        "\\begin{figure}[t]\n"
        "\\begin{minipage}{.55\\linewidth}\\resizebox{\\textwidth}{!}{\\begin{tabular}{lr}\n"
        "\\toprule Game & Score \\\\ \\midrule[0.4mm] Freeway & $4.8$ \\\\ \\bottomrule\n"
        "\\end{tabular}}\\end{minipage}\n"
        "\\begin{minipage}{.45\\linewidth}\\includegraphics{plot.pdf}\\end{minipage}\n"
        "\\begin{minipage}{.53\\linewidth}\\captionof{table}{Policy evaluation.}"
        "\\label{tab:pe}\\end{minipage}\n"
        "\\begin{minipage}{.43\\linewidth}\\captionof{figure}{Transfer.}"
        "\\label{fig:tr}\\end{minipage}\n\\end{figure}",
    )
    (table,) = paper.tables
    assert (table.anchor, table.caption, table.label) == ("Table 1", "Policy evaluation.", "tab:pe")
    assert table.rows == [["Game", "Score"], ["Freeway", "$4.8$"]]
    assert paper.labels["fig:tr"] == "Figure 1"


def test_an_author_printed_as_a_url_keeps_its_digits(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\author{\n  https://github.com/t46/paper-x/graphs/contributors \\thanks{Source.}\\\\\n"
        "  \\And Alice Smith$^{1}$ \\and Bob Jones2}",
        "\\maketitle\n\\section{Intro}\nText.",
    )
    assert paper.meta.authors == [
        "https://github.com/t46/paper-x/graphs/contributors",
        "Alice Smith",
        "Bob Jones",
    ]


def test_a_float_nested_in_a_figure_numbers_its_own_caption(tmp_path):
    # LaTeX numbers a caption by the innermost float around it: tables set in a figure's
    # minipages are Tables 1 and 2, an algorithm in a wrapfigure is Algorithm 1, and the
    # figures that hold them (no caption of their own) take no number.
    paper = paper_in(
        tmp_path,
        "\\usepackage{float,wrapfig,algorithm}",
        "\\section{Results}\n\\begin{wrapfigure}{R}{0.5\\textwidth}"
        "\\begin{minipage}{0.5\\textwidth}\\begin{algorithm}[H]\\caption{Sinkhorn}"
        "\\label{alg:s}\\end{algorithm}\\end{minipage}\\end{wrapfigure}\n"
        "\\begin{figure}[t]\n"
        "\\begin{minipage}{0.5\\linewidth}\\begin{table}[H]\\caption{Runtime.}\n"
        "\\begin{tabular}{rc} Init & MNIST \\\\ Zeros & 0.88 \\end{tabular}\\label{tab:rt}"
        "\\end{table}\\end{minipage}\n"
        "\\begin{minipage}{0.5\\linewidth}\\begin{table}[H]\\caption{Values.}\n"
        "\\begin{tabular}{rc} Iter & Value \\\\ 1k & 0.90 \\end{tabular}\\label{tab:v}"
        "\\end{table}\\end{minipage}\n\\end{figure}\n"
        "\\begin{figure}\\includegraphics{a.png}\\caption{A plot.}\\end{figure}",
    )
    assert [(t.anchor, t.caption, t.rows[1]) for t in paper.tables] == [
        ("Table 1", "Runtime.", ["Zeros", "0.88"]),
        ("Table 2", "Values.", ["1k", "0.90"]),
    ]
    assert [(a.anchor, a.caption) for a in paper.algorithms] == [("Algorithm 1", "Sinkhorn")]
    assert [(f.anchor, f.caption) for f in paper.figures] == [("Figure 1", "A plot.")]
    assert (paper.labels["tab:v"], paper.labels["alg:s"]) == ("Table 2", "Algorithm 1")

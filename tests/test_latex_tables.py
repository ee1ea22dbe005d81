"""Tables wherever a tabular stands: in a float, bare in the text, inside `\\resizebox`; rows
ended by `\\\\` or `\\tabularnewline`; `\\multirow`, `\\multicolumn`, `\\cmidrule(lr)`; cells
kept as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_paper

from paper2code.analyse import analyse
from paper2code.cli import main
from paper2code.paper import Paper, load_paper
from paper2code.paper.model import Table

TABLES = Path(__file__).parent / "fixtures" / "papers" / "tables"


@pytest.fixture(scope="module")
def paper() -> Paper:
    return load_paper(TABLES)


def test_a_float_table_keeps_every_row_and_cell_as_written(paper):
    table = paper.find("Table 1")
    assert table.caption == "Main results." and table.section == "§1"
    assert table.rows == [
        ["Model", "Split", "Score", ""],  # \multicolumn{2} padded; \tabularnewline ends rows
        ["", "", "mean", "(std)"],  # the \cmidrule(lr){3-4} before it leaves nothing behind
        ["Ours", "train/test", "0.8/0.2", "(4e-3)"],  # \multirow's text, cells as written
        ["", "val", "$91.2$", "(1e-2)"],
    ]


def test_bare_tabulars_are_tables_cited_by_their_section(paper):
    bare = [t for t in paper.tables if not t.numbered]
    assert [(t.anchor, t.section, str(t.loc)) for t in bare] == [
        ("§A", "§A", "paper.tex:30"),
        ("§A", "§A", "paper.tex:37"),
    ]
    assert bare[0].rows == [["Learning rate", r"$3\times 10^{-4}$"], ["Batch size", "256"]]
    # Inside \resizebox; a tabular nested in a cell is that cell's text, not another table.
    assert bare[1].rows == [["Warm-up steps", "1000"], ["Dropout", "0.1"]]
    assert paper.contains_quote("Batch size 256", within="§A")
    assert not paper.contains_quote("Batch size 256", within="§1")


def test_values_of_a_bare_table_are_extracted_at_its_section(paper):
    found = {(f.name, f.value, f.anchor) for f in analyse(paper).hyperparameters}
    assert {
        ("learning_rate", 3e-4, "§A"),
        ("batch_size", 256, "§A"),
        ("warmup_steps", 1000, "§A"),
        ("dropout", 0.1, "§A"),
    } <= found


def test_the_outline_names_a_bare_table_by_its_section(capsys):
    assert main(["parse", str(TABLES)]) == 0
    out = capsys.readouterr().out
    assert "Table 1: Main results.  (4×4 cells)" in out
    assert out.count("table in §A:   (2×2 cells)") == 2


# ---- cells as printed: one construct per test ------------------------------------------


_DOCUMENT = r"""\documentclass{article}
<preamble>
\begin{document}
\section{A}
<body>
\end{document}
"""


_ONE_TABLE = r"""\begin{table}\caption{T.}
\begin{tabular}{<spec>}
<body>
\end{tabular}
\end{table}"""


def _read(tmp_path: Path, body: str, preamble: str = "") -> Paper:
    tex = _DOCUMENT.replace("<preamble>", preamble).replace("<body>", body)
    (tmp_path / "paper.tex").write_text(tex, encoding="utf-8")
    return load_paper(tmp_path)


def _table(tmp_path: Path, body: str, preamble: str = "", spec: str = "ll") -> Table:
    """The one table of a paper whose table body is `body`."""
    table = _ONE_TABLE.replace("<spec>", spec).replace("<body>", body)
    [found] = _read(tmp_path, table, preamble).tables
    return found


def _rows(tmp_path: Path, body: str, preamble: str = "", spec: str = "ll") -> list[list[str]]:
    return _table(tmp_path, body, preamble, spec).rows


def test_colour_commands_print_their_text_and_never_the_colour(tmp_path):
    body = r"""\rowcolor{blue!8} Ours & \cellcolor{red!30}0.950 \\
\textcolor[rgb]{0.2,0.2,0.2}{AYS} & {\color{gray}37.97} \\
\textcolor{blue}{19.6} & \colorbox{blue!30}{x} \\
\cellcolor[gray]{0.9}w & \textcolor[rgb]{0.2,0.2,0.2}{w}\textcolor[rgb]{0.2,0.2,0.2}{ training}"""
    assert _rows(tmp_path, body) == [
        ["Ours", "0.950"],
        ["AYS", "37.97"],
        ["19.6", "x"],
        ["w", "w training"],  # the space inside the second colour command stays
    ]


def test_rules_struts_and_spacing_leave_no_lengths_behind(tmp_path):
    body = r"""\toprule[1pt]
\makecell[c]{Best\\Precision} & \rule{0pt}{2.6ex}\rule[-1.2ex]{0pt}{0pt}Score \\[0.4mm]
\midrule[0.4mm]
\noalign{\global\arrayrulewidth 1pt}\hline
\specialrule{.01em}{.05em}{.05em} seq. len. & \phantom{0}8.38 \\
\addlinespace[2pt] \cmidrule(lr){1-2} hidden dim & 1024 \\
\bottomrule[1pt]"""
    assert _rows(tmp_path, body) == [
        ["Best Precision", "Score"],
        ["seq. len.", "8.38"],  # a phantom takes room and prints nothing
        ["hidden dim", "1024"],
    ]


def test_ticks_crosses_and_minus_print_as_symbols(tmp_path):
    preamble = r"\usepackage{pifont}\newcommand{\cmark}{\ding{51}}"
    body = r"""\ding{51} & \ding{55} \\
\cmark & \xmark \\
\checkmark & \textminus0.024"""
    assert _rows(tmp_path, body, preamble) == [["✓", "✗"], ["✓", "✗"], ["✓", "−0.024"]]


def test_row_labels_written_as_macros_print_their_text(tmp_path):
    # infilling-lm names its rows by robust commands; hyla by \texttt names.
    preamble = r"\DeclareRobustCommand{\lm}{LM}\DeclareRobustCommand{\ilmscratch}{ILM (scratch)}"
    body = r"""\lm{} & 18.3 \\
\ilmscratch{} & 15.6 \\
\texttt{batch\_size} & 128 \\
\textsf{Sans} \mbox{box} & 1 \\
\multirow{2}{*}{\rotatebox{90}{\textsc{Freeway}}} & m1d0"""
    assert _rows(tmp_path, body, preamble) == [
        ["LM", "18.3"],
        ["ILM (scratch)", "15.6"],
        ["batch_size", "128"],
        ["Sans box", "1"],
        ["Freeway", "m1d0"],
    ]


def test_bold_cells_keep_their_text_and_are_marked_bold(tmp_path):
    body = r"""\textbf{Ours} & {\bf 91.2} & \underline{4.5} \\
Base & \textbf{\textcolor{blue}{52.9}} & $\boldsymbol{85.6 \pm 0.1}$ \\
\multicolumn{2}{c}{\cellcolor{red!30}\textbf{All}} & \textbf{1.0} (0.2)"""
    table = _table(tmp_path, body, spec="lll")
    assert table.rows == [
        ["Ours", "91.2", "4.5"],
        ["Base", "52.9", "$\\boldsymbol{85.6 \\pm 0.1}$"],
        ["All", "", "1.0 (0.2)"],
    ]
    assert table.bold == [[0, 0], [0, 1], [1, 1], [1, 2], [2, 0]]  # not a part-bold cell


def test_siunitx_prints_numbers_and_units(tmp_path):
    body = r"""{Duration} & {Rate} \\
\SI{2}{\day} & $\sim \SI{9}{\hour}$ \\
\num{1e-4} & \si{\kilo\gram\per\second} \\
\SI{85}{\percent} & $\num{3e-5}$"""
    assert _rows(tmp_path, body, r"\usepackage{siunitx}", "SS[table-format=1.2]") == [
        ["Duration", "Rate"],
        ["2 d", "$\\sim 9 h$"],
        ["1 × 10^-4", "kg/s"],
        ["85%", "$3 \\times 10^{-5}$"],
    ]


def test_formatting_macros_print_the_same_in_the_text(tmp_path):
    body = r"We use \texttt{adamw}, \textcolor{red}{warm-up} and \SI{2}{\day} of training."
    paper = _read(tmp_path, body, r"\title{Learning $\bm{W}$ in \texttt{JAX}}")
    assert paper.contains_quote("We use adamw, warm-up and 2 d of training.", within="§1")
    assert paper.meta.title == "Learning W in JAX"  # bold math read as text keeps its symbol


def test_line_breaks_and_boxes_inside_cells_read_as_text(tmp_path):
    body = r"""\multicolumn{2}{c}{\begin{minipage}{1in}Eval. with\newline Reg.\end{minipage}} \\
\parbox[t]{2mm}{\multirow{3}{*}{\rotatebox[origin=c]{90}{\textbf{Human}}}} & CM"""
    assert _rows(tmp_path, body) == [["Eval. with Reg.", ""], ["Human", "CM"]]


# ---- which tabulars a caption numbers --------------------------------------------------


def _tables(tmp_path: Path, body: str) -> list[tuple[str, list[list[str]]]]:
    return [(t.anchor, t.rows) for t in _read(tmp_path, body).tables]


def test_two_captions_over_two_tabulars_number_one_each(tmp_path):
    body = r"""\begin{table}
\begin{center}{\caption{Levels.}\begin{tabular}{ll} AR & 3.34 \end{tabular}}\end{center}
\begin{center}{\caption{Others.}\begin{tabular}{ll} VDM & 3.40 \end{tabular}}\end{center}
\end{table}"""
    assert _tables(tmp_path, body) == [
        ("Table 1", [["AR", "3.34"]]),
        ("Table 2", [["VDM", "3.40"]]),
    ]


def test_a_table_beside_a_figure_is_numbered_by_the_table_caption_below(tmp_path):
    # dqn-generalization: tabular and plot side by side, their captions in minipages below.
    body = r"""\begin{figure}
\begin{minipage}{.5\linewidth}\resizebox{\textwidth}{!}{\begin{tabular}{ll}
Freeway & 0.2 \end{tabular}}\end{minipage}
\begin{minipage}{.4\linewidth}\includegraphics{plot.pdf}\end{minipage}
\par
\begin{minipage}{.5\linewidth}\captionof{table}{Direct policy evaluation.}\end{minipage}
\begin{minipage}{.4\linewidth}\captionof{figure}{Curves.}\end{minipage}
\end{figure}"""
    assert _tables(tmp_path, body) == [("Table 1", [["Freeway", "0.2"]])]


def test_tabulars_stacked_in_a_one_column_tabular_are_one_table(tmp_path):
    # bfw-face-bias Table 4: a header tabular over a body tabular, inside a tabular{c}.
    body = r"""\begin{table}\caption{Human assessment.}
\begin{tabular}{c}
\begin{tabular}{ccc} & CF & CM \end{tabular}\\
\begin{tabular}{cc|c} \cline{2-3} CF & 52.9 & 48.0 \\ CM & 45.6 & 50.4 \end{tabular}
\end{tabular}
\end{table}"""
    assert _tables(tmp_path, body) == [
        ("Table 1", [["", "CF", "CM"], ["CF", "52.9", "48.0"], ["CM", "45.6", "50.4"]])
    ]


def test_a_tabularray_table_is_a_table(tmp_path):
    body = r"""\begin{table}\caption{Comparison.}
\begin{tblr}{colspec={l c c}, row{1}={font=\bfseries}, rowsep=0.3em}
\toprule & Vanilla & GMFlow \\ \midrule
\small\makecell[l]{Network \\ output} & Mean & GM params \\ \bottomrule
\end{tblr}
\end{table}"""
    assert _tables(tmp_path, body) == [
        ("Table 1", [["", "Vanilla", "GMFlow"], ["Network output", "Mean", "GM params"]])
    ]


# ---- the corpus tables that showed each construct ---------------------------------------


def _corpus_rows(name: str, anchor: str) -> list[list[str]]:
    return corpus_paper(name).find(anchor).rows


def _column(rows: list[list[str]], j: int) -> list[str]:
    return [row[j] for row in rows]


# Colour specs (`red!30`, `[rgb]0.2,…`), lengths (`1pt`, `[0.4mm]`) and macros left as text.
_LEFTOVER = re.compile(r"\w!\d|\[rgb\]|\d(?:pt|mm|em|ex)\b|\[c\]|\\(?:SI|num|ding)\b")
_NAMED = ["gmflow", "optimalsteps", "siss", "meta-ot", "repa-e", "infilling-lm", "hyla"]
_NAMED += ["dqn-generalization", "fractalgen", "bfw-face-bias", "cheblienet"]


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
@pytest.mark.parametrize("name", _NAMED)
def test_corpus_cells_hold_no_colours_lengths_or_unit_macros(name: str) -> None:
    left = [
        (t.anchor, cell)
        for t in corpus_paper(name).tables
        for row in t.rows
        for cell in row
        if _LEFTOVER.search(cell)
    ]
    assert not left


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
def test_corpus_cells_read_as_printed() -> None:
    gm_sde = ["GM-SDE", "✓", "$\\tilde{w}=0.47 $", "0.950", "−0.019"]
    assert _corpus_rows("gmflow", "Table 2")[3] == gm_sde
    assert ["SN-DDPM", "16.33", "6.05", "4.19", "3.83"] in _corpus_rows("gmflow", "Table 5")
    assert _corpus_rows("optimalsteps", "Table 1")[1] == ["Training-free", "✓", "✓", "✓", "✕", "✓"]
    assert _corpus_rows("optimalsteps", "Table 5")[0] == ["", "w/o training", "w training"]
    assert _corpus_rows("siss", "Table 1")[2] == ["Naive deletion", "19.6", "$1.240$", "0.87"]
    assert _corpus_rows("repa-e", "Table 3")[2][0] == "+REPA-E (Ours)"
    assert _column(_corpus_rows("repa-e", "Table 9"), 2)[1:] == ["✗"] * 6 + ["✓"] * 6
    assert _column(_corpus_rows("fractalgen", "Table 1"), 0)[2] == "seq. len."
    assert _corpus_rows("bfw-face-bias", "Table 1")[5][0] == "# Positive Pairs"
    cheblienet = corpus_paper("cheblienet").find("Table 1")
    assert cheblienet.rows[2][3] == "$\\sim 2 d$"
    assert cheblienet.bold == [[2, 2], [3, 4]]  # the best score of each dataset


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
def test_corpus_row_labels_written_as_macros_are_read() -> None:
    assert _column(_corpus_rows("infilling-lm", "Table 1"), 0) == [
        "",
        "LM",
        "LM-Rev",
        "LM-All",
        "ILM",
    ]
    for anchor in ("Table 3", "Table 4", "Table 5", "Table 6", "Table 7", "Table 8"):
        labels = _column(_corpus_rows("infilling-lm", anchor), 0)[1:]
        assert labels[0] == "LM (scratch)" and labels[-1] == "ILM", anchor
    hyla = _column(_corpus_rows("hyla", "Table A3"), 0)
    assert hyla[:3] == ["Parameter", "batch_size", "num_layers"] and all(hyla)


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
def test_corpus_tables_get_their_own_rows() -> None:
    assert _corpus_rows("gmflow", "Table 1")[0] == ["", "Vanilla diffusion flow", "GMFlow"]
    for anchor in ("Table 1", "Table 2"):  # beside a plot, captioned below it
        assert _corpus_rows("dqn-generalization", anchor)[1][:2] == ["Freeway", "m1d0"]
    levels, others = _corpus_rows("fractalgen", "Table 2"), _corpus_rows("fractalgen", "Table 3")
    assert levels[-1][0] == "FractalMAR (3-level)" and len(levels) == 8
    assert others[0] == ["", "type", "NLL$\\downarrow$"] and others[-1][0] == "FractalMAR"
    human = _corpus_rows("bfw-face-bias", "Table 4")
    assert human[3] == ["Human", "CM", "45.6", "50.4", "44.4", "36.2", "44.1"]


def test_siunitx_ranges_lists_and_exponents_print_as_siunitx_prints_them(tmp_path):
    body = (
        r"We train for \SIrange{1}{5}{\hour}, \numrange{2}{4} runs, \SIlist{3;6}{\day}, "
        r"$\num{2e-3}$ and \num{1e-4} with \qtyrange{10}{20}{\percent}."
    )
    paper = _read(tmp_path, body, r"\usepackage{siunitx}")
    assert paper.paragraphs[0].text == (
        "We train for 1 h to 5 h, 2 to 4 runs, 3 d and 6 d, $2 \\times 10^{-3}$ and "
        "1 × 10^-4 with 10% to 20%."
    )


def test_a_quote_copied_with_siunitx_matches_what_siunitx_prints(tmp_path):
    # A quote from the source keeps `\SI{2}{\day}`, one from the PDF reads "2 d": both match
    # the cell, in a table and in the text, and a wrong number does not.
    body = r"""Method & Duration \\ Ours & $\sim \SI{2}{\day}$ \\ Base & \num{1e-4}"""
    paper = _read(
        tmp_path,
        _ONE_TABLE.replace("<spec>", "ll").replace("<body>", body),
        r"\usepackage{siunitx}",
    )
    [table] = paper.tables
    for quote in (r"$\sim \SI{2}{\day}$", "∼2 d", r"Base & \num{1e-4}", "Base 1 × 10−4"):
        assert paper.contains_quote(quote, within=table.anchor), quote
    assert not paper.contains_quote(r"$\sim \SI{3}{\day}$", within=table.anchor)
    assert not paper.contains_quote(r"Base & \num{1e-5}", within=table.anchor)


def test_stacked_cells_print_their_lines_joined_by_a_space(tmp_path):
    body = (
        r"Model & \shortstack{MNIST\\2} & \makecell[c]{Dis-I\\AUC} \\ "
        r"\parbox[t]{2cm}{Long\\name} & 1 & 2"
    )
    paper = _read(tmp_path, _ONE_TABLE.replace("<spec>", "lll").replace("<body>", body))
    [table] = paper.tables
    assert table.rows == [["Model", "MNIST 2", "Dis-I AUC"], ["Long name", "1", "2"]]
    for quote in (r"\shortstack{MNIST\\2}", "MNIST 2", r"\makecell[c]{Dis-I\\AUC}"):
        assert paper.contains_quote(quote, within=table.anchor), quote
    assert paper.contains_quote(r"\parbox[t]{2cm}{Long\\name} & 1", within=table.anchor)
    assert not paper.contains_quote(r"\shortstack{MNIST\\4}", within=table.anchor)


def test_a_starred_sideways_table_is_a_numbered_table(tmp_path):
    # rotext's `sidewaystable*` (a full-width rotated float), a `tabular*` inside
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\\begin{document}\\section{Results}\n"
        "\\begin{table}[h]\\begin{tabular}{lc}A & 1 \\\\ \\end{tabular}\\caption{First.}"
        "\\end{table}\n"
        "\\begin{sidewaystable*}[h]\\begin{tabular*}{\\columnwidth}{l@{\\extracolsep{\\fill}}c}"
        "Task & 93.72 \\\\ \\end{tabular*}\\caption{Full results.}\\end{sidewaystable*}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    tables = load_paper(tmp_path).tables
    assert [(t.anchor, t.caption, t.rows) for t in tables][1] == (
        "Table 2",
        "Full results.",
        [["Task", "93.72"]],
    )


def test_a_starred_caption_titles_a_part_of_its_float_and_numbers_nothing(tmp_path):
    # one `table` with a numbered caption and two minipages, each titled by `\caption*`: one
    # Table 1 holding both tabulars, no Table 2
    paper = _read(
        tmp_path,
        "\\begin{table}\\caption{Comparison. Results are PSNR / SSIM.}\n"
        "\\begin{minipage}{.5\\linewidth}\\caption*{(a) Limited motion}\n"
        "\\begin{tabular}{ll} & X4K \\\\ \\hline Ours & 35.06 / 0.944 \\\\ \\end{tabular}"
        "\\end{minipage}%\n\\begin{minipage}{.5\\linewidth}\\caption*{(b) Large motion}\n"
        "\\begin{tabular}{ll} & ND Scene \\\\ \\hline Ours & 29.22 / 0.921 \\\\ \\end{tabular}"
        "\\end{minipage}\\end{table}\n",
    )
    [table] = paper.tables
    assert table.anchor == "Table 1" and table.caption.startswith("Comparison.")
    assert ["Ours", "29.22 / 0.921"] in table.rows and ["Ours", "35.06 / 0.944"] in table.rows

"""Reading any author's LaTeX: bounded expansion, self-referential macros, TeX conditionals,
the preamble, author environments, titles as printed, and nesting that would exhaust the stack."""

import json
import time
from pathlib import Path

import pytest
from pylatexenc import latexwalker

from paper2code.cli import main
from paper2code.errors import ParseError
from paper2code.paper import load_paper
from paper2code.paper.latex import context
from paper2code.paper.latex.macros import expand
from paper2code.paper.latex.sourcemap import Builder

BAD = Path(__file__).parent / "fixtures" / "papers" / "bad"


def paper_in(tmp_path: Path, preamble: str, body: str, **files: str):
    (tmp_path / "main.tex").write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"
    )
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return load_paper(tmp_path)


def headings(paper) -> list[tuple[str, str]]:
    return [(s.anchor, s.title) for s in paper.sections]


# ---- budgets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["laughs.tex", "laughs_args.tex"])
def test_billion_laughs_fails_fast_at_the_call(name, capsys):
    # CPU time of this process: what the budget bounds, whatever else the machine runs
    start = time.process_time()
    with pytest.raises(ParseError):
        load_paper(BAD / name)
    assert time.process_time() - start < 2.0
    assert main(["parse", str(BAD / name)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert f"{name}:30: macro expansion exceeds the paper's budget" in err
    assert "Traceback" not in err


def test_a_macro_called_inside_its_own_argument_expands(tmp_path):
    # `\ExpSub{k}{\ExpSub{c}{x}}`: the inner call is the argument's, no self-reference (a
    # held-out paper nests three; refusing them lost its sections after the first)
    paper = paper_in(
        tmp_path,
        "\\newcommand{\\ExpSub}[2]{{\\rm E}_{#1}\\left[#2\\right]}",
        "\\section{Intro}\nNote $\\ExpSub{t}{\\cdot} = \\ExpSub{k}{\\ExpSub{c}{\\ExpSub{p}{x}}}$.\n"
        "\\section{Method}\nMore.",
    )
    assert headings(paper) == [("§1", "Intro"), ("§2", "Method")]
    assert not paper.warnings
    text = paper.paragraphs[0].text
    assert "E}_{k}\\left[{\\rm E}_{c}\\left[{\\rm E}_{p}\\left[x\\right]" in text


def test_self_referential_macro_is_left_out_with_a_warning(tmp_path, capsys):
    paper = paper_in(
        tmp_path,
        "\\newcommand\\notsotiny{\\@setfontsize\\notsotiny{7.5}{8.5}}\n\\newcommand\\R{\\mathbb{R}}",
        "\\section{Intro}\nSmall {\\notsotiny text} in $\\R$.\n\\section{Method}\nMore.",
    )
    assert headings(paper) == [("§1", "Intro"), ("§2", "Method")]
    assert paper.paragraphs[0].text == "Small text in $\\mathbb{R}$."
    assert [str(w) for w in paper.warnings] == [
        "main.tex:6: \\notsotiny refers to itself and cannot be expanded; left out"
    ]
    assert main(["parse", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "warning: main.tex:6: \\notsotiny refers to itself" in captured.err
    assert main(["parse", "--json", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"] == [
        {
            "message": "\\notsotiny refers to itself and cannot be expanded; left out",
            "file": "main.tex",
            "line": 6,
        }
    ]


def test_ten_thousand_nested_braces_and_environments_are_one_line_errors(tmp_path, capsys):
    for name, body in [
        ("braces", "{" * 10_000 + "x" + "}" * 10_000),
        ("envs", "\\begin{quote}" * 10_000 + "x" + "\\end{quote}" * 10_000),
        ("args", "\\textbf{" * 10_000 + "x" + "}" * 10_000),
    ]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "main.tex").write_text(
            f"\\documentclass{{article}}\n\\begin{{document}}\n\\section{{A}}\n{body}\n"
            "\\end{document}\n"
        )
        with pytest.raises(ParseError, match="nested more than 100 deep"):
            load_paper(folder)
        assert main(["parse", str(folder)]) == 2
        err = capsys.readouterr().err.strip()
        assert "line 4: braces or environments nested more than 100 deep" in err
        assert "\n" not in err and "Recursion" not in err


def test_nesting_made_by_a_macro_is_reported_at_the_call(tmp_path):
    # Each definition is 60 deep, as written; the expansion of \\deep is 120 deep.
    half = "{" * 60 + "x" + "}" * 60
    deep = "{" * 60 + "\\half" + "}" * 60
    with pytest.raises(ParseError, match=r"main.tex:6: braces or environments nested"):
        paper_in(
            tmp_path,
            f"\\newcommand\\half{{{half}}}\n\\newcommand\\deep{{{deep}}}",
            "\\section{A}\nText \\deep.",
        )


# ---- conditionals -----------------------------------------------------------------------------


def test_if_on_a_macro_switches_inputs(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\def\\icml{0}\n\\if\\icml1 \\input{icml}\\else \\input{arxiv}\\fi",
        "\\maketitle\n\\if\\icml1\\section{ICML}\\else\\section{Intro}\\fi\nText.",
        **{
            "icml.tex": "\\title{ICML version}\n",
            "arxiv.tex": "\\title{The arXiv version}\n",
        },
    )
    assert paper.meta.title == "The arXiv version"
    assert headings(paper) == [("§1", "Intro")]


def test_newif_switches_iffalse_and_ifdefined(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\newif\\ifdraft\n\\newif\\iffinal\\finaltrue\n\\newcommand\\ours{Ours}",
        "\\ifdraft\\section{Draft notes}\\fi\n"
        "\\iffinal\\section{Final}\\else\\section{Not final}\\fi\n"
        "\\iffalse\\section{Hidden \\iftrue nested\\fi}\\fi\n"
        "\\ifdefined\\ours\\section{\\ours}\\fi\n"
        "\\ifdefined\\nothere\\section{Nothing}\\else\\section{Else}\\fi\n"
        "\\draftfalse\\drafttrue\\ifdraft\\section{Draft after all}\\fi",
    )
    assert headings(paper) == [
        ("§1", "Final"),
        ("§2", "Ours"),
        ("§3", "Else"),
        ("§4", "Draft after all"),
    ]


def test_ifx_ifnum_and_iffileexists(tmp_path):
    (tmp_path / "outside.tex").write_text("a file beside the paper's folder, not in it")
    (tmp_path / "paper").mkdir()
    (tmp_path / "paper" / "link.tex").symlink_to(tmp_path / "outside.tex")
    paper = paper_in(
        tmp_path / "paper",
        "\\def\\venue{icml}\\def\\icmlname{icml}\\newcommand\\year{2020}",
        "\\ifx\\venue\\icmlname\\section{Same}\\else\\section{Different}\\fi\n"
        "\\ifx\\missing\\undefined\\section{Undefined}\\fi\n"
        "\\ifnum\\year>2019 \\section{Recent}\\else\\section{Old}\\fi\n"
        "\\ifnum\\year=2020\\section{Exact}\\fi\n"
        "\\IfFileExists{extra.tex}{\\section{Has extra}}{\\section{No extra}}\n"
        "\\IfFileExists{../outside.tex}{\\section{Outside}}{\\section{Inside only}}\n"
        "\\IfFileExists{link}{\\section{Linked out}}{\\section{Not followed}}\n"
        "\\IfFileExists{nothere}{\\section{Ghost}}{\\section{Missing}}",
        **{"extra.tex": "Extra.\n"},
    )
    assert headings(paper) == [
        ("§1", "Same"),
        ("§2", "Undefined"),
        ("§3", "Recent"),
        ("§4", "Exact"),
        ("§5", "Has extra"),
        ("§6", "Inside only"),
        ("§7", "Not followed"),
        ("§8", "Missing"),
    ]


# ---- the preamble, environments, titles -------------------------------------------------------


def test_titlespacing_in_the_preamble_is_no_heading(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\usepackage{titlesec}\n\\titlespacing\\section{0pt}{12pt}{6pt}\n"
        "\\titleformat{\\subsection}{\\bfseries}{\\thesubsection}{1em}{}\n\\title{T}",
        "\\maketitle\n\\section{Intro}\nText.\n\\subsection{Detail}\nMore.",
    )
    assert headings(paper) == [("§1", "Intro"), ("§1.1", "Detail")]


def test_newenvironment_opening_environments_keeps_the_title(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\newenvironment{boxed}[1][Note]{\\begin{center}\\begin{minipage}{0.9\\linewidth}"
        "\\textbf{#1.}}{\\end{minipage}\\end{center}}\n\\title{Boxed Thoughts}",
        "\\maketitle\n\\section{Intro}\n\\begin{boxed}[Remark] Inside the box.\\end{boxed}\n"
        "\\section{Next}\nAfter.",
    )
    assert paper.meta.title == "Boxed Thoughts"
    assert headings(paper) == [("§1", "Intro"), ("§2", "Next")]
    assert paper.paragraphs[0].text == "Remark. Inside the box."


def test_fontsize_in_a_heading_macro_prints_no_numbers(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\newcommand\\bigtitle[1]{{\\fontsize{12}{13}\\selectfont #1}}\n"
        "\\title{\\bigtitle{Large Models}}",
        "\\maketitle\n\\section{\\bigtitle{Intro}}\nText.",
    )
    assert paper.meta.title == "Large Models"
    assert headings(paper) == [("§1", "Intro")]


@pytest.mark.parametrize(
    ("preamble", "title"),
    [
        ("\\newcommand\\ourtitle{Gradient Tricks}\n\\icmltitle{\\ourtitle}", "Gradient Tricks"),
        ("\\icmltitle{\\ourtitle}\n\\newcommand\\ourtitle{Defined Later}", "Defined Later"),
        ("\\title[Short]{The Long Title}", "The Long Title"),
        ("\\newcommand\\method{FlowNet}\n\\title{\\method: Fast Flows}", "FlowNet: Fast Flows"),
        ("\\title{Two\\\\Lines\\thanks{Funded by X.}}", "Two Lines"),
        ("\\title{Min-\\(p\\) Sampling for $\\alpha$-Models}", "Min-p Sampling for α-Models"),
        ("\\title{Draft Name}\n\\title{Final Name}", "Final Name"),
    ],
)
def test_title_as_printed(tmp_path, preamble, title):
    paper = paper_in(tmp_path, preamble, "\\maketitle\n\\section{Intro}\nText.")
    assert paper.meta.title == title


def test_a_supplements_own_title_is_not_the_papers(tmp_path):
    paper = paper_in(
        tmp_path,
        "",
        "\\twocolumn[\\icmltitle{Population Samplers}]\n\\section{Intro}\nText.\n"
        "\\onecolumn\\icmltitle{Supplementary Material: Population Samplers}\n"
        "\\title{Not This}\\maketitle\n\\section{More}\nText.",
    )
    assert paper.meta.title == "Population Samplers"


def test_symbol_and_blank_footnote_marks(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\renewcommand{\\thefootnote}{\\fnsymbol{footnote}}\n"
        "\\newcommand\\blfootnote[1]{\\begingroup\\renewcommand\\thefootnote{}\\footnote{#1}"
        "\\addtocounter{footnote}{-1}\\endgroup}",
        "\\section{Intro}\nA\\footnote{First.} B\\blfootnote{Code at x.} C\\footnote{Second.}",
    )
    notes = [el for el in paper.elements if el.kind == "footnote"]
    assert [(n.number, n.anchor, n.text) for n in notes] == [
        ("*", "Footnote 1", "First."),
        (None, "§1", "Code at x."),
        ("†", "Footnote 2", "Second."),
    ]
    assert paper.find("Footnote 2") is notes[2]


def test_let_aliases_and_spacing_wrappers(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\let\\originalleft\\left\n\\renewcommand{\\left}{\\mathopen{}\\mathclose\\bgroup"
        "\\originalleft}\n\\newcommand\\ours{OurNet}\\let\\method\\ours\n\\let\\eps=\\epsilon",
        "\\section{Intro}\n\\method{} uses $\\left(\\eps\\right)$.",
    )
    assert paper.paragraphs[0].text == "OurNet uses $\\left(\\epsilon \\right)$."
    assert paper.warnings == []


def test_verbatim_is_not_expanded():
    text = "\\def\\x{X}\\x \\verb|\\x| \\begin{verbatim}\\x\\end{verbatim} \\x"
    source = Builder()
    source.map.add_file("t.tex", text)
    source.copy(text, "t.tex", 0)
    out = expand(text, source.map, lambda name: False)
    assert out.text == "X \\verb|\\x| \\begin{verbatim}\\x\\end{verbatim} X"


# ---- the faster tokenizer reads what pylatexenc reads -------------------------------------------


@pytest.mark.parametrize("name", ["neurips_style", "numbering", "split_macros"])
def test_word_runs_read_the_same_paper_as_pylatexenc(name, monkeypatch):
    folder = Path(__file__).parent / "fixtures" / "papers" / name
    fast = load_paper(folder).to_dict()
    monkeypatch.setattr(
        context,
        "walker",
        lambda text, db: latexwalker.LatexWalker(text, latex_context=db, tolerant_parsing=True),
    )
    assert load_paper(folder).to_dict() == fast


def test_hostile_repetitions_stay_linear(tmp_path):
    # Each of these failed scans, repeated, would read the rest of the paper every time.
    for name, body in [
        ("unmatched_ifs", "\\iffalse x " * 10_000),
        ("open_brackets", "\\opt[ x " * 10_000),
        ("defs_without_body", "\\def\\x y " * 10_000),
        ("calls_without_delimiter", "\\upto x " * 10_000),
    ]:
        folder = tmp_path / name
        folder.mkdir()
        start = time.process_time()  # CPU time: the machine's load does not count
        preamble = "\\newcommand\\opt[1][d]{(#1)}\\def\\upto#1\\stop{[#1]}"
        paper = paper_in(folder, preamble, f"\\section{{A}}\n{body}")
        assert time.process_time() - start < 10.0, name
        assert headings(paper) == [("§1", "A")]
    assert len(paper_in(tmp_path / "unmatched_ifs", "", "\\iffalse x " * 30).warnings) == 20


def test_arguments_that_double_at_every_call_fail_at_the_call(tmp_path):
    defs = "\n".join(f"\\def\\m{chr(97 + i)}#1{{\\m{chr(98 + i)}{{#1#1}}}}" for i in range(25))
    with pytest.raises(ParseError, match=r"main.tex:30: .*budget of 1,000,000 characters"):
        paper_in(tmp_path, defs + "\n\\def\\mz#1{#1}", "\\section{A}\n\\ma{lol}")


def test_ifcsname_and_ifundefined(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\newcommand\\ours{Ours}\n\\makeatletter\n"
        "\\@ifundefined{ours}{\\def\\name{Fallback}}{\\def\\name{Defined}}\n"
        "\\@ifundefined{theirs}{\\def\\other{Missing}}{\\def\\other{Present}}\n\\makeatother",
        "\\ifcsname ours\\endcsname\\section{Has ours}\\fi\n"
        "\\ifcsname theirs\\endcsname\\section{Has theirs}\\else\\section{No theirs}\\fi\n"
        "\\section{\\name}\n\\section{\\other}",
    )
    assert headings(paper) == [
        ("§1", "Has ours"),
        ("§2", "No theirs"),
        ("§3", "Defined"),
        ("§4", "Missing"),
    ]


def test_a_box_in_a_section_title_prints_its_text(tmp_path):
    paper = paper_in(
        tmp_path,
        "",
        "\\section{\\parbox[t]{10cm}{Boxed Title}}\nText.\n"
        "\\subsection{\\makebox[2cm][l]{Made Box}}\nMore.\n",
    )
    assert headings(paper) == [("§1", "Boxed Title"), ("§1.1", "Made Box")]


def test_romannumeral_and_uppercase_print_as_tex_prints_them(tmp_path):
    # A common author macro for roman numerals: `\uppercase\expandafter{\romannumeral #1\relax}`
    # prints "II"; \romannumeral alone prints lower case; the space after the call stays.
    paper = paper_in(
        tmp_path,
        r"\newcommand{\RNum}[1]{\uppercase\expandafter{\romannumeral #1\relax}}",
        r"\section{Data}"
        "\n"
        r"Dis-\RNum{2} has dimension 2, Dis-\RNum{14} too; part (\romannumeral 3) and "
        r"\uppercase{abc \textit{x}} and \lowercase{ABC}.",
    )
    assert paper.paragraphs[0].text == (
        "Dis-II has dimension 2, Dis-XIV too; part (iii) and ABC X and abc."
    )
    assert paper.contains_quote(r"Dis-\RNum{2} has dimension 2", within="§1")
    assert paper.contains_quote("Dis-II has dimension 2", within="§1")
    assert not paper.contains_quote(r"Dis-\RNum{3} has dimension 2", within="§1")

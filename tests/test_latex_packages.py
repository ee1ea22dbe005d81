"""A paper's own packages: `\\usepackage{notation}` with `notation.sty` beside the main file is
read for its definitions (nested `\\RequirePackage` too, each package once); venue styles and
copies of distributed packages are not; nothing in a package is content; and a package is
confined and bounded like an `\\input`."""

import re
from pathlib import Path

import pytest

from paper2code.cli import main
from paper2code.errors import InputError
from paper2code.paper import load_paper
from paper2code.paper.latex.packages import is_authors_package, peek

OWN = Path(__file__).parent / "fixtures" / "papers" / "own_package"
CANARY = "CANARY-sty-never-read"


def paper_in(folder: Path, preamble: str, body: str, **files: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tex").write_text(
        f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"
    )
    for name, text in files.items():
        (folder / name).write_text(text)
    return load_paper(folder)


def all_text(paper) -> str:
    parts = [paper.meta.title, *(s.title for s in paper.sections)]
    parts += [p.text for p in paper.paragraphs] + [e.latex for e in paper.equations]
    return "\n".join(parts)


def test_own_package_defines_the_macros_of_equations_headings_and_title():
    paper = load_paper(OWN)
    assert paper.meta.title == "Learning GradNet with θ"
    assert [(s.anchor, s.title) for s in paper.sections] == [
        ("§1", "The GradNet objective"),
        ("§2", "Analysis"),
    ]
    # \def, \let, \providecommand with an optional argument, and \DeclareMathOperator* from
    # a package the first one requires.
    assert [e.latex for e in paper.numbered_equations] == [
        "\\mathcal{L}(\\boldsymbol{\\theta}) = \\operatorname*{\\mathbb{E}}_{\\boldsymbol{x}"
        " \\sim \\mathcal {D}} \\left\\|f_{\\boldsymbol{\\theta}}(\\boldsymbol{x}) - y"
        "\\right\\|_{2}^2"
    ]
    # \DeclareRobustCommand, \newtheorem (Lemma 1) and \newenvironment from the package.
    assert [p.text for p in paper.paragraphs] == [
        "We minimise ℒ over $\\boldsymbol{\\theta}$, e.g., with gradient steps.",
        "The loss in Equation 1 is at least $0$.",
        "Lemma 1 holds for every GradNet.",
        "Sketch. Squares are never negative.",
    ]
    assert paper.warnings == []


def test_a_package_is_never_content_and_a_venue_style_is_not_read():
    text = all_text(load_paper(OWN))
    # notation.sty holds a stray sentence and a \section; venue2099.sty defines \Model and
    # \venuemark (a venue style: the paper's \Model is the author's, \venuemark nothing).
    for absent in ("Notation for the paper", "Not a heading", "VENUE"):
        assert absent not in text


def test_packages_load_once_from_the_main_files_folder(tmp_path):
    # a.sty and b.sty require each other (LaTeX loads each once); stray.sty is not where
    # LaTeX looks (beside the main file), so \Stray stays as written.
    (tmp_path / "stray.sty").write_text("\\newcommand{\\Stray}{STRAY}\n")
    paper = paper_in(
        tmp_path / "paper",
        "\\usepackage{a}\n\\RequirePackage[opt]{b}\n\\usepackage{stray}",
        "\\section{Both}\n$\\A + \\B + \\Stray$\n",
        **{
            "a.sty": "\\RequirePackage{b}\n\\newcommand{\\A}{\\mathbf{a}}\n",
            "b.sty": "\\RequirePackage{a}\n\\newcommand{\\B}{\\mathbf{b}}\n",
        },
    )
    assert paper.paragraphs[0].text == "$\\mathbf{a} + \\mathbf{b} + \\Stray$"
    assert paper.warnings == []


def test_usepackage_in_the_document_loads_nothing(tmp_path):
    paper = paper_in(
        tmp_path,
        "",
        "\\usepackage{late}\n\\section{Body}\n$\\late$ text.\n",
        **{"late.sty": "\\newcommand{\\late}{LATE}\nStray late words.\n"},
    )
    assert "LATE" not in all_text(paper) and "Stray late words" not in all_text(paper)


def test_a_self_referential_macro_in_a_package_is_left_out_with_a_warning(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\usepackage{loops}",
        "\\section{Loop}\nWe use $\\loopy + \\R$ here.\n",
        **{"loops.sty": "\\newcommand{\\loopy}{\\loopy x}\n\\newcommand{\\R}{\\mathbb{R}}\n"},
    )
    assert paper.paragraphs[0].text == "We use $+ \\mathbb{R}$ here."
    assert [str(w) for w in paper.warnings] == [
        "main.tex:5: \\loopy refers to itself and cannot be expanded; left out"
    ]


def test_a_package_with_unbalanced_braces_is_skipped_with_a_warning(tmp_path):
    paper = paper_in(
        tmp_path,
        "\\usepackage{broken}",
        "\\section{Still read}\n$\\R$\n",
        **{"broken.sty": "\\newcommand{\\R}{\\mathbb{R}\n"},
    )
    assert [s.title for s in paper.sections] == ["Still read"]
    assert [str(w) for w in paper.warnings] == [
        "main.tex:2: \\usepackage{broken}: broken.sty:1: unbalanced braces: "
        "'{' is never closed; not read"
    ]


def test_a_package_outside_the_folder_is_refused_with_a_warning(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.sty").write_text(f"\\newcommand{{\\leak}}{{{CANARY}}}\n")
    paper_dir = tmp_path / "paper"
    paper_dir.mkdir()
    (paper_dir / "linked.sty").symlink_to(outside / "evil.sty")
    paper = paper_in(
        paper_dir,
        f"\\usepackage{{linked}}\n\\usepackage{{../outside/evil}}\n\\usepackage{{{outside}/evil}}",
        "\\section{Safe}\nText \\leak{} here.\n",
    )
    assert CANARY not in all_text(paper)
    assert [str(w) for w in paper.warnings] == [
        f"main.tex:{line}: \\usepackage{{{name}}} refused: outside the paper's folder; not read"
        for line, name in [(2, "linked"), (3, "../outside/evil"), (4, f"{outside}/evil")]
    ]


def test_names_too_long_for_a_file_name_no_file(tmp_path):
    long = "a" * 300  # the system refuses to look such a name up (ENAMETOOLONG)
    main_tex = tmp_path / "main.tex"  # given itself: no main file to choose in the folder
    main_tex.write_text(
        f"\\documentclass{{article}}\n\\RequirePackage{{{long}}}\n\\input{{{long}}}\n"
        "\\begin{document}\n\\section{A}\nText.\n\\end{document}\n"
    )
    paper = load_paper(main_tex)
    assert [s.title for s in paper.sections] == ["A"]
    assert [str(w) for w in paper.warnings] == [
        f"main.tex:3: \\input{{{long}}}: no such file in the paper's folder; skipped"
    ]


def test_a_huge_package_counts_toward_the_latex_budget(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PAPER2CODE_MAX_TEX_BYTES", str(64 << 10))
    filler = "\\newcommand{\\x}{x}\n" * 5000  # 93 KB of the author's own definitions
    with pytest.raises(InputError, match=r"huge\.sty is 93 KB, over the limit of 64 KB"):
        paper_in(tmp_path, "\\usepackage{huge}", "\\section{A}\nText.\n", **{"huge.sty": filler})
    assert main(["parse", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "huge.sty is 93 KB" in err and "\n" not in err and "Traceback" not in err


# ---- the corpus ---------------------------------------------------------------------------


def test_only_the_authors_own_packages_of_the_corpus_are_read(corpus):
    own = {
        p.relative_to(corpus).as_posix()
        for p in corpus.glob("**/*.sty")
        if is_authors_package(peek(p))
    }
    # Every other one of the 97 is a venue style or a copy of a distributed package
    # (natbib, algorithmic, fancyhdr, eso-pic, ...).
    assert own == {"optimistic-policy-mis/paper/mymacros.sty", "mh-gan/ownstyles.sty"}


def test_corpus_equations_use_the_macros_of_mymacros_sty(corpus):
    paper = load_paper(corpus / "optimistic-policy-mis")
    latex = "\n".join(e.latex for e in paper.numbered_equations)
    assert not re.search(r"\\(vx|vtheta|vxi|vphi|Exp|wc|wh)\b", latex)
    assert "\\boldsymbol{\\theta}" in latex and "\\mathop{\\mathbb{E}}" in latex
    assert paper.warnings == []


@pytest.mark.parametrize("name", ["hyperbolic-nf", "meta-ot", "overparam-rnn-extrapolation"])
def test_corpus_math_commands_input_in_the_preamble_are_expanded(corpus, name):
    # `\input{math_commands.tex}` (the ICLR template's) is an input like any other.
    folder = corpus / name
    commands = next(folder.glob("**/math_commands.tex")).read_text()
    defined = set(re.findall(r"\\(?:newcommand|def)\{?\\([A-Za-z]+)", commands))
    latex = "\n".join(e.latex for e in load_paper(folder).equations)
    used = set(re.findall(r"\\([A-Za-z]+)", latex))
    assert len(defined) > 100 and not used & defined

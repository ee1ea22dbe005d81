"""The reader's node-tree builder (builder.py's `TreeBuilder`: one pass over the source, plain
text read by regular expressions, nodes made directly) builds exactly the node tree pylatexenc's
own `LatexWalker` builds: every attribute of every node (types, positions, lengths, text, names,
arguments and their specs, pylatexenc 1's legacy fields, parsing states), on awkward snippets,
every fixture paper, every corpus paper's expanded text and the files as written of the corpus
papers of the most files."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_papers, fixture_papers
from pylatexenc import latexwalker, macrospec

from paper2code.paper.latex import read_source
from paper2code.paper.latex.context import latex_context, walker
from paper2code.paper.latex.sources import Budget

# Groups, math and arguments at the edges of the fast paths: empty, spaces only, one
# character, a paragraph break, `$$` after inline math, optional arguments, one-token arguments;
# then what pylatexenc reads tolerantly: stray closers, unclosed groups, math and environments,
# arguments past the end, comments, `\verb`, a trailing backslash.
SNIPPETS = [
    r"\section*{Intro} \label{sec:intro} {} { } {x} {a b}{ lead} {a" "\n" "b} {a" "\n\n" "b}",
    r"$x$ $x$$y$ $$x = 1$$ \(a_1\) \[b^2\] $ $ $\alpha$ $x_{i}^{2}$ $[0,1]$ $f'(x)$",
    r"\frac12 \frac{a}{b} \textbf {bold} \textbf" "\n\n" r"{x} \emph x \cite[p.~3]{k}",
    r"\cite[][p.\ 3]{a,b} \item[(a)] text \\[2pt] \hspace*{1em} \verb|{x| \mbox{}",
    r"\begin{tabular}{l|c}a & b\\\hline\end{tabular} \begin{figure}[t]\caption{C}\end{figure}",
    "{unclosed group and \\textbf{an unclosed argument",
    "a } b ] c \\) d \\] e \\end{itemize} f \\begin x \\end{} g",
    "\\cite[a}b] [x] \\item[[nested] y] \\section*",
    "x % a comment\n  next % another\n\n para %last",
    "$a $$ b$ $$ a $ b $ c $$ \\( $x$ \\] \\) \\[ \\text{t $u$} \\ensuremath{v} \\]",
    "\\begin{equation} a \\\\ b \\end{equation}",
    "\\begin{align*} x &= 1 \\\\[2pt]\n[y] \\end{align*}",
    "\\begin{verbatim} {$ \\x \\end{verbatim} ``quoted'' -- --- !` ?` a-b it's",
    "\\x\u00b2 \\\u00e9t\u00e9 caf\u00e9 \u00a0 x\r\ny\tz",
    "\\begin {itemize} \\item a\\end {itemize}",
    "\\begin{itemize}\\item a\n\n\\item b",
    "$x + \\frac{1}{",
    "text ending in spaces   \n ",
    "text ending in a backslash \\",
    "{group ending in spaces  ",
    "\\textbf",
    "\\hspace*",
    "\\cite[",
    "a\n \nb \\begin{x} y \\% z \\{ w \\\\* v~u \\, \\@ \\'e",
]

_NODE = latexwalker.LatexNode


def _value(v: object, depth: int = 0) -> object:
    """A comparable picture of a node, its arguments and parsing states, recursively."""
    if isinstance(v, _NODE):
        return (type(v).__name__, {k: _value(x) for k, x in vars(v).items()})
    if isinstance(v, macrospec.ParsedMacroArgs):
        return (type(v).__name__, {k: _value(x) for k, x in vars(v).items()})
    if isinstance(v, latexwalker.ParsingState):
        return ("state", v.in_math_mode, v.math_mode_delimiter, v.latex_context is not None)
    if isinstance(v, list | tuple):
        return (type(v).__name__, [_value(x) for x in v])
    return v


def _same_tree(text: str) -> None:
    db = latex_context()
    fast = walker(text, db).get_latex_nodes()[0]
    plain = latexwalker.LatexWalker(text, latex_context=db, tolerant_parsing=True)
    expected = plain.get_latex_nodes()[0]
    assert [_value(n) for n in fast] == [_value(n) for n in expected]


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets(text: str) -> None:
    _same_tree(text)


@pytest.mark.parametrize("folder", fixture_papers(), ids=lambda p: p.name)
def test_fixture_papers(folder: Path) -> None:
    _same_tree(read_source(folder, Budget(50 << 20))[1].text)


@pytest.mark.parametrize("name", corpus_papers())
def test_corpus_papers(name: str) -> None:
    if CORPUS is None:
        pytest.skip(ABSENT)
    _same_tree(read_source(CORPUS / name, Budget(50 << 20))[1].text)


# The corpus papers of the most source files (decoy templates, style files, appendices, .bbl):
# every paper's expanded text is compared above, so the files as written are compared for these
# only (comparing with pylatexenc's slow walker is most of this file's time).
MANY_FILES = [
    "dd3d-pretraining", "decipherment-embeddings", "rnn-gsn", "mh-gan", "bfw-face-bias",
    "weighted-q-learning", "hyperbolic-nf", "transform-and-tell",
]  # fmt: skip


@pytest.mark.parametrize("name", MANY_FILES)
def test_corpus_files_as_written(name: str) -> None:
    # Each file before inlining and expansion (comments, definitions, a `.bbl`): what the
    # sources scan and the bibliography reader hand to the builder.
    if CORPUS is None:
        pytest.skip(ABSENT)
    files = sorted(p for p in (CORPUS / name).rglob("*") if p.suffix in (".tex", ".bbl"))
    for path in files:
        _same_tree(path.read_text(errors="replace"))


@pytest.mark.parametrize(
    "text", ["  \\begin {x}y\\end{x} z", "\\begin{tabular}{l}a\\end{tabular}", "\\begin{x}open"]
)
def test_environment_read_on_its_own(text: str) -> None:
    # The sources scan reads a `comment` environment by itself, from its `\begin`.
    db = latex_context()
    plain = latexwalker.LatexWalker(text, latex_context=db, tolerant_parsing=True)
    fast, expected = walker(text, db).get_latex_environment(0), plain.get_latex_environment(0)
    assert (_value(fast[0]), fast[1:]) == (_value(expected[0]), expected[1:])

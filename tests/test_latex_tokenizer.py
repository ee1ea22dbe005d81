"""The reader's tokenizer (context.py's `_Walker`: word runs, plain groups and math read
without pylatexenc's per-token machinery) builds exactly the node tree pylatexenc's own
`LatexWalker` builds: same node types, positions, lengths, text, names and arguments, on awkward
snippets, every fixture paper and every corpus paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_papers, fixture_papers
from pylatexenc import latexwalker

from paper2code.paper.latex import read_source
from paper2code.paper.latex.context import latex_context, walker
from paper2code.paper.latex.sources import Budget

# Groups, math and arguments at the edges of the fast paths: empty, spaces only, one
# character, a paragraph break, `$$` after inline math, optional arguments, one-token arguments.
SNIPPETS = [
    r"\section*{Intro} \label{sec:intro} {} { } {x} {a b}{ lead} {a" "\n" "b} {a" "\n\n" "b}",
    r"$x$ $x$$y$ $$x = 1$$ \(a_1\) \[b^2\] $ $ $\alpha$ $x_{i}^{2}$ $[0,1]$ $f'(x)$",
    r"\frac12 \frac{a}{b} \textbf {bold} \textbf" "\n\n" r"{x} \emph x \cite[p.~3]{k}",
    r"\cite[][p.\ 3]{a,b} \item[(a)] text \\[2pt] \hspace*{1em} \verb|{x| \mbox{}",
    r"\begin{tabular}{l|c}a & b\\\hline\end{tabular} \begin{figure}[t]\caption{C}\end{figure}",
    "{unclosed group and \\textbf{an unclosed argument",
]


def _tree(nodes: list, out: list) -> list:
    """Every node's type, place, state and content, depth first (arguments included)."""
    for n in nodes:
        if n is None:
            out.append(None)
            continue
        fields = ("chars", "macroname", "environmentname", "delimiters", "displaytype", "comment")
        more = ("specials_chars", "macro_post_space", "comment_post_space")
        row = [type(n).__name__, n.pos, n.len, n.parsing_state.in_math_mode]
        row += [(f, getattr(n, f)) for f in fields + more if hasattr(n, f)]
        out.append(tuple(row))
        if getattr(n, "nodelist", None) is not None:
            out.append("[")
            _tree(n.nodelist, out)
            out.append("]")
        if getattr(n, "nodeargd", None) is not None:
            out.append(("arguments", getattr(n.nodeargd, "argspec", None)))
            _tree(n.nodeargd.argnlist or [], out)
            out.append(")")
    return out


def _same_tree(text: str) -> None:
    db = latex_context()
    fast = walker(text, db).get_latex_nodes()[0]
    plain = latexwalker.LatexWalker(text, latex_context=db, tolerant_parsing=True)
    assert _tree(fast, []) == _tree(plain.get_latex_nodes()[0], [])


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

"""The anchor grammar and tolerant quote matching that every stage relies on."""

import pytest

from paper2code.paper.anchors import format_anchor, parse_anchor
from paper2code.paper.text import canonical, quote_in


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("§3.2", ("section", "3.2")),
        ("§ 3.2.1", ("section", "3.2.1")),
        ("Section 4", ("section", "4")),
        ("Appendix A", ("section", "A")),
        ("§A.1", ("section", "A.1")),
        ("§broader-impact", ("section", "broader-impact")),
        ("Eq. 4", ("equation", "4")),
        ("Eq. (4)", ("equation", "4")),
        ("Equation 3a", ("equation", "3a")),
        ("eq. (3.4)", ("equation", "3.4")),
        ("Table 3", ("table", "3")),
        ("Tab. 3", ("table", "3")),
        ("Figure 1", ("figure", "1")),
        ("Fig. 1", ("figure", "1")),
        ("Algorithm 1", ("algorithm", "1")),
        ("Footnote 2", ("footnote", "2")),
    ],
)
def test_parse_anchor_accepts_common_spellings(text, key):
    assert parse_anchor(text) == key


@pytest.mark.parametrize("text", ["Tables 3", "Eqs 3", "3.2", "foo", "§", "Eq.", "Section three x"])
def test_parse_anchor_rejects_non_anchors(text):
    assert parse_anchor(text) is None


def test_format_anchor_is_canonical():
    assert format_anchor("equation", "4") == "Eq. 4"
    assert format_anchor("section", "3.2") == "§3.2"
    assert parse_anchor(format_anchor("table", "3")) == ("table", "3")


@pytest.mark.parametrize(
    ("source", "quote"),
    [
        (r"$\beta_1 = 0.9$", "β1 = 0.9"),
        (r"$\epsilon=10^{-9}$", "ε = 10^-9"),
        (r"a dropout rate of $P_{\mathrm{drop}}=0.1$.", "dropout rate of P_drop = 0.1"),
        ("25{,}000 source\ntokens", "25,000 source tokens"),
        ("\ufb01ne-tuning", "fine-tuning"),
        (r"$3\times 10^{-4}$", "3 × 10^-4"),
        (r"$3\times 10^{-4}$", "3 x 10^-4"),
        ("We use ``label smoothing''", 'use "label smoothing"'),
        ("implemen-\ntation", "implementation"),
        ("ImageNet 256×256", r"ImageNet 256\texttimes256"),  # textcomp symbols, as printed
        ("a ÷ b < c", r"a \textdiv{} b \textless{} c"),
    ],
)
def test_canonical_matches_across_forms(source, quote):
    assert canonical(quote) in canonical(source)


@pytest.mark.parametrize(
    ("source", "quote"),
    [
        (r"$\beta_1 = 0.9$", "β1 = 0.8"),
        ("a dropout rate of 0.1", "a dropout rate of 0.3"),
        (r"$10^{-9}$", "10^9"),
    ],
)
def test_canonical_keeps_values_distinct(source, quote):
    assert canonical(quote) not in canonical(source)


# ---- quotes that leave out citations and footnote marks ---------------------------------------

_CITING = r"""\documentclass{article}
\begin{document}
\section{Training}
We used the Adam optimizer~\citep{kingma2014adam} with $\beta_1 = 0.9$ and $\beta_2 = 0.98$.
The encoder\footnote{A six-layer stack.} has 6 layers~\cite[p.~3]{vaswani2017,he2016}.
Warm-up lasts 4000 steps$^{\dagger}$ and batches hold 10~\citep{smith2020} 24 tokens.
\end{document}
"""


@pytest.fixture(scope="module")
def citing_paper(tmp_path_factory):
    from paper2code.paper import load_paper

    folder = tmp_path_factory.mktemp("citing")
    (folder / "main.tex").write_text(_CITING, encoding="utf-8")
    return load_paper(folder)


@pytest.mark.parametrize(
    "quote",
    [
        "We used the Adam optimizer with β1 = 0.9",  # the citation left out
        "We used the Adam optimizer with β1 = 0.9 and β2 = 0.98",
        "The encoder has 6 layers.",  # footnote and citation with its options left out
        "Warm-up lasts 4000 steps and batches",  # a footnote mark in math left out
        "Adam optimizer [kingma2014adam] with",  # as the reader prints the citation
        "Adam optimizer~\\citep{kingma2014adam} with",  # as the source writes it, `~` and all
    ],
)
def test_quote_may_leave_out_citations_and_marks(citing_paper, quote):
    assert citing_paper.contains_quote(quote, within="§1")


@pytest.mark.parametrize(
    "quote",
    [
        "We used the Adam optimizer with β1 = 0.8",  # a changed number
        "The encoder has 8 layers.",
        "Warm-up lasts 400 steps",
        "batches hold 1024 tokens",  # the two numbers a citation separates stay two
        "We used the SGD optimizer with β1 = 0.9",
    ],
)
def test_quote_with_another_value_still_fails(citing_paper, quote):
    assert not citing_paper.contains_quote(quote)


def test_quote_in_skips_printed_citations_and_unicode_marks():
    text = "trained with Adam [12] for 10 [3, 5–7] 0 epochs (Kingma & Ba, 2014), the model¹ is†"
    assert quote_in("trained with Adam for 10", text)
    assert quote_in("0 epochs, the model is", text)
    assert not quote_in("for 100 epochs", text)
    assert not quote_in("", text)


def test_enclosing_sections_innermost_first_and_each_once() -> None:
    from paper2code.paper.model import Equation, Metadata, Paper, Section, SourceLoc

    loc = SourceLoc("main.tex", 1)
    paper = Paper(
        Metadata(title="T"),
        [
            Section("section", "1", "§1", None, loc, title="Method"),
            Section("subsection", "1.1", "§1.1", "§1", loc, title="Layer"),
            Equation("equation", "1", "Eq. 1", "§1.1", loc, latex="y = x"),
            # hand-built papers may name a section its own section: no endless walk
            Section("section", "2", "§2", "§2", loc, title="Loop"),
            Equation("equation", "2", "Eq. 2", "§2", loc, latex="z = x"),
        ],
    )
    assert [s.anchor for s in paper.enclosing_sections(paper.find("Eq. 1"))] == ["§1.1", "§1"]
    assert [s.anchor for s in paper.enclosing_sections(paper.find("Eq. 2"))] == ["§2"]

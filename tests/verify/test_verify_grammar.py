"""The citation grammar: what parses, what is malformed, what is prose."""

import pytest

from paper2code.verify.grammar import TokenType, tokenize


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("§3.2", ["§3.2"]),
        ("§3.2.1", ["§3.2.1"]),
        ("§A.1", ["§A.1"]),
        ("§broader-impact", ["§broader-impact"]),
        ("§3.2, Eq. 4", ["§3.2", "Eq. 4"]),
        ("Eq. (4)", ["Eq. 4"]),
        ("Eq.4", ["Eq. 4"]),
        ("Equation 3a", ["Eq. 3a"]),
        ("Eqs. 3–5", ["Eqs. 3–5"]),
        ("Eqs. 3-5", ["Eqs. 3–5"]),
        ("Eqs. (3)–(5)", ["Eqs. 3–5"]),
        ("Table 3", ["Table 3"]),
        ("Table S2", ["Table S2"]),
        ("Figure 2", ["Figure 2"]),
        ("Algorithm 1", ["Algorithm 1"]),
        ("Appendix B", ["§B"]),
        ("§4.2, Table 1", ["§4.2", "Table 1"]),
        ("(see §3.2.)", ["§3.2"]),
        # what a \renewcommand\the... prints: checked against the paper, not a fixed shape
        ("§S1", ["§S1"]),
        ("§S1.2, Eq. S4", ["§S1.2", "Eq. S4"]),
        ("§S10.", ["§S10"]),
        ("Table S3", ["Table S3"]),
        ("Table A.1", ["Table A.1"]),
        ("Table IV", ["Table IV"]),
        ("Eqs. (S1)–(S3)", ["Eqs. S1–S3"]),
        ("Appendix SM2", ["§SM2"]),
    ],
)
def test_citations_parse(text, refs):
    tokens = tokenize(text)
    assert [t.type for t in tokens] == [TokenType.CITATION]
    assert [str(r) for r in tokens[0].refs] == refs


@pytest.mark.parametrize(
    "flag", ["UNSPECIFIED", "PARTIALLY_SPECIFIED", "ASSUMPTION", "FROM_OFFICIAL_CODE"]
)
def test_flags_parse(flag):
    (token,) = tokenize(f"x  # [{flag}] because")
    assert token.type is TokenType.FLAG and token.flag == flag


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("§ 3.2.", "no space"),
        ("Eq 4)", "period"),
        ("Eqs 3-5", "period"),
        ("Eq. (4", "unbalanced"),
        ("[UNSPECIFED]", "did you mean [UNSPECIFIED]"),
        ("[unspecified]", "[UNSPECIFIED]"),
        ("[Partially Specified]", "[PARTIALLY_SPECIFIED]"),
        ("UNSPECIFIED: no idea", "brackets"),
        ("Table — the settings", "no number"),
        ("dropout: 0.1  # Table", "no number"),
        ('Figure "training accuracy"', "no number"),
        ("Appendix — init details", "no number"),
        ("Equation — the loss", "no equation number"),
        ("- [ASSUMPTION] x\n- UNSPECIFIED — y", "brackets"),
        ("§3..2", "not a section number"),
        ("§.2", "not a section number"),
        ("Eqs. 5–3", "backwards"),
        ("Eq. — the loss", "no equation number"),
    ],
)
def test_malformed(text, problem):
    tokens = [t for t in tokenize(text) if t.type is TokenType.MALFORMED]
    assert len(tokens) == 1
    assert problem in (tokens[0].problem or "")


@pytest.mark.parametrize(
    "text",
    [
        "see Table.",
        "Table: A table instance.",
        "requires ``Table.expand``",
        "details are in the Appendix.",
        "described in the Appendix\nnext line",
        "See the [Conversion Table](table.md)",
        "Appendix Details follow",
        "classified as `SPECIFIED`, `PARTIALLY_SPECIFIED`, or `UNSPECIFIED`",
        "not a [SPECIFIED] item",
        "Table lookup for tokens",
        "Tables 1 and 2",
        "shape [B, T, C]",
        "[TODO] later",
        "Figure it out",
        "- Equation (standard deviation): 0.2",  # a measure a table names "Equation"
    ],
)
def test_prose_is_not_a_tag(text):
    assert tokenize(text) == []


def test_quotes_straight_and_curly_and_no_tags_inside():
    tokens = tokenize('§4.2 — "Table 3 is" and “curly one”')
    assert [t.type for t in tokens] == [TokenType.CITATION, TokenType.QUOTE, TokenType.QUOTE]
    assert [t.quote for t in tokens[1:]] == ["Table 3 is", "curly one"]


def test_a_math_display_is_not_read_for_quotes():
    # an equation carrying quotes (`open("x", "w")` in a hostile paper) stays math; the anchor
    # beside the display is read, and an unclosed `$$` hides nothing after it
    tokens = tokenize('$$f(x) = "a", "b" [UNSPECIFIED]$$ (Eq. 4)')
    assert [t.text for t in tokens] == ["Eq. 4"]
    tokens = tokenize('costs $$5 and "a quote" §3')
    assert [t.type for t in tokens] == [TokenType.QUOTE, TokenType.CITATION]


@pytest.mark.parametrize(
    ("text", "usual"),
    [("§3.2", True), ("§A.1", True), ("§broader-impact", True), ("Table S2", True)]
    + [("Eq. 3a", True), ("§S1", False), ("§3.2x", False), ("Table IV", False)],
)
def test_usual_shape(text, usual):
    (token,) = tokenize(text)
    assert token.refs[0].usual is usual


def test_positions_allow_line_numbers():
    text = "first line\n  second §3.1 here"
    (token,) = tokenize(text)
    assert text[token.start : token.end] == "§3.1"


def test_a_title_is_not_a_tag():
    assert tokenize("using the Fast Approximate QAP Algorithm\nof [1]") == []

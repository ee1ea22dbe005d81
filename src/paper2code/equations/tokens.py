"""LaTeX math into a flat token list, with layout-only commands dropped."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\\[a-zA-Z]+\*?|\\.|\d+(?:\.\d+)?|:=|[^\s]")
# Commands that only place ink: they carry no meaning for the computation.
_LAYOUT = {
    "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl",
    "\\Bigr", "\\biggl", "\\biggr", "\\Biggl", "\\Biggr", "\\bigm", "\\Bigm", "\\middle", "\\,",
    "\\;", "\\:", "\\!", "\\quad", "\\qquad", "\\displaystyle", "\\textstyle", "\\nonumber",
    "\\notag", "\\limits", "\\nolimits", "\\ ", "\\rm", "\\bf", "\\it", "~",
    "\\small", "\\footnotesize", "\\scriptsize", "\\normalsize", "\\addlinespace",
}  # fmt: skip
# Spellings of one delimiter: every norm bar is `\\|`, every absolute-value bar `|`.
_ALIAS = {
    "\\lbrack": "[", "\\rbrack": "]", "\\lbrace": "\\{", "\\rbrace": "\\}", "\\vert": "|",
    "\\lvert": "|", "\\rvert": "|", "\\Vert": "\\|", "\\lVert": "\\|", "\\rVert": "\\|",
    "\\coloneq": ":=", "\\coloneqq": ":=", "\\leqslant": "\\leq", "\\geqslant": "\\geq",
    "\\ne": "\\neq", "\\dots": "\\ldots", "\\cdots": "\\ldots", "\\dotsc": "\\ldots",
    "\\dotsb": "\\ldots", "\\mathds": "\\mathbb",
}  # fmt: skip
_LABEL = re.compile(r"\\(?:label|tag|vspace|hspace|color)\*?\{[^}]*\}")


def tokenize(latex: str) -> list[str]:
    """Tokens of `latex`; trailing sentence punctuation is dropped, it is prose not math."""
    tokens: list[str] = []
    depth = 0  # inside `cases`, `&` and `\\\\` separate values, conditions and rows
    # Per open brace, what opened it: "substack" (where `\\\\` separates the conditions of a
    # sum), "drop" (`\\ensuremath{...}`: a wrapper whose braces mean nothing), or "".
    braces: list[str] = []
    # `(s_1, ..., s_n)`: three full stops are an ellipsis, as `\\ldots` is
    for token in _TOKEN.findall(_LABEL.sub(" ", latex).replace("...", " \\ldots ")):
        token = _ALIAS.get(token, token)
        depth += {"\\begin": 1, "\\end": -1}.get(token, 0)
        if token == "{":
            opener = tokens[-1] if tokens else ""
            braces.append({"\\substack": "substack", "\\ensuremath": "drop"}.get(opener, ""))
            if braces[-1] == "drop":
                tokens.pop()
                continue
        elif token == "}" and braces and braces.pop() == "drop":
            continue
        if token in _LAYOUT or (token in {"&", "\\\\"} and depth == 0 and "substack" not in braces):
            continue
        if token == "." and tokens and tokens[-1] in {"\\left", "\\right"}:
            continue  # `\\right.`: an invisible delimiter
        if token == "}" and tokens and tokens[-1] == "{":
            tokens.pop()  # `\\mathop{}`: an empty group
            continue
        if token == "|" and tokens and tokens[-1] == "|":
            tokens[-1] = "\\|"  # `||x||`: a norm written with two bars
            continue
        if tokens and tokens[-1] == "\\not" and token in {"=", "\\in"}:
            tokens[-1] = {"=": "\\neq", "\\in": "\\notin"}[token]  # `\\not\\in`: one relation
            continue
        if token == "=" and tokens and tokens[-1] in {":", "\\vcentcolon", "\\colon"}:
            tokens[-1] = ":="  # `\\vcentcolon=`: a definition
            continue
        tokens.append(token)
    while tokens and tokens[-1] in {".", ","}:
        tokens.pop()
    # `\\left`/`\\right` stayed only to spot `\\right.`; they size delimiters, nothing more.
    return [t for t in tokens if t not in {"\\left", "\\right"}]

"""Tolerant text comparison for quotes.

A quote must be found in the paper whether it was copied from the PDF (unicode math, ligatures,
hyphenated line breaks), from the LaTeX source (`$\\beta_1 = 0.9$`), or typed by a person
(`beta1 = 0.9`). `canonical` reduces all of these to one form: lowercase letters, digits and the
few symbols that carry meaning in a value (`= + - * / < > % .`), with markup, spacing and
punctuation dropped, Greek letters spelled out and LaTeX commands reduced to their names.

`quote_in` is the match: a quote may also leave out what the paper prints between its words
without saying anything: citations (`optimizer~\\citep{kingma2014adam} with`, which the reader
prints `optimizer [kingma2014adam] with`; `[12]`, `[3, 5–7]`, `(Kingma & Ba, 2014)`) and
footnote marks (`¹`, `†`, `$^{2}$`). These are skipped in the paper's text only, never in the
quote, so a number the quote states must still be the paper's; and a mark between two numbers
leaves a separator, so skipping it cannot join `1 [2] 0` into `10`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]

# LaTeX commands that only style or space their argument: dropped, the argument kept.
_DROP_COMMANDS = {
    "mathrm",
    "mathbf",
    "mathit",
    "mathsf",
    "mathtt",
    "mathcal",
    "mathbb",
    "mathfrak",
    "mathscr",
    "boldsymbol",
    "bm",
    "text",
    "textrm",
    "textbf",
    "textit",
    "texttt",
    "textsf",
    "textsc",
    "textup",
    "emph",
    "operatorname",
    "left",
    "right",
    "big",
    "bigl",
    "bigr",
    "Big",
    "Bigl",
    "Bigr",
    "bigg",
    "biggl",
    "biggr",
    "Bigg",
    "displaystyle",
    "textstyle",
    "scriptstyle",
    "quad",
    "qquad",
    "hat",
    "widehat",
    "tilde",
    "widetilde",
    "bar",
    "overline",
    "vec",
    "dot",
    "ddot",
    "sim",
    "mbox",
    "hbox",
    "ensuremath",
    "limits",
    "nolimits",
    "xspace",
    "mathop",
    "underline",
    "it",
    "bf",
    "rm",
    "em",
    "sf",
    "tt",
    "cite",
    "citep",
    "citet",
    "ref",
    "eqref",
    "label",
    "nonumber",
    "notag",
    "noindent",
    "footnotesize",
    "small",
    "scriptsize",
    "tiny",
    "large",
    "Large",
    "normalsize",
    "centering",
    "hline",
    "toprule",
    "midrule",
    "bottomrule",
}

# LaTeX commands and unicode symbols with the same meaning reduce to the same token.
_COMMAND_TOKENS = {
    "times": "*",
    "cdot": "*",
    "ast": "*",
    "leq": "<=",
    "le": "<=",
    "geq": ">=",
    "ge": ">=",
    "neq": "!=",
    "ne": "!=",
    "approx": "approx",
    "infty": "inf",
    "ldots": "...",
    "dots": "...",
    "cdots": "...",
    "varepsilon": "epsilon",
    "vartheta": "theta",
    "varphi": "phi",
    "varrho": "rho",
    "varsigma": "sigma",
    "varpi": "pi",
    "%": "%",
    "&": "",
    ",": "",
    ";": "",
    "!": "",
    " ": "",
    "_": "",
    "{": "",
    "}": "",
    "$": "",
    "#": "",
    "-": "",
    "\\": "",
    "textasciitilde": "",
    "sqrt": "sqrt",
    "log": "log",
    "exp": "exp",
    "to": "->",
    "rightarrow": "->",
    "leftarrow": "<-",
    "mid": "|",
    "prime": "'",
    "textendash": "-",
    "textemdash": "-",
    # textcomp's text-mode symbols, as the reader prints them (×, <, >, ·)
    "texttimes": "*",
    "textasteriskcentered": "*",
    "textperiodcentered": "*",
    "textless": "<",
    "textgreater": ">",
    "textdiv": "/",
    "textminus": "-",
    "textquoteright": "",
    "textquoteleft": "",
}
_SYMBOL_TOKENS = {
    "×": "*",
    "÷": "/",
    "·": "*",
    "⋅": "*",
    "∗": "*",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "≈": "approx",
    "∞": "inf",
    "…": "...",
    "−": "-",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "∼": "",
    "~": " ",
    "√": "sqrt",
    "→": "->",
    "←": "<-",
    "′": "'",
}

_COMMAND = re.compile(r"\\([A-Za-z]+|.)")

# What a quote may leave out of the paper's text (see `quote_in`).
_SKIPPABLE = re.compile(
    r"""\\(?:cite[a-z]*|footnotemark)\*?(?:\s*\[[^\]]*\])*(?:\s*\{[^{}]*\})?  # \citep[p. 3]{key}
    | \[\s*[\w:.+/\-]+(?:\s*[,;–]\s*[\w:.+/\-]+)*\s*\]      # [kingma2014adam, he2016], [3, 5-7]
    | \([^()]*\b(?:19|20)\d\d[a-z]?\)                           # (Kingma & Ba, 2014; He, 2016)
    | [¹²³⁰⁴-⁹†‡]+                                              # unicode marks
    | \$\^\{?\s*(?:\d+|\*|\\[A-Za-z]+)\s*\}?\$                     # $^{2}$, $^\dagger$
    | (?<=[A-Za-z])\*(?=[\s.,;:)]|$)                            # model* (a mark, not a product)
    """,
    re.VERBOSE,
)
_KEEP = re.compile(r"[^a-z0-9.=+\-*/<>%!|]")
# A colour's specification is never printed: `{\color{gray} 0.13}`, `\cellcolor{blue!15}`
_COLOR_SPEC = re.compile(
    r"\\(?:color|textcolor|cellcolor|rowcolor|columncolor|colorbox)\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}"
)


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _COMMAND_TOKENS:
        return _COMMAND_TOKENS[name]
    if name in _DROP_COMMANDS:
        return " "
    return " " + name + " "


def _greek(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ch
    if not name.startswith("GREEK") and not name.startswith("MATHEMATICAL"):
        return ch
    words = name.lower().split()
    for g in _GREEK:
        if g in words:
            return g.upper() if "capital" in words and "symbol" not in words else g
    return ch


@lru_cache(maxsize=4096)
def canonical(s: str) -> str:
    """The comparison form of a text; `a in b` on canonical forms is the tolerant match."""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"(?<=[a-z])-\s*\n\s*(?=[a-z])", "", s)  # PDF hyphenation across a line break
    s = re.sub(r"(?<=\d)\s*[xX]\s*(?=10\s*\^)", "*", s)  # typed "3 x 10^-4" for 3 × 10^-4
    s = _COMMAND.sub(_command, _COLOR_SPEC.sub(" ", s))
    s = "".join(_SYMBOL_TOKENS.get(ch) or _greek(ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.lower()
    s = re.sub(r"-{2,}", "-", s)
    s = re.sub(r"\.(?!\d)", "", s)  # sentence periods go; decimal points stay
    return _KEEP.sub("", s)


def quote_in(quote: str, text: str) -> bool:
    """Whether `quote` is in `text`, tolerantly (see `canonical`), also where it leaves out a
    citation or footnote mark that the text prints between its words."""
    needle = canonical(quote)
    return bool(needle) and (needle in canonical(text) or needle in _canonical_unmarked(text))


@lru_cache(maxsize=4096)  # as `canonical`: one entry per element of a paper, and its parts
def _canonical_unmarked(text: str) -> str:
    return canonical(_SKIPPABLE.sub(lambda m: _gap(text, m.start(), m.end()), text))


def _gap(text: str, start: int, end: int) -> str:
    """Nothing, or a separator when the skipped mark stands between two numbers."""
    before = text[max(0, start - 16) : start].rstrip()[-1:]  # near: a paper has many marks
    after = text[end : end + 16].lstrip()[:1]
    return " | " if before.isdigit() and after.isdigit() else " "

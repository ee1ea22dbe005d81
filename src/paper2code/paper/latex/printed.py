"""What formatting macros print, as text: a colour command prints its text and not the colour,
a rule or a strut prints nothing, a box prints its content, `\\ding{51}` prints ✓, siunitx's
`\\SI{2}{\\day}` prints "2 d" and `\\num{1e-4}` "1 × 10^-4", `\\verb|a_b|` prints a_b.

The tokenizer's argument specs for these macros are in `context.py` (so that `{red!30}` is an
argument, not cell text); this module says what each prints, and whether text is set in bold.
Tables are where they gather (`\\cellcolor`, `\\specialrule`, `\\makecell`, ✓/✗ columns, S
columns), but they print the same anywhere in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
)

from paper2code.paper.latex.nodes import arg, inner_nodes, inner_text, is_macro, last_arg

TextMacro = Callable[..., str] | str  # a function of the node, or the text itself

# Colour, rule and spacing commands: their arguments are colours and lengths, never text.
_SILENT = (
    "color",
    "cellcolor",
    "rowcolor",
    "columncolor",
    "arrayrulecolor",
    "definecolor",
    "rule",
    "specialrule",
    "toprule",
    "midrule",
    "bottomrule",
    "addlinespace",
    "noalign",
    "hhline",
    "Xhline",
    "Xcline",
    "strut",
    "phantom",
    "hphantom",
    "vphantom",
)
# Boxes and font switches that print their (last) argument.
_CONTENT = (
    "textcolor",
    "colorbox",
    "fcolorbox",
    "texttt",
    "textsf",
    "textup",
    "textmd",
    "textnormal",
    "mbox",
    "fbox",
    "makecell",
    "thead",
    "shortstack",
    "rotatebox",
    "scalebox",
    "resizebox",
    "raisebox",
    "adjustbox",
    "multirow",  # where the table reader has not unwrapped them (inside a \parbox)
    "multicolumn",
    "bm",  # bold math read as text (a title's): the symbol, not nothing
    "boldsymbol",
)
# Macros that print a fixed text: symbols (an author's `\newcommand{\cmark}{\ding{51}}` is
# expanded before we read; these are for the papers that leave it to a package), and a line
# break inside a cell (`Eval. with\newline Regularization`), which reads as a space.
_FIXED = {"checkmark": "✓", "cmark": "✓", "xmark": "✗", "textminus": "−", "newline": " "}

# siunitx unit macros as siunitx prints them.
_UNITS = {
    "day": "d",
    "hour": "h",
    "minute": "min",
    "second": "s",
    "percent": "%",
    "metre": "m",
    "meter": "m",
    "gram": "g",
    "kilogram": "kg",
    "byte": "B",
    "bit": "bit",
    "hertz": "Hz",
    "watt": "W",
    "joule": "J",
    "volt": "V",
    "ampere": "A",
    "kelvin": "K",
    "degreeCelsius": "°C",
    "degree": "°",
    "litre": "L",
    "liter": "L",
    "decibel": "dB",
    "per": "/",
    "squared": "²",
    "cubed": "³",
}
_PREFIXES = {
    "tera": "T",
    "giga": "G",
    "mega": "M",
    "kilo": "k",
    "milli": "m",
    "micro": "µ",
    "nano": "n",
    "pico": "p",
}
_UNIT_MACRO = re.compile(r"\\([A-Za-z]+)\s*")
# siunitx's input of a number with an exponent: `1e-4`, `2.5E+3`, `3d2`
_SCIENTIFIC = re.compile(r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*[eEdD]\s*([-+]?\d+)\s*")
_BRACED = r"\{((?:[^{}]|\{[^{}]*\})*)\}"
_OPT = r"(?:\s*\[[^\]]*\])?"
# siunitx commands left inside math, where the text is kept as LaTeX: `$\sim \SI{2}{\day}$`.
_SIUNITX_IN_MATH = re.compile(
    rf"\\(?:(?P<qty>SI|qty){_OPT}\s*{_BRACED}{_OPT}\s*{_BRACED}"
    rf"|(?P<unit>si|unit){_OPT}\s*{_BRACED}|(?P<num>num){_OPT}\s*{_BRACED})"
)


def unit_text(latex: str) -> str:
    """A siunitx unit as printed: `\\kilo\\gram\\per\\second` is "kg/s"; a unit written out
    ("GB") stays as written."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        return _PREFIXES.get(name, _UNITS.get(name, name))

    text = _UNIT_MACRO.sub(one, latex).replace("{", "").replace("}", "")
    return " ".join(text.split())


def number_text(latex: str, math: bool = False) -> str:
    """A siunitx number as printed: `1e-4` is "1 × 10^-4" (siunitx sets the exponent as a
    power of ten; in math kept as LaTeX, `1 \\times 10^{-4}`); any other number as written."""
    m = _SCIENTIFIC.fullmatch(latex)
    if m is None:
        return latex.strip()
    mantissa, exponent = m.group(1), int(m.group(2))
    return f"{mantissa} \\times 10^{{{exponent}}}" if math else f"{mantissa} × 10^{exponent}"


def _quantity(number: str, unit: str, math: bool = False) -> str:
    number, unit = number_text(number, math), unit_text(unit)
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "°") else f"{number} {unit}"


def _listed(items: list[str]) -> str:
    """siunitx's list: "1, 2 and 3"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def pgf_number(value: str, options: str) -> str:
    """A number as pgf's `\\pgfmathprintnumber[options]` prints it: rounded to `precision`
    decimals (2 by default), trailing zeros dropped unless `zerofill` (or `fixed zerofill`)."""
    try:
        number = float(value)
    except ValueError:
        return value
    places = re.search(r"precision\s*=\s*(\d+)", options)
    text = f"{number:.{int(places.group(1)) if places else 2}f}"
    if "zerofill" not in options and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def siunitx_in_math(text: str) -> str:
    """`\\SI`, `\\si`, `\\num` that stand inside kept-as-LaTeX math, printed as text."""

    def one(m: re.Match[str]) -> str:
        found = [g for g in m.groups() if g is not None]
        if m.group("qty"):
            return _quantity(found[1], found[2], math=True)
        return unit_text(found[1]) if m.group("unit") else number_text(found[1], math=True)

    return _SIUNITX_IN_MATH.sub(one, text) if "\\" in text else text


def ding(number: str) -> str:
    """pifont's `\\ding{n}`: Zapf Dingbats, whose codes 33-126 are Unicode's Dingbats block in
    the same order (51 is ✓, 55 is ✗)."""
    n = number.strip()
    return chr(0x2700 + int(n) - 0x20) if n.isdigit() and 33 <= int(n) <= 126 else ""


_BOLD = ("textbf", "mathbf", "bm", "boldsymbol")
_BOLD_SWITCHES = ("bf", "bfseries")  # declarations: what follows them in the group is bold
# Size declarations set before a cell's value (`\small\textbf{71.3}`): no part of its weight
_SIZES = (
    "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE",
    "huge", "Huge",
)  # fmt: skip


def is_bold(nodes: list[LatexNode]) -> bool:
    """Text set in bold as a whole (a results table's best or own values): `\\textbf{91.2}`,
    `{\\bf 91.2}`, `$\\mathbf{91.2}$`, `$\\boldsymbol{85.6 \\pm 0.1}$`, also inside a colour or
    a box command (`\\textcolor{blue}{\\textbf{52.9}}`)."""
    content = [
        n
        for n in nodes
        if not (isinstance(n, LatexCharsNode) and not n.chars.strip())
        and not is_macro(n, *_SILENT, *_SIZES)
    ]
    if content and is_macro(content[0], *_BOLD_SWITCHES):
        return len(content) > 1
    return bool(content) and all(_bold(n) for n in content)


def _bold(node: LatexNode) -> bool:
    if is_macro(node, *_BOLD):
        return True
    if is_macro(node, *_CONTENT):
        return is_bold(inner_nodes(last_arg(node)))
    if isinstance(node, (LatexGroupNode, LatexMathNode)):
        return is_bold(list(node.nodelist))
    return False


def text_macros() -> dict[str, TextMacro]:
    """For latex2text: what each of these macros prints."""

    def silent(node: LatexMacroNode, _l2t: object = None) -> str:
        return ""

    def content(node: LatexMacroNode, l2tobj: LatexNodes2Text) -> str:
        # latex2text's own conversion, not the reader's: the spaces around the text stay
        # (`\textcolor{c}{w}\textcolor{c}{ training}` is "w training").
        return l2tobj.nodelist_to_text(inner_nodes(last_arg(node)))

    def dingbat(node: LatexMacroNode, _l2t: object = None) -> str:
        return ding(inner_text(last_arg(node)))

    def quantity(node: LatexMacroNode, _l2t: object = None) -> str:
        # \SI[options]{number}[pre-unit]{unit}
        return _quantity(inner_text(arg(node, 1)), inner_text(last_arg(node)))

    def unit(node: LatexMacroNode, _l2t: object = None) -> str:
        return unit_text(inner_text(last_arg(node)))

    def number(node: LatexMacroNode, _l2t: object = None) -> str:
        return number_text(inner_text(last_arg(node)))

    def quantity_range(node: LatexMacroNode, _l2t: object = None) -> str:
        # \SIrange[options]{from}{to}[pre-unit]{unit}: the unit after each number
        unit = inner_text(last_arg(node))
        return " to ".join(_quantity(inner_text(arg(node, k)), unit) for k in (1, 2))

    def number_range(node: LatexMacroNode, _l2t: object = None) -> str:
        return " to ".join(number_text(inner_text(arg(node, k))) for k in (1, 2))

    def quantity_list(node: LatexMacroNode, _l2t: object = None) -> str:
        # \SIlist[options]{1;2;3}[pre-unit]{unit}
        unit = inner_text(last_arg(node))
        return _listed([_quantity(n, unit) for n in inner_text(arg(node, 1)).split(";")])

    def number_list(node: LatexMacroNode, _l2t: object = None) -> str:
        return _listed([number_text(n) for n in inner_text(last_arg(node)).split(";")])

    def verbatim(node: LatexMacroNode, _l2t: object = None) -> str:
        # \verb|text|: printed as typed (pylatexenc reads it with its delimiters)
        return getattr(node.nodeargd, "verbatim_text", "") if node.nodeargd else ""

    # pgfmath: `\pgfmathparse{0.6598}` prints nothing and leaves its value in
    # `\pgfmathresult`, which `\pgfmathprintnumber[precision=3, zerofill]{...}` prints rounded
    parsed = [""]

    def pgf_parse(node: LatexMacroNode, _l2t: object = None) -> str:
        parsed[0] = inner_text(last_arg(node)).strip()
        return ""

    def pgf_print(node: LatexMacroNode, _l2t: object = None) -> str:
        value = inner_text(last_arg(node)).strip()
        if value in ("", "\\pgfmathresult"):
            value = parsed[0]
        return pgf_number(value, inner_text(arg(node, 0)) if arg(node, 0) is not None else "")

    macros: dict[str, TextMacro] = {name: silent for name in _SILENT}
    macros.update({name: content for name in _CONTENT})
    macros.update(_FIXED)
    macros.update(ding=dingbat, SI=quantity, qty=quantity, si=unit, unit=unit, num=number)
    macros.update(SIrange=quantity_range, qtyrange=quantity_range, numrange=number_range)
    macros.update(SIlist=quantity_list, qtylist=quantity_list, numlist=number_list)
    macros.update(tablenum=number, verb=verbatim)
    macros.update(pgfmathparse=pgf_parse, pgfmathprintnumber=pgf_print)
    return macros

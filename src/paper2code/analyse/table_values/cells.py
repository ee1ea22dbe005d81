"""One table cell as written and as read: `0.8/0.2` (two values), `(4e-3)`, `3 \\times 10^{-4}`,
`2K`, `68.2 ± 0.3`, `\\textbf{7.32}`, `40\\%`, `-`/`N/A` (no value), `6000 HalfCheetah` (a value
and the setting it is for), `AdamW` (a named choice).

Numbers are read by `paper.numbers`; this module only takes a cell apart around them: markup,
signs, spreads, lists, scale words and the words after a value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from paper2code.analyse.model import Number
from paper2code.paper.numbers import SCALE_WORDS, find_numbers, parse_number

# Markup that decorates a value without changing it: bold for the best result, colour, math.
_DECORATION = re.compile(
    r"\\(?:textcolor|colorbox|cellcolor)\{[^{}]*\}|\\color\{[^{}]*\}"
    r"|\\(?:textbf|mathbf|bf|boldsymbol|bm|underline|uline|textit|mathit|emph|it|mathrm|"
    r"textnormal|text|rm|small|footnotesize|scriptsize|tiny|hphantom|phantom)\b"
    r"|\\(?:downarrow|uparrow|Downarrow|Uparrow|approx|sim|quad|qquad|ast|star|dagger|ddagger)\b"
    r"|[↑↓†‡*]|\\[,;:! ]|\^\{?\s*(?:\\dagger|\\ast|\\star|\*|[a-z†‡])\s*\}?"
    # a reference the reader cannot resolve prints as LaTeX prints it, "??": a footnote's
    # number (`\textsuperscript{\ref{fn}}`) beside a value
    r"|\?\?"
)
_MATH_ALPHABET = re.compile(
    r"\\(?:mathcal|mathbb|mathbbm|mathds|mathfrak|mathscr|mathsf|mathtt)\b\s*"
)
# What the reader leaves of a colour or a rule spacing in front of a cell ("red!30", "[rgb]0.2,
# 0.2,0.2", "blue19.6"): the digits of the colour run into the value, so the value is unknowable.
_BLEED = re.compile(
    r"^(?:[A-Za-z]+!\d|\[rgb\]|(?:red|blue|green|gray|grey|orange|yellow|black|cyan|magenta)"
    r"\d)",
    re.IGNORECASE,
)
_NO_VALUE = re.compile(
    r"[-–—−/\s?x.]*|n/?a|oom|x\.xx|tbd|none|nan|diverged?|fail(ed)?|timeout|\\times|✗|✓",
    re.IGNORECASE,
)
_SCALE_WORD = re.compile(r"\s*(thousand|million|billion)\b", re.IGNORECASE)
_SIGN = re.compile(r"^([-−–+])\s*")
_UNITS = {
    "steps", "step", "epochs", "epoch", "iterations", "iters", "iter", "tokens", "images",
    "samples", "examples", "gpus", "gpu", "hours", "hour", "h", "hrs", "days", "day", "d",
    "sec", "s", "seconds", "minutes", "min", "mins", "ms", "gb", "mb", "tb", "layers", "heads",
    "frames", "episodes", "updates", "pairs", "words", "sentences", "dims", "parameters",
    "params", "m", "b", "k", "bits", "px", "pixels", "x",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9 .+\-]{0,30}")
# A name opening with a count of dimensions, as "3D" names: "2D convolution kernel size"
_DIMENSIONS = re.compile(r"[1-4][dD]\s+[A-Za-z][A-Za-z0-9 .+\-]{0,30}")


@dataclass(frozen=True)
class CellValue:
    """What one cell states. `values` is empty when the cell states nothing readable."""

    raw: str  # the cell as the reader gave it, markup kept
    text: str  # markup removed: "79.1 ± 1.1"
    values: tuple[Number | str, ...] = ()
    unit: str | None = None  # "%", "steps"
    note: str | None = None  # a setting named after the value: "HalfCheetah" in "6000 HalfCheetah"
    spread: Number | None = None  # "± 1.1", or "(3.7)" after a value

    @property
    def numeric(self) -> bool:
        return bool(self.values) and not isinstance(self.values[0], str)

    @property
    def missing(self) -> bool:
        """Whether the cell says its run gave no value in words: "diverged", "OOM", "N/A"."""
        return (
            not self.values
            and bool(re.search(r"[A-Za-z]", self.text))
            and bool(_NO_VALUE.fullmatch(self.text))
        )

    @property
    def word(self) -> bool:
        return bool(self.values) and isinstance(self.values[0], str)

    @property
    def stated(self) -> Number | str | list[Number | str]:
        """The value as a `StatedValue` holds it: one value, or the list as written."""
        return self.values[0] if len(self.values) == 1 else list(self.values)


def plain(cell: str) -> str:
    """A cell's text without markup: `$\\textbf{7.32}$` is `7.32`, `$79.1 \\pm 1.1$` is
    `79.1 ± 1.1`, `40\\%` is `40%`."""
    text = cell.replace("\\(", " ").replace("\\)", " ").replace("\\pm", " ± ")
    text = text.replace("\\%", "%").replace("−", "-")
    text = _DECORATION.sub(" ", text)
    # a letter set in a math alphabet is the letter itself: `$\\mathcal{W}\\mathbb{H}C$` is "WHC"
    text = _MATH_ALPHABET.sub("", text)
    text = re.sub(r"[${}]|\\left\b|\\right\b", "", text).replace("~", " ")
    text = re.sub(r"\(\s*\)", "", text)  # what an arrow in "Gridness ($\uparrow$)" leaves
    # an exponent set in text apart from its mantissa: `5\textnormal{e-3}` is 5e-3
    text = re.sub(r"(\d)\s+([eE][-+]?\d)", r"\1\2", text)
    return " ".join(text.split())


def parse_cell(raw: str) -> CellValue:
    text = plain(raw)
    empty = CellValue(raw, text)
    if not text or _BLEED.match(raw.strip()) or _NO_VALUE.fullmatch(text):
        return empty
    main, spread = text, None
    halves = re.split(r"\s*/\s*", text)
    if len(halves) > 1 and all("±" in h for h in halves):
        # "0.855 ± 0.064/0.860 ± 0.054": a mean and deviation per setting the header pairs
        # ("Interpolated/Original Resolution"); the means are the cell's values
        parts = [parse_cell(h) for h in halves]
        if all(len(p.values) == 1 and p.numeric for p in parts):
            values = tuple(v for p in parts for v in p.values)
            return CellValue(raw, text, values, parts[0].unit, None, parts[0].spread)
    if "±" in text:
        main, rest = text.split("±", 1)
        found = find_numbers(rest)
        spread = found[0].value if found else None
    share = re.fullmatch(r"(.*?\S)\s*\(\s*(\d+(?:\.\d+)?)\s*%\s*\)", main)
    if share and "%" not in share.group(1) and spread is None:
        # "2512 (50%)": a count and the share of the whole it is, two values
        count = parse_cell(share.group(1))
        if len(count.values) == 1 and count.numeric:
            values = (*count.values, percent(parse_number(share.group(2)) or 0))
            return CellValue(raw, text, values, count.unit, count.note)
    pct = "%" in text
    main = main.replace("%", "").split("_")[0].strip().rstrip(".").strip()
    named = _WORD.fullmatch(main) or _DIMENSIONS.fullmatch(main)
    if main[:1].isalpha() or named:
        return CellValue(raw, text, (main,)) if named and not pct else empty
    values, unit, note, paren = _values(main)
    if not values or not all(math.isfinite(v) for v in values):
        return empty  # "1/0", "10^{400}": not a value a reproduction can use
    if pct:
        values = tuple(percent(v) for v in values)
        unit = "%"
    if spread is None and paren is not None and len(values) == 1:
        spread = paren
    return CellValue(raw, text, values, unit, note, spread)


def percent(value: Number | str) -> Number | str:
    if isinstance(value, str):
        return value
    return float(f"{value}e-2")  # through the decimal string: 85.62% is 0.8562 exactly


def _values(main: str) -> tuple[tuple[Number, ...], str | None, str | None, Number | None]:
    """The value(s) of a cell's text, with the unit or setting word after them and a number in
    parentheses after the value (its spread, or a difference to a baseline)."""
    inner = re.fullmatch(r"\((.*)\)|\[(.*)\]", main)
    if inner:  # "(4e-3)" is a value in parentheses; "[0.001, 0.003]" a list
        body = inner.group(1) if inner.group(1) is not None else inner.group(2)
        one = _number(body)
        return ((one,) if one is not None else _list(body)), None, None, None
    one = _number(main)
    if one is not None:
        return (one,), None, None, None
    items = _list(main) or _spans(main)
    if items:
        return items, None, None, None
    sign = _SIGN.match(main)
    body = main[sign.end() :] if sign else main
    found = find_numbers(body)
    if not found or found[0].start != 0:
        return (), None, None, None  # "K=20", "D=5, T=20": a setting, not a value
    first = found[0]
    value: Number = -first.value if sign and sign.group(1) != "+" else first.value
    rest = body[first.end :]
    scale = _SCALE_WORD.match(rest)
    if scale:
        value = value * SCALE_WORDS[scale.group(1).lower()]
        rest = rest[scale.end() :]
    rest = rest.strip()
    paren = re.match(r"\(\s*[+-]?\s*([^()]*)\)", rest)
    if paren:  # "2.977(77)", "3.43 (+0.00)": the value, then its spread or a delta
        spread = find_numbers(paren.group(1))
        return (value,), None, None, spread[0].value if spread else None
    if not rest:
        return (value,), None, None, None
    if not _WORD.fullmatch(rest):
        return (), None, None, None
    if rest.lower() in _UNITS or rest.split()[0].lower() in _UNITS:
        return (value,), rest, None, None
    return (value,), None, rest, None


def _number(text: str) -> Number | None:
    sign = _SIGN.match(text)
    body = text[sign.end() :] if sign else text
    value = parse_number(body)
    if value is None:
        return None
    return -value if sign and sign.group(1) != "+" else value


# Between the two ends of a range ("81.31 - 105.50", "3700 -7078", "2--4", "256 x 256 x 27 to 512
# x 512 x 37"); a dash glued to the next number after a space ("3700 -7078") ends a range too,
# since a cell holding one value has no second number after it
_RANGE_DASH = re.compile(r"\s+to\s+|\s*(?:--|–|—)\s*|\s+-\s*|(?<=\d)\s*-\s+|(?<=\d)-(?=\d)")
_TIMES = re.compile(r"\s*(?:\\times|×|x|\*)\s*")


def is_range(text: str) -> bool:
    """Whether a cell writes a range: two numbers with a dash or "to" between ("0 - 1",
    "2--4")."""
    ends = _RANGE_DASH.split(text.strip())
    return len(ends) == 2 and all(_number(end.strip()) is not None for end in ends)


def _spans(text: str) -> tuple[Number, ...]:
    """The numbers of a range or a product written in one cell, each end in order: "$81.31 -
    105.50$" is (81.31, 105.5), "$256 \\times 256 \\times 72$" (256, 256, 72), and a range
    of products ("$256 \\times 256 \\times 27$ to $512 \\times 512 \\times 37$") its six
    factors, smallest first: every number is a value the cell states."""
    ends = _RANGE_DASH.split(text.strip())
    if len(ends) > 2:
        return ()
    out: list[Number] = []
    firsts: list[Number] = []
    for end in ends:
        factors = [_number(f) for f in _TIMES.split(end.strip())]
        if not factors or any(f is None or f < 0 for f in factors):
            return ()
        firsts.append(factors[0] or 0)
        out += [f for f in factors if f is not None]
    # a range rises ("75.2 -1.3" is a value and its change, not a range)
    if len(firsts) == 2 and firsts[0] > firsts[1]:
        return ()
    return tuple(out) if len(out) >= 2 else ()


def _list(text: str) -> tuple[Number, ...]:
    """`0.8/0.2`, `4 / 8 / 16`, `0.9, 0.95`: values written side by side. `1/3` stays a
    fraction (parse_number reads it); `2,500` is one number."""
    for sep in (r"\s*/\s*", r",\s+|\s*;\s*"):
        parts = re.split(sep, text.strip())
        if len(parts) < 2:
            continue
        values = [_number(p) for p in parts]
        if all(v is not None for v in values):
            return tuple(v for v in values if v is not None)
    return ()

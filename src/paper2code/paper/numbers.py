"""Numbers as papers write them: `0.1`, `3e-4`, `10^{-9}`, `3 \\times 10^{-4}`, `100K`, `1M`,
`25{,}000`, `2^{10}`, `1/3`, `40%`.

`parse_number` reads one written value; `find_numbers` finds every value in a span of text with
its position, so analysis can pair values with names and the verifier can compare a cited value
with what the paper states at the anchor.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}

_MANTISSA = r"(?:\d{1,3}(?:(?:,|\{,\}|\\,)\d{3})+|\d+)(?:\.\d+)?|\.\d+"
# A dot before the power of ten multiplies too, as some papers write it: `2. 10^3`, `1.10^4`
_TIMES = r"\s*(?:\\times|×|\\cdot|·|\*|x|\.(?=\s*10\s*\^))\s*"
_POWER = r"\^\s*\{?\s*[-−–]?\s*\d+\s*\}?"  # ^{-9}, ^-9, ^{10}
# A power of ten after a factor whose caret the author dropped, "$1 \cdot 10{-3}$": a signed
# exponent in braces right after the 10 can be nothing else
_CARETLESS = r"\{\s*[-−–]\s*\d+\s*\}"
NUMBER_PATTERN = re.compile(
    rf"""
    (?:(?<![\w.^])|(?<=\dx))                                         # 4x4: the second 4
    (?:
        (?P<mant>{_MANTISSA}){_TIMES}10\s*(?P<exp1>{_POWER}|{_CARETLESS})  # 3 x 10^{{-4}}
      | (?P<base>10|2)\s*(?P<exp2>{_POWER})                           # 10^{{-9}}, 2^{{10}}
      | (?P<sci>(?:\d+(?:\.\d+)?|\.\d+)[eE][-+−]?\d+)                # 3e-4
      | (?P<frac>\d+)\s*/\s*(?P<den>\d+)(?![\d.])                    # 1/3
      | (?P<plain>{_MANTISSA})                                         # 100K, 40%
        (?P<suffix>[kKMbB](?![a-zA-Z])|m(?![a-zA-Z/])                   # "1 m" is a metre
          |\s+[KMB](?![a-zA-Z])|\s+k(?![a-zA-Z]|\s*[-+*/=^_]))?         # "0.3 k + 1": a product
        (?P<pct>\s*\\?%)?
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class NumberMention:
    raw: str  # as written
    value: int | float
    start: int
    end: int


def _exponent(text: str) -> int:
    digits = re.sub(r"[^\d\-−–]", "", text).replace("−", "-").replace("–", "-")
    return int(digits)


def _mantissa(text: str) -> float:
    return float(text.replace("{,}", "").replace("\\,", "").replace(",", ""))


def _tidy(value: float) -> int | float:
    """Integers stay integers (`512`, not `512.0`); everything else is a float."""
    if math.isfinite(value) and value == int(value) and 1 <= abs(value) < 1e15:
        return int(value)
    return value


def _value(m: re.Match[str]) -> int | float:
    if m.group("mant") is not None:
        # Through the decimal string, so 3 x 10^-4 is exactly 3e-4, not 0.00030000000000000003.
        return _tidy(float(f"{_mantissa(m.group('mant'))}e{_exponent(m.group('exp1'))}"))
    if m.group("base") is not None:
        try:
            return _tidy(float(m.group("base")) ** _exponent(m.group("exp2")))
        except OverflowError:  # 10^{400} in a paper: a number, just not a float's
            return math.inf
    if m.group("sci") is not None:
        return float(m.group("sci").replace("−", "-"))
    if m.group("frac") is not None:
        den = int(m.group("den"))
        return int(m.group("frac")) / den if den else float("nan")
    value = _mantissa(m.group("plain"))
    if m.group("suffix"):
        value *= _SUFFIX[m.group("suffix").strip().lower()]
    if m.group("pct"):
        value /= 100
    return _tidy(value) if "." not in m.group("plain") or m.group("suffix") else value


# A reference to a part of the paper, and the numbers listed after it: "Figure 7b", "Tables
# 2a and 3b", "Fig.~4c": the letter after the number names a panel, no scale.
_REFERENCE = re.compile(
    r"\b(?:fig(?:ure)?s?|tab(?:le)?s?|sec(?:tion)?s?|eqs?|equations?|appendix|"
    r"alg(?:orithm)?s?|lines?|panels?)\.?[\s~]*(?:\d+[a-z]?[\s~]*(?:,|and|or|--?|–)[\s~]*)*$",
    re.IGNORECASE,
)


# A command written against the number it precedes ("$\\sim50,000$", "\\approx3"): a word
# boundary for the number, as LaTeX reads it; `\\times` and `\\cdot` stay before a power of
# ten, which they join ("$3\\times10^{-4}$"), and are a boundary before a factor ("$1\\times1$").
_COMMAND_BEFORE = re.compile(r"\\(?:(?!times|cdot)[A-Za-z]+|times|cdot)(?=\d)(?!10\s*\^)")


def find_numbers(text: str) -> list[NumberMention]:
    """Every number written in `text`, in order, with its parsed value and span."""
    found = []
    text = _COMMAND_BEFORE.sub(lambda m: " " * len(m.group()), text)  # spans keep their place
    for m in NUMBER_PATTERN.finditer(text):
        raw, value = m.group(0).strip(), _value(m)
        end = m.start() + len(m.group(0).rstrip())  # not the blanked `\\times` of a product
        if m.group("suffix") and _REFERENCE.search(text[: m.start()]):
            plain = m.group("plain")
            raw, value, end = plain, _tidy(_mantissa(plain)), m.start("plain") + len(plain)
        found.append(NumberMention(raw=raw, value=value, start=m.start(), end=end))
    return found


# Scale words a number is multiplied by when written after it: "20 million", "1.2 billion".
SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

# Papers spell counts out ("two layers", "sixteen heads", "twenty-four blocks", "a thousand
# steps"): the words from two to ninety-nine, and hundred and thousand on their own. "One" is
# left out: it is an article as often as a number ("one of the", "one-hot").
_UNITS = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"]
_TEENS += ["sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {
    **{w: i + 2 for i, w in enumerate(_UNITS)},
    **{w: i + 10 for i, w in enumerate(_TEENS)},
    **{w: 10 * (i + 2) for i, w in enumerate(_TENS)},
    "hundred": 100,
    "thousand": 1000,
}
_NUMBER_WORD = re.compile(
    rf"\b({'|'.join(_TENS)})[- ](one|{'|'.join(_UNITS)})\b|\b({'|'.join(_WORD_VALUES)})\b",
    re.IGNORECASE,
)


def find_number_words(text: str) -> list[NumberMention]:
    """Every number `text` spells out in words, in order."""
    found = []
    for m in _NUMBER_WORD.finditer(text):
        if m.group(1):
            unit = m.group(2).lower()
            value = _WORD_VALUES[m.group(1).lower()] + (1 if unit == "one" else _WORD_VALUES[unit])
        else:
            value = _WORD_VALUES[m.group(3).lower()]
        found.append(NumberMention(m.group(0), value, m.start(), m.end()))
    return found


# A square, "$32 \\times 32$", "256$\\times$256", "64x64": its side; not "3 \\times 10^{-4}".
_SQUARE = re.compile(r"(?<![\d.])(\d{1,4})\s*\$?\s*(?:\\times|×|x)\s*\$?\s*(\d{1,4})(?!\.?\d)")


def find_squares(text: str) -> list[NumberMention]:
    """Every N × N that `text` writes (an image or a feature map's size), with N as value."""
    return [
        NumberMention(m.group(0), int(m.group(1)), m.start(), m.end())
        for m in _SQUARE.finditer(text)
        if m.group(1) == m.group(2)
    ]


def parse_number(raw: str) -> int | float | None:
    """The value of one written number, or None when `raw` is not exactly one number."""
    s = raw.strip().strip("$").strip()
    m = NUMBER_PATTERN.fullmatch(s)
    return _value(m) if m else None


def same_value(a: float, b: float, rel: float = 1e-6) -> bool:
    """Equal up to float noise (`1e-9` written as `10^{-9}`)."""
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b))

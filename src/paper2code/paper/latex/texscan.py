"""Reading TeX's pieces out of a string the way TeX's macro expansion reads them: one token,
a braced argument, an optional `[...]` argument, a group's end, `#1` parameters. Plain string
scanning with regular expressions: the expander calls these thousands of times per paper.
"""

from __future__ import annotations

import re

CS = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
CS_AT = re.compile(r"\\([A-Za-z@]+|.)", re.DOTALL)  # between \makeatletter and \makeatother
# Spaces after a control word or before an argument: TeX skips one line end, not a blank line.
SPACE = re.compile(r"[ \t]*(?:\n[ \t]*)?")
BRACE_SCAN = re.compile(r"\\.|[{}]", re.DOTALL)
BRACKET_SCAN = re.compile(r"\\.|[{}\]]", re.DOTALL)
PARAM = re.compile(r"#(#|[1-9])")
# How far an optional argument's `]` may be from its `[`: a `[` that is no argument
# (`\method [1]` in prose is one) must not make every such call read the rest of the paper.
MAX_OPTIONAL = 1_000


def skip_space(text: str, i: int) -> int:
    return SPACE.match(text, i).end()  # type: ignore[union-attr]


def group_end(
    text: str, i: int, scan: re.Pattern[str] = BRACE_SCAN, within: int | None = None
) -> int:
    """The index just past the group opening at `text[i]` (`{` or `[`); -1 when unclosed
    (within `within` characters, if given). Brackets nest braces but not brackets, as
    LaTeX's optional arguments do."""
    depth = 0
    end = len(text) if within is None else min(len(text), i + within)
    for m in scan.finditer(text, i + 1, end):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            if depth == 0:
                return m.end() if text[i] == "{" else -1
            depth -= 1
        elif tok == "]" and depth == 0:
            return m.end()
    return -1


def token(text: str, i: int, cs: re.Pattern[str] = CS) -> tuple[str, int]:
    """One TeX token at `i`: a control sequence (spaces after a word eaten) or a character."""
    if text.startswith("\\", i):
        m = cs.match(text, i)
        if m is not None:
            end = m.end()
            if m.group(1).isalpha() or "@" in m.group(1):
                end = skip_space(text, end)
            return m.group(0), end
    return text[i : i + 1], i + 1


def argument(text: str, i: int) -> tuple[str, int]:
    """A mandatory argument: a braced group's inside, or one token."""
    i = skip_space(text, i)
    if text.startswith("{", i):
        end = group_end(text, i)
        if end < 0:
            return text[i + 1 :], len(text)
        return text[i + 1 : end - 1], end
    return token(text, i)


def optional(text: str, i: int) -> tuple[str | None, int]:
    """An optional `[...]` argument's inside, or None."""
    j = skip_space(text, i)
    if not text.startswith("[", j):
        return None, i
    if text.find("]", j, j + MAX_OPTIONAL) < 0:
        return None, i
    end = group_end(text, j, BRACKET_SCAN, MAX_OPTIONAL)
    if end < 0:
        return None, i
    return text[j + 1 : end - 1], end


def cs_name(token: str) -> str | None:
    return token[1:].strip() if token.startswith("\\") and len(token) > 1 else None


def substitute(body: str, values: list[str]) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) == "#":
            return "#"
        k = int(m.group(1))
        return values[k - 1] if k <= len(values) else ""

    return PARAM.sub(one, body) if "#" in body else body


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def roman(n: int) -> str:
    """TeX's lowercase roman numeral of `n` (\\romannumeral, \\roman): nothing for n <= 0."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


_KEY_VALUE = re.compile(r"\s*(\w+)\s*=\s*")


def key_values(text: str) -> dict[str, str]:
    """`name={a, b}, plural=cs` -> {"name": "a, b", "plural": "cs"}: values may be braced."""
    out: dict[str, str] = {}
    i = 0
    while True:
        m = _KEY_VALUE.search(text, i)
        if m is None:
            return out
        j, depth = m.end(), 0
        while j < len(text) and not (text[j] == "," and depth == 0):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        value = text[m.end() : j].strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        out[m.group(1)] = value
        i = j + 1

"""Macro parameters beyond `\\newcommand`'s: xparse's argument specs (`\\NewDocumentCommand
{\\Law}{s o O{1} m}{…}`) and TeX's delimited parameters (`\\def\\foo#1.{…}`,
`\\def\\pair(#1,#2){…}`), as a list of what to read, read the way TeX reads them.

A parameter is (kind, data): "m" a mandatory argument, "o" an optional one (xparse's
-NoValue- when absent), "O" one with the default `data`, "s"/"t" a star or the token `data`
(\\BooleanTrue or \\BooleanFalse), "g" an optional braced group, "u" text up to the delimiter
`data` outside braces, "p" the literal text `data` the call must show.
"""

from __future__ import annotations

import re
from functools import cache

from paper2code.paper.latex.texscan import argument, group_end, optional, skip_space

NO_VALUE = "-NoValue-"  # what xparse passes for an absent optional argument
TRUE, FALSE = "\\BooleanTrue", "\\BooleanFalse"
# How far a delimited parameter's delimiter may be: a call missing it must not read the paper.
MAX_DELIMITED = 1_000

Param = tuple[str, str | None]

_SPEC = re.compile(r"\s*[+!]*\s*(?:([mosgv])|([OtrdRD])\s*)")


def xparse_spec(spec: str) -> tuple[Param, ...] | None:
    """`s o O{default} m` as parameters; None for a spec we cannot read (the definition is
    then left alone rather than expanded wrongly)."""
    params: list[Param] = []
    i = 0
    while i < len(spec.rstrip()):
        m = _SPEC.match(spec, i)
        if m is None:
            return None
        i = m.end()
        if m.group(1):
            if m.group(1) == "v":
                return None  # verbatim arguments are read with other catcodes
            params.append((m.group(1), None))
            continue
        kind = m.group(2)
        if kind == "O":
            default, i = argument(spec, i)
            params.append(("O", default))
        elif kind == "t":
            params.append(("t", spec[i : i + 1]))
            i += 1
        else:  # r, d, R, D: delimiters we do not read
            return None
    return tuple(params)


def def_params(text: str) -> tuple[Param, ...]:
    """`#1#2` (undelimited), `#1.` or `(#1,#2)` as parameters."""
    params: list[Param] = []
    parts = re.split(r"#\d", text)
    if parts[0].strip():
        params.append(("p", parts[0].strip()))
    for delimiter in parts[1:]:
        delimiter = delimiter.strip()
        params.append(("u", delimiter) if delimiter else ("m", None))
    return tuple(params)


def is_plain(params: tuple[Param, ...]) -> bool:
    """Only undelimited parameters: what `\\newcommand` knows."""
    return all(kind == "m" for kind, _ in params)


def read(text: str, i: int, params: tuple[Param, ...]) -> tuple[list[str], int] | None:
    """The values of `params` read from `text` at `i`, and where the call ends; None when
    the call lacks a delimiter its definition asks for."""
    values: list[str] = []
    for kind, data in params:
        if kind == "m":
            value, i = argument(text, i)
        elif kind in ("o", "O"):
            found, i = optional(text, i)
            value = found if found is not None else (NO_VALUE if kind == "o" else data or "")
        elif kind in ("s", "t"):
            j = skip_space(text, i)
            hit = text.startswith("*" if kind == "s" else data or "", j)
            value, i = (TRUE, j + 1) if hit else (FALSE, i)
        elif kind == "g":
            j = skip_space(text, i)
            value, i = argument(text, j) if text.startswith("{", j) else (NO_VALUE, i)
        elif kind == "p":
            j = skip_space(text, i)
            if not text.startswith(data or "", j):
                return None
            i = j + len(data or "")
            continue
        else:
            found = _delimited(text, i, data or "")
            if found is None:
                return None
            value, i = found
        values.append(value)
    return values, i


@cache
def _scanner(delimiter: str) -> re.Pattern[str]:
    return re.compile(r"\\[A-Za-z]+|\\.|[{}]|" + re.escape(delimiter), re.DOTALL)


def _delimited(text: str, i: int, delimiter: str) -> tuple[str, int] | None:
    """TeX's delimited argument: the text up to `delimiter` outside braces, one pair of braces
    around all of it removed."""
    depth = 0
    for m in _scanner(delimiter).finditer(text, i, min(len(text), i + MAX_DELIMITED)):
        tok = m.group(0)
        if tok == delimiter and depth == 0:
            value = text[i : m.start()].strip()
            if value.startswith("{") and group_end(value, 0) == len(value):
                value = value[1:-1]
            return value, m.end()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth < 0:
                return None
    return None

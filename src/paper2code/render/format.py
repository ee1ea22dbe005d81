"""Generated Python through `ruff format`, so that projects read as formatted code whatever
template or engine wrote them.

ruff is a Python package with a self-contained binary; paper2code does not depend on it. Where
it is not installed the files are written as generated (deterministic either way, but the
layout then differs by environment): README says so. Formatting changes layout only, never the
syntax tree, so the shapes an engine declares (`engines/shape.py`) still hold; a file that does
not parse is left as it is, for the checker to report.

A comment at the end of a line cites or flags the values on that line (README: "Flags"), and a
formatter that splits a long line moves the comment away from them. So a file is formatted only
where every such line keeps its code (spaces aside) and its comment together; otherwise it
stays as generated.
"""

from __future__ import annotations

import io
import subprocess
import tokenize
from functools import cache

LINE_LENGTH = 100  # the width the templates are written to
_TIMEOUT_S = 30  # per file; a generated file is small


@cache
def _ruff() -> str | None:
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:
        return None
    try:
        return find_ruff_bin()
    except FileNotFoundError:
        return None


def format_python(files: dict[str, str]) -> dict[str, str]:
    """`files` with each `.py` file formatted (see the module docstring)."""
    ruff = _ruff()
    if ruff is None:
        return dict(files)
    return {
        path: _formatted(ruff, path, text) if path.endswith(".py") else text
        for path, text in files.items()
    }


def _formatted(ruff: str, path: str, text: str) -> str:
    # --isolated: the user's or the project's ruff settings do not apply to generated code
    args = [
        ruff,
        "format",
        "--isolated",
        f"--line-length={LINE_LENGTH}",
        "--stdin-filename",
        path,
        "-",
    ]
    try:
        done = subprocess.run(args, input=text, capture_output=True, text=True, timeout=_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return text
    if done.returncode != 0:
        return text
    return done.stdout if _commented(text) <= _commented(done.stdout) else text


def _commented(text: str) -> set[tuple[str, str]]:
    """(code without spaces, comment) of each line of `text` that ends in a comment after code."""
    lines = text.splitlines()
    found = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            code = "".join(lines[row - 1][:col].split())
            if code:
                found.add((code, token.string))
    return found

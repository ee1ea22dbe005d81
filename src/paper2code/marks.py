"""`[UNVERIFIED]` marks on every line of an output its own checks rejected, put in before the
output is written.

When the gate gives up, the files are kept (the reader sees what the engine wrote, and
REPRODUCTION_NOTES.md lists each problem), but nothing the checker rejected may stand there
looking verified: an invented quote, a dangling or misplaced anchor, a value the paper does not
state, a value with no citation. Each such line gets an `[UNVERIFIED]` mark naming the rules it
broke, and a file that does not parse gets one at its top. The checker reports every mark as an
error (P2C009), so a marked directory never passes `paper2code check`, whoever runs it.

Marks go on the offending line itself (in its comment, at its end, or inside the docstring it
belongs to), so the line numbers REPRODUCTION_NOTES.md gives stay right.
"""

from __future__ import annotations

import io
import json
import tokenize
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from paper2code.verify import RULES, Finding

MARK = "[UNVERIFIED]"
_NOT_MARKED = {"P2C009"}  # the marks themselves


def reason(rules: Iterable[str]) -> str:
    """`P2C004 quote-not-found, P2C006 value-mismatch`: words that cite nothing."""
    return ", ".join(f"{code} {RULES[code].name}" for code in sorted(set(rules)))


def mark_unverified(files: Mapping[str, str], findings: Iterable[Finding]) -> dict[str, str]:
    """`files` (relative path -> text) with each file:line (notebook cell:line) that has a
    finding marked; the files without one are returned as they are."""
    by_file: dict[str, dict[tuple[int | None, int], set[str]]] = defaultdict(
        lambda: defaultdict(set)
    )
    for f in findings:
        # the compiled equations index is JSON: a mark would make it unreadable, and the
        # function its finding is about is marked where it is defined
        if f.rule not in _NOT_MARKED and not f.file.endswith(".json"):
            by_file[f.file][(f.cell, f.line)].add(f.rule)
    marked = dict(files)
    for name, lines in by_file.items():
        text = files[name]
        suffix = PurePosixPath(name).suffix
        if suffix == ".ipynb":
            marked[name] = _mark_notebook(text, lines)
        else:
            marked[name] = _mark_text(text, suffix, {line: r for (_, line), r in lines.items()})
    return marked


# Findings about a whole file (it cannot be read, or is nested too deeply to check): the file's
# only finding, so its mark is one comment line on top, valid in Python and YAML alike.
_WHOLE_FILE = {"P2C000", "P2C011"}


def _mark_text(text: str, suffix: str, lines: dict[int, set[str]]) -> str:
    if whole := _WHOLE_FILE & {r for rules in lines.values() for r in rules}:
        what = "read" if "P2C000" in whole else "checked"
        return _top_mark(text, reason(whole), f"this file cannot be {what}")
    if suffix == ".py":
        return _mark_python(text, lines)
    if suffix in (".yaml", ".yml"):
        return _mark_yaml(text, lines)
    return _mark_prose(text, lines)


# ---- Python --------------------------------------------------------------------------------


def _mark_python(source: str, lines: dict[int, set[str]]) -> str:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return _top_mark(source, reason({"P2C000"}), "this file is not valid Python")
    comments = {t.start[0]: t.start[1] for t in tokens if t.type == tokenize.COMMENT}
    strings = [  # multi-line strings (docstrings): (first line, last line)
        (t.start[0], t.end[0])
        for t in tokens
        if t.type == tokenize.STRING and t.end[0] > t.start[0]
    ]
    rows = source.splitlines(keepends=True)
    unplaced: list[int] = []
    for line, rules in lines.items():
        if not 1 <= line <= len(rows):
            unplaced.append(line)
            continue
        row, end = _split_newline(rows[line - 1])
        mark = f"{MARK} {reason(rules)}"
        span = next(((a, b) for a, b in strings if a <= line <= b), None)
        if span is not None and span[0] < line == span[1]:
            # the line that closes a docstring: the mark goes in front of its text
            indent = len(row) - len(row.lstrip())
            row = f"{row[:indent]}{mark}; {row[indent:]}"
        elif span is not None:
            row = f"{row} {mark}"  # inside a multi-line string: part of its text
        elif line in comments:
            at = comments[line] + 1
            row = f"{row[:at]} {mark};{row[at:]}"
        elif not row.rstrip().endswith("\\"):
            row = f"{row}  # {mark}"
        else:
            unplaced.append(line)
            continue
        rows[line - 1] = row + end
    marked = "".join(rows)
    try:
        compile(marked, "<marked>", "exec", dont_inherit=True)
    except SyntaxError:  # a line we misread: leave the code alone, mark the file instead
        return _top_mark(source, reason(r for rules in lines.values() for r in rules), "")
    if unplaced:
        rules = (r for line in unplaced for r in lines[line])
        where = ", ".join(str(n) for n in sorted(unplaced))
        return _top_mark(marked, reason(rules), f"line(s) {where}")
    return marked


def _split_newline(row: str) -> tuple[str, str]:
    body = row.rstrip("\r\n")
    return body, row[len(body) :]


def _top_mark(source: str, why: str, what: str) -> str:
    what = f"{what}: " if what else ""
    return f"# {MARK} {what}{why}; see REPRODUCTION_NOTES.md\n{source}"


# ---- YAML and prose ------------------------------------------------------------------------


def _mark_yaml(text: str, lines: dict[int, set[str]]) -> str:
    rows = text.splitlines(keepends=True)
    for line, rules in lines.items():
        if not 1 <= line <= len(rows):
            continue
        row, end = _split_newline(rows[line - 1])
        mark = f"{MARK} {reason(rules)}"
        at = _yaml_comment(row)
        row = f"{row}  # {mark}" if at is None else f"{row[: at + 1]} {mark};{row[at + 1 :]}"
        rows[line - 1] = row + end
    marked = "".join(rows)
    try:
        YAML(typ="safe", pure=True).load(marked)
    except YAMLError:
        return text  # cannot happen for a comment; never break a config to mark it
    return marked


def _yaml_comment(row: str) -> int | None:
    """Where a YAML line's comment starts (`#` at the start or after a space, outside quotes)."""
    quote: str | None = None
    for i, ch in enumerate(row):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or row[i - 1].isspace()):
            return i
    return None


def _mark_prose(text: str, lines: dict[int, set[str]]) -> str:
    rows = text.splitlines(keepends=True)
    for line, rules in lines.items():
        if 1 <= line <= len(rows):
            row, end = _split_newline(rows[line - 1])
            rows[line - 1] = f"{row} {MARK} {reason(rules)}{end}"
    return "".join(rows)


# ---- notebooks -----------------------------------------------------------------------------


def _mark_notebook(text: str, lines: dict[tuple[int | None, int], set[str]]) -> str:
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return text  # unreadable (P2C000) or too deep (P2C011): nothing to put a mark in
    cells = nb.get("cells", [])
    per_cell: dict[int, dict[int, set[str]]] = defaultdict(dict)
    for (cell, line), rules in lines.items():
        if cell is not None and 1 <= cell <= len(cells):
            per_cell[cell][line] = rules
    for n, marks in per_cell.items():
        cell = cells[n - 1]
        source = cell.get("source", "")
        as_lines = isinstance(source, list)  # the JSON's own form: a list of lines or a string
        suffix = ".py" if cell.get("cell_type") == "code" else ".md"
        marked = _mark_text("".join(source) if as_lines else source, suffix, marks)
        cell["source"] = marked.splitlines(keepends=True) if as_lines else marked
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"

"""Notes and values of a YAML config.

Every key with a scalar value (number, string, boolean, null, or a flow list of scalars such as
`[0.9, 0.98]`) and every block-list item is a value that needs a citation. It is justified by
the first of these that cites or flags: the comment at the end of its line; the comment lines
directly above it; then the same two for each enclosing mapping key, innermost first (so a
`# §5.4` above `training:` covers the whole `training` mapping). Aliases (`*name`) are not
values of their own.

The file is read with ruamel.yaml first so that invalid YAML is reported, then line by line,
because the citations live in comments that a YAML loader drops.
"""

from __future__ import annotations

import re
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from paper2code.verify.notes import Note, Scalar, Source, Value, comment_runs

_SCALAR_READER = YAML(typ="safe", pure=True)  # one reader for every value: making one is slow
_KEY = re.compile(r"""(?P<key>[^\s#'"][^#]*?|"[^"]*"|'[^']*')\s*:(?:\s+|$)(?P<value>.*)$""")


def _split_comment(line: str) -> tuple[str, str | None]:
    """`key: "a # b"  # §3` -> ('key: "a # b"', '§3'): a `#` after a space, outside quotes."""
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " [,:{"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip(), line[i + 1 :].strip()
    return line.rstrip(), None


def _scalars(text: str) -> list[Scalar] | None:
    """The scalar(s) a value's text stands for; None when it is not a scalar or flow list."""
    if text.startswith(("*", "|", ">", "{")):
        return None
    try:
        loaded = _SCALAR_READER.load(text)
    except YAMLError:
        return [text]
    if isinstance(loaded, list):
        return loaded if all(not isinstance(x, list | dict) for x in loaded) else None
    if isinstance(loaded, dict):
        return None
    return [loaded]


def read_yaml(source: str) -> Source:
    try:
        list(YAML(typ="safe", pure=True).load_all(StringIO(source)))
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return Source(problem=(line, f"not valid YAML: {getattr(e, 'problem', None) or e}"))

    lines = source.splitlines()
    trailing: dict[int, Note] = {}
    comment_only: dict[int, str] = {}
    content: dict[int, tuple[int, str]] = {}  # row -> (indent, text without comment)
    block_indent: int | None = None  # inside a `|` / `>` block scalar deeper than this
    for row, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped in ("---", "..."):
            continue
        if stripped.startswith("#"):
            comment_only[row] = stripped[1:].strip()
            continue
        text, comment = _split_comment(raw)
        if comment is not None:
            trailing[row] = Note(comment, row)
        content[row] = (indent, text.strip())
        if re.search(r":\s*[|>][-+0-9]*$", text) or text.strip() in ("|", ">"):
            block_indent = indent
    above = comment_runs(comment_only)

    def around(row: int) -> list[Note]:
        return [n for n in (trailing.get(row), above.get(row - 1)) if n is not None]

    values: list[Value] = []
    parents: list[tuple[int, int]] = []  # (indent, row) of keys that open a mapping or list
    for row, (indent, text) in content.items():
        item = text.startswith("- ") or text == "-"
        if item:
            while parents and parents[-1][0] > indent:
                parents.pop()
            text = text[1:].strip()
            key_indent = indent + 2
        else:
            key_indent = indent
        while parents and parents[-1][0] >= key_indent:
            parents.pop()
        context = around(row) + [n for _, p in reversed(parents) for n in around(p)]
        m = _KEY.match(text) if text else None
        if m is None:  # a list item holding a scalar
            scalars = _scalars(text) if text else None
            if scalars is not None:
                values.append(Value(row, text, scalars, True, context, len(around(row))))
            continue
        key, value = m.group("key").strip("'\""), m.group("value").strip()
        if not value:
            parents.append((key_indent, row))
            continue
        scalars = _scalars(value)
        if scalars is not None:
            values.append(Value(row, key, scalars, True, context, len(around(row))))
    notes = [*trailing.values(), *above.values()]
    return Source(notes=notes, values=values)

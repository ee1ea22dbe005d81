"""The library's generated code as real Python files: one folder per family and framework,

    engines/builtin/templates/<family>/<framework>/<file>.py

(`common/<framework>/` holds what every family shares, e.g. utils.py). A template file is valid,
ruff-formatted Python that reads like the code it generates, with two kinds of slots:

- text slots: `<<name>>` inside a string or a comment, as in every template of `template.fill`,
  which escapes the paper's words for the context they sit in;
- code slots: a line `# slot: name` (at any indentation). The line is replaced by the value, a
  `Code` of whole lines; an empty value removes the line. Names a code slot defines
  (`ModelConfig`) are undefined in the file itself, so ruff's F821 (and F401, I001 for imports
  the slotted code uses) are off for these files in pyproject.toml.

Fragments that land inside another file are files too: `body` takes the statements of one
function (a smoke check runs them inside `utils.smoke_test`), `cell` those of one notebook
cell (`notebook.py`: one function per cell), `local_imports` its relative imports,
`definitions` everything from the first top-level definition on.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from importlib import resources

from paper2code.engines.builtin.template import Code, fill

_SLOT_LINE = re.compile(r"^[ \t]*# slot: ([a-z0-9_]+)\n", re.MULTILINE)
_RELATIVE_IMPORT = re.compile(r"^from \.(\w+) import .*$", re.MULTILINE)


@dataclass(frozen=True)
class TemplateFile:
    text: str  # the file with each `# slot: name` line turned into a `<<name>>` code hole
    lines: frozenset[str]  # the code slots that stand for whole lines

    def fill(self, **values: str) -> Code:
        """`template.fill` on the file: a line slot's non-empty value ends its line."""
        ended = {
            name: Code(value + "\n")
            if name in self.lines and value and not value.endswith("\n")
            else value
            for name, value in values.items()
        }
        return fill(self.text, **ended)


@cache
def source(family: str, framework: str, name: str) -> str:
    """The text of `templates/<family>/<framework>/<name>.py` as it is on disk."""
    path = resources.files(__package__) / "templates" / family / framework / f"{name}.py"
    return path.read_text(encoding="utf-8")


def has(family: str, framework: str, name: str) -> bool:
    """Whether `templates/<family>/<framework>/<name>.py` exists (a framework that trains has a
    train.py)."""
    return (
        resources.files(__package__) / "templates" / family / framework / f"{name}.py"
    ).is_file()


@cache
def load(family: str, framework: str, name: str) -> TemplateFile:
    text = source(family, framework, name)
    slots = frozenset(_SLOT_LINE.findall(text))
    return TemplateFile(_SLOT_LINE.sub(lambda m: f"<<{m.group(1)}>>", text), slots)


def body(family: str, framework: str, name: str, function: str) -> str:
    """The statements of `function` in the file, as written (indented four spaces)."""
    text = source(family, framework, name)
    found = next(
        node
        for node in ast.parse(text).body
        if isinstance(node, ast.FunctionDef) and node.name == function
    )
    lines = text.splitlines()
    return "\n".join(lines[found.body[0].lineno - 1 : found.body[-1].end_lineno])


def cell(family: str, framework: str, name: str) -> str:
    """The statements of `name` in the file's notebook.py, dedented: one notebook cell (the
    comments before its first statement included)."""
    text = source(family, framework, "notebook")
    found = next(
        node
        for node in ast.parse(text).body
        if isinstance(node, ast.FunctionDef) and node.name == name
    )
    lines = text.splitlines()
    return textwrap.dedent("\n".join(lines[found.lineno : found.body[-1].end_lineno]))


def local_imports(family: str, framework: str, name: str, own: str = "utils") -> str:
    """The file's relative imports but those of the module `own` its fragment lands in."""
    text = source(family, framework, name)
    return "\n".join(m.group(0) for m in _RELATIVE_IMPORT.finditer(text) if m.group(1) != own)


def definitions(text: str) -> str:
    """Everything from the first top-level `def` or `class` of a template file's `text` on,
    two blank lines after: definitions for a `# slot:` line just before another one."""
    first = next(
        node for node in ast.parse(text).body if isinstance(node, ast.FunctionDef | ast.ClassDef)
    )
    lines = text.splitlines(keepends=True)
    return "".join(lines[first.lineno - 1 :]) + "\n\n"

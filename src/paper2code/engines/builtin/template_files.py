"""The library's generated code as real Python files: one folder per family and framework,

    engines/builtin/templates/<family>/<framework>/<file>.py

(`common/<framework>/` holds what every family shares, e.g. utils.py). A template file is valid,
ruff-formatted Python that reads like the code it generates, with two kinds of slots:

- text slots: `<<name>>` inside a string or a comment, as in every template of `template.fill`,
  which escapes the paper's words for the context they sit in;
- code slots: a line `# slot: name` (at any indentation). The line is replaced by the value, a
  `Code` of whole lines; an empty value removes the line. Names a code slot defines
  (`ModelConfig`) are undefined in the file itself, so ruff's F821 (and F401, I001 for imports
  the slotted code uses) are off for these files in pyproject.toml;
- block slots: the lines between `# slot: name` and `# end slot: name` are the library's code,
  kept unless the assembly passes a value in their place (the paper's own attention for the
  library's). Text slots inside the block are filled with it; a replaced block takes none.

Fragments that land inside another file are files too: `body` takes the statements of one
function (a smoke check runs them inside `utils.smoke_test`), `local_imports` its relative
imports, `definitions` everything from the first top-level definition on.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from paper2code.engines.builtin.template import Code, fill, hole_names

_SLOT_LINE = re.compile(r"^[ \t]*# slot: ([a-z0-9_]+)\n", re.MULTILINE)
_SLOT_BLOCK = re.compile(
    r"^[ \t]*# slot: ([a-z0-9_]+)\n(.*?)^[ \t]*# end slot: \1\n", re.MULTILINE | re.DOTALL
)
_RELATIVE_IMPORT = re.compile(r"^from \.(\w+) import .*$", re.MULTILINE)


@dataclass(frozen=True)
class TemplateFile:
    text: str  # the file with each `# slot: name` line or block turned into a `<<name>>` hole
    lines: frozenset[str]  # the code slots that stand for whole lines (blocks included)
    blocks: dict[str, str] = field(default_factory=dict)  # a block slot's own lines

    def fill(self, **values: str) -> Code:
        """`template.fill` on the file: a line slot's non-empty value ends its line; a block
        slot without a value keeps its lines, filled with the values of its text slots."""
        values = dict(values)
        for name, block in self.blocks.items():
            if name not in values:
                own = {hole: values.pop(hole) for hole in hole_names(block)}
                values[name] = fill(block, **own)
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


def exists(family: str, framework: str, name: str) -> bool:
    """Whether the framework has the template `name` (a framework that does not train has no
    train.py)."""
    path = resources.files(__package__) / "templates" / family / framework / f"{name}.py"
    return path.is_file()


@cache
def load(family: str, framework: str, name: str) -> TemplateFile:
    text = source(family, framework, name)
    blocks = {m.group(1): m.group(2) for m in _SLOT_BLOCK.finditer(text)}
    text = _SLOT_BLOCK.sub(lambda m: f"<<{m.group(1)}>>", text)
    slots = frozenset(_SLOT_LINE.findall(text)) | blocks.keys()
    return TemplateFile(_SLOT_LINE.sub(lambda m: f"<<{m.group(1)}>>", text), slots, blocks)


def body(family: str, framework: str, name: str, function: str) -> str:
    """The statements of `function` in the file, as written (indented four spaces)."""
    return statements(source(family, framework, name), function)


def statements(text: str, function: str) -> str:
    """The statements of the top-level `function` of a template file's `text`, as written,
    with the comments above the first one."""
    found = _function(text, function)
    lines = text.splitlines()
    start = found.body[0].lineno - 1
    while start > found.lineno and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return "\n".join(lines[start : found.body[-1].end_lineno])


def definition(text: str, function: str) -> str:
    """The top-level `function` of a template file's `text`, as written: one definition of a
    file that holds alternatives."""
    found = _function(text, function)
    return "\n".join(text.splitlines()[found.lineno - 1 : found.end_lineno])


def functions(text: str) -> set[str]:
    """The names of the top-level functions of a template file's `text`."""
    return {node.name for node in ast.parse(text).body if isinstance(node, ast.FunctionDef)}


def _function(text: str, name: str) -> ast.FunctionDef:
    return next(
        node
        for node in ast.parse(text).body
        if isinstance(node, ast.FunctionDef) and node.name == name
    )


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

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
  library's). Text and line slots inside the block are filled with it; a replaced block takes
  none.

Fragments that land inside another file are files too: `body` takes the statements of one
function (a smoke check runs them inside `utils.smoke_test`), `local_imports` its relative
imports, `definitions` everything from the first top-level definition on.

What is the same in every framework has one file, `templates/<family>/shared/<name>.py`, which
every framework without a `<name>.py` of its own uses (a framework's own file replaces it whole:
pytorch/targets.py). A shared file whose first line is `# pieces: <pieces>.py` takes what
differs from the framework's `<pieces>.py` (`compose`; one pieces file may serve several shared
files): the pieces' import lines go into the shared file's `# slot: imports`, each top-level
function into the slot of its name (a line slot at the top level or in a class takes the whole
definition, a method in a class; a block slot, in place of its default lines, or a line slot
inside a function its statements), the functions no slot is named after into
`# slot: functions`, and each top-level `name = "words"` into the text `<<name>>`. The composed
text is the framework's file from then on, for `load`, `body` and the rest alike.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from paper2code.engines.builtin.template import Code, fill, hole_names

# (indentation, name) of a line slot; of a block slot, its own lines too
_SLOT_LINE = re.compile(r"^([ \t]*)# slot: ([a-z0-9_]+)\n", re.MULTILINE)
_SLOT_BLOCK = re.compile(
    r"^([ \t]*)# slot: ([a-z0-9_]+)\n(.*?)^[ \t]*# end slot: \2\n", re.MULTILINE | re.DOTALL
)
_RELATIVE_IMPORT = re.compile(r"^from \.(\w+) import .*$", re.MULTILINE)
_PIECES = re.compile(r"\A# pieces: (\w+)\.py\n")
SHARED = "shared"  # templates/<family>/shared/: what every framework's file of the name holds


@dataclass(frozen=True)
class TemplateFile:
    text: str  # the file with each `# slot: name` line or block turned into a `<<name>>` hole
    lines: frozenset[str]  # the code slots that stand for whole lines (blocks included)
    blocks: dict[str, str] = field(default_factory=dict)  # a block slot's own lines

    def fill(self, **values: str) -> Code:
        """`template.fill` on the file: a line slot's non-empty value ends its line; a block
        slot without a value keeps its lines, filled with the values of its text slots."""
        ended = {
            name: Code(value + "\n")
            if name in self.lines and value and not value.endswith("\n")
            else value
            for name, value in values.items()
        }
        for name, block in self.blocks.items():
            if name not in ended:
                own = {hole: ended.pop(hole) for hole in hole_names(block)}
                ended[name] = fill(block, **own)
        return fill(self.text, **ended)


def _path(family: str, framework: str, name: str):
    return resources.files(__package__) / "templates" / family / framework / f"{name}.py"


@cache
def source(family: str, framework: str, name: str) -> str:
    """The text of the framework's template `name`: `templates/<family>/<framework>/<name>.py`
    as it is on disk, else the shared one, with the framework's pieces in it (`compose`)."""
    own = _path(family, framework, name)
    if framework != SHARED and own.is_file():
        return own.read_text(encoding="utf-8")
    text = _path(family, SHARED, name).read_text(encoding="utf-8")
    pieces = _PIECES.match(text)
    if pieces is None:
        return text
    if framework == SHARED:  # as it is, but for the line naming the pieces
        return text[pieces.end() :]
    path = _path(family, framework, pieces.group(1))
    return compose(text[pieces.end() :], path.read_text(encoding="utf-8"))


def exists(family: str, framework: str, name: str) -> bool:
    """Whether the framework has the template `name` (a framework that does not train has no
    train.py): a file of its own or a shared one."""
    return _path(family, framework, name).is_file() or _path(family, SHARED, name).is_file()


def compose(shared: str, pieces: str) -> str:
    """`shared` with a framework's `pieces` in its slots: the pieces' imports (but `__future__`)
    in `# slot: imports`, each top-level function in the slot of its name (a line slot at the top
    level or in a class takes its definition; a block slot, or a line slot inside a function, its
    statements; indented as the slot), the functions no slot names in `# slot: functions`, each
    top-level string `name = "..."` in place of `<<name>>`. Pieces the shared file has no slot
    for are left (they serve another shared file)."""
    tree = ast.parse(pieces)
    lines = pieces.splitlines()
    code: dict[str, tuple[str, str]] = {}  # slot -> (its lines for a block, for a line)
    words: dict[str, str] = {}
    imports = [
        node
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
    ]
    if imports:
        text = "\n".join(lines[imports[0].lineno - 1 : imports[-1].end_lineno])
        code["imports"] = (text, text)
    slots = {name for _, name in _SLOT_LINE.findall(shared)}
    ends = [node.lineno - 1 for node in tree.body[1:]] + [len(lines)]
    rest: list[str] = []  # the functions no slot is named after, with what stands between them
    for node, end in zip(tree.body, ends, strict=True):
        if isinstance(node, ast.FunctionDef):  # to the next statement: a last `# slot:` too
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            while end > node.end_lineno and not lines[end - 1].startswith(" "):
                end -= 1  # a blank line, or a comment above the next statement
            if node.name not in slots:
                while start > 0 and (not lines[start - 1] or lines[start - 1].startswith("#")):
                    start -= 1  # the comments and blank lines above it
                rest += lines[start:end]
                continue
            body = textwrap.dedent("\n".join(lines[_first_line(lines, node) : end]))
            code[node.name] = (body, "\n".join(lines[start:end]))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            words[node.targets[0].id] = node.value.value  # type: ignore[attr-defined]
    code["functions"] = ("", "\n".join(rest).strip("\n") + "\n\n" if rest else "")
    code.setdefault("imports", ("", ""))

    def put(slot: re.Match) -> str:
        indent, name = slot.group(1), slot.group(2)
        if name not in code:
            return slot.group(0)
        block = slot.group(0).rstrip().endswith(f"# end slot: {name}")
        whole = not block and _in_class_or_module(slot.string[: slot.start()], indent)
        lines = code[name][1 if whole else 0]
        return textwrap.indent(lines, indent) + "\n" if lines else ""  # none: no line

    text = _SLOT_LINE.sub(put, _SLOT_BLOCK.sub(put, shared))
    for name, value in words.items():
        text = text.replace(f"<<{name}>>", value)
    return text


@cache
def load(family: str, framework: str, name: str) -> TemplateFile:
    text = source(family, framework, name)
    # every slot: blocks, and the line slots in them, included
    slots = frozenset(name for _, name in _SLOT_LINE.findall(text))
    blocks = {m.group(2): _SLOT_LINE.sub(_hole, m.group(3)) for m in _SLOT_BLOCK.finditer(text)}
    text = _SLOT_BLOCK.sub(_hole, text)
    return TemplateFile(_SLOT_LINE.sub(_hole, text), slots, blocks)


def _hole(slot: re.Match) -> str:
    return f"<<{slot.group(2)}>>"


def _in_class_or_module(before: str, indent: str) -> bool:
    """Whether a line indented by `indent` after the text `before` stands at the top level or in
    a class body (where a function piece is a definition), not in a function's body."""
    for line in reversed(before.splitlines()):
        code = line.lstrip()
        if code and not code.startswith("#") and len(line) - len(code) < len(indent):
            return code.startswith("class ")
    return True


def slot_lines(text: str, **values: str) -> str:
    """`text` (a fragment's lines, no text slots) with each `# slot: name` line replaced by the
    lines of `values[name]`, indented as the slot; an empty value removes the line."""

    def put(slot: re.Match) -> str:
        lines = textwrap.dedent(values[slot.group(2)])
        return textwrap.indent(lines, slot.group(1)).rstrip("\n") + "\n" if lines else ""

    return _SLOT_LINE.sub(put, text + "\n").removesuffix("\n")


def _first_line(lines: list[str], function: ast.FunctionDef) -> int:
    """Where the statements of `function` start: its first one, or the comments above it."""
    start = function.body[0].lineno - 1
    while start > function.lineno and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return start


def body(family: str, framework: str, name: str, function: str) -> str:
    """The statements of `function` in the file, as written (indented four spaces)."""
    return statements(source(family, framework, name), function)


def statements(text: str, function: str) -> str:
    """The statements of the top-level `function` of a template file's `text`, as written,
    with the comments above the first one."""
    found = _function(text, function)
    lines = text.splitlines()
    return "\n".join(lines[_first_line(lines, found) : found.body[-1].end_lineno])


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

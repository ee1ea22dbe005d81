"""The shape of generated code, by which an engine declares what it wrote.

A shape is the list of a file's statements in source order (nested ones included), each reduced
to a short hash of its syntax tree with every string constant emptied (docstrings, f-string
text) and its nested statements left out. Comments and layout are not in it. So text an engine
copies from the paper (a title, a quote, an equation's LaTeX) can change a string but never the
shape, unless it closes its string and becomes statements: then the shape differs from the one
the engine declared, from the first statement it added, and the gate refuses to run the file.
"""

from __future__ import annotations

import ast
import copy
import hashlib

from paper2code import layout
from paper2code.engines.base import Project


def code_shape(source: str) -> list[tuple[int, str]]:
    """(line, hash) of each statement of `source`; SyntaxError when it does not parse."""
    shape = []
    for node in _statements(_EraseStrings().visit(ast.parse(source))):
        own = copy.copy(node)
        for name, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                setattr(own, name, [])  # nested statements come as entries of their own
        digest = hashlib.sha256(ast.dump(own).encode()).hexdigest()[:16]
        shape.append((node.lineno, digest))
    return shape


def declare(project: Project) -> dict[str, str]:
    """`Project.declared` for an engine whose `project` is the code it means to write: the
    shape of each .py file and notebook code cell that parses."""
    units = {path: text for path, text in project.files.items() if path.endswith(".py")}
    for n, cell in enumerate(project.notebook, start=1):
        if cell.kind == "code":
            units[f"{layout.NOTEBOOK}:cell {n}"] = cell.source
    shapes = {}
    for key, source in units.items():
        try:
            shapes[key] = " ".join(digest for _, digest in code_shape(source))
        except SyntaxError:
            continue  # undeclared: the policy alone judges it (and it will not run anyway)
    return shapes


def first_difference(source: str, declared: str) -> int | None:
    """The line of the first statement of `source` that is not the declared one (the last
    line when statements are missing); None when `source` has the declared shape."""
    shape = code_shape(source)
    expected = declared.split()
    for (line, digest), want in zip(shape, expected, strict=False):
        if digest != want:
            return line
    if len(shape) == len(expected):
        return None
    return shape[len(expected)][0] if len(shape) > len(expected) else max(1, source.count("\n"))


def _statements(tree: ast.AST) -> list[ast.stmt]:
    """Every statement, in source order."""
    found = [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


class _EraseStrings(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        return ast.Constant("") if isinstance(node.value, str | bytes) else node

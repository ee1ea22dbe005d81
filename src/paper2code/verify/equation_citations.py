"""Code that cites an equation it does not compute (P2C023).

When an implementation carries a compiled equations index, the index is its word on which of
the paper's equations its code computes; a comment or docstring in a `.py` file that cites an
equation the index does not list as implemented claims more than the checker can compute. Code
that raises `NotImplementedError` (a skeleton quoting what to implement) claims nothing, so its
notes are not judged; nor is prose (README, notebooks' Markdown), which may discuss any equation.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from paper2code import layout
from paper2code.paper.model import Paper
from paper2code.verify.grammar import Ref, TokenType
from paper2code.verify.python_source import read_python
from paper2code.verify.report import RULES, Finding


def uncomputed_citations(
    files: Mapping[str, str], paper: Paper, implemented: set[int], *, strict: bool = False
) -> list[Finding]:
    """P2C023 for each `.py` note citing an equation (or a range) with an equation in it
    that is not among `implemented` (ids of the paper's Equation elements)."""
    severity = "error" if strict else RULES["P2C023"].severity
    found: list[Finding] = []
    for path, content in sorted(files.items()):
        if not path.endswith(".py"):
            continue
        source = read_python(content)
        skeletons = _skeleton_lines(content)
        for note in source.notes:
            for token in note.tokens:
                line = note.line_of(token.start)
                if token.type is not TokenType.CITATION or line in skeletons:
                    continue
                for ref in token.refs:
                    missing = [e for e in _equations(paper, ref) if id(e) not in implemented]
                    if missing:
                        anchors = ", ".join(e.anchor for e in missing)
                        message = (
                            f"cites {anchors} ({token.text}), which "
                            f"{layout.EQUATIONS_INDEX} does not list as "
                            "implemented: the checker cannot compute it; cite the section and "
                            "say what the code assumes, or list the equation with its function"
                        )
                        found.append(Finding(path, line, "P2C023", severity, message))
    return found


def _equations(paper: Paper, ref: Ref) -> list:
    """The numbered equations a ref names (a range: each of them); none for other kinds or
    anchors the paper lacks (those are P2C002's)."""
    if ref.kind != "equation":
        return []
    numbered = paper.numbered_equations
    first = paper.find(ref.anchor)
    last = paper.find(ref.end_anchor) if ref.end_anchor else first
    if first not in numbered or last not in numbered:
        return []
    return numbered[numbered.index(first) : numbered.index(last) + 1]  # type: ignore[arg-type]


def _skeleton_lines(content: str) -> set[int]:
    """Lines of functions that only raise NotImplementedError, and of classes holding one."""
    try:
        tree = ast.parse(content)
    except SyntaxError:
        return set()  # P2C000 says so
    lines: set[int] = set()
    for node in ast.walk(tree):
        skeleton_class = isinstance(node, ast.ClassDef) and any(map(_raises_only, node.body))
        if skeleton_class or _raises_only(node):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _raises_only(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    body = [
        s
        for s in node.body
        if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))  # docstring
    ]
    return len(body) == 1 and isinstance(body[0], ast.Raise) and _not_implemented(body[0].exc)


def _not_implemented(exc: ast.expr | None) -> bool:
    target = exc.func if isinstance(exc, ast.Call) else exc
    return isinstance(target, ast.Name) and target.id == "NotImplementedError"

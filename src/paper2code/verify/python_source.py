"""Notes and values of Python source (a `.py` file or a notebook code cell).

Notes are comments (trailing, or runs of comment lines) and string statements (docstrings).

A numeric literal is hyperparameter-like unless it is trivial: 0, 1, -1, 0.5 (as int or float),
or an int in shape arithmetic: a subscript or slice, an `assert` or comparison, a `dim=`/`axis=`
keyword, an argument of a shape or range call (`view`, `reshape`, `permute`, `transpose`,
`range`, `torch.zeros`, `randn` ... see `SHAPE_CALLS`), an exponent (`x ** 2`), or the 2 in
`x / 2`, `2 * x`.

A literal on line L of statement S is justified by the first of these that cites or flags:
the comment at the end of L; the comment lines directly above L; the same two for the first
line of S when S spans lines; for a default argument, the function's docstring, then the
enclosing class's docstring; for a class attribute (a dataclass field), the class's docstring.
A literal assigned to a name (alone, or in a tuple or list) is a config value: the comments of
its line (and of its statement's first line) are its own (`Value.own`).
"""

from __future__ import annotations

import ast
import re
from collections import deque

from paper2code.verify.notes import Note, Source, Value, comment_runs
from paper2code.verify.python_comments import find_comments, string_spans

DIM_KEYWORDS = {"dim", "dims", "axis", "axes", "start_dim", "end_dim", "dim0", "dim1"}
SHAPE_CALLS = {
    "view",
    "reshape",
    "permute",
    "transpose",
    "unsqueeze",
    "squeeze",
    "flatten",
    "unflatten",
    "expand",
    "repeat",
    "size",
    "chunk",
    "split",
    "narrow",
    "movedim",
    "swapaxes",
    "range",
    "arange",
    "zeros",
    "ones",
    "empty",
    "randn",
    "rand",
    "randint",
    "standard_normal",  # NumPy's Generator: rng.standard_normal((B, T)), rng.integers(0, V, (B, T))
    "integers",
    "random",
    "eye",
    "tril",
    "triu",
}


def _is_trivial(value: int | float) -> bool:
    return abs(value) in (0, 1) or (isinstance(value, float) and abs(value) == 0.5)


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


# A line as the parser counts them (`str.splitlines` also breaks at form feeds and others).
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)?")


def _segment(lines: list[str], node: ast.AST) -> str | None:
    """`ast.get_source_segment` for a source split into lines once: that function splits the
    whole source again at every call, which made a 20,000-line file take minutes."""
    end_line, end_col = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
    if end_line is None or end_col is None:
        return None
    first = lines[node.lineno - 1].encode()  # offsets count UTF-8 bytes
    if node.lineno == end_line:
        return first[node.col_offset : end_col].decode()
    middle = "".join(lines[node.lineno : end_line - 1]).encode()
    return (first[node.col_offset :] + middle + lines[end_line - 1].encode()[:end_col]).decode()


def _shape_context(node: ast.AST, value: int | float, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether a literal is an exponent, or an int in shape arithmetic, not a chosen value."""
    parent = parents.get(node)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Pow) and node is parent.right:
        return True  # an exponent: x ** 2, s ** -0.5
    if isinstance(value, float):
        return False
    child = node
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            return True
        if isinstance(parent, ast.Compare):
            return True
        if isinstance(parent, ast.keyword) and parent.arg in DIM_KEYWORDS:
            return True
        if (
            isinstance(parent, ast.Call)
            and _call_name(parent) in SHAPE_CALLS
            and any(child is arg for arg in parent.args)  # `child` is a child of the call
        ):
            return True
        if isinstance(parent, ast.BinOp) and child is node and abs(value) == 2:
            return True
        child, parent = parent, parents.get(parent)
    return isinstance(parent, ast.Assert)


def _literals(constants: list[ast.Constant], parents: dict[ast.AST, ast.AST]):
    """(node, value) for every numeric literal, a leading minus folded in."""
    for node in constants:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub | ast.UAdd):
            sign = -1 if isinstance(parent.op, ast.USub) else 1
            yield parent, sign * node.value
        else:
            yield node, node.value


def _name_of(node: ast.AST, parents: dict[ast.AST, ast.AST], lines: list[str]) -> str:
    parent = parents.get(node)
    while isinstance(parent, ast.Tuple | ast.List):
        node, parent = parent, parents.get(parent)
    if isinstance(parent, ast.keyword) and parent.arg:
        return parent.arg
    if isinstance(parent, ast.Assign) and isinstance(parent.targets[0], ast.Name):
        return parent.targets[0].id
    if isinstance(parent, ast.AnnAssign) and isinstance(parent.target, ast.Name):
        return parent.target.id
    if isinstance(parent, ast.arguments):
        positional = parent.posonlyargs + parent.args
        for arg, default in zip(positional[::-1], parent.defaults[::-1], strict=False):
            if default is node:
                return arg.arg
        for arg, default in zip(parent.kwonlyargs, parent.kw_defaults, strict=True):
            if default is node:
                return arg.arg
    return _segment(lines, node) or "literal"


def _assigned(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether a literal is (in a tuple or list) the whole value of an assignment: `lr = 3e-4`,
    `betas = (0.9, 0.98)`, a dataclass field's default; not `x = f(3)`."""
    parent = parents.get(node)
    while isinstance(parent, ast.Tuple | ast.List):
        parent = parents.get(parent)
    return isinstance(parent, ast.Assign | ast.AnnAssign)


def _string_statement(node: ast.AST) -> Note | None:
    """A docstring or any other bare string statement, as a note."""
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ):
        return Note(node.value.value, node.value.lineno)
    return None


def _is_string(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
    )


def _docstring(node: ast.AST) -> Note | None:
    body = getattr(node, "body", None)
    return _string_statement(body[0]) if body else None


def read_python(source: str) -> Source:
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        return Source(problem=(e.lineno or 1, f"not valid Python: {e.msg}"))

    docstrings: dict[ast.AST, Note] = {}
    strings: list[Note] = []
    parents: dict[ast.AST, ast.AST] = {}
    constants: list[ast.Constant] = []
    literals: list[ast.AST] = []  # string literals, where a `#` starts no comment
    in_fstring: set[ast.AST] = set()  # an f-string's parts: the f-string's span holds them
    todo = deque([tree])  # one walk, breadth first as `ast.walk`, for everything at once
    while todo:
        node = todo.popleft()
        for child in ast.iter_child_nodes(node):
            parents[child] = node
            todo.append(child)
            if node in in_fstring or isinstance(node, ast.JoinedStr):
                in_fstring.add(child)
        if _is_string(node) and node not in in_fstring:
            literals.append(node)
        if isinstance(node, ast.Constant):
            constants.append(node)
            continue
        string = _string_statement(node)
        if string is not None:
            strings.append(string)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            doc = _docstring(node)
            if doc is not None:
                docstrings[node] = doc

    lines = _LINE.findall(source)
    comments = find_comments(lines, string_spans(literals))
    trailing = {row: Note(text, row) for row, text in comments.trailing.items()}
    above = comment_runs(comments.alone)

    def around(row: int) -> list[Note]:
        return [n for n in (trailing.get(row), above.get(row - 1)) if n is not None]

    by_line: dict[int, Value] = {}
    for node, value in _literals(constants, parents):
        needs = not _is_trivial(value) and not _shape_context(node, value, parents)
        row = node.lineno
        context = around(row)
        stmt = node
        while stmt is not None and not isinstance(stmt, ast.stmt):
            stmt = parents.get(stmt)
        if stmt is not None and stmt.lineno != row:
            context += around(stmt.lineno)
        own = len(context) if _assigned(node, parents) else 0
        owner = parents.get(stmt) if stmt is not None else None
        if isinstance(parents.get(node), ast.arguments):
            context += [docstrings[d] for d in (stmt, owner) if d in docstrings]
        elif isinstance(stmt, ast.Assign | ast.AnnAssign) and owner in docstrings:
            context.append(docstrings[owner])  # a class attribute: a dataclass field's default
        if not needs:
            continue  # trivial literals are neither required to cite nor checked
        first = row not in by_line
        entry = by_line.setdefault(row, Value(row, "", [], True, [], own))
        if not first and not own:
            entry.own = 0  # one of the line's literals is not a config value: none is judged
        entry.values.append(value)
        name = _name_of(node, parents, lines)
        entry.name = f"{entry.name}, {name}" if entry.name else name
        entry.context += [n for n in context if all(n is not c for c in entry.context)]
    notes = [*trailing.values(), *above.values(), *strings]
    return Source(notes=notes, values=list(by_line.values()))

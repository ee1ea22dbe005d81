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
"""

from __future__ import annotations

import ast
import io
import tokenize

from paper2code.verify.notes import Note, Source, Value, comment_runs

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


def _in_subtree(node: ast.AST, roots: list[ast.AST]) -> bool:
    return any(node is n for root in roots for n in ast.walk(root))


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
            and _in_subtree(child, list(parent.args))
        ):
            return True
        if isinstance(parent, ast.BinOp) and child is node and abs(value) == 2:
            return True
        child, parent = parent, parents.get(parent)
    return isinstance(parent, ast.Assert)


def _literals(tree: ast.AST, parents: dict[ast.AST, ast.AST]):
    """(node, value) for every numeric literal, a leading minus folded in."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
            continue
        if not isinstance(node.value, int | float):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub | ast.UAdd):
            sign = -1 if isinstance(parent.op, ast.USub) else 1
            yield parent, sign * node.value
        else:
            yield node, node.value


def _name_of(node: ast.AST, parents: dict[ast.AST, ast.AST], source: str) -> str:
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
    return ast.get_source_segment(source, node) or "literal"


def _string_statement(node: ast.AST) -> Note | None:
    """A docstring or any other bare string statement, as a note."""
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ):
        return Note(node.value.value, node.value.lineno)
    return None


def _docstring(node: ast.AST) -> Note | None:
    body = getattr(node, "body", None)
    return _string_statement(body[0]) if body else None


def read_python(source: str) -> Source:
    try:
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except SyntaxError as e:
        return Source(problem=(e.lineno or 1, f"not valid Python: {e.msg}"))
    except tokenize.TokenError as e:
        return Source(problem=(1, f"not valid Python: {e.args[0]}"))

    code_rows: set[int] = set()
    comments: dict[int, str] = {}
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string[1:].strip()
        elif tok.type not in skip and tok.type != tokenize.ENDMARKER:
            code_rows.update(range(tok.start[0], tok.end[0] + 1))
    trailing = {row: Note(text, row) for row, text in comments.items() if row in code_rows}
    above = comment_runs({row: text for row, text in comments.items() if row not in code_rows})

    docstrings: dict[ast.AST, Note] = {}
    strings: list[Note] = []
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
        string = _string_statement(node)
        if string is not None:
            strings.append(string)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            doc = _docstring(node)
            if doc is not None:
                docstrings[node] = doc

    def around(row: int) -> list[Note]:
        return [n for n in (trailing.get(row), above.get(row - 1)) if n is not None]

    by_line: dict[int, Value] = {}
    for node, value in _literals(tree, parents):
        needs = not _is_trivial(value) and not _shape_context(node, value, parents)
        row = node.lineno
        context = around(row)
        stmt = node
        while stmt is not None and not isinstance(stmt, ast.stmt):
            stmt = parents.get(stmt)
        if stmt is not None and stmt.lineno != row:
            context += around(stmt.lineno)
        owner = parents.get(stmt) if stmt is not None else None
        if isinstance(parents.get(node), ast.arguments):
            context += [docstrings[d] for d in (stmt, owner) if d in docstrings]
        elif isinstance(stmt, ast.Assign | ast.AnnAssign) and owner in docstrings:
            context.append(docstrings[owner])  # a class attribute: a dataclass field's default
        if not needs:
            continue  # trivial literals are neither required to cite nor checked
        entry = by_line.setdefault(row, Value(row, "", [], True, []))
        entry.values.append(value)
        name = _name_of(node, parents, source)
        entry.name = f"{entry.name}, {name}" if entry.name else name
        entry.context += [n for n in context if all(n is not c for c in entry.context)]
    notes = [*trailing.values(), *above.values(), *strings]
    return Source(notes=notes, values=list(by_line.values()))

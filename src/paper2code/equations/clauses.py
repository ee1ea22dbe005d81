"""Side clauses of an equation row, and the definitions they give of the row's own terms.

`p_t(\\varphi) = e^{-\\gamma_t \\beta \\cdot S(\\varphi)},\\quad\\text{with}\\quad
\\beta \\cdot S(\\varphi) = \\sum_P 1 - \\cos\\varphi_P`: the clause after `\\text{with}`
says what a term of the row is, so the row computes it in its place. The words are read at the
top level only (never inside a `cases` condition's `\\text{if}`): `with`, `where`, `and`
introduce definitions; `for`, `if`, `s.t.` say where the row holds, which is no computation,
and are left out with the rest.
"""

from __future__ import annotations

from typing import Any

from paper2code.equations.tree import (
    BinOp,
    Call,
    CallOrProduct,
    Node,
    Relation,
    System,
    map_children,
)

# Commands whose braced word may open a clause.
TEXT = {"\\text", "\\textnormal", "\\textrm", "\\mathrm", "\\mbox", "\\textit"}
DEFINING = {"with", "where", "and", "whereby", "andwhere", "wherewe", "withthe"}
HOLDING = {"for", "if", "s.t.", "forall", "when", "whenever", "subjectto", "otherwise", "as"}
_OPEN = {"{": "}", "(": ")", "[": "]", "\\{": "\\}", "\\begin": "\\end", "\\langle": "\\rangle"}
_CLOSE = set(_OPEN.values())
_PRODUCTS = {"dot", "*"}


def _word(tokens: list[str], at: int) -> tuple[str, int] | None:
    """The word of `\\text{ with }` at `tokens[at]`, lower-cased without spaces, and the
    position after its closing brace; None when no text command starts there."""
    if tokens[at] not in TEXT or tokens[at + 1 : at + 2] != ["{"]:
        return None
    end = at + 2
    while end < len(tokens) and tokens[end] != "}":
        if tokens[end] == "{":
            return None  # a nested group: a phrase with math in it, not a clause word
        end += 1
    return "".join(tokens[at + 2 : end]).lower(), end + 1


def split_clauses(tokens: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The row's own tokens, then each top-level clause as (its word, its tokens); a comma
    or semicolon before a clause word is punctuation and is dropped."""
    depth = 0
    cuts: list[tuple[int, str, int]] = []  # (where the word starts, the word, where it ends)
    for at, token in enumerate(tokens):
        if token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth -= 1
        elif depth == 0 and (found := _word(tokens, at)) is not None:
            word, end = found
            if word in DEFINING | HOLDING:
                cuts.append((at, word, end))
    if not cuts:
        return tokens, []
    main = tokens[: cuts[0][0]]
    while main and main[-1] in {",", ";"}:
        main.pop()
    clauses = []
    for (_, word, end), following in zip(cuts, [*cuts[1:], (len(tokens), "", 0)], strict=True):
        body = tokens[end : following[0]]
        while body and body[-1] in {",", ";"}:
            body.pop()
        clauses.append((word, body))
    return main, clauses


def define(row: Node, definition: Relation) -> Node | None:
    """`row` with the term `definition` defines replaced by its right side (in the right side
    of the row's definition, or of each row of a system); None when the row never uses it."""
    if isinstance(row, System):
        rows = [define(r, definition) for r in row.rows]
        if all(r is None for r in rows):
            return None
        return System(tuple(new or old for new, old in zip(rows, row.rows, strict=True)))
    if not isinstance(row, Relation):
        return None
    right = _replace(row.right, definition.left, definition.right)
    return None if right == row.right else Relation(row.op, row.left, right)


def _replace(node: Any, term: Node, value: Node) -> Any:
    if node == term:
        return value
    match node, term:
        case (Call(fn, args) | CallOrProduct(fn, args), Call(name, formals)) if fn == name:
            return _bind(value, formals, args if isinstance(args, tuple) else (args,))
        case (Call(fn, args) | CallOrProduct(fn, args), CallOrProduct(name, formal)) if fn == name:
            return _bind(value, (formal,), args if isinstance(args, tuple) else (args,))
        case (BinOp(op, _, _), BinOp(kind, _, _)) if op in _PRODUCTS and kind in _PRODUCTS:
            found = _replace_factors(node, term, value)
            if found is not None:
                return found
    return map_children(node, lambda child: _replace(child, term, value))


def _bind(value: Node, formals: tuple[Node, ...], args: tuple[Node, ...]) -> Node:
    """A defined function's right side at the call's arguments: `S(\\psi)` of `S(\\varphi) =
    ...` is the right side with psi for varphi."""
    if len(formals) != len(args):
        return value
    for formal, arg in zip(formals, args, strict=True):
        if formal != arg:
            value = _replace(value, formal, arg)
    return value


def _factors(node: Node) -> tuple[list[Node], list[str]]:
    """A left-associated product chain `a b \\cdot c` as its factors and operators; a bracketed
    product (a right operand) is one factor."""
    if isinstance(node, BinOp) and node.op in _PRODUCTS:
        factors, ops = _factors(node.left)
        return [*factors, node.right], [*ops, node.op]
    return [node], []


def _replace_factors(node: Node, term: Node, value: Node) -> Node | None:
    """`\\gamma \\beta \\cdot S` with `\\beta \\cdot S` defined: the chain with the defined
    factors (in a row, with the same operators between them) as one factor, the value."""
    factors, ops = _factors(node)
    wanted, wanted_ops = _factors(term)
    width = len(wanted)
    for start in range(len(factors) - width + 1):
        same_ops = ops[start : start + width - 1] == wanted_ops
        if factors[start : start + width] == wanted and same_ops:
            kept = [*factors[:start], value, *factors[start + width :]]
            kept_ops = [*ops[:start], *ops[start + width - 1 :]]
            chain = kept[0]
            for op, factor in zip(kept_ops, kept[1:], strict=True):
                chain = BinOp(op, chain, factor)
            return chain
    return None

"""Which names an equation's indices bind, and what a letter means given that: whether a term
uses a sum's index (so belongs to the sum), whether `i` is an index or the imaginary unit, and
which names are a definition's added terms."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from paper2code.equations.tree import (
    BinOp,
    Call,
    Imaginary,
    Node,
    Reduce,
    ReduceOver,
    Relation,
    Sym,
    System,
    map_children,
)

IMAGINARY = "i"
EXPONENTIALS = {"exp"}  # `e^{i\\theta}` is read as `exp(i theta)` already


def subscripts(name: str) -> list[str]:
    """The index letters a folded name carries: `varphi_P` has P, `x_i,j` has i and j,
    `W^Q_h` has h (a superscript label is no index)."""
    _, *subs = name.split("_")
    return [part for sub in subs for part in re.split(r"[,^]", sub) if part]


def uses(node: object, var: str) -> bool:
    """Whether `node` uses the index `var` where no sum inside it binds `var` again: `x_i` and
    `i` use i; `\\sum_i x_i` does not (its i is its own)."""
    if isinstance(node, Sym):
        return node.name == var or var in subscripts(node.name)
    if isinstance(node, Reduce | ReduceOver) and node.var == var:
        bounds = (node.lo, node.hi) if isinstance(node, Reduce) else (node.over, node.where)
        return any(uses(b, var) for b in bounds)
    return any(uses(child, var) for child in _children(node))


def indexed(node: object) -> set[tuple[str, str]]:
    """(base, index) of every name `base_index` in a tree: `varphi_P` is (varphi, P)."""
    if isinstance(node, Sym):
        base, _, index = node.name.rpartition("_")
        return {(base, index)} if base else set()
    return set().union(*(indexed(child) for child in _children(node)))


def added_terms(tree: Node) -> set[str]:
    """Names that stand alone as a term of a definition's top-level sum and appear nowhere else
    in it: the beta of `gamma * tanh(alpha x) + beta`. Such a term is a shift, whose neutral
    starting value is zero (a factor's is one)."""
    rows = tree.rows if isinstance(tree, System) else (tree,)
    stack = [row.right for row in rows if isinstance(row, Relation)]
    terms = []
    while stack:
        node = stack.pop()
        if isinstance(node, BinOp) and node.op in {"+", "-"}:
            stack += [node.left, node.right]
        elif isinstance(node, Sym):
            terms.append(node.name)
    counts = Counter(names(tree))
    return {name for name in terms if counts[name] == 1}


def names(node: object) -> Iterator[str]:
    """Every symbol name in a tree, as often as it occurs."""
    if isinstance(node, Sym):
        yield node.name
    for child in _children(node):
        yield from names(child)


def sum_indices(node: object) -> set[str]:
    """The index variables of every sum and product in a tree."""
    own = {node.var} if isinstance(node, Reduce | ReduceOver) else set()
    return own.union(*(sum_indices(child) for child in _children(node)))


def _children(node: object) -> Iterator[Any]:
    if isinstance(node, tuple):
        yield from node
        return
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple):
            yield from value
        else:
            yield value


def _indexes_with_i(node: object) -> bool:
    """Whether `i` is an index anywhere in `node`: a sum over i, or a name subscripted by i."""
    if isinstance(node, Sym):
        return IMAGINARY in subscripts(node.name)
    if isinstance(node, Reduce | ReduceOver) and node.var == IMAGINARY:
        return True
    return any(_indexes_with_i(child) for child in _children(node))


def imaginary_unit(tree: Node) -> Node:
    """`e^{i\\varphi}`: a bare `i` in an exponent is the imaginary unit, when the equation uses
    no `i` as an index (no sum over i, no `x_i`); otherwise it is left a symbol, as `i` is
    mostly an index in ML papers."""
    if _indexes_with_i(tree):
        return tree
    return _replace_in_exponents(tree, inside=False)


def _replace_in_exponents(node: Any, inside: bool) -> Any:
    if isinstance(node, Sym):
        return Imaginary() if inside and node.name == IMAGINARY else node
    inner = inside or (isinstance(node, Call) and node.fn in EXPONENTIALS)
    return map_children(node, lambda child: _replace_in_exponents(child, inner))

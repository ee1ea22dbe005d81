"""Small helpers over pylatexenc nodes shared by the reader's modules."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

from pylatexenc.latexwalker import (
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
)


def args(node: LatexNode) -> list[LatexNode | None]:
    nodeargd = getattr(node, "nodeargd", None)
    return list(nodeargd.argnlist) if nodeargd and nodeargd.argnlist else []


def arg(node: LatexNode, index: int) -> LatexNode | None:
    a = args(node)
    return a[index] if index < len(a) else None


def last_arg(node: LatexNode) -> LatexNode | None:
    """The mandatory argument that carries the content (`\\caption[short]{long}` -> long)."""
    a = [x for x in args(node) if x is not None]
    return a[-1] if a else None


def inner_nodes(node: LatexNode | None) -> list[LatexNode]:
    """An argument's content as nodes (a group's children, or the single token)."""
    if node is None:
        return []
    if isinstance(node, LatexGroupNode):
        return list(node.nodelist)
    return [node]


def inner_text(node: LatexNode | None) -> str:
    return "".join(n.latex_verbatim() for n in inner_nodes(node))


def children(node: LatexNode) -> list[LatexNode]:
    """Every child a walk should see (a group's or environment's body, macro and environment
    arguments), in source order: rewriting passes copy the text between nodes as they go."""
    body = node.nodelist if isinstance(node, _BODIED) else None
    nodeargd = node.nodeargd if isinstance(node, _ARGUED) else None
    argnlist = nodeargd.argnlist if nodeargd else None
    out = [n for n in body if n is not None] if body else []
    if argnlist:
        # A body and the arguments are each in source order: only both together need a sort.
        had_body = bool(out)
        out.extend(a for a in argnlist if a is not None)
        if had_body:
            out.sort(key=_POS)
    return out


def walk(
    nodes: list[LatexNode],
    stop_envs: frozenset[str] = frozenset(),
    stop_macros: frozenset[str] = frozenset(),
) -> Iterator[LatexNode]:
    """Every node below `nodes`, depth first, not entering environments named in `stop_envs`
    nor the arguments of macros named in `stop_macros`. Iterative: a paper's nesting depth
    must not become Python's recursion depth."""
    stack = [iter([n for n in nodes if n is not None])]
    while stack:
        node = next(stack[-1], None)
        if node is None:  # children() and the filter above hold no None: this one is done
            stack.pop()
            continue
        yield node
        # Text, comments and specials (most nodes) have no children to look for.
        if isinstance(node, _PARENTS) and not (
            (isinstance(node, LatexEnvironmentNode) and node.environmentname in stop_envs)
            or (isinstance(node, LatexMacroNode) and node.macroname in stop_macros)
        ):
            stack.append(iter(children(node)))


_BODIED = (LatexGroupNode, LatexEnvironmentNode, LatexMathNode)
_ARGUED = (LatexMacroNode, LatexEnvironmentNode)
_PARENTS = (LatexGroupNode, LatexEnvironmentNode, LatexMathNode, LatexMacroNode)
_POS = attrgetter("pos")


def is_macro(node: LatexNode | None, *names: str) -> bool:
    return isinstance(node, LatexMacroNode) and node.macroname in names


def is_env(node: LatexNode | None, *names: str) -> bool:
    return isinstance(node, LatexEnvironmentNode) and node.environmentname in names


ROW_BREAK = "\\"  # pylatexenc names the `\\` macro by its second character


def split_at(nodes: list[LatexNode], *separators: str) -> list[list[LatexNode]]:
    """Split a node list at top-level macros named by `separators` (`\\\\` for table and
    align rows, and `\\tabularnewline` for tables)."""
    rows: list[list[LatexNode]] = [[]]
    for node in nodes:
        if is_macro(node, *separators):
            rows.append([])
        else:
            rows[-1].append(node)
    return rows

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
    kind = _kind(node)
    body = node.nodelist if kind & _BODY else None  # type: ignore[attr-defined]
    nodeargd = node.nodeargd if kind & _ARGS else None  # type: ignore[attr-defined]
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
    stack = [iter(nodes)]
    while stack:
        for node in stack[-1]:
            if node is None:
                continue
            yield node
            kind = _kind(node)
            # Text, comments and specials (most nodes) have no children to look for.
            if not kind or (
                (kind == _ENV and node.environmentname in stop_envs)  # type: ignore[attr-defined]
                or (kind == _ARGS and node.macroname in stop_macros)  # type: ignore[attr-defined]
            ):
                continue
            below = children(node)
            if below:
                stack.append(iter(below))
                break  # the children first, then the rest of this list
        else:
            stack.pop()


# What a node holds, by its class (bits): a body (`nodelist`), arguments (`nodeargd`), both.
_BODY, _ARGS, _ENV = 1, 2, 3
_KINDS: dict[type, int] = {
    LatexGroupNode: _BODY,
    LatexMathNode: _BODY,
    LatexMacroNode: _ARGS,
    LatexEnvironmentNode: _ENV,
}
_POS = attrgetter("pos")


def _kind(node: LatexNode) -> int:
    kind = _KINDS.get(type(node))
    if kind is None:  # another class, perhaps a subclass of one of those: asked once
        kind = next((k for cls, k in _KINDS.items() if isinstance(node, cls)), 0)
        _KINDS[type(node)] = kind
    return kind


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

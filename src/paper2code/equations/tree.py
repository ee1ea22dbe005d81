"""Expression tree nodes of one equation: small frozen dataclasses, no behaviour."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Sym:
    name: str  # "W^Q", "Q_1", "lambda_init": sub/superscripts folded into the name


@dataclass(frozen=True)
class BinOp:
    op: str  # "+", "-", "/", "^", "*" (elementwise), "dot" (juxtaposition, \cdot: matrix product)
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Transpose:
    arg: Node


@dataclass(frozen=True)
class Call:
    fn: str  # "tanh", "softmax", "sqrt", "max", ...
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Norm:
    arg: Node
    p: Node | None


@dataclass(frozen=True)
class Reduce:
    kind: str  # "sum" or "prod"
    var: str
    lo: Node
    hi: Node
    body: Node


@dataclass(frozen=True)
class Cases:
    rows: tuple[tuple[Node, Node | None], ...]  # (value, condition); None is "otherwise"


@dataclass(frozen=True)
class Relation:
    op: str  # "=", ":=", "<", "\\leq", ...: a definition or a comparison
    left: Node
    right: Node


@dataclass(frozen=True)
class System:
    rows: tuple[Node, ...]  # an `aligned`/`split` block: one tree per row


# Nodes the reader added for probability, calculus, sets and matrices (issue 14, step 2).


@dataclass(frozen=True)
class CallOrProduct:
    fn: str  # `v(x)`: an application when the paper defines `v` as a function, else `v` times x
    arg: Node


@dataclass(frozen=True)
class Conditional:
    fn: str  # `q(x_t | x_0)`: `q` of `args` given `given`
    args: tuple[Node, ...]
    given: tuple[Node, ...]


@dataclass(frozen=True)
class Distribution:
    family: str  # "N" for `\mathcal{N}`, "U" for `\mathcal{U}`, ...
    at: Node | None  # `\mathcal{N}(x; \mu, \Sigma)`: the density at x; None: the law itself
    params: tuple[Node, ...]


@dataclass(frozen=True)
class Expectation:
    over: Node | None  # the subscript: `x \sim p(x)`, `q(x_t|x)`, a Tuple of variables, or None
    body: Node


@dataclass(frozen=True)
class Gradient:
    wrt: Node | None  # `\nabla_\theta`: theta; None when the paper leaves it implicit
    order: int  # `\nabla^2` is 2
    arg: Node


@dataclass(frozen=True)
class Derivative:
    kind: str  # "partial" (`\partial`) or "total" (`d`)
    arg: Node
    wrt: tuple[Node, ...]  # `\partial x \partial y`: one entry per variable
    order: int


@dataclass(frozen=True)
class Integral:
    lo: Node | None
    hi: Node | None
    body: Node
    var: Node | None  # the `dx` of the integrand, when written


@dataclass(frozen=True)
class Extremum:
    kind: str  # "min", "max", "argmin", "argmax", "sup", "inf", "lim"
    over: Node  # the subscript: `x \in S`, `m \to \infty`, `\{a_k\}`
    body: Node


@dataclass(frozen=True)
class ReduceOver:
    kind: str  # "sum", "prod" or "concat" (`\bigoplus`)
    var: str
    over: Node | None  # a Range, a set (`x \in X`), or None when only the index is named
    where: Node | None  # `\substack{j=1 \\ j \neq i}`: the condition j != i
    body: Node


@dataclass(frozen=True)
class Range:
    lo: Node  # `1, \ldots, N` and the bounds of a sum: lo to hi inclusive
    hi: Node


@dataclass(frozen=True)
class SetOf:
    items: tuple[Node, ...]  # `\{a, b\}`


@dataclass(frozen=True)
class SetBuilder:
    element: Node  # `\{x : x > 0\}`
    condition: Node


@dataclass(frozen=True)
class Indicator:
    condition: Node  # `\mathbb{1}\{t \in X\}`, `\mathbbm{1}_{\{x = m\}}`: 1 where it holds, else 0


@dataclass(frozen=True)
class Inner:
    left: Node  # `\langle a, b \rangle`
    right: Node


@dataclass(frozen=True)
class Matrix:
    rows: tuple[tuple[Node, ...], ...]  # `pmatrix`/`bmatrix`; an entry may be a block


@dataclass(frozen=True)
class Tuple:
    items: tuple[Node, ...]  # `(x, y)`, `[0, 1]` outside a call


@dataclass(frozen=True)
class At:
    body: Node  # `F(v + \Delta, 0) \mid_{\Delta = 0}`: the body where the point's names take
    point: Node  # its values (a Relation `=`, or a Tuple of them)


@dataclass(frozen=True)
class Imaginary:
    """The imaginary unit: `i` in `e^{i\\theta}` where no index is named i (scope.py)."""


@dataclass(frozen=True)
class Dots:
    """`\\ldots`, `\\cdots`: a pattern the paper elides."""


Node = (
    Num | Sym | BinOp | Neg | Transpose | Call | Norm | Reduce | Cases | Relation | System
    | CallOrProduct | Conditional | Distribution | Expectation | Gradient | Derivative | Integral
    | Extremum | ReduceOver | Range | SetOf | SetBuilder | Indicator | Inner | Matrix | Tuple | At
    | Dots | Imaginary
)  # fmt: skip


def map_children(node: Any, fn: Callable[[Any], Any]) -> Any:
    """`node` with `fn` applied to each child (the items of a tuple, the fields of a tree node),
    anything else as it is: the one walk the rewriting passes share."""
    if isinstance(node, tuple):
        return tuple(fn(item) for item in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    return dataclasses.replace(
        node, **{f.name: fn(getattr(node, f.name)) for f in dataclasses.fields(node)}
    )

"""Expression tree nodes of one equation: small frozen dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass


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


Node = Num | Sym | BinOp | Neg | Transpose | Call | Norm | Reduce | Cases | Relation | System

"""Evaluate an equation tree with NumPy, given values for its free symbols."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from paper2code.equations.tree import (
    BinOp,
    Call,
    Cases,
    Neg,
    Node,
    Norm,
    Num,
    Reduce,
    Relation,
    Sym,
    System,
    Transpose,
)


def _softmax(x: Any) -> Any:
    shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _sigmoid(x: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-x))


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "tanh": np.tanh, "exp": np.exp, "log": np.log, "ln": np.log, "sin": np.sin, "cos": np.cos,
    "sinh": np.sinh, "cosh": np.cosh, "sqrt": np.sqrt, "abs": np.abs, "sign": np.sign,
    "softmax": _softmax, "sigma": _sigmoid, "sigmoid": _sigmoid, "relu": lambda x: np.maximum(x, 0),
    "max": np.maximum, "min": np.minimum, "diag": np.diag, "det": np.linalg.det,
}  # fmt: skip


class UnboundSymbol(KeyError):
    """The tree names a symbol the caller gave no value for."""


def evaluate(node: Node, values: Mapping[str, Any]) -> Any:
    """The value of `node`; for a definition `lhs = rhs` (or `:=`), the value of the right side.

    Juxtaposition and `\\cdot` are the matrix product when both sides are arrays whose inner
    dimensions agree, else elementwise; `\\odot` and `*` are elementwise."""
    match node:
        case Num(value):
            return value
        case Sym(name):
            return _symbol(name, values)
        case Neg(arg):
            return -evaluate(arg, values)
        case Transpose(arg):
            value = evaluate(arg, values)
            # A 1-D vector's transpose is itself: the product decides row or column.
            return value if np.ndim(value) < 2 else np.swapaxes(value, -1, -2)
        case BinOp(op, left, right):
            return _binary(op, evaluate(left, values), evaluate(right, values))
        case Call(fn, args):
            # A function the paper defines itself (`f(x, y)`) comes with the values, as a callable.
            function = values[fn] if fn in values else _FUNCTIONS.get(fn)
            if not callable(function):
                raise UnboundSymbol(f"no function {fn!r}")
            return function(*(evaluate(a, values) for a in args))
        case Norm(arg, p):
            order = None if p is None else evaluate(p, values)
            return np.linalg.norm(evaluate(arg, values), ord=order, axis=-1)
        case Reduce(kind, var, lo, hi, body):
            start, stop = int(evaluate(lo, values)), int(evaluate(hi, values))
            terms = [evaluate(body, {**values, var: i}) for i in range(start, stop + 1)]
            return sum(terms) if kind == "sum" else np.prod(terms, axis=0)
        case Cases(rows):
            return _cases(rows, values)
        case System(rows):
            return tuple(evaluate(row, values) for row in rows)
        case Relation(op, _, right) if op in {"=", ":=", "\\triangleq", "\\coloneqq"}:
            return evaluate(right, values)
        case Relation(op, left, right):
            compare = {"<": np.less, ">": np.greater, "\\leq": np.less_equal, "\\le": np.less_equal,
                       "\\geq": np.greater_equal, "\\ge": np.greater_equal}  # fmt: skip
            return compare[op](evaluate(left, values), evaluate(right, values))
    raise TypeError(f"not an expression node: {node!r}")


def _symbol(name: str, values: Mapping[str, Any]) -> Any:
    if name in values:
        return values[name]
    # `x_i` inside a sum over i: element i of x (the paper's indices start at 1 when bounds do).
    base, _, index = name.rpartition("_")
    if base in values and index in values:
        return np.asarray(values[base])[int(values[index])]
    raise UnboundSymbol(name)


def _binary(op: str, left: Any, right: Any) -> Any:
    if op == "dot":
        return np.matmul(left, right) if _chained(left, right) else np.multiply(left, right)
    if op == "^" and np.ndim(left) >= 2 and np.ndim(right) == 0 and float(right).is_integer():
        # A matrix to an integer power, `\\Sigma^{-1}` above all, is the matrix power.
        return np.linalg.matrix_power(left, int(right))
    operators: dict[str, Callable[[Any, Any], Any]] = {
        "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "^": np.power,
    }  # fmt: skip
    return operators[op](left, right)


def _chained(left: Any, right: Any) -> bool:
    """Whether a juxtaposed product is a matrix product: both sides are arrays whose inner
    dimensions agree. Otherwise (a scalar, or per-column values against a batch) it is
    elementwise with broadcasting, as papers mean `t (\\sigma_{max} - \\sigma_{min})`."""
    if np.ndim(left) == 0 or np.ndim(right) == 0:
        return False
    inner = np.shape(right)[-2] if np.ndim(right) >= 2 else np.shape(right)[0]
    return bool(np.shape(left)[-1] == inner)


def _cases(rows: tuple[tuple[Node, Node | None], ...], values: Mapping[str, Any]) -> Any:
    """Row by row, the first whose condition holds, elementwise (`np.select`)."""
    conditions = [evaluate(c, values) if c is not None else True for _, c in rows]
    choices = [evaluate(v, values) for v, _ in rows]
    return np.select([np.broadcast_to(c, np.shape(choices[0])) for c in conditions], choices)

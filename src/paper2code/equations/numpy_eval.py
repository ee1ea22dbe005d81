"""Evaluate an equation tree with NumPy, given values for its free symbols."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from paper2code.equations.parse import UnsupportedConstruct
from paper2code.equations.scope import indexed, names
from paper2code.equations.tree import (
    At,
    BinOp,
    Call,
    CallOrProduct,
    Cases,
    Conditional,
    Derivative,
    Distribution,
    Dots,
    Expectation,
    Extremum,
    Gradient,
    Imaginary,
    Indicator,
    Inner,
    Integral,
    Matrix,
    Neg,
    Node,
    Norm,
    Num,
    Range,
    Reduce,
    ReduceOver,
    Relation,
    SetBuilder,
    SetOf,
    Sym,
    System,
    Transpose,
    Tuple,
)
from paper2code.equations.vocabulary import BOUNDS, DEFINITIONS


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
    "arcsin": np.arcsin, "arccos": np.arccos, "arctan": np.arctan, "arcsinh": np.arcsinh,
    "arccosh": np.arccosh, "arctanh": np.arctanh,
}  # fmt: skip
# The functions a tree applies that are mathematics', not the paper's: the compiled code spells
# them as the framework's whatever an equation's left side applies (`\\log u_0 = ...`).
BUILTIN = frozenset(_FUNCTIONS)
_CONSTANTS = {"pi": np.pi}
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": np.less, ">": np.greater, "\\leq": np.less_equal, "\\le": np.less_equal,
    "\\geq": np.greater_equal, "\\ge": np.greater_equal, "\\neq": np.not_equal,
}  # fmt: skip
# Where `_symbol` finds the position of a sum's index in the arrays it indexes: `x_i` with
# i = 1..n is element i - 1, as the paper counts from its lower bound.
_POSITION = "#position of "


class UnboundSymbol(KeyError):
    """The tree names a symbol the caller gave no value for."""


class Uncomputable(UnsupportedConstruct):
    """The reader read the construct, but it has no value without more than the tree: an
    expectation without samples, a gradient, an integral, a search over a subscript."""

    def __init__(self, construct: str) -> None:
        ValueError.__init__(self, f"cannot compute {construct} from the equation alone")
        self.construct = construct


@dataclass(frozen=True)
class Samples:
    """Draws of a random variable, along the first axis: an expectation over the variable
    averages its body over them (`values={"x": Samples(draws)}` for `\\mathbb{E}_{x \\sim p}`)."""

    draws: Any


# A product of two factors of one entry of a definition (codegen.per_entry): of their entries
# when they have one shape, else the product juxtaposition means.
ENTRYWISE = "dot per entry"


@dataclass(frozen=True)
class Family:
    """Maps a recurrence defines, term by term from its first terms (`values={"T": Family(...)}`
    makes `T_k(x)` inside a sum over k the k-th map applied to x). A number as a first term of
    maps of a square matrix is that multiple of the identity, as in a matrix polynomial."""

    name: str
    index: str
    variable: str
    step: Node
    first: tuple[Node, ...]

    def term(self, k: int, x: Any) -> Any:
        terms = [_first_term(evaluate(f, {self.variable: x}), x) for f in self.first]
        back = len(self.first)
        step = self.step if _square(np.shape(x)) else entrywise(self.step)
        while len(terms) <= k:
            earlier = {
                f"{self.name}_{self.index}-{j}": (lambda _, t=terms[-j]: t)
                for j in range(1, back + 1)
            }
            terms.append(evaluate(step, {self.variable: x, **earlier}))
        return terms[k]


def _first_term(value: Any, x: Any) -> Any:
    shape = np.shape(x)
    return value * np.eye(shape[-1]) if np.ndim(value) == 0 and _square(shape) else value


def _square(shape: tuple[Any, ...]) -> bool:
    return len(shape) >= 2 and shape[-1] == shape[-2]


def entrywise(node: Any) -> Any:
    """A recurrence's step for maps applied to each entry of an argument that is no square
    matrix (a vector of eigenvalues): its products are of numbers, never a matrix product."""
    if isinstance(node, BinOp) and node.op == "dot":
        return BinOp("*", entrywise(node.left), entrywise(node.right))
    if isinstance(node, tuple):
        return tuple(entrywise(item) for item in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    fields = dataclasses.fields(node)
    return dataclasses.replace(node, **{f.name: entrywise(getattr(node, f.name)) for f in fields})


def evaluate(node: Node, values: Mapping[str, Any]) -> Any:
    """The value of `node`; for a definition `lhs = rhs` (or `:=`), the value of the right side.

    Juxtaposition and `\\cdot` are the matrix product when both sides are arrays whose inner
    dimensions agree, else elementwise; `\\odot` and `*` are elementwise. A name the values map
    to a Python callable is a function the paper defines: `v(x)` then applies it."""
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
        case BinOp("^", CallOrProduct(fn, arg), power) if not callable(values.get(fn)):
            # `Q (U + \lambda I)^{-1}`: a product, whose power binds to the bracket alone
            inner = _binary("^", evaluate(arg, values), evaluate(power, values))
            return _binary("dot", _symbol(fn, values), inner)
        case BinOp("^", Norm() | Call("abs") as base, power):
            # `\\|x - y\\|^2`: a norm's value is numbers (one per row of a batch), never a
            # matrix, so its power is elementwise
            return np.power(evaluate(base, values), evaluate(power, values))
        case BinOp(op, left, right):
            return _binary(op, evaluate(left, values), evaluate(right, values))
        case Call(fn, args):
            return _function(fn, values)(*(evaluate(a, values) for a in args))
        case CallOrProduct(fn, arg):
            function = values.get(fn)
            if callable(function):
                return function(evaluate(arg, values))
            base, _, index = fn.rpartition("_")
            if isinstance(family := values.get(base), Family) and index in values:
                # `T_k(x)` inside a sum over k: the k-th map of the family
                return family.term(int(values[index]), evaluate(arg, values))
            return _binary("dot", _symbol(fn, values), evaluate(arg, values))
        case Conditional(fn, args, given):
            return _function(fn, values)(*(evaluate(a, values) for a in (*args, *given)))
        case Norm(arg, Sym("F")):
            return np.linalg.norm(evaluate(arg, values), ord="fro", axis=(-2, -1))
        case Norm(arg, p):
            order = None if p is None else evaluate(p, values)
            return np.linalg.norm(evaluate(arg, values), ord=order, axis=-1)
        case Reduce(kind, var, lo, hi, body):
            start, stop = int(evaluate(lo, values)), int(evaluate(hi, values))
            # `\\sum_{i=N}^{1}` runs downwards: the same terms.
            indices = range(min(start, stop), max(start, stop) + 1)
            return _combine(kind, [_at(body, values, var, i, p) for p, i in enumerate(indices)])
        case ReduceOver(kind, var, over, where, body):
            return _reduce_over(kind, var, over, where, body, values)
        case Cases(rows):
            return _cases(rows, values)
        case System(rows):
            return tuple(evaluate(row, values) for row in rows)
        case Relation(op, left, right):
            return _relation(op, left, right, values)
        case Distribution(family, at, params):
            if family != "N" or at is None:
                raise Uncomputable(f"the distribution \\mathcal{{{family}}} (a law, not a value)")
            return _gaussian(*(evaluate(n, values) for n in (at, *params)))
        case Expectation(over, body):
            return _expectation(over, body, values)
        case Indicator(condition):
            return np.asarray(_holds(condition, values), dtype=float)
        case SetBuilder(_, condition):
            return _holds(condition, values)  # a set used as a mask: where the condition holds
        case SetOf(items):
            return np.array([evaluate(item, values) for item in items])
        case Range(lo, hi):
            return np.arange(int(evaluate(lo, values)), int(evaluate(hi, values)) + 1)
        case Inner(left, right):
            return np.sum(np.multiply(evaluate(left, values), evaluate(right, values)), axis=-1)
        case Matrix(rows):
            return _matrix(rows, values)
        case Tuple(items):
            return tuple(evaluate(item, values) for item in items)
        case At(body, point):
            return evaluate(body, {**values, **_point(point, values)})
        case Gradient():
            raise Uncomputable("\\nabla (a gradient)")
        case Derivative():
            raise Uncomputable("a derivative")
        case Integral():
            raise Uncomputable("\\int (an integral)")
        case Extremum(kind):
            raise Uncomputable(f"\\{kind} (a search over its subscript)")
        case Dots():
            raise Uncomputable("\\ldots (an elided pattern)")
        case Imaginary():
            return 1j
    raise TypeError(f"not an expression node: {node!r}")


def _symbol(name: str, values: Mapping[str, Any]) -> Any:
    if name in values:
        return values[name]
    # `x_i` inside a sum over i: element i of x, counted from the sum's lower bound.
    base, _, index = name.rpartition("_")
    if base in values and index in values:
        return np.asarray(values[base])[int(values.get(_POSITION + index, values[index]))]
    if name in _CONSTANTS:
        return _CONSTANTS[name]
    raise UnboundSymbol(name)


def _function(fn: str, values: Mapping[str, Any]) -> Callable[..., Any]:
    # A function the paper defines itself (`f(x, y)`) comes with the values, as a callable.
    function = values[fn] if fn in values else _FUNCTIONS.get(fn)
    if not callable(function):
        raise UnboundSymbol(f"no function {fn!r}")
    return function


def _binary(op: str, left: Any, right: Any) -> Any:
    if op == ENTRYWISE:  # factors of one entry of a definition: of their entries when alike
        op = "*" if np.shape(left) == np.shape(right) else "dot"
    if op == "dot":
        return np.matmul(left, right) if _chained(left, right) else np.multiply(left, right)
    if op == "^" and np.ndim(left) >= 2 and np.ndim(right) == 0 and float(right).is_integer():
        # A matrix to an integer power, `\\Sigma^{-1}` above all, is the matrix power.
        return np.linalg.matrix_power(left, int(right))
    if op == "circ":
        return lambda *args: left(right(*args))  # `f \\circ g`: composition
    operators: dict[str, Callable[[Any, Any], Any]] = {
        "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "^": np.power,
        "setminus": np.setdiff1d, "cup": np.union1d, "cap": np.intersect1d,
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


def _at(body: Node, values: Mapping[str, Any], var: str, value: Any, position: int) -> Any:
    """`body` with the index `var` bound to `value`, the `position`-th of its range."""
    return evaluate(body, {**values, var: value, _POSITION + var: position})


def _combine(kind: str, terms: list[Any]) -> Any:
    if kind == "concat":
        return np.concatenate([np.atleast_1d(t) for t in terms], axis=-1)
    return sum(terms) if kind == "sum" else np.prod(terms, axis=0)


def _reduce_over(
    kind: str,
    var: str,
    over: Node | None,
    where: Node | None,
    body: Node,
    values: Mapping[str, Any],
) -> Any:
    """`\\sum_{x \\in X}`, `\\sum_{\\substack{j=1 \\\\ j \\neq i}}^n`: over a range or a set's
    elements, keeping the terms where the condition holds."""
    domain = (
        _implicit_range(kind, var, body, values)
        if over is None
        else np.atleast_1d(evaluate(over, values))
    )
    terms = [
        _at(body, values, var, element, position)
        for position, element in enumerate(domain)
        if where is None or bool(_holds(where, {**values, var: element}))
    ]
    return _combine(kind, terms)


def _implicit_range(kind: str, var: str, body: Node, values: Mapping[str, Any]) -> Any:
    """`\\sum_P (1 - \\cos\\varphi_P)`: the range the paper leaves implicit is every element
    of the arrays the body indexes by the index (their first axis), counted from 0."""
    sizes = {
        len(np.atleast_1d(values[base]))
        for base, index in indexed(body)
        if index == var and base in values and np.ndim(values[base])
    }
    if len(sizes) != 1:
        raise Uncomputable(f"a {kind} whose range the paper leaves implicit")
    return np.arange(sizes.pop())


def _relation(op: str, left: Node, right: Node, values: Mapping[str, Any]) -> Any:
    if op in DEFINITIONS:
        return evaluate(right, values)
    if op in BOUNDS and isinstance(left, Relation) and left.op in DEFINITIONS:
        # `a = b \\leq c`: the definition's value; the bound after it says something about it
        return evaluate(left, values)
    if op == "\\in" and isinstance(left, Relation):
        # `x = \\tanh(Wx + b) \\in \\mathbb{R}^{N}`: the membership states where the value lives
        return evaluate(left, values)
    if op == "\\in":
        return np.isin(evaluate(left, values), evaluate(right, values))
    if op in _COMPARE:
        return _COMPARE[op](evaluate(left, values), evaluate(right, values))
    raise Uncomputable(f"the relation {op}")


def _holds(condition: Node, values: Mapping[str, Any]) -> Any:
    """A condition's truth: in a condition `=` is equality, not a definition."""
    match condition:
        case Relation("=", left, right):
            return np.equal(evaluate(left, values), evaluate(right, values))
        case Tuple(items):
            return np.logical_and.reduce([_holds(item, values) for item in items])
    return evaluate(condition, values)


def _point(point: Node, values: Mapping[str, Any]) -> dict[str, Any]:
    """The bindings of `\\mid_{a = 0}` or `\\mid_{a = 0, b = 1}`."""
    match point:
        case Relation("=", Sym(name), value):
            return {name: evaluate(value, values)}
        case Tuple(items):
            return {k: v for item in items for k, v in _point(item, values).items()}
    raise Uncomputable("an evaluation point that names no variable")


def _cases(rows: tuple[tuple[Node, Node | None], ...], values: Mapping[str, Any]) -> Any:
    """Row by row, the first whose condition holds, elementwise (`np.select`)."""
    conditions = [_holds(c, values) if c is not None else True for _, c in rows]
    choices = [evaluate(v, values) for v, _ in rows]
    return np.select([np.broadcast_to(c, np.shape(choices[0])) for c in conditions], choices)


def _gaussian(at: Any, mean: Any, covariance: Any) -> Any:
    """The density of `\\mathcal{N}(mean, covariance)` at `at`, over its last axis; a scalar
    covariance is isotropic, a vector diagonal."""
    diff = np.asarray(at) - mean
    dim = np.shape(diff)[-1]
    cov = np.asarray(covariance, dtype=float)
    if cov.ndim < 2:
        cov = np.eye(dim) * cov[..., None] if cov.ndim == 1 else np.eye(dim) * cov
    solved = np.linalg.solve(cov, diff[..., None])[..., 0]
    mahalanobis = np.sum(diff * solved, axis=-1)
    return np.exp(-0.5 * mahalanobis) / np.sqrt((2 * np.pi) ** dim * np.linalg.det(cov))


def _expectation(over: Node | None, body: Node, values: Mapping[str, Any]) -> Any:
    """The mean of `body` over the drawn samples of the variables the subscript names. Nested
    expectations (`\\mathbb{E}_{p(x)} \\mathbb{E}_{q(x_t | x)}[...]`) are one, over draws of all
    their variables together, row by row, as a training batch draws them."""
    sampled = {name: v.draws for name, v in values.items() if isinstance(v, Samples)}
    named = expectation_variables(over) if over is not None else set(sampled)
    while isinstance(body, Expectation):
        inner = body.over
        named |= expectation_variables(inner) if inner is not None else set(sampled)
        body = body.body
    # `\\mathbb{E}_{p(x)} \\mathbb{E}_{q(x_t | x)} \\|\\epsilon - \\epsilon_\\theta(x_t, t)\\|`: x
    # is drawn only to draw x_t, the body's own variable
    named &= set(names(body))
    if not named or not named <= set(sampled):
        raise Uncomputable("\\mathbb{E} (an expectation over samples) without samples")
    return np.mean(evaluate(body, {**values, **sampled}), axis=0)


def expectation_variables(over: Node) -> set[str]:
    """The random variables of an expectation's subscript: `x` in `x \\sim p`, `x_t` in
    `q(x_t | x)`, each of `t, x_0`."""
    match over:
        case Sym(name):
            return {name}
        case Relation("\\sim", left, _):
            return expectation_variables(left)
        case Conditional(_, args, _) | Tuple(args):
            return set().union(*(expectation_variables(a) for a in args))
        case CallOrProduct(_, arg):
            return expectation_variables(arg)
    return set()


def _matrix(rows: tuple[tuple[Node, ...], ...], values: Mapping[str, Any]) -> Any:
    """Entries may be blocks; a column of vectors stacks them into one vector."""
    entries = [[evaluate(e, values) for e in row] for row in rows]
    if all(len(row) == 1 for row in entries) and any(np.ndim(r[0]) == 1 for r in entries):
        return np.concatenate([np.atleast_1d(row[0]) for row in entries])
    if all(np.ndim(e) == 0 for row in entries for e in row):
        return np.array(entries, dtype=float)
    return np.block(entries)

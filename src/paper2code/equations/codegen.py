"""Equation trees into framework code: one pure function per defining equation, and an
`nn.Module` holding the learnable parameters of those that have any.

The tree is lowered to a small typed IR (`_Expr`: text, precedence, symbolic shape) so that the
two decisions the LaTeX leaves open are made from shapes, as `numpy_eval` makes them from
values: whether a juxtaposed product is a matrix product (both sides arrays whose inner
dimensions agree) and whether `^` is a matrix power. The framework is a table of operation
spellings (`Ops`): `TORCH`, `NUMPY`, `JAX` and `TENSORFLOW`, each a backend's (engines/backends/).

Generated names are ASCII identifiers made from the trees' symbol names (`identifier`); no paper
text reaches the code here. The engine puts the paper's text (anchors, LaTeX) around it only
through its escaping templates.
"""

from __future__ import annotations

import dataclasses
import keyword
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paper2code.engines.base import EquationEntry, EquationParam
from paper2code.equations.numpy_eval import (
    BUILTIN,
    ENTRYWISE,
    Family,
    Samples,
    entrywise,
    evaluate,
    expectation_variables,
)
from paper2code.equations.parse import PREVIOUS_ROW, UnsupportedConstruct, parse_equation
from paper2code.equations.scope import indexed, names, subscripts, sum_indices, uses
from paper2code.equations.symbols import (
    Recurrence,
    Role,
    Shape,
    Symbol,
    SymbolTable,
    defining_row,
    definition_name,
)
from paper2code.equations.tree import (
    BinOp,
    Call,
    CallOrProduct,
    Cases,
    Conditional,
    Distribution,
    Expectation,
    Imaginary,
    Inner,
    Matrix,
    Neg,
    Node,
    Norm,
    Num,
    Reduce,
    ReduceOver,
    Relation,
    Sym,
    System,
    Transpose,
    map_children,
)
from paper2code.equations.vocabulary import ACCENTS, DEFINITIONS, NETWORK

MODULE = "src.equations"  # where the engine writes the functions: `callable` is MODULE:name
BOUND_VALUE = 3  # a sum's upper bound on example inputs; dimensions are larger (dimension_sizes)


class NotCompilable(ValueError):
    """A tree holds something the code generator cannot write; the message names it."""


@dataclass(frozen=True)
class Ops:
    """How one framework spells the operations generated code uses ({0}, {1}: operands)."""

    functions: dict[str, str]  # the tree's function names (numpy_eval's set)
    matmul: str
    transpose: str
    matrix_power: str
    norm: str  # {0} the vector, {1} the order
    frobenius: str  # {0} the matrix (its last two axes)
    where: str  # {0} condition, {1} value where it holds, {2} elsewhere
    as_array: str  # a Python number as the framework's 0-d array, for its functions
    constant: dict[str, str]  # constants by symbol name
    tensor: str  # the annotation of an array argument
    module: str  # the library the generated file imports: "torch", "numpy"
    random: str  # uniform [0, 1) numbers of shape {0} (a tuple), for example inputs
    parameter: str  # a learnable parameter of shape {0} filled with {1}
    # reductions over the last axis; tf.Tensor has no `.sum` method
    sum_last: str = "{0}.sum(-1)"
    prod_last: str = "{0}.prod(-1)"
    # an array argument {0} as the function computes with it ("": as the caller passes it)
    cast_in: str = ""
    # the mean over the first axis: an expectation over the samples drawn along it
    mean_first: str = "{0}.mean(0)"
    # arrays of one shape {0} (comma-separated) stacked along a new first axis: a matrix's rows
    stack: str = "torch.stack([{0}])"


TORCH = Ops(
    functions={
        "tanh": "torch.tanh({0})", "exp": "torch.exp({0})", "log": "torch.log({0})",
        "ln": "torch.log({0})", "sin": "torch.sin({0})", "cos": "torch.cos({0})",
        "sinh": "torch.sinh({0})", "cosh": "torch.cosh({0})", "sqrt": "torch.sqrt({0})",
        "abs": "torch.abs({0})", "sign": "torch.sign({0})", "softmax": "torch.softmax({0}, dim=-1)",
        "sigma": "torch.sigmoid({0})", "sigmoid": "torch.sigmoid({0})", "relu": "torch.relu({0})",
        "max": "torch.maximum({0}, {1})", "min": "torch.minimum({0}, {1})",
        "diag": "torch.diag({0})", "det": "torch.linalg.det({0})",
        "arcsin": "torch.asin({0})", "arccos": "torch.acos({0})", "arctan": "torch.atan({0})",
        "arcsinh": "torch.asinh({0})", "arccosh": "torch.acosh({0})",
        "arctanh": "torch.atanh({0})",
    },
    matmul="{0} @ {1}",
    transpose="{0}.transpose(-2, -1)",
    matrix_power="torch.linalg.matrix_power({0}, {1})",
    norm="torch.linalg.vector_norm({0}, ord={1}, dim=-1)",
    frobenius="torch.linalg.matrix_norm({0}, ord='fro')",
    where="torch.where({0}, {1}, {2})",
    # float64: `torch.sqrt` of an integer count (`\\sqrt{N - 1}`) would compute in float32; a
    # 0-d float64 tensor leaves the dtype of the arrays it meets as it is
    as_array="torch.as_tensor({0}, dtype=torch.float64)",
    constant={"pi": "math.pi"},
    tensor="torch.Tensor",
    module="torch",
    random="torch.rand({0})",
    parameter="nn.Parameter(torch.full({0}, {1}))",
)  # fmt: skip

# The NumPy spellings of numpy_eval's functions (the reference the checker compares against);
# softmax and sigmoid are helpers the NumPy equations file defines, as `_softmax`, `_sigmoid`
# (a leading underscore: no paper symbol's `identifier` can take their names).
NUMPY = Ops(
    functions={
        "tanh": "np.tanh({0})", "exp": "np.exp({0})", "log": "np.log({0})", "ln": "np.log({0})",
        "sin": "np.sin({0})", "cos": "np.cos({0})", "sinh": "np.sinh({0})",
        "cosh": "np.cosh({0})", "sqrt": "np.sqrt({0})", "abs": "np.abs({0})",
        "sign": "np.sign({0})", "softmax": "_softmax({0})", "sigma": "_sigmoid({0})",
        "sigmoid": "_sigmoid({0})", "relu": "np.maximum({0}, 0)",
        "max": "np.maximum({0}, {1})", "min": "np.minimum({0}, {1})",
        "diag": "np.diag({0})", "det": "np.linalg.det({0})",
        "arcsin": "np.arcsin({0})", "arccos": "np.arccos({0})", "arctan": "np.arctan({0})",
        "arcsinh": "np.arcsinh({0})", "arccosh": "np.arccosh({0})", "arctanh": "np.arctanh({0})",
    },
    matmul="{0} @ {1}",
    transpose="np.swapaxes({0}, -2, -1)",
    matrix_power="np.linalg.matrix_power({0}, {1})",
    norm="np.linalg.norm({0}, ord={1}, axis=-1)",
    frobenius="np.linalg.norm({0}, ord='fro', axis=(-2, -1))",
    where="np.where({0}, {1}, {2})",
    as_array="np.asarray({0})",
    constant={"pi": "np.pi"},
    tensor="np.ndarray",
    module="numpy",
    random="np.random.default_rng(0).random({0})",
    parameter="np.full({0}, {1})",  # NumPy code does not train: the parameter's initial value
    stack="np.stack([{0}])",
)  # fmt: skip

# JAX: jax.numpy and jax.nn; learnable parameters are `nnx.Param`s of a flax.nnx Module.
JAX = Ops(
    functions={
        "tanh": "jnp.tanh({0})", "exp": "jnp.exp({0})", "log": "jnp.log({0})",
        "ln": "jnp.log({0})", "sin": "jnp.sin({0})", "cos": "jnp.cos({0})",
        "sinh": "jnp.sinh({0})", "cosh": "jnp.cosh({0})", "sqrt": "jnp.sqrt({0})",
        "abs": "jnp.abs({0})", "sign": "jnp.sign({0})", "softmax": "jax.nn.softmax({0}, axis=-1)",
        "sigma": "jax.nn.sigmoid({0})", "sigmoid": "jax.nn.sigmoid({0})",
        "relu": "jax.nn.relu({0})", "max": "jnp.maximum({0}, {1})",
        "min": "jnp.minimum({0}, {1})", "diag": "jnp.diag({0})", "det": "jnp.linalg.det({0})",
        "arcsin": "jnp.arcsin({0})", "arccos": "jnp.arccos({0})", "arctan": "jnp.arctan({0})",
        "arcsinh": "jnp.arcsinh({0})", "arccosh": "jnp.arccosh({0})",
        "arctanh": "jnp.arctanh({0})",
    },
    matmul="{0} @ {1}",
    transpose="jnp.swapaxes({0}, -2, -1)",
    matrix_power="jnp.linalg.matrix_power({0}, {1})",
    norm="jnp.linalg.norm({0}, ord={1}, axis=-1)",
    frobenius="jnp.linalg.norm({0}, ord='fro', axis=(-2, -1))",
    where="jnp.where({0}, {1}, {2})",
    as_array="jnp.asarray({0})",
    constant={"pi": "jnp.pi"},
    tensor="jax.Array",
    module="jax",
    random="jax.random.uniform(jax.random.key(0), {0})",
    parameter="nnx.Param(jnp.full({0}, {1}))",
    stack="jnp.stack([{0}])",
)  # fmt: skip

# TensorFlow (Keras 3 on its TensorFlow backend): tf.* operations; a parameter is a weight of
# the Keras layer that holds it (`add_weight`). Compiled code computes in float32, Keras's dtype.
TENSORFLOW = Ops(
    functions={
        "tanh": "tf.tanh({0})", "exp": "tf.exp({0})", "log": "tf.math.log({0})",
        "ln": "tf.math.log({0})", "sin": "tf.sin({0})", "cos": "tf.cos({0})",
        "sinh": "tf.sinh({0})", "cosh": "tf.cosh({0})", "sqrt": "tf.sqrt({0})",
        "abs": "tf.abs({0})", "sign": "tf.sign({0})", "softmax": "tf.nn.softmax({0}, axis=-1)",
        "sigma": "tf.sigmoid({0})", "sigmoid": "tf.sigmoid({0})", "relu": "tf.nn.relu({0})",
        "max": "tf.maximum({0}, {1})", "min": "tf.minimum({0}, {1})",
        "diag": "tf.linalg.diag({0})", "det": "tf.linalg.det({0})",
        "arcsin": "tf.asin({0})", "arccos": "tf.acos({0})", "arctan": "tf.atan({0})",
        "arcsinh": "tf.asinh({0})", "arccosh": "tf.acosh({0})", "arctanh": "tf.atanh({0})",
    },
    matmul="_matmul({0}, {1})",  # `@` in TensorFlow takes no vector
    transpose="tf.linalg.matrix_transpose({0})",
    matrix_power="_matrix_power({0}, {1})",
    norm="tf.norm({0}, ord={1}, axis=-1)",
    frobenius="tf.norm({0}, ord='fro', axis=[-2, -1])",
    where="tf.where({0}, {1}, {2})",
    as_array="tf.convert_to_tensor({0}, tf.float32)",
    constant={"pi": "math.pi"},
    tensor="tf.Tensor",
    module="tensorflow",
    random="tf.random.uniform({0})",
    parameter="self.add_weight(shape={0}, initializer=keras.initializers.Constant({1}))",
    sum_last="tf.reduce_sum({0}, axis=-1)",
    prod_last="tf.reduce_prod({0}, axis=-1)",
    mean_first="tf.reduce_mean({0}, axis=0)",
    stack="tf.stack([{0}])",
    # TensorFlow's operations take operands of one dtype: every array in Keras's float32 (a
    # cast, not a conversion: a bfloat16 tensor of a mixed-precision model becomes float32 too)
    cast_in="tf.cast({0}, tf.float32)",
)  # fmt: skip

# Functions whose value keeps the argument's shape, and those of two arguments (broadcast).
_ELEMENTWISE = {"tanh", "exp", "log", "ln", "sin", "cos", "sinh", "cosh", "sqrt", "abs", "sign",
                "softmax", "sigma", "sigmoid", "relu", "arcsin", "arccos", "arctan", "arcsinh",
                "arccosh", "arctanh"}  # fmt: skip
_BINARY = {"max", "min"}
_COMPARE = {"<": "<", ">": ">", "\\leq": "<=", "\\le": "<=", "\\geq": ">=", "\\ge": ">="}
_GREEK_LOWER = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
    "phi", "varphi", "chi", "psi", "omega", "ell", "pi",
}  # fmt: skip
# Names generated code uses itself: a paper symbol of that name gets a trailing underscore.
_RESERVED = {
    "torch", "nn", "np", "math", "Scalar", "Operation", "Callable", "self", "sum", "range", "int",
    "jax", "jnp", "nnx", "tf", "keras",
}  # fmt: skip
DEFAULT_DIM = "N"
# The leading dimension of a variable an expectation is over: its draws, one per row (a batch),
# which the expectation averages.
SAMPLES = "samples"
# Prose that calls an operation a learned network: "$f$ is a two-layer MLP".
_NETWORK_WORDS = re.compile(r"\b(?:network|MLP|perceptron|encoder|decoder|layer)s?\b", re.I)
# Letters papers use for a dimension or a count (`d_k`, `n`): scalars, whatever their subscript.
_COUNTS = {"d", "n"}

# Precedences of the printed Python: an operand binding looser than its place is parenthesised.
_ATOM, _POWER, _UNARY, _PRODUCT, _SUM, _COMPARISON = 100, 90, 80, 70, 60, 50


def identifier(name: str) -> str:
    """A tree name as an ASCII Python identifier: `lambda_init` stays, `W^Q` is `W_Q`, `x'` is
    `x_prime`, `x^*` is `x_star`, `lambda` is `lambda_`."""
    text = name.replace("'", "_prime").replace("*", "_star").replace("+", "_plus")
    text = re.sub(r"[^A-Za-z0-9_]+", "_", text.encode("ascii", "ignore").decode())
    text = re.sub(r"_+", "_", text).strip("_") or "value"
    if text[0].isdigit():
        text = "v_" + text
    if keyword.iskeyword(text) or text in _RESERVED:
        text += "_"
    return text


@dataclass(frozen=True)
class _Expr:
    text: str
    prec: int
    shape: Shape

    def at(self, prec: int) -> str:
        """The text as an operand of an operator of precedence `prec`."""
        return self.text if self.prec >= prec else f"({self.text})"


@dataclass
class Argument:
    """One argument of a generated function."""

    name: str  # Python identifier
    symbol: Symbol
    shape: Shape
    default: str | None = None  # code of the default value, None when required
    computes: Function | None = None  # a defined quantity: what computes it when not given
    integer: bool = False  # a sum's bound
    # An operation the paper names but defines by no equation (a learned map `v(x)`, "R is an
    # elementwise nonlinearity"): the caller passes it. `shape` is its value's, as the paper
    # states it; () when unstated, and then it keeps its argument's shape.
    operation: bool = False
    network: bool = False  # an operation that is a learned network (`\\mathrm{MLP}(x)`)

    @property
    def role(self) -> str:
        if self.operation:
            return "function"
        role = self.symbol.role
        return "input" if role in {Role.DEFINED, Role.FUNCTION} else str(role)


@dataclass
class Function:
    """One compiled defining equation."""

    anchor: str
    latex: str
    name: str  # the Python function's name
    defines: str  # the tree name of the quantity it defines
    arguments: list[Argument]
    lines: list[tuple[str, str]]  # (statement, shape comment), in the equation's order
    shape: Shape
    module: str | None = None  # the nn.Module class holding its learnable parameters
    # The tree names of the left side's arguments, `x_t, x_0` of `q(x_t | x_0) =`: what a call
    # `q(m_t | x)` in another equation binds (the function's other arguments it passes on).
    formals: list[str] = field(default_factory=list)
    tree: Node | None = field(default=None, repr=False)  # the equation, for the shape check
    # the recurrences the prose states that the equation applies (`T_k(x)`), for the check
    recurrences: tuple[Recurrence, ...] = ()

    @property
    def callable(self) -> str:
        return f"{MODULE}:{self.name}"

    @property
    def parameters(self) -> list[Argument]:
        return [a for a in self.arguments if a.symbol.role is Role.PARAMETER]


@dataclass
class Compiled:
    """Every equation asked for: the functions, and the index entries (compiled or not)."""

    functions: list[Function] = field(default_factory=list)
    entries: list[EquationEntry] = field(default_factory=list)
    by_quantity: dict[str, Function] = field(default_factory=dict, repr=False)
    previous: str | None = None  # the last definition's quantity, for a row that opens with `=`

    def add(
        self, anchor: str, latex: str, tree: Node, table: SymbolTable, ops: Ops = TORCH
    ) -> Function:
        """Compile one equation's tree after those added before it, whose functions it may
        call (`q(m_t | x)`) or take the quantities of; raises `NotCompilable` naming what
        stops it."""
        try:
            function = self._function(anchor, latex, tree, table, ops)
        except NotCompilable as failed:
            # Operands that do not broadcast, one of them shaped by notation alone: again with
            # the shapes the prose states for their siblings (`x_t - x_0` with `x_0` stated).
            siblings = _sibling_shapes(tree, table)
            if not siblings:
                raise
            try:
                function = self._function(anchor, latex, tree, table, ops, siblings)
            except NotCompilable:
                raise failed from None
        taken = {f.name for f in self.functions}
        if function.name in taken:
            function.name = identifier(f"{function.name}_{_number(anchor)}")
        self.functions.append(function)
        self.by_quantity[function.defines] = function
        self.previous = function.defines
        self.entries.append(
            EquationEntry(
                anchor=anchor,
                latex=latex,
                status="implemented",
                callable=function.callable,
                params=[_param(a) for a in function.arguments],
            )
        )
        return function

    def _function(
        self,
        anchor: str,
        latex: str,
        tree: Node,
        table: SymbolTable,
        ops: Ops,
        siblings: dict[str, Shape] | None = None,
    ) -> Function:
        compiler = _Compiler(table, ops, self.by_quantity, siblings)
        function = compiler.function(anchor, latex, tree, self.previous)
        _check_shapes(function, function.tree or tree, self.by_quantity)
        return function


def shape_text(shape: Shape) -> str:
    return "(" + ", ".join(shape) + ("," if len(shape) == 1 else "") + ")"


def compile_equations(
    equations: Iterable[tuple[str, str]], table: SymbolTable, ops: Ops = TORCH
) -> Compiled:
    """Compile each (anchor, LaTeX) in order; an equation may call those compiled before it for
    the quantities they define. What does not compile is listed with the construct that
    stopped it."""
    out = Compiled()
    for anchor, latex in equations:
        try:
            tree = parse_equation(latex)
        except UnsupportedConstruct as e:
            out.entries.append(_not_implemented(anchor, latex, f"cannot read {e.construct}"))
            out.previous = None  # a row `&= ...` after it continues a quantity nobody knows
            continue
        except ValueError as e:  # the reader failed on it: not compiled, and said so
            out.entries.append(_not_implemented(anchor, latex, f"cannot read it ({e})"))
            out.previous = None
            continue
        try:
            out.add(anchor, latex, tree, table, ops)
            continue
        except UnsupportedConstruct as e:
            out.entries.append(_not_implemented(anchor, latex, f"cannot read {e.construct}"))
        except NotCompilable as e:
            out.entries.append(_not_implemented(anchor, latex, f"cannot compile {e}"))
        except ValueError as e:  # the reader failed on a part of it
            out.entries.append(_not_implemented(anchor, latex, f"cannot read it ({e})"))
        # A row `&= ...` after it continues this equation's quantity, not an earlier one's.
        out.previous = _quantity(tree, out.previous)
    return out


def _quantity(tree: Node, previous: str | None) -> str | None:
    """The quantity an equation's last row defines (`previous` for a row `&= ...`)."""
    last = tree.rows[-1] if isinstance(tree, System) and tree.rows else tree
    if not isinstance(last, Relation) or last.op not in DEFINITIONS:
        return None
    name = definition_name(last.left)
    return previous if name == PREVIOUS_ROW else name


def compile_tree(
    anchor: str, latex: str, tree: Node, table: SymbolTable, ops: Ops = TORCH
) -> Function:
    """One defining equation's tree as a function, on its own (no other equation's quantities);
    raises `NotCompilable` naming what stops it."""
    function = _Compiler(table, ops, {}).function(anchor, latex, tree, None)
    _check_shapes(function, function.tree or tree, {})
    return function


def dimension_sizes(function: Function) -> dict[str, int]:
    """A distinct small size for each dimension name of `function`'s arguments (distinct, so
    that a product is a matrix product only where the paper's dimensions agree), each above
    a sum's bound in the smoke check. A dimension the paper writes as a number
    (`\\mathbb{R}^{B \\times 1}`) has that size."""
    names = dict.fromkeys(d for a in function.arguments for d in a.shape)
    return {name: _size(name, BOUND_VALUE + 1 + i) for i, name in enumerate(names)}


def _size(name: str, otherwise: int) -> int:
    stated = _integer(name)
    return stated if stated is not None and stated > 0 else otherwise


def example_values(function: Function, seed: int = 0) -> dict[str, Any]:
    """Random NumPy inputs of the stated shapes, by the tree's symbol names, for every
    argument without a value of its own; a quantity another equation defines is given. An
    operation the caller passes is a map to a fixed random value of its stated shape, or,
    unstated, an elementwise map."""
    rng = np.random.default_rng(seed)
    sizes = dimension_sizes(function)
    values: dict[str, Any] = {}
    for a in function.arguments:
        name = a.symbol.name
        if a.operation:
            value = rng.uniform(0.5, 1.5, _sized(a.shape, sizes))
            values[name] = _example_operation(value, stated=a.symbol.shape is not None)
        elif a.integer and name in sizes:  # a bound that sizes an argument: all of it
            values[name] = sizes[name]
        elif a.integer:
            values[name] = int(a.default) if a.default not in {None, "None"} else BOUND_VALUE
        elif a.default not in {None, "None"} and a.symbol.value is not None:
            values[name] = a.symbol.value
        elif a.computes is not None or a.default is None:
            values[name] = _example_array(rng, _sized(a.shape, sizes))
    for r in function.recurrences:
        values[r.name] = Family(r.name, r.index, r.variable, r.step, r.first)
    return values


def _example_array(rng: np.random.Generator, shape: tuple[int, ...]) -> Any:
    """Values in [0.5, 1.5); a square matrix symmetric positive definite instead, so that its
    inverse, determinant and a Gaussian density with it as covariance are defined."""
    value = rng.uniform(0.5, 1.5, size=shape)
    if len(shape) < 2 or shape[-1] != shape[-2]:
        return value
    return value @ np.swapaxes(value, -1, -2) / shape[-1] + np.eye(shape[-1])


def _sized(shape: Shape, sizes: dict[str, int]) -> tuple[int, ...]:
    return tuple(sizes[d] for d in shape)


def _example_operation(value: Any, stated: bool) -> Any:
    """A map to `value` (its values' stated shape: a number when stated as `\\mathbb{R}`), or,
    unstated, an elementwise map."""
    if np.ndim(value) or stated:
        return lambda *_: value
    return lambda first, *_: np.tanh(first)


def _check_shapes(function: Function, tree: Node, defined: dict[str, Function]) -> None:
    """The equation computed by numpy_eval on random inputs of the stated shapes, the functions
    of other equations it calls computed by numpy_eval too: when that fails (the paper's shapes
    disagree) or gives another shape than the code assumes, the code would be wrong, so there
    is none."""
    values = example_values(function)
    try:
        with np.errstate(all="ignore"):  # a NaN where the paper's domain ends is no failure
            result = reference_value(tree, values, defined.values())
    except Exception as e:  # noqa: BLE001 - any failure of the reference is a reason to refuse
        raise NotCompilable(f"on inputs of the stated shapes ({type(e).__name__}: {e})") from e
    finite = np.isfinite(np.asarray(result, dtype=complex))
    if finite.size and not finite.any():
        # No finite value at all (`(i - 1) / (N - 1)` with N = 1): a function that raises
        # ZeroDivisionError or returns only NaN in the smoke check is no implementation.
        raise NotCompilable("on its stated values and the example inputs it has no finite value")
    sizes = dimension_sizes(function)
    # a dimension the code writes as a number (a matrix written out, `(3, 3)`) has that size
    expected = tuple(sizes.get(d, _size(d, -1)) for d in function.shape)
    if np.shape(result) != expected:
        got = np.shape(result)
        raise NotCompilable(f"the shapes: the code assumes {expected}, the equation gives {got}")


def _reference_function(function: Function, values: dict[str, Any], defined: list[Function]) -> Any:
    """numpy_eval's value of `function`'s equation as a callable of its left side's
    arguments, its other symbols taken from `values`."""
    tree = function.tree
    assert tree is not None

    def call(*args: Any) -> Any:
        bound = dict(zip(function.formals, args, strict=True))
        return reference_value(tree, {**values, **bound}, defined)

    return call


def _called(node: object) -> set[str]:
    """The names a tree applies as functions: `f(x)`, `v(x)`, `q(m_t | x)`."""
    found: set[str] = set()
    if isinstance(node, Call | CallOrProduct | Conditional):
        found.add(node.fn)
    for value in vars(node).values() if hasattr(node, "__dict__") else ():
        for child in value if isinstance(value, tuple) else (value,):
            for item in child if isinstance(child, tuple) else (child,):
                found |= _called(item)
    return found


def reference_value(tree: Node, values: dict[str, Any], defined: Iterable[Function] = ()) -> Any:
    """numpy_eval's value of the equation; a system's rows in order, each row's quantity given
    to the next, as the compiled function computes them (it returns the last). The functions
    of `defined` it calls (`q(m_t | x)`) are numpy_eval's values of their equations too."""
    defined = list(defined)
    for name in _sampled(tree):
        # an expectation's variable: the draws along the first axis of its value
        if name in values and not isinstance(values[name], Samples):
            values[name] = Samples(values[name])
    # `\\log u_0 = ...` elsewhere defines "log", but the code computes `\\log` as the logarithm
    # (`Ops.functions` come first), so the reference does too
    called = _called(tree) - BUILTIN
    for other in defined:
        if other.defines in called and other.defines not in values:
            values[other.defines] = _reference_function(other, values, defined)
    if not isinstance(tree, System):
        return evaluate(tree, values)
    result = None
    for row in tree.rows:
        name = definition_name(row.left) if isinstance(row, Relation) else None
        result = evaluate(row, values)
        values[str(name)] = result
    return result


def _number(anchor: str) -> str:
    found = re.findall(r"[0-9]+[a-z]?", anchor.rsplit(",", 1)[-1])
    return "eq" + "_".join(found)


def _not_implemented(anchor: str, latex: str, reason: str) -> EquationEntry:
    return EquationEntry(anchor=anchor, latex=latex, status="not_implemented", reason=reason)


def _param(argument: Argument) -> EquationParam:
    symbol = argument.symbol
    value = symbol.value if symbol.role in {Role.HYPERPARAMETER, Role.CONSTANT} else None
    return EquationParam(
        name=argument.name,
        symbol=symbol_latex(symbol.name),
        role=argument.role,
        shape=shape_text(argument.shape) if argument.shape else None,
        value=value,
    )


def symbol_latex(name: str) -> str:
    """LaTeX that `parse_equation` reads back as the symbol `name` (`lambda_init` is
    `\\lambda_{init}`, `W^Q` is `W^{Q}`): how the index names a parameter's symbol."""
    head, *subscripts = name.split("_")
    base, _, label = head.partition("^")
    greek = base.lower() in _GREEK_LOWER and (base.islower() or base[1:].islower())
    text = f"\\{base}" if greek else base if len(base) == 1 else f"\\mathrm{{{base}}}"
    if label:
        text += f"^{{{label}}}"
    for sub in subscripts:
        text += f"_{{{sub}}}"
    return text


class _Compiler:
    def __init__(
        self,
        table: SymbolTable,
        ops: Ops,
        defined: dict[str, Function],
        siblings: dict[str, Shape] | None = None,
    ) -> None:
        self.table = table
        self.ops = ops
        self.defined = defined
        self.arguments: dict[str, Argument] = {}  # by tree name, in order of first use
        self.locals: dict[str, _Expr] = {}  # quantities earlier rows of a system defined
        self.recurrences: dict[str, Recurrence] = {}  # those of the prose the equation applies
        self.bound: dict[str, str] = {}  # a sum's index variable -> its Python name
        self.outside: set[str] = set()  # names used outside the sums over their subscript
        self.starts: dict[str, str] = {}  # a sum's index variable -> its lower bound's code
        # Names a sum over all their elements indexes (`\\sum_P \\cos \\varphi_P`): vectors over
        # the index, when the paper states no shape for them.
        self.implicit: dict[str, Shape] = {}
        # Shapes the prose gives for a name's siblings, taken by the name (`x_0` from `x_t`)
        self.siblings = siblings or {}
        # Arguments taken only to compute another equation's quantity when the caller does not
        # give it (optional, `None`): the equation's own use of one makes it required.
        self.borrowed: set[str] = set()
        # Symbols that bound a sum (`\\frac{1}{N} \\sum_{i=1}^{N}`): counts, so whole numbers
        # wherever the equation uses them, whatever their letter's default shape
        self.counts: set[str] = set()
        # Variables an expectation is over (`x` of `\\mathbb{E}_{x \\sim p}`): their draws
        # along a leading axis
        self.sampled: set[str] = set()
        self.entries: set[str] = set()  # symbols written as a matrix's entries: numbers

    # ---- the function ------------------------------------------------------------------------

    def function(self, anchor: str, latex: str, tree: Node, previous: str | None) -> Function:
        tree = per_entry(tree, self.table.indices)
        rows = tree.rows if isinstance(tree, System) else (tree,)
        self.outside = _outside_sums(tree, frozenset())
        self.implicit = _implicit_vectors(tree)
        self.counts = _sum_bounds(tree)
        lines: list[tuple[str, str]] = []
        defines: str | None = None
        result: _Expr | None = None
        formals: list[str] = []
        for row in map(defining_row, rows):
            if not isinstance(row, Relation) or row.op not in DEFINITIONS:
                raise NotCompilable("an equation that defines nothing (no `=` with a left side)")
            name = definition_name(row.left)
            if name == PREVIOUS_ROW:
                name = defines or previous
            if name is None:
                raise NotCompilable(f"the left side {type(row.left).__name__}: it names nothing")
            for arg in _left_arguments(row.left):
                # `f(x) = ...`: x is the first argument, the function's own variable even
                # where another equation defines a quantity of that name
                self.argument(arg, formal=True)
                formals.append(arg)
            result = self.expr(row.right)
            variable = identifier(name)
            lines.append((f"{variable} = {result.text}", shape_text(result.shape)))
            self.locals[name] = _Expr(variable, _ATOM, result.shape)
            defines = name
        assert defines is not None and result is not None  # a System has at least one row
        function_name = _function_name(defines)
        if function_name == identifier(defines):
            # `y` would be both the function and, in an equation that uses y, its argument
            function_name = identifier(f"{function_name}_{_number(anchor)}")
        lines.append((f"return {identifier(defines)}", ""))
        return Function(
            anchor=anchor,
            latex=latex,
            name=function_name,
            defines=defines,
            arguments=self.signature(),
            lines=lines,
            shape=result.shape,
            module=_class_name(defines) if self.has_parameters() else None,
            formals=list(dict.fromkeys(formals)),
            tree=tree,
            recurrences=tuple(self.recurrences.values()),
        )

    def has_parameters(self) -> bool:
        return any(a.symbol.role is Role.PARAMETER for a in self.arguments.values())

    def signature(self) -> list[Argument]:
        """Required arguments (inputs, parameters, unvalued hyperparameters) first, then those
        with defaults: valued hyperparameters, defined quantities with the arguments of the
        function that computes them."""
        arguments = list(self.arguments.values())
        required = [a for a in arguments if a.default is None]
        optional = [a for a in arguments if a.default is not None]
        return required + optional

    def argument(self, name: str, formal: bool = False) -> _Expr:
        if name in self.arguments:
            a = self.arguments[name]
            if name in self.borrowed:
                # `\Gamma = E[(x_t - \mu)(x_\tau - \mu)]` with `\mu = E[x_\tau]`: x_tau came
                # in as mu's argument, but this equation needs it whether or not mu is given
                self.borrowed.discard(name)
                a.default = _own_default(a.symbol)
            return _Expr(a.name, _ATOM, a.shape)
        symbol = self.table.get(name)
        defined = symbol.role is Role.DEFINED and not formal and name not in self.sampled
        function = self.defined.get(name) if defined else None
        if function is not None:
            return self.computed(name, symbol, function)
        if name in self.counts and not symbol.shape and not formal:
            # `\\frac{1}{T}` beside `\\sum_{t=1}^{T}`: the count the sum runs to
            argument = Argument(identifier(name), symbol, (), _bound_default(symbol), integer=True)
            self.arguments[name] = argument
            return _Expr(argument.name, _ATOM, ())
        shape = symbol.shape
        if shape is None and name in self.entries:
            shape = ()
        if shape is None:
            shape = self.implicit.get(name, self.siblings.get(name, default_shape(symbol)))
        if name in self.sampled:
            shape = (SAMPLES, *shape)
        argument = Argument(identifier(name), symbol, shape, _own_default(symbol))
        self.arguments[name] = argument
        return _Expr(argument.name, _ATOM, shape)

    def computed(self, name: str, symbol: Symbol, function: Function) -> _Expr:
        """A quantity another equation defines: given, or computed from that equation's
        arguments (which this function then takes too, with their defaults)."""
        # `u` of `\\mathbb{E}_{x_t}[\\|u - \\mu_\\theta(x_t)\\|^2]`, computed from x_t: one per draw
        batched = any(inner.symbol.name in self.sampled for inner in function.arguments)
        shape = (SAMPLES, *function.shape) if batched else function.shape
        argument = Argument(identifier(name), symbol, shape, "None", function)
        self.arguments[name] = argument
        for inner in function.arguments:
            if inner.symbol.name not in self.arguments:
                default = inner.default or "None"
                drawn = inner.symbol.name in self.sampled
                # an operation it takes (`v_\\theta` of `x_t = x_s + v_\\theta(t - s)`) stays one
                self.arguments[inner.symbol.name] = Argument(
                    inner.name, inner.symbol, (SAMPLES, *inner.shape) if drawn else inner.shape,
                    default, inner.computes, inner.integer, inner.operation, inner.network,
                )  # fmt: skip
                if inner.computes is None and not inner.integer:
                    self.borrowed.add(inner.symbol.name)
        return _Expr(argument.name, _ATOM, shape)

    # ---- expressions ---------------------------------------------------------------------------

    def expr(self, node: Node) -> _Expr:
        match node:
            case Num(value):
                return _Expr(repr(_number_value(value)), _ATOM, ())
            case Sym(name):
                return self.symbol(name)
            case Neg(arg):
                inner = self.expr(arg)
                return _Expr(f"-{inner.at(_UNARY)}", _UNARY, inner.shape)
            case Transpose(arg):
                inner = self.expr(arg)
                if len(inner.shape) < 2:
                    return inner  # a vector's transpose is itself: the product decides
                shape = (*inner.shape[:-2], inner.shape[-1], inner.shape[-2])
                return _Expr(self.ops.transpose.format(inner.at(_ATOM)), _ATOM, shape)
            case BinOp("^", CallOrProduct(fn, arg), power) if not self.applies(fn, arg):
                # `Q (U + \lambda I)^{-1}`: a product, whose power binds to the bracket alone
                inner = self.binary("^", self.expr(arg), self.expr(power))
                return self.binary("dot", self.symbol(fn), inner)
            case BinOp("^", Norm() | Call("abs") as base, power):
                # `\\|x - y\\|^2`: numbers, one per row of a batch; numpy_eval's rule
                return self.binary("^", self.expr(base), self.expr(power), elementwise=True)
            case BinOp(op, left, right):
                return self.binary(op, self.expr(left), self.expr(right))
            case Call(fn, args):
                return self.call(fn, [self.expr(a) for a in args])
            case CallOrProduct(fn, arg) if self.recurrence(fn) is not None:
                return self.term(self.recurrence(fn), fn, self.expr(arg))
            case CallOrProduct(fn, arg):
                # `v(x)`: a call of an equation the paper defines, or of an operation the prose
                # names; else the product v x
                if self.applies(fn, arg):
                    return self.call(fn, [self.expr(arg)])
                return self.binary("dot", self.symbol(fn), self.expr(arg))
            case Conditional(fn, args, given):
                # `q(m_t | x)`: the density q of m_t given x, q's arguments in that order
                return self.call(fn, [self.expr(a) for a in (*args, *given)])
            case Distribution("N", at, (mean, covariance)) if at is not None:
                return self.gaussian(self.expr(at), self.expr(mean), self.expr(covariance))
            case Norm(arg, Sym("F")):
                # `\\|A\\|_F`: the Frobenius norm, over the matrix's last two axes
                inner = self.expr(arg)
                if len(inner.shape) < 2:
                    raise NotCompilable("a Frobenius norm of what is not a matrix")
                return _Expr(self.ops.frobenius.format(inner.text), _ATOM, inner.shape[:-2])
            case Inner(left, right):
                # `\\langle a, b \\rangle`: the sum of the elementwise products, over the last axis
                a, b = self.expr(left), self.expr(right)
                product = f"({a.at(_PRODUCT)} * {b.at(_PRODUCT + 1)})"
                shape = _broadcast(a.shape, b.shape)
                return _Expr(self.ops.sum_last.format(product), _ATOM, shape[:-1])
            case Norm(arg, p):
                inner = self.expr(arg)
                order = "2" if p is None else self.expr(p).text
                return _Expr(self.ops.norm.format(inner.text, order), _ATOM, inner.shape[:-1])
            case Reduce(kind, var, lo, hi, body):
                return self.reduce(kind, var, lo, hi, body)
            case ReduceOver(kind, var, None, None, body) if kind in {"sum", "prod"}:
                return self.reduce_all(kind, var, body)
            case Imaginary():
                return _Expr("1j", _ATOM, ())
            case Expectation(over, body):
                return self.expectation(over, body)
            case Matrix(rows):
                return self.matrix(rows)
            case Cases(rows):
                return self.cases(rows)
            case Relation(op, left, right) if op in _COMPARE:
                a, b = self.expr(left), self.expr(right)
                text = f"{a.at(_SUM)} {_COMPARE[op]} {b.at(_SUM)}"
                return _Expr(text, _COMPARISON, _broadcast(a.shape, b.shape))
        raise NotCompilable(_construct(node))

    def expectation(self, over: Node | None, body: Node) -> _Expr:
        """`\\mathbb{E}_{x \\sim p}[f(x)]`: the mean of the body over the draws of x, which the
        caller passes along x's first axis (numpy_eval's `Samples`); nested expectations are
        one, over draws of all their variables together, as a batch draws them."""
        variables: set[str] = set()
        while True:
            if over is None:
                raise NotCompilable("an expectation whose variables the paper leaves implicit")
            variables |= expectation_variables(over)
            if not isinstance(body, Expectation):
                break
            over, body = body.over, body.body
        if not variables:
            raise NotCompilable("an expectation over no variable the reader can name")
        for name in variables:
            if name in self.arguments and name not in self.sampled:
                raise NotCompilable(f"{name}, both a value and a variable an expectation is over")
        self.sampled |= variables
        inner = self.expr(body)
        if not inner.shape or inner.shape[0] != SAMPLES:
            raise NotCompilable("an expectation whose body does not depend on its variables")
        return _Expr(self.ops.mean_first.format(inner.at(_ATOM)), _ATOM, inner.shape[1:])

    def matrix(self, rows: tuple[tuple[Node, ...], ...]) -> _Expr:
        """A matrix written entry by entry (`\\begin{pmatrix} 0 & -c_3 \\\\ c_3 & 0
        \\end{pmatrix}`): its numbers stacked, row by row; one of blocks or vectors (its size a
        sum of the paper's dimensions) does not compile."""
        width = len(rows[0])
        if any(len(row) != width for row in rows):
            raise NotCompilable("a matrix whose rows have different lengths")
        # an entry written as a lowercase letter (`c_3`, `\\alpha`) is a number, whatever its
        # letter's default shape; a capital (`I_d`) or a bold `\\mathbf{0}` is a block
        self.entries |= {
            e.name for row in rows for entry in row for e in (entry, getattr(entry, "arg", None))
            if isinstance(e, Sym) and e.name[:1].islower()
        }  # fmt: skip
        entries = [[self.expr(entry) for entry in row] for row in rows]
        if any(e.shape for row in entries for e in row):
            raise NotCompilable("a matrix of blocks or vectors")
        spelled = [", ".join(self.ops.as_array.format(e.text) for e in row) for row in entries]
        text = self.ops.stack.format(", ".join(self.ops.stack.format(r) for r in spelled))
        return _Expr(text, _ATOM, (str(len(rows)), str(width)))

    def recurrence(self, fn: str) -> Recurrence | None:
        """The recurrence the prose states for `T_k` of `T_k(x)`, when k is a sum's index."""
        base, _, index = fn.rpartition("_")
        found = self.table.recurrences.get(base)
        return found if found is not None and index in self.bound else None

    def term(self, recurrence: Recurrence, fn: str, arg: _Expr) -> _Expr:
        """`T_k(x)`: the k-th term of the recurrence, computed from its first terms by a
        `functools.reduce` over the steps, each step's earlier terms the tuple `t`."""
        back = len(recurrence.first)
        saved = dict(self.locals)
        self.locals[recurrence.variable] = arg
        try:
            first = [self._first_term(self.expr(f), arg) for f in recurrence.first]
            for j in range(1, back + 1):
                self.locals[f"{recurrence.name}_{recurrence.index}-{j}"] = _Expr(
                    f"t[{back - j}]", _ATOM, arg.shape
                )
            step = _earlier_as_names(recurrence.step, recurrence)
            square = len(arg.shape) >= 2 and arg.shape[-1] == arg.shape[-2]
            step = self.expr(step if square else entrywise(step))
        finally:
            self.locals = saved
        self.recurrences[recurrence.name] = recurrence
        k = self.bound[fn.rpartition("_")[2]]
        terms = ", ".join(f.text for f in first) + ("," if back == 1 else "")
        text = f"functools.reduce(lambda t, _: (*t[1:], {step.text}), range({k}), ({terms}))[0]"
        return _Expr(text, _ATOM, arg.shape)

    def _first_term(self, value: _Expr, arg: _Expr) -> _Expr:
        """A number as the first term of maps of a square matrix is that multiple of the
        identity (the matrix to the power 0), as in a matrix polynomial."""
        square = len(arg.shape) >= 2 and arg.shape[-1] == arg.shape[-2]
        if value.shape or not square:
            return value
        identity = self.ops.matrix_power.format(arg.text, 0)
        return _Expr(f"{value.at(_PRODUCT)} * {identity}", _PRODUCT, arg.shape)

    def applies(self, fn: str, arg: Node | None = None) -> bool:
        """Whether `fn(x)` is an application: of an equation the paper defines, or of an
        operation the prose names (else it is the product fn x)."""
        taken = self.arguments.get(fn)
        if taken is not None and not taken.operation:
            return (
                False  # `F(x, v_\\theta) = x + v_\\theta (t_j - t_i)`: a value, whatever its name
            )
        symbol = self.table.get(fn)
        defined = fn in self.defined and symbol.role in {Role.DEFINED, Role.FUNCTION}
        return defined or symbol.role is Role.FUNCTION or _network(fn, symbol, arg)

    def symbol(self, name: str) -> _Expr:
        if name in self.bound:
            return _Expr(self.bound[name], _ATOM, ())
        if name in self.locals:
            return self.locals[name]
        base, _, index = name.rpartition("_")
        indexed = base and index in self.bound and name not in self.outside
        if indexed:  # `x_i` inside a sum over i, and nowhere outside it: element i of x,
            # counted from the sum's lower bound (numpy_eval's rule)
            vector = self.symbol(base)
            if not vector.shape:
                raise NotCompilable(f"{name}: an element of {base}, which is a scalar")
            var, start = self.bound[index], self.starts[index]
            position = var if start == "0" else f"{var} - {start}"
            return _Expr(f"{vector.at(_ATOM)}[{position}]", _ATOM, vector.shape[1:])
        symbol = self.table.get(name)
        if symbol.role is Role.CONSTANT and name in self.ops.constant:
            return _Expr(self.ops.constant[name], _ATOM, ())
        if symbol.role is Role.FUNCTION:
            raise NotCompilable(f"{name}, an operation the paper names but does not define")
        head = re.split(r"[_^']", name)[0]
        if symbol.role is Role.INPUT and not symbol.description and _word(head):
            # `\mathrm{mean}(X)` reads as the product mean X: a name like this is an operation
            raise NotCompilable(f"{name}, a name the paper does not define (an operation?)")
        return self.argument(name)

    def binary(self, op: str, left: _Expr, right: _Expr, elementwise: bool = False) -> _Expr:
        """`left op right`; `elementwise`: a power of numbers, never a matrix power (a norm's)."""
        shape = _broadcast(left.shape, right.shape)
        if op in {"+", "-"}:
            text = f"{left.at(_SUM)} {op} {right.at(_SUM + (op == '-'))}"
            return _Expr(text, _SUM, shape)
        if op == ENTRYWISE:  # factors of one entry (per_entry): of their entries if alike
            op = "*" if left.shape == right.shape else "dot"
        if op == "dot" and _chained(left.shape, right.shape):
            text = self.ops.matmul.format(left.at(_PRODUCT), right.at(_PRODUCT + 1))
            return _Expr(text, _PRODUCT, _matmul_shape(left.shape, right.shape))
        if op in {"*", "dot", "/"}:
            sign = "/" if op == "/" else "*"
            return _Expr(f"{left.at(_PRODUCT)} {sign} {right.at(_PRODUCT + 1)}", _PRODUCT, shape)
        if op == "^":
            power = _integer(right.text)
            # a sum's index is an integer on every term: `\\Lambda^k` is a matrix power too
            integer = power is not None or right.text in self.bound.values()
            numbers = elementwise or len(left.shape) < 2
            if not numbers and not right.shape and integer:
                exponent = right.text if power is None else power
                text = self.ops.matrix_power.format(left.text, exponent)
                return _Expr(text, _ATOM, left.shape)
            return _Expr(f"{left.at(_POWER + 1)} ** {right.at(_POWER)}", _POWER, shape)
        raise NotCompilable(f"the operator {op!r}")

    def call(self, fn: str, args: list[_Expr]) -> _Expr:
        symbol = self.table.get(fn)
        name = symbol.function if symbol.role is Role.FUNCTION and symbol.function else fn
        if name in self.ops.functions:
            spelled = [self.ops.as_array.format(a.text) if not a.shape else a.text for a in args]
            if name in _ELEMENTWISE and len(args) == 1:
                return _Expr(self.ops.functions[name].format(*spelled), _ATOM, args[0].shape)
            if name in _BINARY and len(args) == 2:
                shape = _broadcast(args[0].shape, args[1].shape)
                return _Expr(self.ops.functions[name].format(*spelled), _ATOM, shape)
            if name == "diag" and len(args) == 1 and len(args[0].shape) in {1, 2}:
                shape = args[0].shape * 2 if len(args[0].shape) == 1 else args[0].shape[:1]
                return _Expr(self.ops.functions[name].format(*spelled), _ATOM, shape)
            if name == "det" and len(args) == 1 and len(args[0].shape) >= 2:
                shape = args[0].shape[:-2]
                return _Expr(self.ops.functions[name].format(*spelled), _ATOM, shape)
            raise NotCompilable(f"{name} with {len(args)} argument(s) of these shapes")
        function = self.defined.get(fn)
        if function is not None and function.formals and len(function.formals) == len(args):
            return self.call_defined(function, args)
        if function is not None and len(function.arguments) == len(args):
            call = f"{function.name}({', '.join(a.text for a in args)})"
            return _Expr(call, _ATOM, function.shape)
        if (
            function is None
            and symbol.role is Role.FUNCTION
            and not _word(re.split(r"[_^']", fn)[0])
        ):
            # a map written as a letter (`v(x)`, `R(z)`); an operation named by a word
            # (`Attention`, `MLP`) is the engine library's to build
            return self.operation(fn, symbol, args)
        if function is None and _network(fn, symbol):
            # `\mathrm{MLP}(x)`: a learned network the caller builds and passes (an nn.Module)
            return self.operation(fn, symbol, args, network=True)
        raise NotCompilable(f"the function {fn!r}, which the paper does not define")

    def call_defined(self, function: Function, args: list[_Expr]) -> _Expr:
        """A call of another equation's function: the call's arguments bind its left side's,
        its other arguments (`gamma_t` of `q(x_t | x_0) = N(x_t; gamma_t x_0, ...)`) are this
        function's too and are passed on. Leading dimensions the arguments have beyond the
        formal ones (a batch) lead the result."""
        by_symbol = {a.symbol.name: a for a in function.arguments}
        keywords: list[str] = []
        batch: list[Shape] = []
        for formal, arg in zip(function.formals, args, strict=True):
            inner = by_symbol[formal]
            keywords.append(f"{inner.name}={arg.text}")
            extra = len(arg.shape) - len(inner.shape)
            batch.append(arg.shape[:extra] if extra > 0 else ())
        for inner in function.arguments:
            if inner.symbol.name in function.formals:
                continue
            passed = self.arguments.get(inner.symbol.name)
            if passed is None:
                passed = Argument(
                    inner.name, inner.symbol, inner.shape, inner.default, inner.computes,
                    inner.integer, inner.operation, inner.network,
                )  # fmt: skip
                self.arguments[inner.symbol.name] = passed
            keywords.append(f"{inner.name}={passed.name}")
        call = f"{function.name}({', '.join(keywords)})"
        return _Expr(call, _ATOM, _broadcast(function.shape, *batch))

    def operation(self, fn: str, symbol: Symbol, args: list[_Expr], network: bool = False) -> _Expr:
        """An operation the paper names and defines by no equation: an argument the caller
        passes (a callable), its value of the stated shape or, unstated, its argument's."""
        argument = self.arguments.get(fn)
        if argument is None:
            shape = symbol.shape or ()
            argument = Argument(identifier(fn), symbol, shape, operation=True, network=network)
            self.arguments[fn] = argument
        if not argument.operation:
            raise NotCompilable(f"{fn}, both a value and a function")
        shape = argument.shape if symbol.shape is not None or not args else args[0].shape
        return _Expr(f"{argument.name}({', '.join(a.text for a in args)})", _ATOM, shape)

    def gaussian(self, at: _Expr, mean: _Expr, covariance: _Expr) -> _Expr:
        """The density of N(mean, covariance) at `at`, over the last axis (numpy_eval's
        `_gaussian`): a matrix covariance, a vector one (diagonal) or a scalar (isotropic)."""
        ops = self.ops.functions
        diff = self.binary("-", at, mean)
        d = f"{diff.at(_ATOM)}.shape[-1]"
        cov = covariance
        if len(cov.shape) >= 2:
            inverse = self.ops.matrix_power.format(cov.text, -1)
            row, column = f"{diff.at(_ATOM)}[..., None, :]", f"{diff.at(_ATOM)}[..., :, None]"
            mahalanobis = f"({row} @ {inverse} @ {column})[..., 0, 0]"
            volume = f"(2 * math.pi) ** {d} * {ops['det'].format(cov.text)}"
            shape = _broadcast(diff.shape[:-1], cov.shape[:-2])
        elif cov.shape:
            squares = f"{diff.at(_POWER + 1)} ** 2 / {cov.at(_PRODUCT + 1)}"
            mahalanobis = self.ops.sum_last.format(f"({squares})")
            volume = f"(2 * math.pi) ** {d} * {self.ops.prod_last.format(cov.at(_ATOM))}"
            shape = _broadcast(diff.shape[:-1], cov.shape[:-1])
        else:
            squares = self.ops.sum_last.format(f"({diff.at(_POWER + 1)} ** 2)")
            mahalanobis = f"{squares} / {cov.at(_PRODUCT + 1)}"
            volume = f"(2 * math.pi * {cov.at(_PRODUCT)}) ** {d}"
            shape = diff.shape[:-1]
        density = f"{ops['exp'].format(f'-0.5 * {mahalanobis}')} / {ops['sqrt'].format(volume)}"
        return _Expr(density, _PRODUCT, shape)

    def reduce(self, kind: str, var: str, lo: Node, hi: Node, body: Node) -> _Expr:
        start, stop = self.bound_of(lo), self.bound_of(hi)
        if isinstance(lo, Num) and isinstance(hi, Num):
            start, stop = sorted((start, stop), key=int)
        elif not isinstance(lo, Num):
            # `\sum_{i=N}^{1}` runs downwards: the same terms, counted from the smaller bound
            start, stop = f"min({start}, {stop})", f"max({start}, {stop})"
        python_var, inner = self.summand(var, start, body)
        total = "sum" if kind == "sum" else "math.prod"
        text = f"{total}({inner.text} for {python_var} in range({start}, {stop} + 1))"
        return _Expr(text, _ATOM, inner.shape)

    def reduce_all(self, kind: str, var: str, body: Node) -> _Expr:
        """`\\sum_P (1 - \\cos\\varphi_P)`: over every element of the vector the body indexes
        by the index (numpy_eval's implicit range)."""
        bases = sorted({b for b, index in indexed(body) if index == var and b not in self.bound})
        if not bases:
            raise NotCompilable(f"a {kind} over {var} whose range the paper leaves implicit")
        vector = self.symbol(bases[0])
        if not vector.shape:
            raise NotCompilable(f"a {kind} over the elements of {bases[0]}, which is a scalar")
        python_var, inner = self.summand(var, "0", body)
        total = "sum" if kind == "sum" else "math.prod"
        text = f"{total}({inner.text} for {python_var} in range(len({vector.text})))"
        return _Expr(text, _ATOM, inner.shape)

    def summand(self, var: str, start: str, body: Node) -> tuple[str, _Expr]:
        """The body of a sum over `var` (counted from `start`), and the Python name of `var`."""
        python_var = identifier(var)
        outer = self.bound.get(var), self.starts.get(var)
        self.bound[var], self.starts[var] = python_var, start
        try:
            return python_var, self.expr(body)
        finally:
            if outer[0] is None:
                del self.bound[var], self.starts[var]
            else:
                self.bound[var], self.starts[var] = outer  # type: ignore[assignment]

    def bound_of(self, node: Node) -> str:
        """A sum's bound as a Python int: a literal, `int(n)` of a scalar argument, an outer
        sum's index (`\\sum_{j=1}^{i}`), or sums, differences and products of those
        (`R - 1`, `2N`)."""
        if isinstance(node, Num):
            return str(int(node.value))
        if isinstance(node, Sym) and node.name in self.bound:
            return self.bound[node.name]  # the index of a sum around this one
        if isinstance(node, BinOp) and node.op in _BOUND_OPERATORS:
            left, right = self.bound_of(node.left), self.bound_of(node.right)
            return f"({left} {_BOUND_OPERATORS[node.op]} {right})"
        if isinstance(node, Neg):
            return f"(-{self.bound_of(node.arg)})"
        if isinstance(node, Sym) and node.name not in self.bound:
            name = node.name
            if name not in self.arguments:
                symbol = self.table.get(name)
                default = _bound_default(symbol)
                argument = Argument(identifier(name), symbol, (), default, integer=True)
                self.arguments[name] = argument
            if self.arguments[name].shape:
                raise NotCompilable(f"the sum bound {name}, which is also an array")
            return f"int({self.arguments[name].name})"
        raise NotCompilable("a sum bound that is not a number or a symbol")

    def cases(self, rows: tuple[tuple[Node, Node | None], ...]) -> _Expr:
        values = [(self.expr(v), None if c is None else self.expr(c)) for v, c in rows]
        if values[-1][1] is None:
            rest, others = values[-1][0], values[:-1]
        else:
            rest, others = _Expr("0.0", _ATOM, ()), values
        for value, condition in reversed(others):
            if condition is None:
                raise NotCompilable("an `otherwise` row before the last case")
            text = self.ops.where.format(condition.text, value.text, rest.text)
            rest = _Expr(text, _ATOM, _broadcast(condition.shape, value.shape, rest.shape))
        return rest


def _outside_sums(node: object, bound: frozenset[str]) -> set[str]:
    """Symbol names used where no enclosing sum binds their last subscript: numpy_eval takes
    such a name's own value even inside a sum (`\\exp a_k / \\sum_k \\exp a_k`)."""
    if isinstance(node, Sym):
        return set() if node.name.rpartition("_")[2] in bound else {node.name}
    if isinstance(node, Reduce):
        inner = bound | {node.var}
        return (
            _outside_sums(node.lo, bound)
            | _outside_sums(node.hi, bound)
            | _outside_sums(node.body, inner)
        )
    if isinstance(node, ReduceOver) and node.over is None:
        return _outside_sums(node.body, bound | {node.var})
    found: set[str] = set()
    for value in vars(node).values() if hasattr(node, "__dict__") else ():
        for child in value if isinstance(value, tuple) else (value,):
            for item in child if isinstance(child, tuple) else (child,):
                found |= _outside_sums(item, bound)
    return found


def _nodes(node: object) -> Iterator[object]:
    """Every node of a tree, the tree first."""
    yield node
    for value in vars(node).values() if hasattr(node, "__dict__") else ():
        for child in value if isinstance(value, tuple) else (value,):
            for item in child if isinstance(child, tuple) else (child,):
                yield from _nodes(item)


def _sampled(tree: Node) -> set[str]:
    """The variables the tree's expectations are over."""
    return {
        name
        for node in _nodes(tree)
        if isinstance(node, Expectation) and node.over is not None
        for name in expectation_variables(node.over)
    }


def _sum_bounds(tree: Node) -> set[str]:
    """The symbols a sum's or product's bounds use (`N` of `\\sum_{i=1}^{N}`, of `2N - 1`)."""
    return {
        name
        for node in _nodes(tree)
        if isinstance(node, Reduce)
        for name in (*names(node.lo), *names(node.hi))
    }


def _implicit_vectors(tree: Node) -> dict[str, Shape]:
    """The names a sum over an implicit range indexes (`\\varphi` of `\\sum_P \\cos
    \\varphi_P`), each a vector over a dimension named after the index."""
    found: dict[str, Shape] = {}
    for node in _nodes(tree):
        if isinstance(node, ReduceOver) and node.over is None:
            for base, index in indexed(node.body):
                if index == node.var:
                    found.setdefault(base, (node.var.upper(),))
    return found


def _sibling_shapes(tree: Node, table: SymbolTable) -> dict[str, Shape]:
    """Shapes for the names of an equation the prose gives none, from the one shape it states
    for their siblings: `x_t`, `x_0` and `x_{t-1}` take the shape stated for `x` or for `x_t`
    (the same quantity at another step, or of another component), the siblings in the equation
    first. A name subscripted by a sum's index is an element of a vector, not a sibling; a
    superscript makes another quantity (`W^Q`, `W^O`)."""
    used = set(names(tree))
    summed = sum_indices(tree)
    found = {}
    for name in used:
        if table.get(name).shape is not None or summed & set(subscripts(name)):
            continue
        base = name.split("_")[0]
        stated = {
            other: symbol.shape
            for other, symbol in table.symbols.items()
            if other.split("_")[0] == base
            and symbol.shape is not None
            and symbol.role in _SIBLING_ROLES
        }
        for candidates in ({n: s for n, s in stated.items() if n in used}, stated):
            shapes = set(candidates.values())
            if len(shapes) == 1:
                found[name] = shapes.pop()
                break
    return found


# The roles whose stated shape a sibling shares: values the function takes or learns (a
# hyperparameter `x_max` says nothing of the vector `x_t`).
_SIBLING_ROLES = {Role.INPUT, Role.PARAMETER}


def _network(fn: str, symbol: Symbol, arg: Node | None = None) -> bool:
    """Whether `fn(x)` applies a learned network the paper does not define: named by a word
    (`\\mathrm{MLP}(x)`, `\\mathrm{Attention}(Q, K, V)`, `\\mathrm{Enc}(x)`, or a name the prose
    calls a network), or by its parameters (`\\epsilon_\\theta(x_t, t)`)."""
    if _PARAMETERIZED.match(fn) and (arg is None or isinstance(arg, Sym)):
        # `\\mu_\\theta(x_t)`; but `v_\\theta (t - s)`, with one bracket of arithmetic after
        # it, is a product (`arg`: what `fn(...)` holds, when one bracket could be either)
        return True
    head = re.split(r"[_^']", fn)[0]
    if not _word(head):
        return False
    return bool(NETWORK.fullmatch(head)) or bool(_NETWORK_WORDS.search(symbol.description))


# `\\epsilon_\\theta(x_t, t)`, `\\mu_{\\theta}^{num}(x)`, `q_\\phi(z | x)`: a map subscripted by the
# parameters' letter is the model, learned, whatever letter it is written with.
_PARAMETERIZED = re.compile(r"^[^_^]+_(?:theta|vartheta|phi|varphi|psi)(?:$|[\^_'*])")


def _word(head: str) -> bool:
    """A name of several Latin letters (`mean`, `MLP`), neither Greek nor an accent's prefix."""
    accents = set(ACCENTS.values())  # `bar_x`, `check_mu`: the prefix the reader gives
    return len(head) > 1 and head.isalpha() and head.lower() not in _GREEK_LOWER | accents


def _left_arguments(left: Node) -> list[str]:
    match left:
        case Call(_, args):
            return [a.name for a in args if isinstance(a, Sym)]
        case CallOrProduct(_, Sym(name)):
            return [name]
        case Conditional(_, args, given):
            return [a.name for a in (*args, *given) if isinstance(a, Sym)]
    return []


def per_entry(tree: Node, indices: set[str]) -> Node:
    """The equation as its index notation means it. A superscript the prose states is an index
    (`\\hat{h}^{\\mu}_i` with "$\\mu \\in [1, m]$ denotes an example"), outside a sum over it,
    labels its base: it is no power. A definition whose left side carries a free index
    (`\\langle j_i \\rangle = \\hat{h}_i \\sigma(\\beta_i \\hat{h}_i)`) is one per entry: a product
    of two factors that both carry that index and have one shape is of their entries (not a
    matrix product, unless a transpose says so; `W_t x_t` stays one)."""
    if isinstance(tree, System):
        return System(tuple(per_entry(row, indices) for row in tree.rows))
    tree = _labels(tree, indices, frozenset())
    row = defining_row(tree)  # a chain `a = b = c` defines a
    if not isinstance(row, Relation) or row.op not in DEFINITIONS:
        return tree
    left = row.left.body if isinstance(row.left, Expectation) else row.left
    free = set(subscripts(left.name)) if isinstance(left, Sym) else set()
    return _entries(tree, free) if free else tree


def _labels(node: Any, indices: set[str], bound: frozenset[str]) -> Any:
    label = isinstance(node, BinOp) and node.op == "^" and isinstance(node.right, Sym)
    if label and node.right.name in indices and node.right.name not in bound:
        return _labels(node.left, indices, bound)
    if isinstance(node, Reduce | ReduceOver):
        bound = bound | {node.var}
    if isinstance(node, tuple):
        return tuple(_labels(item, indices, bound) for item in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    fields = dataclasses.fields(node)
    return dataclasses.replace(
        node, **{f.name: _labels(getattr(node, f.name), indices, bound) for f in fields}
    )


def _entries(node: Any, free: set[str]) -> Any:
    if isinstance(node, Reduce | ReduceOver) and node.var in free:
        return node  # a sum over the index binds it: its terms are not one entry's
    if isinstance(node, BinOp) and node.op == "dot":
        left, right = _entries(node.left, free), _entries(node.right, free)
        carried = any(uses(left, i) and uses(right, i) for i in free)
        transposed = isinstance(node.left, Transpose) or isinstance(node.right, Transpose)
        return BinOp(ENTRYWISE if carried and not transposed else "dot", left, right)
    if isinstance(node, tuple):
        return tuple(_entries(item, free) for item in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    fields = dataclasses.fields(node)
    return dataclasses.replace(
        node, **{f.name: _entries(getattr(node, f.name), free) for f in fields}
    )


def _earlier_as_names(node: object, recurrence: Recurrence) -> Any:
    """The step of a recurrence with each earlier term's call `T_{k-j}(x)` as the name
    `T_k-j`, which the compiler binds to that term."""
    if isinstance(node, CallOrProduct) and recurrence.earlier(node.fn) is not None:
        return Sym(node.fn)
    return map_children(node, lambda child: _earlier_as_names(child, recurrence))


def _construct(node: Node) -> str:
    if isinstance(node, Relation):
        return f"the relation {node.op!r} inside an expression"
    name = type(node).__name__
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name} node"


def _function_name(defines: str) -> str:
    """`DyT` is `dyt`, `HYLA_q` is `hyla_q`; single letters and mixed names keep their case."""
    name = identifier(defines)
    head = name.split("_")[0]
    return identifier(name.lower()) if len(head) > 1 and head.isalpha() else name


def _class_name(defines: str) -> str:
    """The module's name: the paper's own when it is a capitalised name (`DyT`), else the
    function's name in CamelCase with `Module` after it."""
    name = identifier(defines)
    if name[0].isupper() and len(name.split("_")[0]) > 1:
        return name.replace("_", "")
    return "".join(p[:1].upper() + p[1:] for p in name.split("_")) + "Module"


def default_shape(symbol: Symbol) -> Shape:
    """The shape of a symbol the paper gives none for, by notation: a hyperparameter, constant
    or lowercase Greek letter is a scalar, a capital a matrix, anything else a vector."""
    if symbol.role in {Role.HYPERPARAMETER, Role.CONSTANT}:
        return ()
    head = re.split(r"[_^']", symbol.name)[0]
    if head in _GREEK_LOWER or head in _COUNTS:
        return ()
    if head[:1].isupper():
        return (DEFAULT_DIM, DEFAULT_DIM)
    return (DEFAULT_DIM,)


# The arithmetic a sum's bound may use, by tree operator: juxtaposition (`2N`) is a product.
_BOUND_OPERATORS = {"+": "+", "-": "-", "*": "*", "dot": "*"}


def _own_default(symbol: Symbol) -> str | None:
    """The default of an argument the equation itself uses: a hyperparameter's stated value;
    anything else the caller gives."""
    if symbol.role is Role.HYPERPARAMETER and symbol.value is not None:
        return repr(_number_value(symbol.value))
    return None


def _bound_default(symbol: Symbol) -> str | None:
    if symbol.value is None:
        return None
    if not math.isfinite(symbol.value):
        raise NotCompilable(f"a sum bound of {symbol.value} (an infinite series)")
    return repr(int(symbol.value))


def _number_value(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _integer(text: str) -> int | None:
    try:
        value = float(text.strip("()"))
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def _broadcast(*shapes: Shape) -> Shape:
    """The shape of an elementwise result: the longest operand's (broadcasting aligns the
    others on the right; differing names are taken to agree, as the paper means them to),
    where a dimension of size 1 stretches to the other operand's."""
    out = list(max(shapes, key=len))
    for shape in shapes:
        for i in range(1, len(shape) + 1):
            if out[-i] == "1":
                out[-i] = shape[-i]
    return tuple(out)


def _chained(left: Shape, right: Shape) -> bool:
    """Whether a juxtaposed product is a matrix product (numpy_eval's rule, on names)."""
    if not left or not right:
        return False
    inner = right[-2] if len(right) >= 2 else right[0]
    return left[-1] == inner


def _matmul_shape(left: Shape, right: Shape) -> Shape:
    if len(left) == 1 and len(right) == 1:
        return ()
    if len(left) == 1:
        return (*right[:-2], right[-1])
    if len(right) == 1:
        return left[:-1]
    batch = _broadcast(left[:-2], right[:-2])
    return (*batch, left[-2], right[-1])

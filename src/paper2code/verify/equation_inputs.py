"""Random inputs of an index entry's stated shapes, and the paper's equation computed on them.

Each named dimension (`B`, `T`, `d_k`) gets one size for the whole entry, distinct from the
others so that a transposed or mixed-up axis changes the shape instead of passing unnoticed.
Hyperparameters and constants take their stated `value`; without one, a small integer (it may
bound a sum). The reference is `numpy_eval.evaluate` on the paper's own LaTeX, never on the
index's copy of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from paper2code.equations import UnsupportedConstruct, parse_equation
from paper2code.equations.numpy_eval import UnboundSymbol, evaluate
from paper2code.equations.symbols import definition_name
from paper2code.equations.tree import Call, CallOrProduct, Conditional, Node, Relation, Sym
from paper2code.equations.vocabulary import DEFINITIONS
from paper2code.verify.equation_index import Entry

_FIRST_SIZE = 2
_UNSTATED = 3  # a hyperparameter without a stated value


class NotComputable(ValueError):
    """The math reader cannot compute the equation; the message says which construct."""


@dataclass
class Inputs:
    args: dict[str, Any]  # argument name -> ndarray, float or int, as the callable gets it
    symbols: dict[str, Any]  # the equation's symbol names -> the same values, for the reference


def dimensions(entry: Entry) -> dict[str, int]:
    """Each dimension name of the stated shapes, and its size."""
    sizes: dict[str, int] = {}
    for param in entry.params:
        for dim in _dims(param.shape):
            if not dim.isdigit() and dim not in sizes:
                sizes[dim] = _FIRST_SIZE + len(sizes)
    return sizes


def _dims(shape: str | None) -> list[str]:
    return [d.strip() for d in re.split(r"[,×x]", (shape or "").strip("()[] ")) if d.strip()]


def symbol_name(symbol: str, fallback: str) -> str:
    """The name the math reader gives a symbol's LaTeX (`\\mathbf{x}` is `x`, `\\lambda_{\\text{
    init}}` is `lambda_init`), so that index parameters meet the equation's symbols."""
    try:
        node = parse_equation(symbol)
    except (UnsupportedConstruct, IndexError, ValueError):
        return fallback
    return node.name if isinstance(node, Sym) else fallback


def draw(entry: Entry, rng: np.random.Generator, positive: bool = False) -> Inputs:
    """One draw of every argument: normal noise, or, `positive`, values in [0.5, 1.5]."""
    sizes = dimensions(entry)
    args: dict[str, Any] = {}
    symbols: dict[str, Any] = dict(sizes)  # `\\sqrt{d_k}` with d_k a dimension: its size
    for param in entry.params:
        if param.role == "function":  # a callable the caller passes: no array stands for it
            raise NotComputable(f"{param.name} is an operation the paper does not define")
        dims = _dims(param.shape)
        if dims:
            shape = tuple(int(d) if d.isdigit() else sizes[d] for d in dims)
            value: Any = rng.uniform(0.5, 1.5, shape) if positive else rng.normal(size=shape)
        elif param.value is not None:
            value = int(param.value) if float(param.value).is_integer() else float(param.value)
        elif param.role in {"hyperparameter", "constant"}:
            value = sizes.get(param.name, _UNSTATED)
        else:  # a scalar input or learnable scalar
            value = float(rng.uniform(0.5, 1.5))
        args[param.name] = value
        symbols[symbol_name(param.symbol, param.name)] = value
        symbols.setdefault(param.name, value)
    return Inputs(args, symbols)


@dataclass(frozen=True)
class Definition:
    """A function the paper defines by an equation: `f(x, y) = ...`, `q(x_t | x_0) = ...`."""

    formals: tuple[str, ...]  # the tree names of its left side's arguments
    body: Node  # the right side


def definitions(equations: Iterable[str]) -> dict[str, Definition]:
    """The functions the paper's equations define, by name: an equation that calls one
    (`head_i = Attention(Q W_i^Q, ...)`) is computed with the paper's own definition of it."""
    found: dict[str, Definition] = {}
    for latex in equations:
        try:
            tree = parse_equation(latex)
        except (UnsupportedConstruct, IndexError, ValueError):
            continue
        if not isinstance(tree, Relation) or tree.op not in DEFINITIONS:
            continue
        match tree.left:
            case Call(_, args):
                formals: tuple[Node, ...] = args
            case Conditional(_, args, given):
                formals = (*args, *given)
            case CallOrProduct(_, arg):
                formals = (arg,)
            case _:
                continue
        name = definition_name(tree.left)
        if name and all(isinstance(f, Sym) for f in formals):
            names = tuple(f.name for f in formals if isinstance(f, Sym))
            found.setdefault(name, Definition(names, tree.right))
    return found


def _with_definitions(
    tree: Node, symbols: dict[str, Any], defined: Mapping[str, Definition]
) -> dict[str, Any]:
    """`symbols` and, as callables, the paper's functions other than the one `tree` defines."""
    own = definition_name(tree.left) if isinstance(tree, Relation) else None
    values = dict(symbols)
    for name, definition in defined.items():
        if name != own and name not in values:
            values[name] = _function(definition, values)
    return values


def _function(definition: Definition, values: dict[str, Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        bound = dict(zip(definition.formals, args, strict=True))
        return evaluate(definition.body, {**values, **bound})

    return call


def reference(
    latex: str, symbols: dict[str, Any], defined: Mapping[str, Definition] | None = None
) -> list[np.ndarray]:
    """The equation's value(s) on `symbols`: one array per row of a multi-row system; a
    function of `defined` it calls is computed by its definition."""
    try:
        tree = parse_equation(latex)
    except UnsupportedConstruct as e:
        raise NotComputable(f"the math reader cannot read {e.construct}") from e
    except (IndexError, ValueError) as e:
        raise NotComputable(f"the math reader cannot read it ({e})") from e
    try:
        with np.errstate(all="ignore"):
            value = evaluate(tree, _with_definitions(tree, symbols, defined or {}))
    except UnsupportedConstruct as e:  # read, but not computable alone (an expectation ...)
        raise NotComputable(str(e)) from e
    except UnboundSymbol as e:
        raise NotComputable(f"no index parameter gives {e.args[0]}") from e
    except (TypeError, ValueError, IndexError, KeyError, np.linalg.LinAlgError) as e:
        raise NotComputable(f"it does not evaluate on the stated shapes ({e})") from e
    rows = value if isinstance(value, tuple) else (value,)
    # an equation with the imaginary unit (`e^{i\\theta}`) has complex values: kept whole
    return [np.asarray(r, dtype=complex if np.iscomplexobj(r) else float) for r in rows]

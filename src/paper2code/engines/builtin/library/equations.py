"""`src/equations.py`: the paper's compiled equations (equations/codegen.py) written out through
the engine's templates, so the paper's text (anchors, LaTeX, symbols) reaches the file only in
docstrings and comments; and the smoke-check lines that call each function once."""

from __future__ import annotations

from paper2code import escape
from paper2code.engines.builtin.template import Code, fill
from paper2code.equations.codegen import Argument, Function, shape_text

PATH = "src/equations.py"
RANDOM_OFFSET = 0.5  # random inputs in [0.5, 1.5): log and sqrt of them are defined
BOUND_VALUE = 3  # a sum's upper bound in the smoke check; dimensions are larger (see sizes)

FILE = '''r"""<<title>>

The paper's defining equations, compiled: one pure function per equation, its arguments named
after the paper's symbols, its body the equation's right side with the equation's anchor. The
learnable parameters of an equation live in the nn.Module after its function, which calls it (as
torch.nn.functional and torch.nn do). `.paper2code/equations.json` lists every function, its
arguments' roles and shapes, and the equations that did not compile (README: "Compiled
equations").
"""

from __future__ import annotations

import math

import torch
import torch.nn as nn

Scalar = float | torch.Tensor  # a scalar argument: a Python number or a 0-d tensor
<<functions>>
'''

FUNCTION = '''

def <<name>>(<<signature>>) -> torch.Tensor:
    r"""<<anchor>>: <<latex>>

<<arguments>>
    """
<<body>>
'''

MODULE = '''

class <<name>>(nn.Module):
    r"""<<anchor>> with its learnable parameters; forward calls <<function>>."""

    def __init__(<<init_signature>>) -> None:
        super().__init__()
<<init_body>>

    def forward(<<forward_signature>>) -> torch.Tensor:
        return <<call>>
'''


def equations_file(title: str, functions: list[Function]) -> Code:
    parts = [_function(f) + (_module(f) if f.module else "") for f in functions]
    return fill(FILE, title=title, functions=Code("".join(parts)))


def _annotation(argument: Argument) -> str:
    kind = "Scalar" if not argument.shape else "torch.Tensor"
    if argument.default == "None":
        return f"{kind} | None = None"
    return f"{kind} = {argument.default}" if argument.default is not None else kind


def _function(function: Function) -> str:
    signature = ", ".join(f"{a.name}: {_annotation(a)}" for a in function.arguments)
    body: list[str] = []
    for a in function.arguments:
        if a.computes is not None:
            call = ", ".join(f"{b.name}={b.name}" for b in a.computes.arguments)
            where = escape.comment(a.computes.anchor)
            body += [f"    if {a.name} is None:", f"        {a.name} = {a.computes.name}({call})"]
            body[-1] += f"  # {where}"
    body.append(f"    # {escape.comment(function.anchor)}")
    for statement, shape in function.lines:
        body.append(f"    {statement}" + (f"  # {shape}" if shape else ""))
    return fill(
        FUNCTION,
        name=Code(escape.identifier(function.name)),
        signature=Code(signature),
        anchor=function.anchor,
        latex=function.latex.strip(),
        arguments="\n".join(f"    {_described(a)}" for a in function.arguments),
        body=Code("\n".join(body)),
    )


def _described(argument: Argument) -> str:
    """One docstring line: name, role, the paper's symbol, shape."""
    shape = f", shape {shape_text(argument.shape)}" if argument.shape else ", a scalar"
    role = argument.role
    if argument.computes is not None:
        role = f"defined by {argument.computes.anchor}; computed from its arguments when None"
    return f"{argument.name}: {role} ({argument.symbol.name}){shape}"


def _module(function: Function) -> str:
    parameters = function.parameters
    dims = list(dict.fromkeys(d for p in parameters for d in p.shape))
    others = [a for a in function.arguments if a not in parameters]
    init_body = []
    for p in parameters:
        value = p.symbol.value
        said = "initial value as the paper states it"
        if value is None:
            value, said = 1.0, "[ASSUMPTION] the paper states no initial value: ones"
        shape = _shape_code(p.shape)
        init_body.append(f"        self.{p.name} = nn.Parameter(torch.full({shape}, {value!r}))")
        init_body[-1] += f"  # {said}"
    keywords = [f"{a.name}={a.name}" for a in others] + [
        f"{p.name}=self.{p.name}" for p in parameters
    ]
    return fill(
        MODULE,
        name=Code(escape.identifier(function.module or "")),
        anchor=function.anchor,
        function=function.name,
        init_signature=Code(", ".join(["self", *(f"{escape.identifier(d)}: int" for d in dims)])),
        init_body=Code("\n".join(init_body)),
        forward_signature=Code(
            ", ".join(["self", *(f"{a.name}: {_annotation(a)}" for a in others)])
        ),
        call=Code(f"{function.name}({', '.join(keywords)})"),
    )


def _shape_code(shape: tuple[str, ...]) -> str:
    names = [escape.identifier(d) for d in shape]
    return "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"


def dimension_sizes(functions: list[Function]) -> dict[str, int]:
    """A distinct small size for each dimension name (distinct, so that a product is a matrix
    product only where the paper's dimensions agree), above any sum's bound."""
    names = dict.fromkeys(d for f in functions for a in f.arguments for d in a.shape)
    return {name: BOUND_VALUE + 1 + i for i, name in enumerate(names)}


def example_arguments(function: Function, sizes: dict[str, int]) -> list[tuple[str, str]]:
    """(name, code) of random inputs of their stated shapes for every argument of `function`
    without a value of its own (a defined quantity is computed from its definition's)."""
    args = []
    for a in function.arguments:
        if a.computes is not None or a.default not in {None, "None"}:
            continue
        if a.integer:
            value = str(BOUND_VALUE)
        else:
            dims = ", ".join(str(sizes[d]) for d in a.shape)
            value = f"torch.rand(({dims}{',' if len(a.shape) == 1 else ''})) + {RANDOM_OFFSET}"
        args.append((a.name, value))
    return args


def smoke_lines(functions: list[Function]) -> str:
    """utils.smoke_test lines: each function once, each module once, on random inputs."""
    if not functions:
        return ""
    sizes = dimension_sizes(functions)
    lines = ["", "    from . import equations", ""]
    for f in functions:
        args = example_arguments(f, sizes)
        call = ", ".join(f"{name}={value}" for name, value in args)
        lines.append(f"    equations.{f.name}({call})  # {escape.comment(f.anchor)}")
        if f.module:
            dims = dict.fromkeys(d for p in f.parameters for d in p.shape)
            module = f"equations.{f.module}({', '.join(str(sizes[d]) for d in dims)})"
            parameters = {p.name for p in f.parameters}
            inputs = ", ".join(f"{n}={v}" for n, v in args if n not in parameters)
            lines.append(f"    {module}({inputs})")
    lines.append(f'    print("equations: {len(functions)} compiled functions ran")')
    return "\n".join(lines)

"""`src/equations.py`: the paper's compiled equations (equations/codegen.py) written out through
the engine's templates, so the paper's text (anchors, LaTeX, symbols) reaches the file only in
docstrings and comments; and the smoke-check lines that call each function once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paper2code import escape
from paper2code.analyse.model import Analysis
from paper2code.engines.base import Component, EquationEntry, NotebookCell
from paper2code.engines.builtin.recognise import cite_anchor
from paper2code.engines.builtin.template import Code, fill
from paper2code.equations.codegen import (
    BOUND_VALUE,
    TORCH,
    Argument,
    Function,
    Ops,
    compile_equations,
    dimension_sizes,
    shape_text,
)
from paper2code.equations.scope import added_terms
from paper2code.equations.symbols import build_symbols, defined_quantities
from paper2code.paper.model import Equation, Paper, Section

RANDOM_OFFSET = 0.5  # random inputs in [0.5, 1.5): log and sqrt of them are defined

FILE = '''r"""<<title>>

The paper's defining equations, compiled: one pure function per equation, its arguments named
after the paper's symbols, its body the equation's right side with the equation's anchor. The
learnable parameters of an equation live in the nn.Module after its function, which calls it (as
torch.nn.functional and torch.nn do). `.paper2code/equations.json` lists every function, its
arguments' roles and shapes, and the equations that did not compile (README: "Compiled
equations").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import torch
import torch.nn as nn

Scalar = float | torch.Tensor  # a scalar argument: a Python number or a 0-d tensor
Operation = Callable[..., torch.Tensor]  # an operation the paper names but does not define
<<functions>>
'''

# The NumPy file: functions only, plus a plain class holding an equation's parameters (NumPy
# code is for study: forward passes, no training).
FILE_NUMPY = '''r"""<<title>>

The paper's defining equations, compiled: one pure function per equation, its arguments named
after the paper's symbols, its body the equation's right side with the equation's anchor. The
parameters of an equation (their initial values) live in the class after its function, which
calls it; NumPy code computes forward passes only, it does not train them.
`.paper2code/equations.json` lists every function, its arguments' roles and shapes, and the
equations that did not compile (README: "Compiled equations").
"""

from __future__ import annotations

import functools  # a recurrence the prose states is computed term by term
import math  # the compiled code writes math.pi and math.prod for both frameworks
from collections.abc import Callable

import numpy as np

Scalar = float | np.ndarray  # a scalar argument: a Python number or a 0-d array
Operation = Callable[..., np.ndarray]  # an operation the paper names but does not define


def _softmax(x: np.ndarray) -> np.ndarray:
    """softmax over the last axis (shifted by the maximum: exp cannot overflow)."""
    shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))
<<functions>>
'''

MODULE_NUMPY = '''

class <<name>>:
    r"""<<anchor>> with its parameters (arrays at their initial values); calling it calls
    <<function>>."""

    def __init__(<<init_signature>>) -> None:
<<init_body>>

    def __call__(<<forward_signature>>) -> np.ndarray:
        return <<call>>
'''

# The JAX file: pure jax.numpy functions (jit- and grad-able), and a flax.nnx Module holding an
# equation's learnable parameters as `nnx.Param`s.
FILE_JAX = '''r"""<<title>>

The paper's defining equations, compiled: one pure function per equation (jax.numpy: jit- and
grad-able), its arguments named after the paper's symbols, its body the equation's right side
with the equation's anchor. The learnable parameters of an equation are `nnx.Param`s of the
flax.nnx Module after its function, which calls it. `.paper2code/equations.json` lists every
function, its arguments' roles and shapes, and the equations that did not compile (README:
"Compiled equations").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import jax
import jax.numpy as jnp
from flax import nnx

Scalar = float | jax.Array  # a scalar argument: a Python number or a 0-d array
Operation = Callable[..., jax.Array]  # an operation the paper names but does not define
<<functions>>
'''

MODULE_JAX = '''

class <<name>>(nnx.Module):
    r"""<<anchor>> with its learnable parameters (`nnx.Param`); calling it calls <<function>>."""

    def __init__(<<init_signature>>) -> None:
<<init_body>>

    def __call__(<<forward_signature>>) -> jax.Array:
        return <<call>>
'''

FUNCTION = '''

<<stated>>def <<name>>(<<signature>>) -> <<array>>:
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

# The TensorFlow file: the functions in tf.* operations, and a Keras layer holding an equation's
# learnable parameters as its weights (`add_weight`), whose `call` calls the function.
FILE_TENSORFLOW = '''r"""<<title>>

The paper's defining equations, compiled: one pure function per equation, its arguments named
after the paper's symbols, its body the equation's right side with the equation's anchor. The
learnable parameters of an equation are the weights of the Keras layer after its function, which
calls it. `.paper2code/equations.json` lists every function, its arguments' roles and shapes,
and the equations that did not compile (README: "Compiled equations").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import keras
import tensorflow as tf

Scalar = float | tf.Tensor  # a scalar argument: a Python number or a 0-d tensor
Operation = Callable[..., tf.Tensor]  # an operation the paper names but does not define


def _matmul(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    """a @ b with NumPy's rule for a vector operand (tf.matmul takes matrices only): a row on
    the left, a column on the right, its axis dropped from the result."""
    if len(a.shape) == 1 and len(b.shape) == 1:
        return tf.tensordot(a, b, 1)
    if len(a.shape) == 1:
        return tf.linalg.matvec(b, a, transpose_a=True)  # a B = B^T a
    if len(b.shape) == 1:
        return tf.linalg.matvec(a, b)
    return tf.matmul(a, b)


def _matrix_power(a: tf.Tensor, n: int) -> tf.Tensor:
    """A square matrix to an integer power (TensorFlow has no matrix_power): repeated
    products, of the inverse when n < 0."""
    base = tf.linalg.inv(a) if n < 0 else a
    out = tf.eye(a.shape[-1], batch_shape=a.shape[:-2], dtype=a.dtype)
    for _ in range(abs(n)):
        out = tf.matmul(out, base)
    return out
<<functions>>
'''

MODULE_TENSORFLOW = '''

class <<name>>(keras.layers.Layer):
    r"""<<anchor>> with its learnable parameters (the layer's weights); `call` calls
    <<function>>."""

    def __init__(<<init_signature>>, **kwargs) -> None:
        # float32 as its function, under mixed precision too (Keras casts the inputs to it)
        kwargs.setdefault("dtype", "float32")
        super().__init__(**kwargs)
<<init_body>>

    def call(<<forward_signature>>) -> tf.Tensor:
        return <<call>>
'''

# The equations file and the parameter-holding class of each framework, by `Ops.module`.
_FILES = {"torch": FILE, "numpy": FILE_NUMPY, "jax": FILE_JAX, "tensorflow": FILE_TENSORFLOW}
_MODULES = {
    "torch": MODULE,
    "numpy": MODULE_NUMPY,
    "jax": MODULE_JAX,
    "tensorflow": MODULE_TENSORFLOW,
}

# Sections whose equations are not the method's: the paper's own, or its experiments'.
_NOT_METHOD = re.compile(
    r"introduction|overview|related|background|preliminar|experiment|evaluation|result|"
    r"conclusion|discussion|limitation|abstract",
    re.IGNORECASE,
)
# Prose saying the paper's layer takes the place of layer normalisation.
_REPLACES_NORM = re.compile(
    r"replac\w*\b[^.]{0,60}?\b(?:LayerNorm|layer[- ]?norm\w*|normali[sz]ation)"
    r"|(?:LayerNorm|layer[- ]?norm\w*|normali[sz]ation layers?)\b[^.]{0,40}?\breplaced",
    re.IGNORECASE,
)
# Prose saying the paper's attention takes the place of the standard one ("replaces softmax
# attention", not "replacing recurrence with attention"), or that every layer applies it ("each
# layer applies multi-head differential attention").
_REPLACES_ATTENTION = re.compile(
    r"\breplac\w*\s+(?:the\s+)?(?:standard\s+|conventional\s+|vanilla\s+|softmax\s+|"
    r"self-|scaled\s+dot-product\s+|multi-head\s+)*attention"
    r"|\battention\b[^.]{0,40}?\bis\s+replaced"
    r"|\b(?:each|every)\s+(?:layer|block)\b[^.]{0,40}?\b(?:appl\w*|uses?|computes?)\b"
    r"[^.]{0,40}?\battention",
    re.IGNORECASE,
)
# Projected queries, keys and values by the paper's names: Q, K_1, V ...
_PROJECTION = re.compile(r"([QKV])(?:_(\d))?")
# The width under the square root: d, d_k, d_h, d_head.
_KEY_WIDTH = re.compile(r"d(?:_(?:k|h|head))?")


@dataclass
class PaperEquations:
    """A paper's compiled equations: the functions to write, the index, and which numbered
    equations of the contribution now have code."""

    functions: list[Function] = field(default_factory=list)
    entries: list[EquationEntry] = field(default_factory=list)
    contribution: list[Function] = field(default_factory=list)
    compiled: list[Equation] = field(default_factory=list)  # the contribution's, compiled


def compile_paper(paper: Paper, analysis: Analysis, ops: Ops = TORCH) -> PaperEquations:
    """The contribution's numbered equations (all listed, compiled or not), then the other
    numbered equations of the method sections that compile."""
    own = _contribution_equations(paper, analysis)
    others = [e for e in paper.numbered_equations if _in_method(paper, e) and e not in own]
    chosen = own + others
    values, anchors = _stated(analysis)
    table = build_symbols(
        defined_quantities(e.latex for e in chosen), _cited_prose(paper), values, anchors
    )
    compiled = compile_equations([(cite_anchor(e), e.latex) for e in chosen], table, ops)
    by_anchor = {f.anchor: f for f in compiled.functions}
    out = PaperEquations(functions=compiled.functions)
    for element, entry in zip(chosen, compiled.entries, strict=True):
        if element in own or entry.status == "implemented":
            out.entries.append(entry)
        if element in own and entry.anchor in by_anchor:
            out.contribution.append(by_anchor[entry.anchor])
            out.compiled.append(element)
    return out


def _contribution_equations(paper: Paper, analysis: Analysis) -> list[Equation]:
    contribution = analysis.contribution
    if contribution is None or not contribution.implementable:
        return []
    found: list[Equation] = []
    for anchor in contribution.anchors:
        element = paper.find(anchor)
        inside = paper.within(anchor) if isinstance(element, Section) else [element]
        found += [e for e in inside if isinstance(e, Equation) and e.numbered]
    return list({id(e): e for e in found}.values())


def _in_method(paper: Paper, element: Equation) -> bool:
    return not any(
        s.appendix or _NOT_METHOD.search(s.title) for s in paper.enclosing_sections(element)
    )


def _prose(paper: Paper) -> list[str]:
    return [paper.meta.abstract, *(p.text for p in paper.paragraphs)]


def _cited_prose(paper: Paper) -> list[tuple[str, str]]:
    """The prose with each paragraph's anchor: a value it states is cited there."""
    return [(paper.meta.abstract, ""), *((p.text, cite_anchor(p)) for p in paper.paragraphs)]


def _stated(analysis: Analysis) -> tuple[dict[str, object], dict[str, str]]:
    """The paper's stated values by name and by symbol, for the symbol table, and where the
    paper states each."""
    values: dict[str, object] = {f.name: f.value for f in analysis.hyperparameters}
    anchors: dict[str, str] = {f.name: f.anchor for f in analysis.hyperparameters}
    for v in analysis.stated_values:
        for key in (v.symbol, v.name, v.canonical):
            if key and key not in values:
                values[key], anchors[key] = v.value, v.anchor
    return values, anchors


def norm_replacement(paper: Paper, equations: PaperEquations) -> Function | None:
    """The contribution's compiled layer that the paper puts in place of layer normalisation:
    one input whose last dimension is the only dimension of its learnable parameters, so that
    it is built like LayerNorm, from the model's width."""
    if not any(_REPLACES_NORM.search(text) for text in _prose(paper)):
        return None
    for function in equations.contribution:
        inputs = [
            a for a in function.arguments if a.default is None and a not in function.parameters
        ]
        dims = {d for p in function.parameters for d in p.shape}
        if (
            function.module
            and len(inputs) == 1
            and inputs[0].shape
            and dims == {inputs[0].shape[-1]}
        ):
            return function
    return None


@dataclass
class AttentionReplacement:
    """A compiled attention the model's MultiHeadAttention computes on each head: which of its
    arguments are projected queries/keys/values, how many query/key groups split a head, which
    argument is the width under the square root and which is the layer's input."""

    function: Function
    groups: list[str]  # the Q/K subscripts in order ("1", "2"), [""] for plain Q and K
    width: str | None  # the argument d (d_k ...), the width of one group's queries
    layer_input: str | None  # X of `DiffAttn(X) =`, an argument the body does not read


def attention_replacement(
    paper: Paper, equations: PaperEquations, library: set[str]
) -> AttentionReplacement | None:
    """The contribution's compiled attention that the paper puts in place of scaled dot-product
    attention: a softmax of projected queries and keys times values, whose other inputs are at
    most the key width and the layer's input, and whose learnable parameters are scalars (they
    become parameters of the attention module). An equation of `library`, the anchors the
    library's own attention computes (the standard one), is not a replacement."""
    if not any(_REPLACES_ATTENTION.search(text) for text in _prose(paper)):
        return None
    for function in equations.contribution:
        found = None if function.anchor in library else _wire_attention(function)
        if found is not None:
            return found
    return None


def _wire_attention(function: Function) -> AttentionReplacement | None:
    body = " ".join(statement for statement, _ in function.lines)
    if "softmax" not in body or any(p.shape for p in function.parameters):
        return None
    queries: list[str] = []
    keys: list[str] = []
    values: list[str] = []
    width = layer_input = None
    for a in function.arguments:
        projection = _PROJECTION.fullmatch(a.name)
        if a in function.parameters:
            continue
        if a.computes is not None or a.default is not None:
            return None  # a defined quantity the module would have to compute: not wired
        if projection and a.shape:
            kind, group = projection.group(1), projection.group(2) or ""
            {"Q": queries, "K": keys, "V": values}[kind].append(group)
        elif _KEY_WIDTH.fullmatch(a.name) and not a.shape and width is None:
            width = a.name
        elif a.shape and layer_input is None and not re.search(rf"\b{a.name}\b", body):
            layer_input = a.name
        else:
            return None
    if not queries or sorted(queries) != sorted(keys) or values != [""]:
        return None
    return AttentionReplacement(function, queries, width, layer_input)


ATTENTION_INIT = """
        # <<anchor>>: the paper's attention in place of scaled dot-product attention
        from .equations import <<name>>

        self.paper_attention = <<build>>"""

ATTENTION_CALL = """        # <<anchor>> on each head of the W_q, W_k, W_v projections.
        # attention_dropout is not applied: the compiled function takes no dropout
        # (REPRODUCTION_NOTES.md)
<<split>>
        def attend(rows: slice, keep: <<keep>>) -> <<array>>:
            \"\"\"The paper's attention of the queries `rows` over the keys `keep`.\"\"\"
            return <<call>>

        if <<mask>> is None:
            heads = attend(slice(None), <<every_key>>)  # (B, h, T, d_k)
        else:
            # The mask row by row, as masking with -inf before each softmax: each query attends
            # over the keys its row allows (the compiled function takes no mask).
            assert math.prod(<<mask>>.shape[:-2]) == 1, "one mask for every batch row and head"
<<masked>>
            heads = <<concatenate>>  # (B, h, T, d_k)"""

# Each row's keys, where the framework can index with the mask's row.
MASKED_ROWS = """\
            allowed = <<xp>>.broadcast_to(mask.reshape(mask.shape[-2:]), (T, S))  # (T, S)
            rows = [attend(slice(t, t + 1), allowed[t]) for t in range(T)]"""
# In JAX, where the train step is jitted: the keys each row allows must be known when tracing,
# as the causal mask is (model.py builds it with jax.ensure_compile_time_eval too).
MASKED_ROWS_JAX = """\
            with jax.ensure_compile_time_eval():  # the mask is fixed when tracing: causal
                allowed = <<xp>>.broadcast_to(mask.reshape(mask.shape[-2:]), (T, S))  # (T, S)
                keys = [<<xp>>.flatnonzero(allowed[t]) for t in range(T)]  # the keys row t allows
            rows = [attend(slice(t, t + 1), keys[t]) for t in range(T)]"""
# In TensorFlow, where train.py's step is a tf.function traced once for batches of any length:
# T may be unknown when tracing, so the rows are a loop in the graph (tf.map_fn), each row's
# keys gathered by their indices (a row's number of keys varies: no Python list of rows).
MASKED_ROWS_TF = """\
            allowed = <<xp>>.broadcast_to(tf.reshape(attn_mask, tf.shape(attn_mask)[-2:]), (T, S))

            def row(t: tf.Tensor) -> tf.Tensor:
                \"\"\"Query t over the keys its mask row allows: (B, h, d_k).\"\"\"
                return attend(slice(t, t + 1), tf.where(allowed[t])[:, 0])[..., 0, :]

            # the compiled function computes in float32 (under --amp too)
            rows = tf.map_fn(row, tf.range(T), fn_output_signature=tf.float32)  # (T, B, h, d_k)"""


@dataclass(frozen=True)
class _AttentionOps:
    """How MultiHeadAttention's lines for the paper's attention are spelled in a framework."""

    array: str  # the array type
    xp: str  # the array module
    concatenate: str  # the rows along the query axis
    chunk: str  # `{x}` in `{n}` equal slices along the last axis
    masked: str = MASKED_ROWS  # each query row over the keys its mask row allows
    keys: str = "{x}[..., keep, :]"  # the keys (or values) `{x}` that `keep` selects
    every_key: str = "slice(None)"  # `keep` for every key
    keep: str = "slice | {array}"  # the type of `keep`
    mask: str = "mask"  # MultiHeadAttention's argument


# By `Ops.module`, for the frameworks whose model.py has the attention slots.
_ATTENTION_OPS = {
    "torch": _AttentionOps(
        "torch.Tensor", "torch", "torch.cat(rows, dim=-2)", "{x}.chunk({n}, dim=-1)"
    ),
    "numpy": _AttentionOps(
        "np.ndarray", "np", "np.concatenate(rows, axis=-2)", "np.split({x}, {n}, axis=-1)"
    ),
    "jax": _AttentionOps(
        "jax.Array",
        "jnp",
        "jnp.concatenate(rows, axis=-2)",
        "jnp.split({x}, {n}, axis=-1)",
        MASKED_ROWS_JAX,
    ),
    # `keep` is the keys' indices (TensorFlow indexes with no array); Keras reserves a layer's
    # `mask` argument for its own masking, so MultiHeadAttention's is `attn_mask`
    "tensorflow": _AttentionOps(
        "tf.Tensor",
        "tf",
        "tf.transpose(rows, (1, 2, 0, 3))",
        "tf.split({x}, {n}, axis=-1)",
        MASKED_ROWS_TF,
        keys="tf.gather({x}, keep, axis=2)",
        every_key="tf.range(S)",
        keep="{array}",
        mask="attn_mask",
    ),
}


def attention_code(wiring: AttentionReplacement, ops: Ops) -> tuple[Code, Code]:
    """MultiHeadAttention's lines for the paper's attention: (in __init__, in forward)."""
    spelling = _ATTENTION_OPS[ops.module]
    function = wiring.function
    n = len(wiring.groups)
    split = ""
    names = {"V": spelling.keys.format(x="v")}
    if n > 1:
        # [Q_1; Q_2] = X W^Q: each group takes an equal slice of a head's query width.
        qs = ", ".join(f"q_{g}" for g in wiring.groups)
        ks = ", ".join(f"k_{g}" for g in wiring.groups)
        chunk = spelling.chunk
        split = (
            f"        {qs} = {chunk.format(x='q', n=n)}  # [ASSUMPTION] equal slices of each head\n"
            f"        {ks} = {chunk.format(x='k', n=n)}  # (B, h, S, d_k / {n}) each\n"
        )
        names |= {f"Q_{g}": f"q_{g}[..., rows, :]" for g in wiring.groups}
        names |= {f"K_{g}": spelling.keys.format(x=f"k_{g}") for g in wiring.groups}
    else:
        names |= {"Q": "q[..., rows, :]", "K": spelling.keys.format(x="k")}
    if wiring.width is not None:
        names[wiring.width] = f"self.d_k / {n}" if n > 1 else "float(self.d_k)"
    if wiring.layer_input is not None:
        names[wiring.layer_input] = "x_q"
    parameters = {p.name for p in function.parameters}
    keywords = [f"{a.name}={names[a.name]}" for a in function.arguments if a.name not in parameters]
    if function.module:
        name = function.module
        build = Code(f"{escape.identifier(function.module)}()  # holds its learnable scalars")
    else:
        name = function.name
        build = Code(f"{escape.identifier(function.name)}  # it has no learnable parameters")
    init = fill(
        ATTENTION_INIT, anchor=function.anchor, name=Code(escape.identifier(name)), build=build
    )
    if n > 1:
        init += f'\n        assert self.d_k % {n} == 0, "{n} query/key groups split each head"'
    call = fill(
        ATTENTION_CALL,
        anchor=function.anchor,
        array=Code(spelling.array),
        keep=Code(spelling.keep.format(array=spelling.array)),
        every_key=Code(spelling.every_key),
        mask=Code(spelling.mask),
        masked=Code(fill(spelling.masked, xp=Code(spelling.xp))),
        concatenate=Code(spelling.concatenate),
        split=Code(split),
        call=Code(f"self.paper_attention({_wrapped(keywords, '            ', width=50)})"),
    )
    return Code(init), call


def attention_limits(wiring: AttentionReplacement) -> str:
    """REPRODUCTION_NOTES' line on what the model's use of the paper's attention leaves out."""
    return (
        f"MultiHeadAttention computes the paper's attention ({wiring.function.anchor}, "
        f"src/equations.py: {wiring.function.name}) without attention dropout, which its "
        "compiled function does not take; it applies an attention mask row by row (each query "
        "over the keys its row allows) and refuses a mask that differs across the batch or "
        "the heads."
    )


def equations_file(title: str, functions: list[Function], ops: Ops = TORCH) -> Code:
    parts = [_function(f, ops) + (_module(f, ops) if f.module else "") for f in functions]
    return fill(_FILES[ops.module], title=title, functions=Code("".join(parts)))


def _annotation(argument: Argument, ops: Ops) -> str:
    if argument.operation:
        # one taken only to compute another equation's quantity when it is not given
        return "Operation | None = None" if argument.default == "None" else "Operation"
    kind = "Scalar" if not argument.shape else ops.tensor
    if argument.default == "None":
        return f"{kind} | None = None"
    return f"{kind} = {argument.default}" if argument.default is not None else kind


def _function(function: Function, ops: Ops) -> str:
    signature = _wrapped([f"{a.name}: {_annotation(a, ops)}" for a in function.arguments], "")
    body: list[str] = []
    for a in function.arguments:
        if a.computes is not None:
            call = ", ".join(f"{b.name}={b.name}" for b in a.computes.arguments)
            where = escape.comment(a.computes.anchor)
            body += [f"    if {a.name} is None:", f"        {a.name} = {a.computes.name}({call})"]
            body[-1] += f"  # {where}"
    if ops.cast_in:
        arrays = [a.name for a in function.arguments if a.shape and not a.operation]
        body += [f"    {name} = {ops.cast_in.format(name)}" for name in arrays]
    body.append(f"    # {escape.comment(function.anchor)}")
    for statement, shape in function.lines:
        body.append(f"    {statement}" + (f"  # {shape}" if shape else ""))
    # A default the paper states cites where (the checker holds it to that place, P2C006).
    stated = [
        f"# {a.name} = {a.default}: {escape.comment(a.symbol.anchor)}: the value the paper states\n"
        for a in function.arguments
        if a.default not in {None, "None"} and a.symbol.value is not None and a.symbol.anchor
    ]
    return fill(
        FUNCTION,
        stated=Code("".join(stated)),
        name=Code(escape.identifier(function.name)),
        signature=Code(signature),
        array=Code(ops.tensor),
        anchor=function.anchor,
        latex=function.latex.strip(),
        arguments="\n".join(f"    {_described(a)}" for a in function.arguments),
        body=Code("\n".join(body)),
    )


def _wrapped(arguments: list[str], indent: str, width: int = 70) -> str:
    """A signature's arguments on one line, or one per line when that line would be long."""
    line = ", ".join(arguments)
    if len(line) <= width:
        return line
    inner = indent + "    "
    return "\n" + "".join(f"{inner}{a},\n" for a in arguments) + indent


def _described(argument: Argument) -> str:
    """One docstring line: name, role, the paper's symbol, shape."""
    shape = f", shape {shape_text(argument.shape)}" if argument.shape else ", a scalar"
    role = argument.role
    if argument.operation:
        role = "an operation the paper names but does not define: the caller passes it"
        shape = f", its value of shape {shape_text(argument.shape)}" if argument.shape else ""
        if not shape and argument.symbol.shape is not None:
            shape = ", its value a number"
        shape = shape or ", elementwise (its value has its argument's shape)"
        if argument.network:
            role = "a learned network the paper names: the caller passes its nn.Module"
            shape = shape.replace("elementwise (its", "(taken to keep its first")
    if argument.computes is not None:
        role = f"defined by {argument.computes.anchor}; computed from its arguments when None"
    return f"{argument.name}: {role} ({argument.symbol.name}){shape}"


def _module(function: Function, ops: Ops) -> str:
    parameters = function.parameters
    dims = list(dict.fromkeys(d for p in parameters for d in p.shape))
    others = [a for a in function.arguments if a not in parameters]
    shifts = added_terms(function.tree) if function.tree is not None else set()
    init_body = []
    for p in parameters:
        value = p.symbol.value
        said = "initial value as the paper states it"
        if p.symbol.anchor:  # the checker finds the value at the place cited (P2C006)
            said = f"{escape.comment(p.symbol.anchor)}: {said}"
        if value is None and p.symbol.name in shifts:
            value, said = 0.0, "[ASSUMPTION] the paper states no initial value: zeros (a shift)"
        elif value is None:
            value, said = 1.0, "[ASSUMPTION] the paper states no initial value: ones"
        shape = _shape_code(p.shape)
        init_body.append(f"        self.{p.name} = {ops.parameter.format(shape, repr(value))}")
        init_body[-1] += f"  # {said}"
    keywords = [f"{a.name}={a.name}" for a in others] + [
        f"{p.name}=self.{p.name}" for p in parameters
    ]
    return fill(
        _MODULES[ops.module],
        name=Code(escape.identifier(function.module or "")),
        anchor=function.anchor,
        function=function.name,
        init_signature=Code(", ".join(["self", *(f"{escape.identifier(d)}: int" for d in dims)])),
        init_body=Code("\n".join(init_body)),
        forward_signature=Code(
            _wrapped(["self", *(f"{a.name}: {_annotation(a, ops)}" for a in others)], "    ")
        ),
        call=Code(f"{function.name}({', '.join(keywords)})"),
    )


def _shape_code(shape: tuple[str, ...]) -> str:
    names = [escape.identifier(d) for d in shape]
    return "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"


def example_arguments(function: Function, ops: Ops = TORCH) -> list[tuple[str, str]]:
    """(name, code) of random inputs of their stated shapes for every argument of `function`
    without a value of its own (a defined quantity is computed from its definition's)."""
    sizes = dimension_sizes(function)
    args = []
    for a in function.arguments:
        if a.integer and a.symbol.name in sizes:
            # a sum's bound that sizes an argument (`\\theta \\in \\mathbb{R}^K` summed to K - 1):
            # that size, whatever the paper's value, so the sum runs over all of the argument
            args.append((a.name, str(sizes[a.symbol.name])))
            continue
        if a.computes is not None or a.default not in {None, "None"}:
            continue
        dims = ", ".join(str(sizes[d]) for d in a.shape)
        shape = f"({dims}{',' if len(a.shape) == 1 else ''})"
        if a.integer:
            value = str(BOUND_VALUE)
        elif a.operation and (a.shape or a.symbol.shape is not None):  # of the stated shape
            value = f"lambda *_: {ops.random.format(shape)}"
        elif a.operation:  # elementwise
            value = f"lambda first, *_: {ops.functions['tanh'].format('first')}"
        else:
            value = f"{ops.random.format(shape)} + {RANDOM_OFFSET}"
        args.append((a.name, value))
    return args


_SMOKE_SIZES = "[ASSUMPTION] sizes chosen for the check, not the paper's"


def smoke_lines(functions: list[Function], ops: Ops = TORCH) -> str:
    """utils.smoke_test lines: each function once, each module once, on random inputs."""
    if not functions:
        return ""
    lines = ["", "    from . import equations", ""]
    for f in functions:
        sizes = dimension_sizes(f)
        args = example_arguments(f, ops)
        lines.append(f"    # {escape.comment(f.anchor)}: {f.name} once, on random inputs")
        lines.append(f"    {_example_call(f, ops)}  # {_SMOKE_SIZES}")
        if f.module:
            dims = dict.fromkeys(d for p in f.parameters for d in p.shape)
            module = f"equations.{f.module}({', '.join(str(sizes[d]) for d in dims)})"
            parameters = {p.name for p in f.parameters}
            inputs = ", ".join(f"{n}={v}" for n, v in args if n not in parameters)
            lines.append(f"    {module}({inputs})  # {_SMOKE_SIZES}")
    lines.append(f'    print("equations: {len(functions)} compiled functions ran")')
    return "\n".join(lines)


def _example_call(function: Function, ops: Ops = TORCH) -> str:
    call = ", ".join(f"{name}={value}" for name, value in example_arguments(function, ops))
    return f"equations.{function.name}({call})"


NOTEBOOK_INTRO = """## Compiled equations

Each function of `src/equations.py` computes one equation of the paper
(`.paper2code/equations.json` lists them with their arguments); each runs here once on small
random inputs."""


def notebook_cells(functions: list[Function], ops: Ops = TORCH) -> list[NotebookCell]:
    """The walkthrough's cells that call each compiled function once and show its shape."""
    if not functions:
        return []
    lines = ["from src import equations", ""]
    for f in functions:
        lines.append(f"# {escape.comment(f.anchor)}: {f.name}; {_SMOKE_SIZES}")
        lines.append(f"value = {_example_call(f, ops)}")
        lines.append(f'print("{f.name}", tuple(value.shape))')
    return [NotebookCell("markdown", NOTEBOOK_INTRO), NotebookCell("code", "\n".join(lines))]


NORM_FACTORY = '''

def paper_norm(d_model: int, eps: float) -> <<layer>>:
    r"""<<anchor>>: the paper's layer in place of LayerNorm, in every block and at the end of the
    stack (`eps` belongs to LayerNorm and is unused)."""
    from .equations import <<module>>

    return <<module>>(d_model)
'''
NORM_FACTORY_NAME = "paper_norm"


# What model.py's `paper_norm` returns in each framework, by `Ops.module`: the type its
# make_norm returns (names model.py imports).
_LAYER_TYPES = {
    "torch": "nn.Module",
    "numpy": "Callable[[np.ndarray], np.ndarray]",
    "jax": "nnx.Module",
    "tensorflow": "keras.layers.Layer",
}


def norm_factory(function: Function, ops: Ops) -> Code:
    """model.py's `paper_norm`, which the Transformer's blocks build in place of LayerNorm."""
    return fill(
        NORM_FACTORY,
        anchor=function.anchor,
        module=Code(escape.identifier(function.module or "")),
        layer=Code(_LAYER_TYPES[ops.module]),
    )


def components(
    equations: PaperEquations, replaced: Function | None, attention: Function | None = None
) -> list[Component]:
    """One implemented component per compiled equation of the contribution."""
    out = []
    for f in equations.contribution:
        where = f"src/equations.py: {f.name}" + (f" and {f.module}" if f.module else "")
        if f is replaced:
            where += f"; src/model.py: {NORM_FACTORY_NAME} puts it in place of LayerNorm"
        if f is attention:
            where += "; src/model.py: MultiHeadAttention computes it on each head"
        name = f"{f.module or f.name} (compiled)"
        out.append(Component(name=name, anchor=f.anchor, implemented=True, note=where))
    return out

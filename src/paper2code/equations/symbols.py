"""A paper's symbol table: what each symbol of its equations is, read from the equations and the
prose around them.

Each symbol is an input, a learnable parameter, a hyperparameter (with its value when the
analysis found one), a constant (pi), a defined quantity (the left side of another equation) or
a function the prose names ("$\\sigma$ denotes the sigmoid"). Prose gives roles ("where
$\\lambda$ is a learnable scalar"), initial values ("initialised to 0.5"), values
("$\\alpha = 0.5$") and shapes ("$\\mathbf{x} \\in \\mathbb{R}^{B \\times T \\times C}$").
Names are the trees' (`parse_equation` folds sub/superscripts in: `\\lambda_{\\text{init}}` is
`lambda_init`), so prose math is read with the same parser.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from paper2code.equations.parse import PREVIOUS_ROW, parse_equation
from paper2code.equations.tree import (
    BinOp,
    Call,
    CallOrProduct,
    Conditional,
    Expectation,
    Node,
    Num,
    Range,
    Relation,
    Sym,
    System,
    Tuple,
)
from paper2code.equations.vocabulary import BOUNDS, DEFINITIONS


class Role(StrEnum):
    INPUT = "input"
    PARAMETER = "parameter"  # learnable
    HYPERPARAMETER = "hyperparameter"
    CONSTANT = "constant"
    DEFINED = "defined"  # another equation's left side
    FUNCTION = "function"  # a symbol the prose says is a known function: "σ denotes the sigmoid"


Shape = tuple[str, ...]  # dimension names, outermost first; () is a scalar


@dataclass(frozen=True)
class Symbol:
    name: str  # the tree's name: "x", "lambda_init", "W^Q"
    role: Role
    shape: Shape | None = None  # stated in prose; None when the paper does not say
    value: float | None = None  # a hyperparameter's or constant's value; a parameter's init
    function: str | None = None  # Role.FUNCTION: the known function it names ("sigmoid"), if any
    description: str = ""  # the prose that says what it is, as written
    anchor: str = ""  # where the prose states its value or initial value ("§3"), to cite


@dataclass
class SymbolTable:
    symbols: dict[str, Symbol] = field(default_factory=dict)
    # families of maps the prose defines by a recurrence, by the family's name (`T` of `T_k`)
    recurrences: dict[str, Recurrence] = field(default_factory=dict)
    # names the prose states to range over integers (`$\\mu \\in [1, m]$ denotes an example`)
    indices: set[str] = field(default_factory=set)

    def get(self, name: str) -> Symbol:
        """The symbol `name`; one the paper says nothing about is an input."""
        return self.symbols.get(name) or Symbol(name, Role.INPUT)


@dataclass(frozen=True)
class Recurrence:
    """A family of maps the prose defines by a recurrence in their index, with its first terms:
    "$T_k(x) = 2x T_{k-1}(x) - T_{k-2}(x)$ with $T_0 = 1$ and $T_1 = x$"."""

    name: str  # the family, `T`
    index: str  # `k`
    variable: str  # `x`
    step: Node  # the right side; an earlier term is the call `T_{k-j}(x)` (fn `T_k-j`)
    first: tuple[Node, ...]  # T_0, T_1, ...: as many as the step goes back

    def earlier(self, fn: str) -> int | None:
        """How many terms back the call `fn` of the step is: `T_k-2` is 2."""
        head, _, back = fn.rpartition("-")
        return int(back) if head == f"{self.name}_{self.index}" and back.isdigit() else None


# ---- reading prose ----------------------------------------------------------------------------

_MATH = re.compile(r"\$([^$]+)\$")
_INLINE = re.compile(r"\\\((.+?)\\\)")
# (", and" before ",": else a list's last item, after an Oxford comma, is lost)
_SUBJECT = r"((?:\$[^$]+\$\s*(?:,\s*and|,|and)?\s*)+)"
# "$\alpha$ is a learnable scalar", "where $\gamma$ and $\beta$ are ...": subject, then what.
_IS = re.compile(
    _SUBJECT + r"(?:is|are|denotes|denote|represents|represent|stands for)\s+([^.;$]*)"
)
# "a learnable scalar $\alpha$", "with learnable parameters $\phi$ and $W$": what, then the
# symbols.
_NAMED = re.compile(
    r"\b((?:learnable|trainable|learned|learnt)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:scalars?|parameters?|vectors?|matri(?:x|ces)|weights?|biases?|factors?))\s+" + _SUBJECT
)
# "the learnable parameters are $\phi$ and $W$", "the model's weights are $W$, $b$", "its
# parameters include $\phi, W$": the parameters first, then the list of them. Parameters
# without a qualifier are the model's (what training learns); hyper-parameters are not.
_PARAMETERS_ARE = re.compile(
    r"\b((?:(?:learnable|trainable|learned|learnt|model|network|free)\s+)?"
    r"(?:parameters|weights))\s+(?:of\s+(?:the\s+|our\s+)?[\w-]+(?:\s+[\w-]+)?\s+)?"
    r"(?:are|include)\s*:?\s*" + _SUBJECT,
    re.IGNORECASE,
)
_AFTER_PREPOSITION = re.compile(
    r"\b(?:of|to|from|in|on|by|with|for|at|as|than|over|into|via|between)\s*$", re.IGNORECASE
)
_LEARNABLE = re.compile(r"\b(?:learnable|trainable|learned|learnt|optimi[sz]ed)\b", re.IGNORECASE)
_HYPER = re.compile(
    r"\b(?:hyper-?parameters?|dimension|number of|size|temperature|constant|coefficient)\b",
    re.IGNORECASE,
)
_KNOWN_FUNCTIONS = {
    "sigmoid": "sigmoid", "logistic": "sigmoid", "softmax": "softmax", "tanh": "tanh",
    "hyperbolic tangent": "tanh", "relu": "relu", "rectified linear": "relu",
    "exponential": "exp",
}  # fmt: skip
_FUNCTION_WORDS = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in _KNOWN_FUNCTIONS) + r")\b", re.IGNORECASE
)
# "$\mathcal{F}$ is the discrete Fourier transform": an operation the paper does not define in
# an equation, not a value (unless the words say it is one: "the projection matrix").
_OPERATION = re.compile(
    r"\b(?:transform|function|operator|operation|network|mapping|map|encoder|decoder|MLP)s?\b",
    re.IGNORECASE,
)
# "$Y$ is a binary label", "$D_W^i$ is a distance function between ...": one number each.
_SCALAR = re.compile(
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:scalar|label|distance|count|probability|margin|score)s?"
    r"\b(?!\s+(?:matri|vector|tensor))",
    re.IGNORECASE,
)
_VALUE_WORDS = re.compile(
    r"\b(?:matrix|matrices|vector|scalar|tensor|weights?|value|variables?)\b", re.I
)
# Where a description's head noun phrase ends: "the input to the network" is an input, "a
# random variable with the logistic distribution" a variable, "in the same tangent space
# before the exponential map" no description at all.
_HEAD_END = re.compile(
    r"\b(?:of|to|in|for|from|by|with|on|at|that|which|where|whose|before|after|over|under|"
    r"between|into|than|as|such|when|if)\b|[,;:(]",
    re.IGNORECASE,
)
# How papers say what implements a symbol: "$f$ is parameterized by a neural network".
_IMPLEMENTED_BY = re.compile(
    r"^(?:parameteri[sz]ed|implemented|model(?:l)?ed|realized|realised|approximated|given)"
    r"\s+(?:by|as|with)\s+",
    re.IGNORECASE,
)
# "$A$, $B$ and $b_u$ are the recurrent network parameters": a description whose head noun is
# parameters or weights names what training learns (not "the weight matrix", a value).
_PARAMETERS_HEAD = re.compile(r"(?<![\w-])(?:parameters|weights)\s*$", re.IGNORECASE)
_INIT = re.compile(
    r"initiali[sz]ed\s+(?:to|as|at|with)\s+(?:\$\s*)?(-?\d+(?:\.\d+)?|ones?|zeros?)",
    re.IGNORECASE,
)
_SHAPE = re.compile(r"^(.+?)\\in\s*\\mathbb\{R\}\^\{?(.+?)\}?\s*$")
# `t: \mathbb{R}^D \to \mathbb{R}^H`: a map, and the shape of its values (none: a number).
_MAP = re.compile(
    r"^([^:]+?)\s*(?::|\\colon)\s*\\mathbb\{R\}\S*\s*\\(?:to|rightarrow)\s*"
    r"\\mathbb\{R\}(?:\^\{?(.+?)\}?)?\s*[,.]?\s*$"
)
_DIM_SPLIT = re.compile(r"\\times|,")
_CONSTANTS = {"pi": math.pi}


def symbol_name(latex: str) -> str | None:
    """The tree name of a symbol written alone (`\\lambda_{\\text{init}}` is `lambda_init`);
    None when `latex` is not one symbol."""
    try:
        node = parse_equation(latex)
    except ValueError:  # UnsupportedConstruct, or a reader failure on odd prose math
        return None
    return node.name if isinstance(node, Sym) else None


def _shape(latex: str) -> tuple[str, Shape] | None:
    """`x \\in \\mathbb{R}^{B \\times T \\times C}` as ("x", ("B", "T", "C")); for a map's
    value, `v(x) \\in \\mathbb{R}^{d}`, the shape of v's values."""
    m = _SHAPE.match(latex.strip())
    if m is None:
        return None
    name = symbol_name(m[1]) or _applied(m[1])
    dims = tuple(symbol_name(d) for d in _DIM_SPLIT.split(m[2]))
    if name is None or any(d is None for d in dims):
        return None
    return name, tuple(d for d in dims if d is not None)


def _map(latex: str) -> tuple[str, Shape] | None:
    """`\\eta_\\theta: \\mathbb{R}^K \\to \\mathbb{R}^H` as ("eta_theta", ("H",)); a map to
    `\\mathbb{R}` has scalar values, ()."""
    m = _MAP.match(latex.strip())
    name = symbol_name(m[1]) if m else None
    if m is None or name is None:
        return None
    dims = tuple(symbol_name(d) for d in _DIM_SPLIT.split(m[2])) if m[2] else ()
    return None if any(d is None for d in dims) else (name, tuple(d for d in dims if d))


def _applied(latex: str) -> str | None:
    """The map `v` of `v(x)` written alone."""
    try:
        node = parse_equation(latex)
    except ValueError:  # UnsupportedConstruct, or a reader failure on odd prose math
        return None
    return node.fn if isinstance(node, Call | CallOrProduct) else None


def _value(latex: str) -> tuple[str, float] | None:
    """`\\alpha = 0.5` as ("alpha", 0.5)."""
    try:
        node = parse_equation(latex)
    except ValueError:  # UnsupportedConstruct, or a reader failure on odd prose math
        return None
    match node:
        case Relation("=", Sym(name), Num(value)):
            return name, value
    return None


@dataclass
class _Said:
    """What the prose says about one symbol, gathered over the whole paper."""

    learnable: bool = False
    hyper: bool = False
    function: str | None = None
    operation: bool = False  # an operation the paper names but does not define
    init: float | None = None
    value: float | None = None
    shape: Shape | None = None
    description: str = ""
    anchor: str = ""  # where the prose states the initial value or the value


def _init_value(text: str) -> float | None:
    m = _INIT.search(text)
    if m is None:
        return None
    word = m[1].lower()
    return {"one": 1.0, "ones": 1.0, "zero": 0.0, "zeros": 0.0}.get(word) or float(word)


def read_prose(sentences: Iterable[str | tuple[str, str]]) -> dict[str, _Said]:
    """What the prose says of each symbol; a sentence may come with its anchor, (text, "§3"),
    which a stated value or initial value then cites."""
    said: dict[str, _Said] = {}
    for sentence in sentences:
        text, anchor = (sentence, "") if isinstance(sentence, str) else sentence
        text = _INLINE.sub(r"$\1$", text)  # `\(x\)` is inline math as `$x$` is
        for m in _IS.finditer(text):
            if _AFTER_PREPOSITION.search(text[: m.start()]):
                continue  # "$v_i(x)$, as a function of $x$, represents ...": x is no subject
            what = m[2].strip()
            for latex in _MATH.findall(m[1]):
                names = _listed(latex)
                for name in names:
                    _note(said.setdefault(name, _Said()), what, text[m.start() :], anchor)
                if not names and (element := _element(latex)) is not None and _SCALAR.match(what):
                    # "$D_W^i$ is a distance ... in i-th pair": a number per i, so D_W is a
                    # vector over i (its dimension named after the index, upper-case)
                    said.setdefault(element[0], _Said()).shape = (element[1].upper(),)
        for m in _NAMED.finditer(text):
            for name in (n for latex in _MATH.findall(m[2]) for n in _listed(latex)):
                _note(said.setdefault(name, _Said()), m[1], text[m.start() :], anchor)
        for m in _PARAMETERS_ARE.finditer(text):
            if re.search(r"hyper-?$", text[: m.start()], re.IGNORECASE):
                continue  # "hyper-parameters are $\\lambda$ and $\\eta$": set, not learned
            for name in (n for latex in _MATH.findall(m[2]) for n in _listed(latex)):
                symbol = said.setdefault(name, _Said())
                _note(symbol, m[1], text[m.start() :], anchor, learnable=True)
        for latex in _MATH.findall(text):
            if (mapped := _map(latex)) is not None:
                symbol = said.setdefault(mapped[0], _Said())
                symbol.operation, symbol.shape = True, mapped[1]
            elif (shaped := _shape(latex)) is not None:
                said.setdefault(shaped[0], _Said()).shape = shaped[1]
            elif (valued := _value(latex)) is not None:
                symbol = said.setdefault(valued[0], _Said())
                symbol.value = valued[1]
                symbol.anchor = symbol.anchor or anchor
    return said


def _listed(latex: str) -> list[str]:
    """The symbols one piece of prose math names: `\\phi` one, `\\phi, W` (a list written in
    one formula) each; none when any part is not a symbol (`\\alpha = 0.5`)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(latex):
        depth += {"{": 1, "}": -1, "(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(latex[start:i])
            start = i + 1
    names = [symbol_name(part) for part in [*parts, latex[start:]]]
    return [n for n in names if n is not None] if None not in names else []


def _element(latex: str) -> tuple[str, str] | None:
    """`D_W^i`, the i-th element of D_W, as ("D_W", "i"); None for anything else."""
    try:
        node = parse_equation(latex)
    except ValueError:  # UnsupportedConstruct, or a reader failure on odd prose math
        return None
    match node:
        case BinOp("^", Sym(name), Sym(index)) if len(index) == 1 and index.islower():
            return name, index
    return None


def _note(said: _Said, what: str, rest: str, anchor: str, learnable: bool = False) -> None:
    """Record what a description says: learnable (or `learnable`, when the sentence's form
    says it: "the model parameters are ..."), a hyperparameter, a known function, a scalar
    ("a binary label"), an initial value (the rest of the sentence may state it: "...,
    initialised to 0.5")."""
    said.description = said.description or what
    if said.shape is None and _SCALAR.match(what):
        said.shape = ()
    head = _head(what)
    if learnable or _LEARNABLE.search(what) or _PARAMETERS_HEAD.search(head):
        said.learnable = True
        if said.init is None and (init := _init_value(rest[:200])) is not None:
            said.init, said.anchor = init, anchor
    elif (fn := _FUNCTION_WORDS.search(head)) is not None and not _VALUE_WORDS.search(head):
        said.function = _KNOWN_FUNCTIONS[fn[1].lower()]
    elif _OPERATION.search(head) and not _VALUE_WORDS.search(head):
        said.operation = True
    elif _HYPER.search(what):
        said.hyper = True


def _head(what: str) -> str:
    """A description's head noun phrase, where it says what the symbol is: "the sigmoid
    function" of "the sigmoid function applied to ...", "a neural network" of "parameterized
    by a neural network"; empty when it opens with a preposition ("in the tangent space")."""
    what = _IMPLEMENTED_BY.sub("", what.strip())
    return _HEAD_END.split(what, maxsplit=1)[0]


# ---- the table ----------------------------------------------------------------------------------


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _values_by_name(values: Mapping[str, object], keep: type = float) -> dict:
    """The numeric values (or with `keep=str` the anchors), by tree name for keys written as
    LaTeX symbols and by a lowercase key for names in words ("head dimension" and "head_dim"
    alike reach `head_dimension`...)."""
    found: dict = {}
    for key, value in values.items():
        if keep is float and (isinstance(value, bool) or not isinstance(value, int | float)):
            continue
        found.setdefault(symbol_name(key) or key, keep(value))
        found.setdefault(_key(key), keep(value))
    return found


def definition_name(left: object) -> str | None:
    """The quantity a definition's left side names: `y`, `DyT(x)`, `f(x, y)`, the density
    `q(x_t | x_0)`, the mean `\\langle x \\rangle` of x (`mean_x`); None for any other left side
    (`P E_{(pos, 2i)}` is a product, not a name)."""
    match left:
        case Sym(name):
            return name
        case Call(fn, _) | CallOrProduct(fn, _) | Conditional(fn, _, _):
            return fn
        case Expectation(_, Sym(name)):
            # `\\langle s_i \\rangle = ...`, `\\mathbb{E}[x] = ...`: the mean of a name, a quantity
            return f"mean_{name}"
    return None


def defining_row(row: object) -> object:
    """The definition a chain states: `a = b = c` defines a by its last side (what the
    derivation arrives at, and numpy_eval's value of the chain); `a = b \\leq c` and
    `a = b \\approx c` define a by b (the bound or approximation after it says something
    about a's value). Any other row is itself."""
    if not isinstance(row, Relation) or not isinstance(row.left, Relation):
        return row
    inner = defining_row(row.left)
    if not isinstance(inner, Relation) or inner.op not in DEFINITIONS:
        return row
    if row.op in DEFINITIONS:
        return Relation(inner.op, inner.left, row.right)
    return inner if row.op in BOUNDS else row


def defined_quantities(equations: Iterable[str]) -> list[str]:
    """The names the equations define (each row's left side), in order; rows that do not read
    define nothing."""
    names: list[str] = []
    for latex in equations:
        try:
            tree = parse_equation(latex)
        except ValueError:  # UnsupportedConstruct, or a reader failure
            continue
        for row in map(defining_row, tree.rows if isinstance(tree, System) else (tree,)):
            if isinstance(row, Relation) and row.op in DEFINITIONS:
                name = definition_name(row.left)
                if name is not None and name != PREVIOUS_ROW:
                    names.append(name)
    return list(dict.fromkeys(names))


def recurrences(sentences: Iterable[str | tuple[str, str]]) -> dict[str, Recurrence]:
    """The recurrences the prose states in inline math, each with its first terms stated in the
    same sentence or paragraph (`T_0 = 1`, `T_1 = x`); one without all its first terms is no
    definition."""
    found: dict[str, Recurrence] = {}
    for sentence in sentences:
        text = _INLINE.sub(r"$\1$", sentence if isinstance(sentence, str) else sentence[0])
        trees = []
        for latex in _MATH.findall(text):
            try:
                trees.append(parse_equation(latex))
            except ValueError:  # UnsupportedConstruct, or a reader failure
                continue
        for tree in trees:
            match tree:
                case Relation("=", CallOrProduct(fn, Sym(variable)), step):
                    name, _, index = fn.rpartition("_")
                case _:
                    continue
            if not name or len(index) != 1 or not index.isalpha():
                continue
            recurrence = Recurrence(name, index, variable, step, ())
            back = [b for f in _called_names(step) if (b := recurrence.earlier(f)) is not None]
            first: dict[int, Node] = {}
            for row in trees:
                if isinstance(row, Relation) and row.op == "=" and isinstance(row.left, Sym):
                    head, _, term = row.left.name.rpartition("_")
                    if head == name and term.isdigit():
                        first[int(term)] = row.right
            if back and all(i in first for i in range(max(back))):
                first_terms = tuple(first[i] for i in range(max(back)))
                found[name] = Recurrence(name, index, variable, step, first_terms)
    return found


def indices(sentences: Iterable[str | tuple[str, str]]) -> set[str]:
    """The names the prose's inline math puts in a range of integers from 1 and says number the
    examples: "$\\mu \\in [1,m]$ denotes an example", "$n \\in \\{1, \\ldots, N\\}$ indexes the
    samples". Such an index written as a superscript labels a quantity per example
    (`x^{\\mu}`), never a power; a time step is not one (`\\beta_1^t` is a power of t)."""
    found: set[str] = set()
    for sentence in sentences:
        text = _INLINE.sub(r"$\1$", sentence if isinstance(sentence, str) else sentence[0])
        for m in _MATH.finditer(text):
            if not _EXAMPLES.match(text, m.end()):
                continue
            try:
                tree = parse_equation(m[1])
            except ValueError:  # UnsupportedConstruct, or a reader failure
                continue
            match tree:
                case Relation("\\in", Sym(name), Tuple((Num(1.0), Sym())) | Range(Num(1.0), Sym())):
                    found.add(name)
    return found


# What follows an index's range when it numbers the examples: "denotes an example", "indexes
# the training samples", "is the data point" (a few words on, within the clause).
_EXAMPLES = re.compile(
    r"[^.;$]{0,40}?\b(?:examples?|samples?|instances?|data ?points?|observations?)\b",
    re.IGNORECASE,
)


def _called_names(node: object) -> set[str]:
    """The names a tree applies (`T_{k-1}(x)` is `T_k-1`)."""
    found = {node.fn} if isinstance(node, Call | CallOrProduct) else set()
    for value in vars(node).values() if hasattr(node, "__dict__") else ():
        for child in value if isinstance(value, tuple) else (value,):
            found |= _called_names(child)
    return found


def build_symbols(
    defined: Iterable[str],
    sentences: Iterable[str],
    values: Mapping[str, object],
    anchors: Mapping[str, str] | None = None,
) -> SymbolTable:
    """The table for one paper: `defined` are the names the paper's equations define (their
    left sides), `sentences` its prose, `values` stated values by name or LaTeX symbol
    (`Analysis.hyperparameters` or `Analysis.stated_values`, as a plain mapping) and `anchors`
    where the paper states each, by the same keys (so a default taken from them cites its
    place, not the equation's)."""
    numbers = _values_by_name(values)
    places = _values_by_name(anchors or {}, keep=str)
    sentences = list(sentences)
    table = SymbolTable(recurrences=recurrences(sentences), indices=indices(sentences))
    for name, said in read_prose(sentences).items():
        table.symbols[name] = _from_prose(name, said, numbers, places)
    for name in defined:
        old = table.symbols.get(name, Symbol(name, Role.DEFINED))
        if old.role is not Role.FUNCTION or old.function is not None:
            table.symbols[name] = replace(old, role=Role.DEFINED)
        # else a map the prose names (`b_\\theta: \\mathbb{R}^K \\to \\mathbb{R}`) that an equation
        # defines: its compiled function when that equation compiles, else the caller's map
    for name, number in numbers.items():
        if name not in table.symbols and symbol_name(name) == name:
            table.symbols[name] = Symbol(
                name, Role.HYPERPARAMETER, shape=(), value=number, anchor=places.get(name, "")
            )
    for name, number in _CONSTANTS.items():
        table.symbols.setdefault(name, Symbol(name, Role.CONSTANT, shape=(), value=number))
    return table


def _from_prose(
    name: str, said: _Said, numbers: Mapping[str, float], places: Mapping[str, str]
) -> Symbol:
    if said.learnable:
        init = said.init if said.init is not None else said.value
        return Symbol(
            name, Role.PARAMETER, said.shape, init, description=said.description,
            anchor=said.anchor if init is not None else "",
        )  # fmt: skip
    if said.function is not None or said.operation:
        # its shape is its values' (`v(x) \in \mathbb{R}^{d}`)
        return Symbol(
            name, Role.FUNCTION, said.shape, function=said.function, description=said.description
        )
    value, anchor = said.value, said.anchor if said.value is not None else ""
    if value is None:
        key = name if name in numbers else _key(said.description)
        value, anchor = numbers.get(key), places.get(key, "")
    if value is not None or said.hyper:
        shape = said.shape if said.shape is not None else ()
        return Symbol(
            name, Role.HYPERPARAMETER, shape, value, description=said.description, anchor=anchor
        )
    return Symbol(name, Role.INPUT, said.shape, description=said.description)

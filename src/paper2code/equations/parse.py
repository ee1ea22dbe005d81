"""A Pratt parser from an equation's LaTeX tokens to the tree of `tree.py`.

sympy's LaTeX parser refuses forms papers use all the time (`\\tanh x`, juxtaposed products,
`W^Q`), so the grammar is written here; anything else raises `UnsupportedConstruct` naming it.
"""

from __future__ import annotations

import re

from paper2code.equations.tokens import tokenize
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

# Binding powers: relations < additive < products < unary minus < powers.
_RELATIONS = {
    "=", ":=", "\\triangleq", "\\coloneqq", "\\equiv", "<", ">", "\\leq", "\\geq", "\\le",
    "\\ge", "\\approx", "\\neq", "\\propto",
}  # fmt: skip
_INFIX = {"+": ("+", 20), "-": ("-", 20), "\\cdot": ("dot", 30), "*": ("*", 30),
          "\\odot": ("*", 30), "\\times": ("dot", 30), "/": ("/", 30)}  # fmt: skip
_FUNCTIONS = {
    "\\tanh", "\\exp", "\\log", "\\ln", "\\sin", "\\cos", "\\sinh", "\\cosh", "\\max", "\\min",
    "\\det", "\\arg", "\\argmax", "\\argmin",
}  # fmt: skip
# Names papers apply like functions when written `name(x)`.
_APPLIED = {"softmax", "sigma", "tanh", "relu", "ReLU", "exp", "log", "sigmoid", "GELU", "gelu",
            "SiLU", "silu", "LayerNorm", "Softmax", "diag", "sign", "abs", "erf"}  # fmt: skip
_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
    "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", "ell",
}  # fmt: skip
_FONTS = {"\\mathbf", "\\mathrm", "\\mathit", "\\boldsymbol", "\\bm", "\\mathcal", "\\text",
          "\\textrm", "\\mathsf", "\\operatorname", "\\mathtt", "\\bar", "\\hat", "\\tilde",
          "\\textbf", "\\textit", "\\mathbb", "\\vec", "\\textnormal", "\\textsf", "\\dot",
          "\\ddot", "\\mathbbm", "\\mathfrak", "\\widehat", "\\widetilde",
          "\\overline"}  # fmt: skip
_ACCENTS = {
    "\\bar": "bar",
    "\\hat": "hat",
    "\\tilde": "tilde",
    "\\vec": "vec",
    "\\dot": "dot",
    "\\ddot": "ddot",
    "\\widehat": "hat",
    "\\widetilde": "tilde",
    "\\overline": "bar",
}
# Commands inside a name that only set its font: `\\text{init}` is `init`, `\\Sigma` is `Sigma`.
_NAMELESS = _FONTS | {"\\rm", "\\bf", "\\it"}
_TRANSPOSE = {"T", "\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}"}
_CLOSE = {")", "]", "}", "\\}", "\\rangle", "|", "\\|", "\\Vert", "\\rVert"}
_STOP = _CLOSE | _RELATIONS | set(_INFIX) | {"^", "_", ",", "\\end", "\\\\", "&", ";", "\\mid",
                                          "\\sim", "\\in", ":"}  # fmt: skip


# What follows a top-level comma when the rest of the row is a side clause, not math.
_SIDE_CLAUSE = [["\\text"], ["\\textnormal"], ["\\textrm"], ["\\mathrm"], ["\\forall"], []]
_ALIGNED = {"aligned", "split", "gathered", "aligned*", "alignedat"}
PREVIOUS_ROW = "(previous row)"


class UnsupportedConstruct(ValueError):
    """The reader met a construct it cannot read; `construct` names it (e.g. "\\int")."""

    def __init__(self, construct: str, latex: str) -> None:
        super().__init__(f"cannot read the construct {construct!r} in: {latex}")
        self.construct = construct


def parse_equation(latex: str) -> Node:
    """The expression tree of one equation row; raises `UnsupportedConstruct` on the first
    construct the grammar does not cover."""
    parser = _Parser(tokenize(latex), latex)
    if parser.peek() in _RELATIONS:
        # An aligned system's later row (`&= ...`) continues the previous row's left side.
        op = parser.take()
        node: Node = Relation(op, Sym(PREVIOUS_ROW), parser.expression(10))
    else:
        node = parser.expression(0)
    if parser.peek() == "," and parser.tokens[parser.pos + 1 : parser.pos + 2] in _SIDE_CLAUSE:
        return node  # `..., \\text{where} ...`, `..., \\forall i`: prose about the equation
    if parser.pos < len(parser.tokens):
        raise UnsupportedConstruct(parser.tokens[parser.pos], latex)
    return node


class _Parser:
    def __init__(self, tokens: list[str], latex: str) -> None:
        self.tokens = tokens
        self.latex = latex
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise UnsupportedConstruct("end of equation", self.latex)
        self.pos += 1
        return token

    def expect(self, token: str) -> None:
        got = self.take()
        if got != token:
            raise UnsupportedConstruct(got, self.latex)

    def group(self) -> str:
        """The raw text of a `{...}` argument (or one token), for names and fonts."""
        if self.peek() != "{":
            return self.take()
        self.take()
        depth, parts = 1, []
        while True:
            token = self.take()
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                return "".join(parts)
            parts.append(token)

    def expression(self, min_power: int) -> Node:
        left = self.prefix()
        while (token := self.peek()) is not None:
            if token in _RELATIONS:
                power, op = 10, token
            elif token in _INFIX:
                op, power = _INFIX[token]
            elif token not in _STOP:
                op, power = "dot", 30  # juxtaposition is a product
            else:
                break
            if power <= min_power:
                break
            if op == "dot" and token not in _INFIX:
                right = self.expression(power)
            else:
                self.take()
                right = self.expression(power)
            left = Relation(op, left, right) if token in _RELATIONS else BinOp(op, left, right)
        return left

    def prefix(self) -> Node:
        token = self.peek()
        if token == "-":
            self.take()
            return Neg(self.expression(35))
        if token == "+":
            self.take()
            return self.expression(35)
        return self.postfix(self.atom())

    def postfix(self, node: Node) -> Node:
        original = node
        while (token := self.peek()) in {"^", "_", "'"}:
            self.take()
            if token == "'":
                node = _rename(node, "'", self.latex)
                continue
            start = self.pos
            text = self.group()
            if token == "^" and text in _TRANSPOSE:
                node = Transpose(node)
            elif token == "_" or (isinstance(node, Sym) and _label(text)):
                node = _rename(node, token + _clean(text), self.latex)
            else:
                self.pos = start
                node = BinOp("^", node, self.argument())
        if isinstance(node, Sym) and node != original:
            return self.maybe_call(node.name)  # `\\epsilon_\\theta(x, t)`: a named function
        return node

    def argument(self) -> Node:
        """A `{...}` group or a single atom, as used after `^`, `\\frac`, `\\sqrt`."""
        if self.peek() == "{":
            self.take()
            node = self.expression(0)
            self.expect("}")
            return node
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token[0].isdigit():
            return Num(float(token))
        if token.isalpha() and len(token) == 1:
            return self.maybe_call(token)
        if token in {"(", "["}:
            node = self.expression(0)
            self.expect(")" if token == "(" else "]")
            return node
        if token == "{":
            node = self.expression(0)
            self.expect("}")
            return node
        if token == "\\frac" or token == "\\dfrac" or token == "\\tfrac":
            return BinOp("/", self.argument(), self.argument())
        if token == "\\sqrt":
            if self.peek() == "[":
                raise UnsupportedConstruct("\\sqrt[n]", self.latex)
            return Call("sqrt", (self.argument(),))
        if token in {"\\|", "\\lVert", "\\Vert"}:
            arg = self.expression(0)
            self.take()  # the closing bar
            p = None
            if self.peek() == "_":
                self.take()
                p = self.argument()
            return Norm(arg, p)
        if token == "|":
            arg = self.expression(0)
            self.expect("|")
            return Call("abs", (arg,))
        if token in {"\\sum", "\\prod"}:
            return self.reduce(token[1:])
        if token in _FUNCTIONS:
            return self.function(token[1:])
        if token == "\\begin":
            return self.environment()
        if token in _FONTS:
            name = _clean(self.group())
            if token == "\\mathbb" and name == "E":
                return self.expectation()
            if token in _ACCENTS:
                name = f"{_ACCENTS[token]}_{name}" if name else name
            return self.maybe_call(name)
        if token.startswith("\\") and token[1:] in _GREEK:
            return self.maybe_call(token[1:])
        raise UnsupportedConstruct(token, self.latex)

    def maybe_call(self, name: str) -> Node:
        """`softmax(x)` and `f(x, y)` are applications; `x(y+z)` is a product."""
        if self.peek() != "(":
            return Sym(name)
        start = self.pos
        self.take()
        args = [self.expression(0)]
        if name not in _APPLIED and self.peek() != ",":
            self.pos = start  # one argument to a name of no known function: a product
            return Sym(name)
        while self.peek() == ",":
            self.take()
            args.append(self.expression(0))
        self.expect(")")
        return Call(name.lower() if name in _APPLIED else name, tuple(args))

    def function(self, name: str) -> Node:
        if name in {"max", "min", "arg", "argmax", "argmin"} and self.peek() == "_":
            raise UnsupportedConstruct(f"\\{name}_{{...}} (a bounded {name})", self.latex)
        if self.peek() == "(":
            self.take()
            args = [self.expression(0)]
            while self.peek() == ",":
                self.take()
                args.append(self.expression(0))
            self.expect(")")
            return Call(name, tuple(args))
        # `\tanh x`, `\log p(x)`: the argument is the next product-level operand.
        return Call(name, (self.postfix(self.atom()),))

    def reduce(self, kind: str) -> Node:
        self.expect("_")
        self.expect("{")
        var = self.take()
        self.expect("=")
        lo = self.expression(0)
        self.expect("}")
        self.expect("^")
        hi = self.argument()
        return Reduce(kind, var, lo, hi, self.expression(25))

    def expectation(self) -> Node:
        raise UnsupportedConstruct("\\mathbb{E} (an expectation over samples)", self.latex)

    def environment(self) -> Node:
        name = self.group()
        if name in _ALIGNED:
            return self.system()
        if name != "cases":
            raise UnsupportedConstruct(f"\\begin{{{name}}}", self.latex)
        rows: list[tuple[Node, Node | None]] = []
        while True:
            value = self.expression(0)
            condition: Node | None = None
            if self.peek() == "&":
                self.take()
                condition = self.condition()
            rows.append((value, condition))
            if self.peek() == "\\\\":
                self.take()
            if self.peek() == "\\end":
                self.take()
                self.group()
                return Cases(tuple(rows))

    def system(self) -> Node:
        """Rows split by `\\\\`; `&` only aligns, and a row opening with `=` continues the last."""
        rows: list[Node] = []
        while self.peek() != "\\end":
            left: Node = Sym(PREVIOUS_ROW)
            if self.peek() not in _RELATIONS | {"&"}:
                left = self.expression(0)
            while self.peek() == "&":
                self.take()
            if self.peek() in _RELATIONS:
                op = self.take()
                left = Relation(op, left, self.expression(10))
            rows.append(left)
            if self.peek() in {"\\\\", ","}:
                self.take()
            elif self.peek() != "\\end":
                raise UnsupportedConstruct(self.take(), self.latex)
        self.take()
        self.group()
        return System(tuple(rows))

    def condition(self) -> Node | None:
        """A case's condition: `x > 0`, `\\text{if } x > 0`, or `\\text{otherwise}` (None)."""
        if self.peek() in {"\\text", "\\textrm", "\\mathrm"}:
            self.take()
            words = _clean(self.group())
            if words in {"otherwise", "else"}:
                return None
            if words not in {"if", ""}:
                raise UnsupportedConstruct(f"\\text{{{words}}} in a case condition", self.latex)
        return self.expression(0)


def _clean(text: str) -> str:
    """A name's raw text without font commands and braces: `\\text{init}` is `init`."""
    named = re.sub(r"\\([a-zA-Z]+)", lambda m: "" if "\\" + m[1] in _NAMELESS else m[1], text)
    return re.sub(r"[{}\\ ]", "", named)


def _label(superscript: str) -> bool:
    """Whether a superscript names rather than raises: `W^Q`, `W^{\\text{out}}`, `\\Sigma^\\prime`,
    `x^*`, `h^{(l)}`; `t^{k_j}`, `x^2`, `e^{-x}` are powers."""
    if superscript.startswith(("\\text", "\\rm", "\\mathrm", "\\operatorname", "{\\rm", "(")):
        return True
    return superscript in {"\\prime", "*", "\\ast", "\\star", "\\dagger", "+", "'"} or (
        len(superscript) == 1 and superscript.isupper()
    )


def _rename(node: Node, suffix: str, latex: str) -> Node:
    if not isinstance(node, Sym):
        raise UnsupportedConstruct(f"a subscript on {type(node).__name__}", latex)
    return Sym(node.name + suffix)

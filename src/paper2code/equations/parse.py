"""A Pratt parser from an equation's LaTeX tokens to the tree of `tree.py`.

sympy's LaTeX parser refuses forms papers use all the time (`\\tanh x`, juxtaposed products,
`W^Q`), so the grammar is written here; anything else raises `UnsupportedConstruct` naming it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from paper2code.equations.clauses import DEFINING, define, split_clauses
from paper2code.equations.scope import imaginary_unit, uses
from paper2code.equations.tokens import tokenize
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
    map_children,
)
from paper2code.equations.vocabulary import (
    ACCENTS,
    ALIGNED,
    APPLIED,
    BARS,
    BOUNDED,
    DECORATIONS,
    DEFINITIONS,
    DOTS,
    FONTS,
    FUNCTIONS,
    GREEK,
    INFIX,
    MATRICES,
    RELATIONS,
    ROMAN,
    SIDE_CLAUSE,
    STOP,
    TRANSPOSE,
    clean,
    is_label,
)

PREVIOUS_ROW = "(previous row)"
# The inverse trigonometric functions, which `\\sin^{-1}` also spells.
_ARC = {"arcsin", "arccos", "arctan"}
# Functions whose superscript number is a power of their value: `\\cos^2 x`, `\\tanh^2 x`.
_POWERED = {"sin", "cos", "tan", "sinh", "cosh", "tanh", "log", "ln", "exp"}


class UnsupportedConstruct(ValueError):
    """The reader met a construct it cannot read; `construct` names it (e.g. "\\int")."""

    def __init__(self, construct: str, latex: str) -> None:
        super().__init__(f"cannot read the construct {construct!r} in: {latex}")
        self.construct = construct


def parse_equation(latex: str) -> Node:
    """The expression tree of one equation row; raises `UnsupportedConstruct` on the first
    construct the grammar does not cover.

    Definitions after a top-level comma (`P(X) = ..., \\quad Q(X) = ...`) make a `System`,
    unless the row uses what they define (`y = W h, \\; h = \\tanh x`): then, as the
    definitions of a `\\text{with}` or `\\text{where}` clause, they are put in its place
    (clauses.py). What else follows a comma (`\\text{for } i = 1, \\ldots, n`, `\\epsilon
    \\sim \\mathcal{N}(0, I)`, `n = 0, 1, \\ldots`) is a side clause about the equation and is
    left out. An `i` in an exponent is the imaginary unit when no index is named i (scope.py)."""
    tokens, clauses = split_clauses(tokenize(latex))
    node = _row(tokens, latex)
    for word, clause in clauses:
        if word in DEFINING:
            for definition in _clause_definitions(clause, latex):
                node = define(node, definition) or node
    return imaginary_unit(node)


def _row(tokens: list[str], latex: str) -> Node:
    parser = _Parser(tokens, latex)
    if parser.peek() in RELATIONS:
        # An aligned system's later row (`&= ...`) continues the previous row's left side.
        node: Node = Sym(PREVIOUS_ROW)
        while parser.peek() in RELATIONS:
            op = parser.take()
            node = Relation(op, node, parser.expression(10))
    else:
        node = parser.expression(0)
    clause: list[Node] = []
    while (
        parser.peek() in {",", ";"}
        and parser.tokens[parser.pos + 1 : parser.pos + 2] not in SIDE_CLAUSE
    ):
        parser.take()
        clause.append(parser.expression(0))
    if parser.peek() in {",", ";", "\\forall"}:
        parser.pos = len(parser.tokens)  # `..., \\text{i.e.} ...`, `\\forall i`: prose
    if parser.pos < len(parser.tokens):
        raise UnsupportedConstruct(parser.tokens[parser.pos], latex)
    if any(isinstance(c, Dots | Num) for c in clause):
        return node  # `n = 0, 1, 2, \\ldots`: the range the equation holds over
    definitions = []
    for c in clause:
        if isinstance(c, Relation) and c.op in DEFINITIONS:
            used = define(node, c)  # `y = W h, \\; h = \\tanh x`: a clause that defines h
            if used is None:
                definitions.append(c)
            else:
                node = used
    return System((node, *definitions)) if definitions else node


def _clause_definitions(tokens: list[str], latex: str) -> list[Relation]:
    """The definitions a `\\text{with}` clause gives, separated by commas or semicolons; the
    clause stops where it turns to prose the reader cannot read (`where $x$ is the input`)."""
    parser = _Parser(tokens, latex)
    found: list[Relation] = []
    while parser.peek() is not None:
        try:
            node = parser.expression(0)
        except UnsupportedConstruct:
            break
        if isinstance(node, Relation) and node.op in DEFINITIONS:
            found.append(node)
        if parser.peek() not in {",", ";"}:
            break
        parser.take()
    return found


class _Parser:
    def __init__(self, tokens: list[str], latex: str) -> None:
        self.tokens = tokens
        self.latex = latex
        self.pos = 0
        # The delimiters open around the current position, innermost last: "|" (absolute
        # value), "\\|" (norm), "(" (a call's arguments, where a bare `|` conditions), "["
        # (a bracket or brace group, where a bar opens a norm or an absolute value).
        self.bars: list[str] = []
        self.decorated_end = 0  # where the last `\\overset{...}{=}` read ends

    def peek(self, ahead: int = 0) -> str | None:
        at = self.pos + ahead
        return self.tokens[at] if at < len(self.tokens) else None

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
        """The raw text of a `{...}` argument (or one token), for names and fonts; a font
        command as the token takes its own argument (`\\hat\\mathcal{P}` is a hat on P)."""
        if self.peek() != "{":
            token = self.take()
            return f"{token}{{{self.group()}}}" if token in FONTS else token
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
            if token in {"\\mid", "|"} and self.peek(1) == "_":
                self.pos += 2  # `\\mid_{a = 0}`, `\\Big|_{x=0}`: evaluated at a point
                point = self.subscript()
                left = At(left, point[0] if len(point) == 1 else Tuple(tuple(point)))
                continue
            relation = self.decorated_relation() if token in {"\\overset", "\\stackrel"} else None
            if relation is not None or token in RELATIONS:
                power, op = 10, relation or token
            elif token in INFIX:
                op, power = INFIX[token]
            elif token in BARS and self.closes(token):
                break
            elif token not in STOP:
                op, power = "dot", 30  # juxtaposition is a product (a bar here opens a norm)
            else:
                break
            if power <= min_power:
                break
            if relation is not None:
                self.pos = self.decorated_end
            elif op != "dot" or token in INFIX:
                self.take()
            right = self.expression(power)
            if op == "\\eqqcolon":
                # `b =: a` names its right side: the definition a := b
                left = Relation(":=", right, left)
                continue
            left = Relation(op, left, right) if power == 10 else BinOp(op, left, right)
        return left

    def closes(self, bar: str) -> bool:
        """Whether `bar` closes the innermost open delimiter (or, `|` in a call, conditions)."""
        innermost = self.bars[-1] if self.bars else None
        # In a call, `|` conditions (`p(x | y)`) and `\\|` separates (`D_{KL}(p \\| q)`).
        return innermost in {bar, "("}

    def decorated_relation(self) -> str | None:
        """`\\overset{(a)}{=}`, `\\stackrel{\\text{def}}{=}`: the relation under the note."""
        start = self.pos
        self.take()
        self.group()
        found = self.peek(1) if self.peek() == "{" and self.peek(2) == "}" else None
        self.decorated_end = self.pos + 3  # past `{`, the relation, `}`
        self.pos = start
        return found if found in RELATIONS else None

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
            if text in FONTS and self.peek() == "{":
                text += "{" + self.group() + "}"  # `_\\text{x}`: the font and its word
            if token == "^" and text in TRANSPOSE:
                node = Transpose(node)
            elif token == "_" and text == "+" and not isinstance(node, Sym):
                node = Call("relu", (node,))  # `[1 - q^T W p]_+`: the positive part, a hinge
            elif token == "_" and isinstance(node, BinOp) and node.op == "^":
                # `g^2_t`, `\\|x\\|^2_2`: the subscript names the base, or is the norm's order
                self.pos = start
                node = BinOp("^", self.subscripted(node.left), node.right)
            elif token == "_" or (isinstance(node, Sym) and is_label(text)):
                node = _rename(node, token + clean(text), self.latex)
            elif token == "^" and node == Sym("e"):
                # `e^{-\\gamma S}`: a bare e raised to a power is Euler's number
                self.pos = start
                node = Call("exp", (self.argument(),))
            else:
                self.pos = start
                node = BinOp("^", node, self.argument())
        if isinstance(node, Sym) and node != original:
            # `\\epsilon_\\theta(x, t)`: a named function, `p_\\theta(y | x)^\\omega` powered
            called = self.maybe_call(node.name)
            return called if isinstance(called, Sym) else self.postfix(called)
        return node

    def norm_order(self) -> Node:
        """A norm's subscript: its order (`2`, `p`) or the name of a matrix norm (`F`, `*`)."""
        text = self.group()
        return Num(float(text)) if text.isdigit() else Sym(clean(text))

    def subscripted(self, base: Node) -> Node:
        if isinstance(base, Norm) and base.p is None:
            return Norm(base.arg, self.norm_order())
        return _rename(base, "_" + clean(self.group()), self.latex)

    def argument(self) -> Node:
        """A `{...}` group or a single token, as used after `^`, `\\frac`, `\\sqrt`, a sum's
        bounds and a subscript; a lone name here is never applied to a bracket that follows
        (`\\sum_{i=1}^N (x_i)^2`)."""
        if self.peek() == "{":
            self.take()
            node = self.expression(0)
            self.expect("}")
            return node
        token = self.peek() or ""
        if token.isalpha() and len(token) == 1:
            return Sym(self.take())
        if token.startswith("\\") and token[1:] in GREEK and token != "\\Delta":
            return Sym(self.take()[1:])
        return self.atom()

    def items(self, until: str, inside: str = "[") -> list[Node]:
        """Comma-separated expressions up to the closing `until`, which is consumed; `inside` is
        "(" for a call's arguments."""
        self.bars.append(inside)
        found = [self.expression(0)]
        while self.peek() in {",", ";"}:
            self.take()
            found.append(self.expression(0))
        self.bars.pop()
        self.expect(until)
        return found

    def subscript(self) -> list[Node]:
        """A subscript after `\\sum`, `\\max`, `\\mathbb{E}`: its comma-separated items, or the
        rows of a `\\substack`."""
        if self.peek() != "{":
            return [self.argument()]
        self.take()
        if self.peek() != "\\substack":
            return self.items("}")
        self.take()
        self.expect("{")
        rows = [self.expression(0)]
        while self.peek() == "\\\\":
            self.take()
            if self.peek() != "}":
                rows.append(self.expression(0))
        self.expect("}")
        self.expect("}")
        return rows

    def atom(self) -> Node:
        token = self.take()
        if token[0].isdigit():
            return Num(float(token))
        if token.isalpha() and len(token) == 1:
            word = self.roman_function()
            return self.function(word) if word else self.maybe_call(token)
        if token in {"(", "["}:
            found = self.items(")" if token == "(" else "]")
            return found[0] if len(found) == 1 else Tuple(tuple(found))
        if token == "{":
            node = self.expression(0)
            self.expect("}")
            # `{\\bm{F}}(z)`: a braced name is applied like a bare one
            return self.maybe_call(node.name) if isinstance(node, Sym) else node
        if token in {"\\frac", "\\dfrac", "\\tfrac", "\\nicefrac"}:
            if self.derivative_ahead():
                return self.derivative()
            return BinOp("/", self.argument(), self.argument())
        if token == "\\sqrt":
            if self.peek() != "[":
                return Call("sqrt", (self.argument(),))
            self.take()
            degree = self.expression(0)
            self.expect("]")
            return BinOp("^", self.argument(), BinOp("/", Num(1.0), degree))
        if token == "\\|":
            self.bars.append("\\|")
            arg = self.expression(0)
            self.bars.pop()
            self.expect("\\|")
            p = None
            if self.peek() == "_":
                self.take()
                p = self.norm_order()
            return Norm(arg, p)
        if token == "|":
            self.bars.append("|")
            arg = self.expression(0)
            self.bars.pop()
            self.expect("|")
            return Call("abs", (arg,))
        if token in {"\\sum", "\\prod", "\\bigoplus"}:
            return self.reduce({"\\sum": "sum", "\\prod": "prod"}.get(token, "concat"))
        if token in FUNCTIONS:
            return self.function(token[1:])
        if token == "\\begin":
            return self.environment()
        if token in FONTS:
            return self.font(token)
        if token == "\\mathop":
            return self.operator(clean(self.group())) if self.peek() == "{" else self.atom()
        if token == "\\Delta" and self.peek() != "(":
            return self.difference()
        if token.startswith("\\") and token[1:] in GREEK:
            return self.maybe_call(token[1:])
        if token == "\\nabla":
            return self.gradient()
        if token == "\\partial":  # `\\partial_t u`
            wrt: list[Node] = []
            if self.peek() == "_":
                self.take()
                wrt = self.subscript()
            return Derivative("partial", self.postfix(self.atom()), tuple(wrt), 1)
        if token in {"\\int", "\\iint", "\\oint"}:
            return self.integral()
        if token == "\\{":
            return self.set()
        if token == "\\langle":
            pair = self.items("\\rangle")
            if len(pair) == 1:  # `\langle s_i \rangle_s`: the mean (physics), over its subscript
                over = None
                if self.peek() == "_":
                    self.take()
                    found = self.subscript()
                    over = found[0] if len(found) == 1 else Tuple(tuple(found))
                return Expectation(over, pair[0])
            if len(pair) != 2:  # `\langle S, A, p, r \rangle` is a tuple, not an inner product
                raise UnsupportedConstruct(f"\\langle with {len(pair)} items", self.latex)
            return Inner(*pair)
        if token in DOTS or token == "\\cdot":
            return Dots()  # `\\ldots`, or `f(\\cdot)`: a placeholder argument
        if token == "\\infty":
            return Num(float("inf"))
        if token in {"\\emptyset", "\\varnothing"}:
            return Sym("emptyset")
        if token in DECORATIONS:
            if self.peek() == "[":
                self.group()  # `\\smash[t]`: an option
                self.expect("]")
            node = self.argument()
            if DECORATIONS[token] and self.peek() == DECORATIONS[token]:
                self.take()
                self.group()  # the note under (over) the brace
            return node
        raise UnsupportedConstruct(token, self.latex)

    def font(self, token: str) -> Node:
        name = clean(self.group())
        if token in {"\\mathbb", "\\mathbbm"} and name == "E":
            return self.expectation()
        if token in {"\\mathbb", "\\mathbbm"} and name == "1":
            return self.indicator()
        if token == "\\mathcal" and name in {"N", "U"} and self.peek() == "(":
            return self.distribution(name)
        if token in ACCENTS:
            name = f"{ACCENTS[token]}_{name}" if name else name
        if token.startswith("\\operatorname") or token == "\\mathrm":
            return self.operator(name)
        return self.maybe_call(name)

    def operator(self, name: str) -> Node:
        """`\\operatorname{arg\\,min}`, `\\mathop{\\arg\\max}`, `\\mathrm{diag}`: an operator."""
        name = name.replace("arg,", "arg")
        return self.function(name) if name in BOUNDED else self.maybe_call(name)

    def difference(self) -> Node:
        """`\\Delta t`, `\\Delta {\\bm{x}}`: one quantity, the change of the name that follows."""
        if not (self.peek() or "\\").lstrip("\\").isalpha() and self.peek() != "{":
            return Sym("Delta")
        inner = self.atom()
        match inner:
            case Sym(name):
                return Sym(f"Delta_{name}")
            case Call(fn, args):
                return Call(f"Delta_{fn}", args)
            case CallOrProduct(fn, arg):
                return CallOrProduct(f"Delta_{fn}", arg)
        return BinOp("dot", Sym("Delta"), inner)

    def maybe_call(self, name: str) -> Node:
        """`softmax(x)` and `f(x, y)` are applications, `p(x | y)` a conditional; `v(x)` is an
        application or a product, which only the paper's definitions decide."""
        if self.peek() != "(":
            return Sym(name)
        self.take()
        self.bars.append("(")
        args = [self.expression(0)]
        while self.peek() in {",", ";", "\\|"}:
            self.take()
            args.append(self.expression(0))
        given: list[Node] = []
        if self.peek() in {"|", "\\mid"}:
            self.take()
            given.append(self.expression(0))
            while self.peek() in {",", ";"}:
                self.take()
                given.append(self.expression(0))
        self.bars.pop()
        self.expect(")")
        if given:
            return Conditional(name, tuple(args), tuple(given))
        if name in APPLIED:
            return Call(name.lower(), tuple(args))
        if len(args) == 1:
            return CallOrProduct(name, args[0])
        return Call(name, tuple(args))

    def roman_function(self) -> str | None:
        """`max(0, x)` written in letters, not `\\max`: the function's name when the letters just
        taken start one of ROMAN spelled out and followed by `(`; the letters are consumed."""
        start = self.pos - 1
        for word in ROMAN:
            end = start + len(word)
            if self.tokens[start:end] == list(word) and self.peek(end - self.pos) == "(":
                self.pos = end
                return word
        return None

    def function(self, name: str) -> Node:
        if name == "arg" and self.peek() in {"\\max", "\\min"}:
            name += self.take()[1:]
        if name in BOUNDED and self.peek() == "_":
            self.take()
            over = self.subscript()
            body = self.expression(25)
            return Extremum(name, over[0] if len(over) == 1 else Tuple(tuple(over)), body)
        if name in BOUNDED - {"max", "min"}:
            raise UnsupportedConstruct(f"\\{name} without a subscript", self.latex)
        base: Node | None = None
        power: Node | None = None
        while self.peek() in {"^", "_"}:
            mark = self.take()
            text = self.group()
            if mark == "_" and name == "log" and text.isdigit():
                base = Num(float(text))  # `\\log_2`
            elif mark == "^" and clean(text) == "-1" and "arc" + name in _ARC:
                name = "arc" + name  # `\\sin^{-1} x`: the inverse function, arcsin
            elif mark == "^" and clean(text).isdigit() and name in _POWERED:
                power = Num(float(clean(text)))  # `\\sin^2 x`: the square of sin x
            else:
                name += mark + clean(text)  # `\\log^K_{o}`, `\\exp_p`: the paper's own map
        if self.peek() in {"(", "\\{"}:
            # `\\exp\\big\\{ t^\\top \\eta - A \\big\\}`, `\\max\\{a, 0\\}`: braces after a function
            # hold its arguments, as brackets do
            args = self.items(")" if self.take() == "(" else "\\}", inside="(")
            call: Node = Call(name, tuple(args))
        else:
            # `\tanh x`, `\log p(x)`: the argument is the next product-level operand.
            call = Call(name, (self.postfix(self.atom()),))
        if power is not None:
            call = BinOp("^", call, power)
        return call if base is None else BinOp("/", call, Call("log", (base,)))

    def reduce(self, kind: str) -> Node:
        over: list[Node] = []
        hi: Node | None = None
        while self.peek() in {"_", "^"}:
            if self.take() == "_":
                over = self.subscript()
            else:
                hi = self.argument()
        head, conditions = (over[0], over[1:]) if over else (None, [])
        body = self.summand(_index_of(head))
        if (
            isinstance(head, Relation)
            and isinstance(head.left, Sym)
            and not _coefficients(body, head.left.name)
        ):
            body = _index_superscripts(body, head.left.name)
        where = None
        if conditions:
            where = conditions[0] if len(conditions) == 1 else Tuple(tuple(conditions))
        match head:
            case Relation("=", Sym(var), lo) if hi is not None:
                if where is None and kind != "concat":
                    return Reduce(kind, var, lo, hi, body)
                return ReduceOver(kind, var, Range(lo, hi), where, body)
            case Relation("\\in", Sym(var), domain):
                return ReduceOver(kind, var, domain, where, body)
            case Sym(var):
                # `\\sum_i^M`: i = 1, ..., M
                return ReduceOver(
                    kind, var, None if hi is None else Range(Num(1.0), hi), where, body
                )
            case Relation(op, Sym(var), _) if op not in DEFINITIONS:
                # `\\prod_{j \\neq i}`: the subscript only excludes
                return ReduceOver(
                    kind, var, None if hi is None else Range(Num(1.0), hi), head, body
                )
            case None:
                return ReduceOver(kind, "", None, None, body)
        raise UnsupportedConstruct(f"the subscript of a {kind}", self.latex)

    def summand(self, var: str | None) -> Node:
        """The body of a sum or product over `var`: one product-level term, and each term after
        a `+` or `-` that uses `var` (`\\sum_P 1 - \\cos\\varphi_P` is the sum of 1 - cos,
        `\\sum_i x_i + b` adds b once). Readers' convention: the index is in scope in the
        operator's body only, so a term that uses it belongs to the body; LaTeX itself sets
        the operator with no extent, leaving the reader to decide."""
        body = self.expression(25)
        while var is not None and self.peek() in {"+", "-"}:
            mark = self.pos
            op = self.take()
            term = self.expression(20)
            if not uses(term, var):
                self.pos = mark
                break
            body = BinOp(op, body, term)
        return body

    def expectation(self) -> Node:
        """`\\mathbb{E}_{x \\sim p}[f(x)]`, `\\mathbb{E}_{q(x_t|x)} \\|f\\|^2`, `\\mathbb{E}x`."""
        over: Node | None = None
        if self.peek() == "_":
            self.take()
            items = self.subscript()
            over = items[0] if len(items) == 1 else Tuple(tuple(items))
        if self.peek() == "[":
            return Expectation(over, self.postfix(self.atom()))
        return Expectation(over, self.expression(25))

    def indicator(self) -> Node:
        """`\\mathbb{1}\\{t \\in X\\}`, `\\mathbbm{1}_{\\{x_t = m\\}}`: 1 where it holds, else 0."""
        if self.peek() == "_":
            self.take()
            condition = self.argument()
        else:
            condition = self.atom()
        if isinstance(condition, SetOf) and len(condition.items) == 1:
            condition = condition.items[0]
        return Indicator(condition)

    def distribution(self, family: str) -> Node:
        """`\\mathcal{N}(x; \\mu, \\Sigma)` (a density at x) or `\\mathcal{N}(\\mu, \\sigma^2)`."""
        self.take()
        self.bars.append("(")
        first = self.expression(0)
        at: Node | None = None
        if self.peek() in {";", "|", "\\mid"}:
            self.take()
            at, first = first, self.expression(0)
        params = [first]
        while self.peek() == ",":
            self.take()
            params.append(self.expression(0))
        self.bars.pop()
        self.expect(")")
        return Distribution(family, at, tuple(params))

    def gradient(self) -> Node:
        """`\\nabla_\\theta L`, `\\nabla^2_{xx} f`, `\\nabla F(z)`."""
        wrt: Node | None = None
        order = 1
        while self.peek() in {"_", "^"}:
            if self.take() == "_":
                items = self.subscript()
                wrt = items[0] if len(items) == 1 else Tuple(tuple(items))
            else:
                order = _order(self.group(), self.latex)
        return Gradient(wrt, order, self.postfix(self.atom()))

    def derivative_ahead(self) -> bool:
        """Whether a `\\frac` is `\\frac{\\partial f}{\\partial x}` or `\\frac{d}{dt}`."""
        mark = self.peek(1)
        if self.peek() != "{" or mark not in {"\\partial", "d"}:
            return False
        depth, at = 0, self.pos
        while at < len(self.tokens):
            depth += {"{": 1, "}": -1}.get(self.tokens[at], 0)
            at += 1
            if depth == 0:
                break
        return self.tokens[at : at + 2] == ["{", mark]

    def derivative(self) -> Node:
        self.expect("{")
        mark = self.take()
        order = 1
        if self.peek() == "^":
            self.take()
            order = _order(self.group(), self.latex)
        arg = None if self.peek() == "}" else self.expression(0)
        self.expect("}")
        self.expect("{")
        wrt: list[Node] = []
        while self.peek() == mark:
            self.take()
            var = self.postfix(self.argument())
            wrt.append(var.left if isinstance(var, BinOp) and var.op == "^" else var)
        self.expect("}")
        kind = "partial" if mark == "\\partial" else "total"
        if arg is not None:
            return Derivative(kind, arg, tuple(wrt), order)
        point: list[Node] = []
        if self.peek() in {"|", "\\mid"} and self.peek(1) == "_":
            self.pos += 2  # `\\frac{\\partial}{\\partial t}\\Big|_{t = 0} h(t)`
            point = self.subscript()
        # `\\frac{\\partial}{\\partial x} F(x)`: the operator applies to what follows
        derivative = Derivative(kind, self.postfix(self.atom()), tuple(wrt), order)
        if not point:
            return derivative
        return At(derivative, point[0] if len(point) == 1 else Tuple(tuple(point)))

    def integral(self) -> Node:
        """`\\int_a^b f(x)\\, dx`; the `dx` names the variable when written."""
        lo = hi = None
        while self.peek() in {"_", "^"}:
            if self.take() == "_":
                lo = self.argument()
            else:
                hi = self.argument()
        body = self.expression(25)
        var = None
        match body:
            case BinOp("dot", BinOp("dot", rest, Sym("d")), differential):
                body, var = rest, differential
            case BinOp("dot", rest, Sym(name)) if len(name) == 2 and name[0] == "d":
                body, var = rest, Sym(name[1])
        return Integral(lo, hi, body, var)

    def set(self) -> Node:
        """`\\{a, b\\}`, `\\{1, \\ldots, N\\}` (a range), `\\{x : x > 0\\}` (set-builder);
        `\\left\\{ \\begin{array}{ll} ... \\end{array} \\right.` is cases."""
        start = self.pos
        if self.peek() == "\\begin" and self.take() and self.group() == "array":
            self.group()  # the column specification
            node = self.cases()
            if self.peek() == "\\}":
                self.take()
            return node
        self.pos = start
        self.bars.append("(")
        first = self.expression(0)
        if self.peek() in {":", "\\mid", "|"}:
            self.take()
            condition = self.expression(0)
            self.bars.pop()
            self.expect("\\}")
            return SetBuilder(first, condition)
        self.bars.pop()
        found = [first]
        while self.peek() == ",":
            self.take()
            found.append(self.expression(0))
        self.expect("\\}")
        if len(found) == 3 and isinstance(found[1], Dots):
            return Range(found[0], found[2])
        if len(found) == 1 and self.peek() == "^":
            return found[0]  # `\\{\\max(0, m - D)\\}^2`: the braces group a powered term
        return SetOf(tuple(found))

    def environment(self) -> Node:
        name = self.group()
        if name in ALIGNED:
            return self.system()
        if name in MATRICES:
            return self.matrix(name)
        if name != "cases":
            raise UnsupportedConstruct(f"\\begin{{{name}}}", self.latex)
        return self.cases()

    def cases(self) -> Node:
        """`value & condition` rows up to `\\end`, from `cases` or `\\left\\{` an `array`."""
        rows: list[tuple[Node, Node | None]] = []
        while True:
            value = self.expression(0)
            condition: Node | None = None
            if self.peek() == ",":
                self.take()  # `1, & s = 1`: the comma before a condition is punctuation
            if self.peek() == "&":
                self.take()
                condition = self.condition()
            rows.append((value, condition))
            if self.peek() in {";", ",", "."}:
                self.take()
            if self.peek() == "\\\\":
                self.take()
            if self.peek() == "\\end":
                self.take()
                self.group()
                return Cases(tuple(rows))

    def matrix(self, name: str) -> Node:
        """Entries split by `&`, rows by `\\\\`; a blank entry is zero (`\\ddots` layouts)."""
        if name == "array":
            self.group()  # the column specification
        rows: list[tuple[Node, ...]] = []
        row: list[Node] = []
        while True:
            blank = self.peek() in {"&", "\\\\", "\\end"}
            row.append(Num(0.0) if blank else self.expression(0))
            token = self.take()
            if token == "&":
                continue
            if row != [Num(0.0)] or token != "\\end":
                rows.append(tuple(row))  # (a trailing `\\\\` leaves no empty last row)
            row = []
            if token == "\\\\" and self.peek() == "\\end":
                token = self.take()
            if token == "\\end":
                self.group()
                return Matrix(tuple(rows))
            if token != "\\\\":
                raise UnsupportedConstruct(token, self.latex)

    def system(self) -> Node:
        """Rows split by `\\\\`; `&` only aligns, and a row opening with `=` continues the last."""
        rows: list[Node] = []
        while self.peek() != "\\end":
            left: Node = Sym(PREVIOUS_ROW)
            if self.peek() not in RELATIONS | {"&"}:
                left = self.expression(0)
            while self.peek() == "&":
                self.take()
            if self.peek() in RELATIONS:
                op = self.take()
                left = Relation(op, left, self.expression(10))
            rows.append(left)
            if self.peek() == ".":
                self.take()  # `... + B^A_m.\\\\`: a row's closing full stop
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
            words = clean(self.group())
            if words in {"otherwise", "else"}:
                return None
            if words not in {"if", ""}:
                raise UnsupportedConstruct(f"\\text{{{words}}} in a case condition", self.latex)
        return self.expression(0)


def _index_of(head: Node | None) -> str | None:
    """The index a sum's subscript names: i of `i=1`, `i \\in S`, `j \\neq i`, or a bare `i`."""
    match head:
        case Sym(var) | Relation(_, Sym(var), _):
            return var
    return None


def _order(text: str, latex: str) -> int:
    """The order of `\\nabla^2` or `\\partial^2`."""
    if not text.isdigit():
        raise UnsupportedConstruct(f"a derivative of order {text}", latex)
    return int(text)


def _rename(node: Node, suffix: str, latex: str) -> Node:
    if not isinstance(node, Sym):
        raise UnsupportedConstruct(f"a subscript on {type(node).__name__}", latex)
    return Sym(node.name + suffix)


def _coefficients(node: Any, var: str) -> bool:
    """Whether a sum's body subscripts some name by its index `var` (`\\theta_k`, `T_k(x)`):
    then the body is a series, one coefficient per term, and a superscript `var` beside them
    is the term's power (`\\sum_k \\theta_k \\Lambda^k`), not an index."""
    if isinstance(node, Sym | Call | CallOrProduct):
        name = node.name if isinstance(node, Sym) else node.fn
        # a subscript only: the i of `y^i_t` is a superscript label, as in `(D^i)^2`
        if var in (i for part in name.split("_")[1:] for i in part.split("^")[0].split(",")):
            return True
    if isinstance(node, tuple):
        return any(_coefficients(item, var) for item in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return False
    return any(_coefficients(getattr(node, f.name), var) for f in dataclasses.fields(node))


def _index_superscripts(node: Any, var: str) -> Any:
    """`\\sum_{i=1}^P (D_W^i)^2`: in a sum over i, a superscript i indexes its base (the i-th
    D_W, as `D_{W,i}` would); it does not raise it to the power i."""
    if isinstance(node, BinOp) and node.op == "^" and node.right == Sym(var):
        return Sym(f"{node.left.name}_{var}") if isinstance(node.left, Sym) else node
    return map_children(node, lambda child: _index_superscripts(child, var))

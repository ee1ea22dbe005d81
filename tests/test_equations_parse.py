"""The math reader: one test per construct it reads, and the typed error for one it cannot."""

from __future__ import annotations

import numpy as np
import pytest

from paper2code.equations import UnsupportedConstruct, parse_equation
from paper2code.equations.numpy_eval import evaluate
from paper2code.equations.parse import PREVIOUS_ROW
from paper2code.equations.tree import (
    BinOp,
    Call,
    Cases,
    Neg,
    Norm,
    Num,
    Reduce,
    Relation,
    Sym,
    System,
    Transpose,
)

X, Y = Sym("x"), Sym("y")


def test_arithmetic_respects_precedence() -> None:
    assert parse_equation("1 + 2 - x / y") == BinOp(
        "-", BinOp("+", Num(1), Num(2)), BinOp("/", X, Y)
    )
    assert parse_equation("-x^2") == Neg(BinOp("^", X, Num(2)))


def test_frac_and_sqrt() -> None:
    assert parse_equation(r"\frac{x}{\sqrt{y}}") == BinOp("/", X, Call("sqrt", (Y,)))


def test_sub_and_superscripted_names() -> None:
    assert parse_equation("W^Q") == Sym("W^Q")
    assert parse_equation("Q_1") == Sym("Q_1")
    assert parse_equation(r"\lambda_{\text{init}}") == Sym("lambda_init")
    assert parse_equation(r"\bm{W}^{\text{out}}_h") == Sym("W^out_h")
    assert parse_equation(r"{\bm{\Sigma}}^\prime_k") == Sym("Sigma^prime_k")
    assert parse_equation("t^{k_j}") == BinOp("^", Sym("t"), Sym("k_j"))  # a power, not a name


@pytest.mark.parametrize("mark", ["^T", r"^\top", r"^{\intercal}"])
def test_transposes(mark: str) -> None:
    assert parse_equation("K" + mark) == Transpose(Sym("K"))


def test_juxtaposition_is_a_product_and_odot_cdot_star_are_products() -> None:
    assert parse_equation("W x") == BinOp("dot", Sym("W"), X)
    assert parse_equation(r"x \odot y") == BinOp("*", X, Y)
    assert parse_equation("x * y") == BinOp("*", X, Y)
    assert parse_equation(r"x \cdot y") == BinOp("dot", X, Y)


def test_function_application() -> None:
    assert parse_equation(r"\tanh x") == Call("tanh", (X,))
    assert parse_equation(r"\exp(x) + \log y") == BinOp("+", Call("exp", (X,)), Call("log", (Y,)))
    assert parse_equation(r"\sigma(x)") == Call("sigma", (X,))
    assert parse_equation(r"\operatorname{softmax}(x)") == Call("softmax", (X,))
    assert parse_equation(r"\max(x, y)") == Call("max", (X, Y))
    assert parse_equation(r"\epsilon_\theta(x, t)") == Call("epsilon_theta", (X, Sym("t")))
    assert parse_equation("x(y + 1)") == BinOp("dot", X, BinOp("+", Y, Num(1)))
    assert evaluate(parse_equation("f(x, y)"), {"f": np.hypot, "x": 3.0, "y": 4.0}) == 5.0


def test_norms() -> None:
    assert parse_equation(r"\|x\|_2") == Norm(X, Num(2))
    assert parse_equation(r"\left\Vert x \right\Vert") == Norm(X, None)


def test_sums_and_products_with_bounds() -> None:
    assert parse_equation(r"\sum_{i=1}^{n} x_i") == Reduce("sum", "i", Num(1), Sym("n"), Sym("x_i"))
    assert parse_equation(r"\prod_{k=1}^{3} y").kind == "prod"  # type: ignore[union-attr]


def test_cases() -> None:
    tree = parse_equation(r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert tree == Cases(((X, Relation(">", X, Num(0))), (Num(0), None)))


@pytest.mark.parametrize("op", ["=", ":=", r"\triangleq"])
def test_definitions(op: str) -> None:
    assert parse_equation(rf"y {op} x \label{{eq:y}}.") == Relation(op, Y, X)


def test_a_side_clause_after_a_comma_is_prose() -> None:
    assert parse_equation(r"y = \tanh(x), \quad \text{for } i = 1, \ldots, n.") == Relation(
        "=", Y, Call("tanh", (X,))
    )


def test_continuation_row_of_an_aligned_system() -> None:
    assert parse_equation(r"&= x + y \\") == Relation("=", Sym(PREVIOUS_ROW), BinOp("+", X, Y))


def test_a_multi_row_aligned_system() -> None:
    tree = parse_equation(r"\begin{aligned} y &= x + 1 \\ &= 1 + x \end{aligned}")
    assert tree == System(
        (
            Relation("=", Y, BinOp("+", X, Num(1))),
            Relation("=", Sym(PREVIOUS_ROW), BinOp("+", Num(1), X)),
        )
    )
    assert evaluate(tree, {"x": 2.0}) == (3.0, 3.0)


@pytest.mark.parametrize(
    ("latex", "construct"),
    [
        (r"\int_0^1 x \, dx", r"\int"),
        (r"\mathbb{E}_{x \sim p}[x]", r"\mathbb{E} (an expectation over samples)"),
        (r"\min_{x} f", r"\min_{...} (a bounded min)"),
        (r"\begin{bmatrix} x \end{bmatrix}", r"\begin{bmatrix}"),
    ],
)
def test_an_unreadable_construct_raises_a_typed_error_naming_it(latex: str, construct: str) -> None:
    with pytest.raises(UnsupportedConstruct) as caught:
        parse_equation(latex)
    assert caught.value.construct == construct


def test_evaluator_attention_scores_against_numpy() -> None:
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=(4, 8)), rng.normal(size=(5, 8))
    tree = parse_equation(r"A = \operatorname{softmax}\left(\frac{Q K^\top}{\sqrt{d}}\right)")
    scores = q @ k.T / np.sqrt(8)
    expected = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    assert np.allclose(evaluate(tree, {"Q": q, "K": k, "d": 8}), expected)


def test_evaluator_sums_cases_and_norms() -> None:
    x = np.array([-1.0, 2.0, 3.0])
    assert evaluate(parse_equation(r"\sum_{i=0}^{2} x_i^2"), {"x": x}) == 14.0
    relu = parse_equation(r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert np.array_equal(evaluate(relu, {"x": x}), np.array([0.0, 2.0, 3.0]))
    assert np.isclose(evaluate(parse_equation(r"\|x\|_2"), {"x": x}), np.sqrt(14.0))

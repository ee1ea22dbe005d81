"""The math reader: one test per construct it reads, and the typed error for one it cannot."""

from __future__ import annotations

import numpy as np
import pytest

from paper2code.equations import UnsupportedConstruct, parse_equation
from paper2code.equations.numpy_eval import Samples, evaluate
from paper2code.equations.parse import PREVIOUS_ROW
from paper2code.equations.tree import (
    At,
    BinOp,
    Call,
    CallOrProduct,
    Cases,
    Conditional,
    Derivative,
    Distribution,
    Expectation,
    Extremum,
    Gradient,
    Imaginary,
    Indicator,
    Inner,
    Integral,
    Matrix,
    Neg,
    Norm,
    Num,
    Range,
    Reduce,
    ReduceOver,
    Relation,
    SetBuilder,
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
    # `x(y + 1)` is a product unless the paper defines x as a function: the values decide.
    tree = parse_equation("x(y + 1)")
    assert tree == CallOrProduct("x", BinOp("+", Y, Num(1)))
    assert evaluate(tree, {"x": 2.0, "y": 3.0}) == 8.0
    assert evaluate(tree, {"x": np.sqrt, "y": 3.0}) == 2.0
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
        (r"x \vx", r"\vx"),  # a paper's own macro the reader was not given
        (r"\begin{tabular}{c} x \end{tabular}", r"\begin{tabular}"),
        (r"\lim x", r"\lim without a subscript"),
    ],
)
def test_an_unreadable_construct_raises_a_typed_error_naming_it(latex: str, construct: str) -> None:
    with pytest.raises(UnsupportedConstruct) as caught:
        parse_equation(latex)
    assert caught.value.construct == construct


@pytest.mark.parametrize(
    ("latex", "construct"),
    [
        (r"\int_0^1 x \, dx", r"\int (an integral)"),
        (r"\mathbb{E}_{x \sim p}[x]", r"\mathbb{E} (an expectation over samples) without samples"),
        (r"\min_{x} f", r"\min (a search over its subscript)"),
        (r"\nabla_\theta L", r"\nabla (a gradient)"),
        (r"\frac{\partial f}{\partial x}", "a derivative"),
        (r"a \sim \mathcal{N}(0, 1)", r"the relation \sim"),
    ],
)
def test_a_read_construct_without_a_value_raises_a_typed_error_on_evaluation(
    latex: str, construct: str
) -> None:
    tree = parse_equation(latex)
    with pytest.raises(UnsupportedConstruct) as caught:
        evaluate(tree, {"x": 1.0, "f": 1.0, "L": 1.0, "a": 1.0, "p": 1.0})
    assert caught.value.construct == construct


def test_conditional_probability_is_a_call_with_a_conditioning_argument() -> None:
    assert parse_equation(r"p(x|y)") == Conditional("p", (X,), (Y,))
    tree = parse_equation(r"q(x_t \mid x_0, y)")
    assert tree == Conditional("q", (Sym("x_t"),), (Sym("x_0"), Y))
    assert evaluate(tree, {"q": lambda a, b, c: a - b * c, "x_t": 5.0, "x_0": 2.0, "y": 2.0}) == 1.0


def test_an_expectation_is_read_and_averages_given_samples() -> None:
    tree = parse_equation(r"\mathbb{E}_{x \sim p(x)}\left[ x^2 \right]")
    assert tree == Expectation(Relation("\\sim", X, CallOrProduct("p", X)), BinOp("^", X, Num(2)))
    draws = np.array([1.0, 2.0, 3.0])
    assert np.isclose(evaluate(tree, {"x": Samples(draws), "p": 0.0}), 14.0 / 3.0)
    nested = parse_equation(r"\mathbb{E}_{q(x_t|x)}\left\|\epsilon - x_t\right\|_2^2")
    assert isinstance(nested, Expectation) and isinstance(nested.over, Conditional)


def test_nabla_is_a_gradient() -> None:
    assert parse_equation(r"\nabla_\theta L(\theta)") == Gradient(
        Sym("theta"), 1, CallOrProduct("L", Sym("theta"))
    )
    assert parse_equation(r"\nabla^2_{x} f").order == 2  # type: ignore[union-attr]


def test_partial_derivatives() -> None:
    assert parse_equation(r"\frac{\partial u}{\partial t}") == Derivative(
        "partial", Sym("u"), (Sym("t"),), 1
    )
    assert parse_equation(r"\frac{\partial^2 u}{\partial x^2}") == Derivative(
        "partial", Sym("u"), (X,), 2
    )
    # The operator alone applies to what follows it.
    assert parse_equation(r"\frac{d}{dt} f") == Derivative("total", Sym("f"), (Sym("t"),), 1)


def test_set_builder_is_a_mask_and_a_braced_range_is_a_range() -> None:
    tree = parse_equation(r"\{x : x > 0\}")
    assert tree == SetBuilder(X, Relation(">", X, Num(0)))
    assert np.array_equal(evaluate(tree, {"x": np.array([-1.0, 2.0])}), [False, True])
    assert parse_equation(r"\{1, \ldots, N\}") == Range(Num(1), Sym("N"))
    assert np.array_equal(evaluate(parse_equation(r"\{1, \ldots, N\}"), {"N": 3}), [1, 2, 3])


def test_an_integral_names_its_bounds_and_variable() -> None:
    assert parse_equation(r"\int_0^1 x^2 \, dx") == Integral(
        Num(0), Num(1), BinOp("^", X, Num(2)), X
    )
    assert parse_equation(r"\int_{-\infty}^x p(x) {\rm d} x").var == X  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["min", "max"])
def test_bounded_min_and_max_and_argmax(kind: str) -> None:
    assert parse_equation(rf"\{kind}_{{x \in S}} f(x)") == Extremum(
        kind, Relation("\\in", X, Sym("S")), CallOrProduct("f", X)
    )
    assert parse_equation(rf"\arg\{kind}_{{x}} f(x)").kind == f"arg{kind}"  # type: ignore[union-attr]
    named = parse_equation(rf"\operatorname{{arg\,{kind}}}_{{x}} f(x)")
    assert named.kind == f"arg{kind}"  # type: ignore[union-attr]


@pytest.mark.parametrize("env", ["pmatrix", "bmatrix"])
def test_matrices(env: str) -> None:
    tree = parse_equation(rf"\begin{{{env}}} 1 & x \\ y & 4 \end{{{env}}}")
    assert tree == Matrix(((Num(1), X), (Y, Num(4))))
    assert np.array_equal(evaluate(tree, {"x": 2.0, "y": 3.0}), [[1.0, 2.0], [3.0, 4.0]])
    stacked = parse_equation(rf"\begin{{{env}}} x \\ -y \end{{{env}}}")
    values = {"x": np.array([1.0, 2.0]), "y": np.array([3.0])}
    assert np.array_equal(evaluate(stacked, values), [1.0, 2.0, -3.0])


def test_nth_root() -> None:
    tree = parse_equation(r"\sqrt[3]{x}")
    assert tree == BinOp("^", X, BinOp("/", Num(1), Num(3)))
    assert np.isclose(evaluate(tree, {"x": 27.0}), 3.0)


def test_a_recurrence_reads_its_indexed_calls() -> None:
    tree = parse_equation(r"T_k(x) = 2xT_{k-1}(x) - T_{k-2}(x)")
    assert tree == Relation(
        "=",
        CallOrProduct("T_k", X),
        BinOp(
            "-",
            BinOp("dot", BinOp("dot", Num(2), X), CallOrProduct("T_k-1", X)),
            CallOrProduct("T_k-2", X),
        ),
    )
    # Chebyshev: T_1(x) = x and T_0(x) = 1 give T_2(x) = 2x^2 - 1.
    values = {"x": 0.5, "T_k-1": lambda x: x, "T_k-2": lambda x: 1.0}
    assert evaluate(tree, values) == 2 * 0.5**2 - 1


def test_a_gaussian_density_and_a_gaussian_law() -> None:
    tree = parse_equation(r"\mathcal{N}(x; \mu, \sigma^2)")
    assert tree == Distribution("N", X, (Sym("mu"), BinOp("^", Sym("sigma"), Num(2))))
    values = {"x": np.array([0.5]), "mu": np.array([0.0]), "sigma": 2.0}
    expected = np.exp(-0.5 * 0.25 / 4.0) / np.sqrt(2 * np.pi * 4.0)
    assert np.isclose(evaluate(tree, values), expected)
    assert parse_equation(r"\mathcal{N}(\mu, \sigma^2)").at is None  # type: ignore[union-attr]


def test_left_right_delimiters_only_size() -> None:
    assert parse_equation(r"\left( x + y \right) \left[ x \right]") == BinOp(
        "dot", BinOp("+", X, Y), X
    )


def test_operatorname_softmax_log_sigma_exp_and_top() -> None:
    tree = parse_equation(r"\log\sigma(x^\top y) + \exp(x) + \mathrm{softmax}(y)")
    assert tree == BinOp(
        "+",
        BinOp(
            "+", Call("log", (Call("sigma", (BinOp("dot", Transpose(X), Y),)),)), Call("exp", (X,))
        ),
        Call("softmax", (Y,)),
    )
    x, y = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    expected = np.log(1 / (1 + np.exp(-(x @ y)))) + np.exp(x) + np.exp(y) / np.exp(y).sum()
    assert np.allclose(evaluate(tree, {"x": x, "y": y}), expected)


def test_primes_name_a_new_symbol() -> None:
    assert parse_equation(r"x' + x^\prime") == BinOp("+", Sym("x'"), Sym("x^prime"))


def test_cdot_with_scalars_is_elementwise() -> None:
    tree = parse_equation(r"2 \cdot x")
    assert tree == BinOp("dot", Num(2), X)
    assert np.array_equal(evaluate(tree, {"x": np.array([1.0, 2.0])}), [2.0, 4.0])


def test_in_ranges_sums_over_a_set_and_skips_excluded_terms() -> None:
    over = parse_equation(r"\sum_{x \in S} x")
    assert over == ReduceOver("sum", "x", Sym("S"), None, X)
    assert evaluate(over, {"S": np.array([1.0, 2.0, 5.0])}) == 8.0
    tree = parse_equation(r"\sum_{\substack{j=1 \\ j \neq i}}^n w_j")
    assert tree == ReduceOver(
        "sum", "j", Range(Num(1), Sym("n")), Relation("\\neq", Sym("j"), Sym("i")), Sym("w_j")
    )
    assert evaluate(tree, {"w": np.array([1.0, 2.0, 4.0]), "n": 3, "i": 2}) == 5.0
    # A membership after a definition states where the value lives.
    annotated = parse_equation(r"y = 2x \in \mathbb{R}^{n}")
    assert evaluate(annotated, {"x": 1.5}) == 3.0


def test_sim_is_a_relation_and_its_side_clause_is_left_out() -> None:
    assert parse_equation(r"a \sim \mathcal{N}(0, 1)") == Relation(
        "\\sim", Sym("a"), Distribution("N", None, (Num(0), Num(1)))
    )
    assert parse_equation(r"y = x + \epsilon, \quad \epsilon \sim \mathcal{N}(0, I)") == Relation(
        "=", Y, BinOp("+", X, Sym("epsilon"))
    )


def test_definitions_after_a_comma_make_a_system() -> None:
    tree = parse_equation(r"P = x + 1, \quad Q = x - 1.")
    assert isinstance(tree, System) and len(tree.rows) == 2
    assert evaluate(tree, {"x": 1.0}) == (2.0, 0.0)


def test_a_product_of_a_name_and_a_bracket_is_applied_when_the_name_is_a_function() -> None:
    tree = parse_equation(r"{\bm{v}}({\bm{x}}) + {\bm{B}}(\theta) {\bm{v}}({\bm{x}}) \Delta r")
    values = {
        "v": lambda _x: np.array([1.0, 2.0]),
        "B": lambda _t: np.array([[0.0, 1.0], [1.0, 0.0]]),
        "x": 0.0, "theta": 0.0, "Delta_r": 0.5,
    }  # fmt: skip
    assert np.allclose(evaluate(tree, values), [2.0, 2.5])


def test_indicator_and_inner_product() -> None:
    indicator = parse_equation(r"\mathbb{1}\{t \in X\}")
    assert indicator == Indicator(Relation("\\in", Sym("t"), Sym("X")))
    assert evaluate(indicator, {"t": np.array([1, 3]), "X": np.array([3, 4])}).tolist() == [0, 1]
    inner = parse_equation(r"\langle x, y \rangle")
    assert inner == Inner(X, Y)
    assert evaluate(inner, {"x": np.array([1.0, 2.0]), "y": np.array([3.0, 4.0])}) == 11.0
    # A tuple in angle brackets (an MDP) is no inner product: a typed error, never a crash.
    with pytest.raises(UnsupportedConstruct, match="langle with 5 items"):
        parse_equation(r"\langle \mathscr{S}, \mathscr{A}, p, r, \gamma \rangle")


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


def test_matrix_norms_and_exclusions_and_divergences() -> None:
    frobenius = parse_equation(r"\|X\|_{F}^{2}")
    assert frobenius == BinOp("^", Norm(Sym("X"), Sym("F")), Num(2))
    assert np.isclose(evaluate(frobenius, {"X": np.ones((2, 3))}), 6.0)
    excluded = parse_equation(r"\prod_{j \neq i}^{M} F_j")
    assert excluded == ReduceOver(
        "prod", "j", Range(Num(1), Sym("M")), Relation("\\neq", Sym("j"), Sym("i")), Sym("F_j")
    )
    assert evaluate(excluded, {"F": np.array([2.0, 3.0, 5.0]), "M": 3, "i": 2}) == 10.0
    assert parse_equation(r"x \not\in S") == Relation("\\notin", X, Sym("S"))
    assert parse_equation(r"D(p \| q)") == Call("D", (Sym("p"), Sym("q")))


def test_rows_separated_by_a_semicolon_are_a_system() -> None:
    tree = parse_equation(r"a = x + 1;\; b = x - 1")
    assert evaluate(tree, {"x": 2.0}) == (3.0, 1.0)


def test_evaluation_at_a_point() -> None:
    tree = parse_equation(r"f(x + a) \mid_{a = 0}")
    assert tree == At(CallOrProduct("f", BinOp("+", X, Sym("a"))), Relation("=", Sym("a"), Num(0)))
    assert evaluate(tree, {"f": np.square, "x": 3.0}) == 9.0


def test_a_worded_subscript_and_a_powered_conditional() -> None:
    assert parse_equation(r"{{\bm{\mu}}_\text{x}}_k") == Sym("mu_x_k")
    assert parse_equation(r"p_{\theta}(y | x)^{\omega}") == BinOp(
        "^", Conditional("p_theta", (Y,), (X,)), Sym("omega")
    )
    # In a bracket a bar opens a norm; in a call it separates (a divergence's two laws).
    assert parse_equation(r"\mathbb{E}[\frac{1}{2} \|x\|^2]") == Expectation(
        None, BinOp("dot", BinOp("/", Num(1), Num(2)), BinOp("^", Norm(X, None), Num(2)))
    )


def test_decorated_maps_and_a_derivative_at_a_point() -> None:
    assert parse_equation(r"\log^K_{o}(x) + \log_2 y") == BinOp(
        "+", Call("log^K_o", (X,)), BinOp("/", Call("log", (Y,)), Call("log", (Num(2),)))
    )
    assert np.isclose(evaluate(parse_equation(r"\log_2 y"), {"y": 8.0}), 3.0)
    tree = parse_equation(r"\frac{\partial}{\partial t}\Big|_{t = 0} h(t)")
    assert tree == At(
        Derivative("partial", CallOrProduct("h", Sym("t")), (Sym("t"),), 1),
        Relation("=", Sym("t"), Num(0)),
    )


def test_a_bound_is_never_applied_to_the_bracket_after_it() -> None:
    tree = parse_equation(r"\sum_{i=1}^N (x_i)^2")
    assert tree == Reduce("sum", "i", Num(1), Sym("N"), BinOp("^", Sym("x_i"), Num(2)))
    assert evaluate(tree, {"x": np.array([1.0, 2.0]), "N": 2}) == 5.0


def test_three_full_stops_are_an_ellipsis() -> None:
    assert parse_equation(r"\{1, ..., N\}") == Range(Num(1), Sym("N"))


def test_a_decorated_relation_inside_a_chain() -> None:
    tree = parse_equation(r"a = b \stackrel{def}{=} c")
    assert tree == Relation("=", Relation("=", Sym("a"), Sym("b")), Sym("c"))


def test_a_system_row_may_end_with_a_full_stop() -> None:
    tree = parse_equation(r"\begin{aligned} u &= x + 1 \\ v &= x - 1.\\ \end{aligned}")
    assert evaluate(tree, {"x": 1.0}) == (2.0, 0.0)


def test_a_bare_e_to_a_power_is_the_exponential() -> None:
    assert parse_equation(r"p = e^{-x}") == Relation("=", Sym("p"), Call("exp", (Neg(X),)))
    # an e with a subscript or a label is the paper's own symbol
    assert parse_equation(r"y = e_1^2 + e^{(l)}") == Relation(
        "=", Y, BinOp("+", BinOp("^", Sym("e_1"), Num(2.0)), Sym("e^(l)"))
    )


def test_a_function_spelled_in_letters_is_applied() -> None:
    assert parse_equation(r"y = max(0, x)") == Relation("=", Y, Call("max", (Num(0.0), X)))
    # letters not followed by `(` stay a product
    assert parse_equation(r"y = m a x") == Relation(
        "=", Y, BinOp("dot", BinOp("dot", Sym("m"), Sym("a")), X)
    )


def test_braces_around_a_powered_term_group_it() -> None:
    assert parse_equation(r"y = \{x - 1\}^2") == Relation(
        "=", Y, BinOp("^", BinOp("-", X, Num(1.0)), Num(2.0))
    )


def test_a_superscript_that_is_the_sum_index_names_an_element() -> None:
    tree = parse_equation(r"L = x^i + \sum_{i=1}^P (D^i)^2")
    inside = Reduce("sum", "i", Num(1.0), Sym("P"), BinOp("^", Sym("D_i"), Num(2.0)))
    # outside the sum (before it: a term after it that uses i is the sum's), x^i is a power
    assert tree == Relation("=", Sym("L"), BinOp("+", BinOp("^", X, Sym("i")), inside))


def test_a_superscript_sum_index_beside_coefficients_of_that_index_is_a_power() -> None:
    """`\\sum_k \\theta_k \\Lambda^k` is a series, one coefficient per power: the superscript is
    the power of each term (a polynomial), not the k-th Lambda; a call subscripted by the
    index (`T_k(x)`) marks a series as a coefficient does."""
    power = BinOp("^", Sym("Lambda"), Sym("k"))
    assert parse_equation(r"g = \sum_{k=0}^{K-1} \theta_k \Lambda^k") == Relation(
        "=",
        Sym("g"),
        Reduce(
            "sum",
            "k",
            Num(0.0),
            BinOp("-", Sym("K"), Num(1.0)),
            BinOp("dot", Sym("theta_k"), power),
        ),
    )
    called = parse_equation(r"g = \sum_{k=1}^{K} T_k(x) y^k")
    assert BinOp("^", Sym("y"), Sym("k")) in _nodes(called)
    assert Sym("y_k") not in _nodes(called)


def _nodes(node: object) -> list[object]:
    """Every node of a tree, itself first."""
    found = [node]
    children = vars(node).values() if hasattr(node, "__dict__") else ()
    for child in children:
        for item in child if isinstance(child, tuple) else (child,):
            found += _nodes(item)
    return found


def test_angle_brackets_around_one_expression_are_its_mean_over_their_subscript() -> None:
    """Physics' `\\langle x \\rangle`: one item is a mean (two are an inner product), its
    subscript what the mean is over."""
    assert parse_equation(r"\langle j_i \rangle = \langle h_i s_i \rangle_s") == Relation(
        "=",
        Expectation(None, Sym("j_i")),
        Expectation(Sym("s"), BinOp("dot", Sym("h_i"), Sym("s_i"))),
    )


def test_a_with_clause_defines_a_term_of_the_row_in_its_place() -> None:
    """l2hmc-topology Eq. 12: the `with` clause defines the product beta . S(varphi), which the
    row uses inside a longer product; the row computes the clause's sum there."""
    tree = parse_equation(
        r"p_{t}(\varphi) = e^{-\gamma_{t}\beta\cdot S(\varphi)},\quad\text{with}\quad "
        r"\beta\cdot S(\varphi) = \sum_{P}1 - \cos(\varphi_{P})"
    )
    action = ReduceOver(
        "sum", "P", None, None, BinOp("-", Num(1.0), Call("cos", (Sym("varphi_P"),)))
    )
    assert tree == Relation(
        "=",
        CallOrProduct("p_t", Sym("varphi")),
        Call("exp", (BinOp("dot", Neg(Sym("gamma_t")), action),)),
    )
    # the sum runs over every element of varphi (its first axis)
    phi = np.array([0.1, 2.0, -1.0])
    want = np.exp(-0.5 * np.sum(1 - np.cos(phi)))
    assert np.isclose(evaluate(tree, {"varphi": phi, "gamma_t": 0.5}), want)


@pytest.mark.parametrize(
    "latex",
    [
        r"y = W h \quad \text{where} \quad h = \tanh(x)",
        r"y = W h, \; h = \tanh(x)",
        r"y = W h, \quad\text{with}\quad h = \tanh(x), \quad x \in \mathbb{R}^n",
    ],
)
def test_a_clause_defining_a_name_the_row_uses_is_put_in_its_place(latex: str) -> None:
    assert parse_equation(latex) == Relation("=", Y, BinOp("dot", Sym("W"), Call("tanh", (X,))))


def test_a_for_clause_says_where_the_row_holds_and_is_left_out() -> None:
    assert parse_equation(r"x_{t+1} = x_t + \eta \quad \text{for } t = 1, \ldots, T") == (
        parse_equation(r"x_{t+1} = x_t + \eta")
    )
    # a `\text{if}` inside cases is the case's condition, not a clause of the row
    tree = parse_equation(
        r"y = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}"
    )
    assert isinstance(tree, Relation) and isinstance(tree.right, Cases)


def test_a_sum_takes_the_terms_after_it_that_use_its_index() -> None:
    """Readers' convention: `\\sum_P 1 - \\cos\\varphi_P` sums 1 - cos (cos uses P, which is in
    scope only inside the sum); `\\sum_i x_i + b` adds b once."""
    tree = parse_equation(r"s = \sum_P 1 - \cos\varphi_P")
    assert tree.right == ReduceOver(
        "sum", "P", None, None, BinOp("-", Num(1.0), Call("cos", (Sym("varphi_P"),)))
    )
    tree = parse_equation(r"y = \sum_{i=1}^{n} x_i + b - \sum_{i=1}^{n} z_i")
    first = Reduce("sum", "i", Num(1.0), Sym("n"), Sym("x_i"))
    second = Reduce("sum", "i", Num(1.0), Sym("n"), Sym("z_i"))
    assert tree.right == BinOp("-", BinOp("+", first, Sym("b")), second)


def test_i_in_an_exponent_is_the_imaginary_unit_only_when_no_index_is_named_i() -> None:
    tree = parse_equation(r"U_{\mu}(x) = e^{i\varphi_{\mu}(x)}")
    assert tree.right == Call("exp", (BinOp("dot", Imaginary(), CallOrProduct("varphi_mu", X)),))
    assert np.isclose(evaluate(parse_equation(r"u = e^{i \theta}"), {"theta": np.pi}), -1.0)
    # an index i in scope: i is that index
    indexed = parse_equation(r"y = \sum_{i=1}^{n} e^{i x_i}")
    assert "Imaginary" not in repr(indexed) and "Sym(name='i')" in repr(indexed)
    assert parse_equation(r"y_i = e^{i \theta}").right == Call(
        "exp", (BinOp("dot", Sym("i"), Sym("theta")),)
    )


def test_braces_after_a_function_hold_its_arguments() -> None:
    tree = parse_equation(r"p = h(x) \exp \big\{ t^\top \eta - A \big\}")
    exponent = BinOp("-", BinOp("dot", Transpose(Sym("t")), Sym("eta")), Sym("A"))
    assert tree.right == BinOp("dot", CallOrProduct("h", X), Call("exp", (exponent,)))
    hinge = parse_equation(r"y = \max\{a - \max(b, c), 0\}")
    assert evaluate(hinge, {"a": np.array([3.0, 1.0]), "b": 1.0, "c": 2.0}).tolist() == [1, 0]


def test_a_bracket_with_a_plus_subscript_is_its_positive_part() -> None:
    tree = parse_equation(r"l = [1 - a + b]_{+}")
    assert tree.right == Call("relu", (BinOp("+", BinOp("-", Num(1.0), Sym("a")), Sym("b")),))
    assert evaluate(tree, {"a": np.array([3.0, 0.5]), "b": 0.0}).tolist() == [0.0, 0.5]


def test_an_update_arrow_assigns() -> None:
    tree = parse_equation(r"z \gets z + \alpha g")
    assert tree == Relation(
        "\\gets", Sym("z"), BinOp("+", Sym("z"), BinOp("dot", Sym("alpha"), Sym("g")))
    )
    assert evaluate(tree, {"z": 1.0, "alpha": 0.5, "g": 2.0}) == 2.0


def test_every_accent_makes_another_quantity_of_the_letter() -> None:
    """`\\widecheck{\\mu}`, `\\breve{x}`, `\\check y`: names, as `\\hat{x}` is."""
    tree = parse_equation(r"\widecheck{\mu}_{t} = \breve{x} + \check y + \mathring{a}")
    assert tree == Relation(
        "=",
        Sym("check_mu_t"),
        BinOp("+", BinOp("+", Sym("breve_x"), Sym("check_y")), Sym("ring_a")),
    )


def test_a_function_s_superscript_number_is_a_power_and_minus_one_its_inverse() -> None:
    tree = parse_equation(r"y = \sin^2 x + \cos^{-1}(x)")
    assert tree == Relation(
        "=",
        Sym("y"),
        BinOp("+", BinOp("^", Call("sin", (Sym("x"),)), Num(2.0)), Call("arccos", (Sym("x"),))),
    )


def test_nested_expectations_average_over_joint_draws() -> None:
    """`\\mathbb{E}_{p(x)} \\mathbb{E}_{q(z | x)}[...]`: one average over the rows, each row a
    draw of x and of z given it; x, drawn only to draw z, needs no draws of its own."""
    draws = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    tree = parse_equation(r"L = \mathbb{E}_{p(x)}\mathbb{E}_{q(z|x)} \|z - m\|^2")
    got = evaluate(tree, {"z": Samples(draws), "m": np.zeros(2)})
    assert np.isclose(got, np.mean(np.sum(draws**2, axis=-1)))

"""Compiled equations against the NumPy evaluation of the same trees: each construct is compiled
to torch code, the file is written and imported, and the function is called on random inputs of
its arguments' shapes; `numpy_eval.evaluate` of the tree on the same values must agree."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from paper2code.engines.builtin.library.equations import equations_file
from paper2code.equations import parse_equation
from paper2code.equations.codegen import (
    Compiled,
    Function,
    compile_equations,
    example_values,
    identifier,
    reference_value,
)
from paper2code.equations.scope import added_terms
from paper2code.equations.symbols import Role, build_symbols, defined_quantities
from paper2code.equations.tree import Num, Sym

torch = pytest.importorskip("torch")

# (LaTeX, prose about its symbols): one construct each.
CONSTRUCTS = {
    "arithmetic": (r"y = a + b - c * d / e", []),
    "fraction and root": (r"y = \frac{a + 1}{\sqrt{b}}", []),
    "power": (r"y = x^2 + e^{-x}", ["$e$ is the base, a scalar constant $e = 2.718281828$"]),
    "scalar times vector": (r"y = \alpha \mathbf{x}", []),
    "matrix product and transpose": (r"S = \frac{QK^\top}{\sqrt{d_k}}", ["$d_k = 4$"]),
    "attention": (r"\mathrm{Attn}(Q, K, V) = \mathrm{softmax}(Q K^T) V", []),
    "elementwise": (r"y = a \odot b", []),
    "functions": (r"y = \tanh(x) + \exp(x) - \log x + \sigma(x)", []),
    "max": (r"y = \max(x, 0)", []),
    "named parameter": (r"y = \lambda_{\text{init}} x + W^Q x", []),
    "norm": (r"y = \|x\|_2", []),
    "sum": (r"y = \sum_{i=1}^{n} x_i", []),
    "product": (r"y = \prod_{i=1}^{n} x_i", []),
    "cases": (
        r"y = \begin{cases} x & \text{if } x > 1 \\ -x & \text{otherwise} \end{cases}",
        [],
    ),
    "aligned system": (r"\begin{aligned} u &= a + b \\ v &= u \cdot c \end{aligned}", []),
    "gaussian density": (r"p = \mathcal{N}(\mathbf{x}; \mathbf{m}, \Sigma)", []),
    "gaussian density, diagonal": (
        r"p = \mathcal{N}(\mathbf{x}; \mathbf{m}, \mathbf{s})",
        [f"${v} \\in \\mathbb{{R}}^{{d}}$" for v in ("x", "m", "s")],
    ),
    "gaussian density, isotropic": (r"p = \mathcal{N}(\mathbf{x}; \mathbf{m}, s^2)", []),
    "an operation the prose names": (
        r"\mathbf{y} = R(\mathbf{A} \mathbf{x}) + \mathbf{v}(\mathbf{x})",
        [
            "where $R$ is an elementwise map and $\\mathbf{v}$ is the embedding function,",
            "$\\mathbf{v}(\\mathbf{x}) \\in \\mathbb{R}^{N}$",
        ],
    ),
    "euler's e to a power": (r"p = e^{-\gamma \beta \cdot s}", []),
    "a sum over pairs whose element is a superscript": (
        r"\mathcal{L} = \sum_{i=1}^P \left[ (1-Y)\frac{1}{2}(D_W^i)^2 "
        r"+Y*\frac{1}{2}\{max(0,m-D_W^i)\}^2 \right]",
        [
            "where $D_W^i$ is a distance function between embeddings in i-th labeled pair,",
            "$Y$ is a binary label identifying that samples in the pair are similar.",
        ],
    ),
    "a with clause defining a product, over an implicit range": (
        r"p_{t}(\varphi) = e^{-\gamma_{t}\beta\cdot S(\varphi)},\quad\text{with}\quad "
        r"\beta\cdot S(\varphi) = \sum_{P}1 - \cos(\varphi_{P})",
        [],
    ),
    "the imaginary unit": (r"U = e^{i \theta \mathbf{x}}", []),
    "named networks": (
        r"h = \mathrm{LayerNorm}(x + \mathrm{Attention}(Q, K, V)) + \mathrm{MLP}(x)",
        ["$x \\in \\mathbb{R}^{T \\times C}$", "$Q, K, V \\in \\mathbb{R}^{T \\times C}$"],
    ),
    "maps the prose declares": (
        r"E_\theta(x,z) = -t(x)^\top \eta_\theta(z) - b_\theta(z)",
        [
            "$x \\in \\mathbb{R}^D$ and $z \\in \\mathbb{R}^K$, where",
            "$\\eta_\\theta: \\mathbb{R}^K \\to \\mathbb{R}^H$ plays the role of a generator,",
            "the function $t: \\mathbb{R}^D \\to \\mathbb{R}^H$ plays the role of an encoder,",
            "the term $b_\\theta: \\mathbb{R}^K \\to \\mathbb{R}$ serves as an inductive bias.",
        ],
    ),
    "a sum bound that is arithmetic": (r"y = \sum_{j=0}^{R-1} z_j", []),
    "a sum bounded by the index of the sum around it": (
        r"y = \sum_{i=1}^{n} \sum_{j=1}^{i} a_i b_j",
        [],
    ),
    "a count a sum runs to, used as a number too": (
        r"\mathrm{MAE} = \frac{1}{T}\sum_{t=1}^{T} (y_t - \hat{y}_t)^2 + \frac{N}{b}",
        [],
    ),
    "inner products": (
        r"s = \langle \mathbf{u}, \mathbf{v} \rangle + \langle W, V \rangle",
        [],
    ),
    "a Frobenius norm": (r"\ell = \|A - B\|_F^2 + \left\| C \right\|_{F}", []),
    "inverse and powered trigonometric functions": (
        r"y = \cos^{-1}(x / 2) + \arctan x + \operatorname{arcsinh}(x) + \sin^2 x",
        [],
    ),
    "an expectation over drawn samples": (
        r"\mathcal{L} = \mathbb{E}_{\mathbf{x} \sim p}\left[\| \mathbf{x} - \mathbf{m} \|^2\right]",
        [],
    ),
    "nested expectations, a batch, and a network named by its parameters": (
        r"L(\theta) = \mathbb{E}_{p(x)}\mathbb{E}_{q(x_t|x)}\left\|\epsilon-\epsilon_\theta(x_t, t)"
        r"\right\|_2^2",
        ["$\\epsilon \\in \\mathbb{R}^{d}$ and $x_t \\in \\mathbb{R}^{d}$, $t = 10$"],
    ),
    "a matrix written entry by entry": (
        r"\log_e G = \left( \begin{array}{ccc} 0 & -c_3 & c_2 \\ c_3 & 0 & -c_1 \\ -c_2 & c_1"
        r" & 0 \\ \end{array} \right)",
        [],
    ),
    "a chain of equalities defines by its last side": (r"y = (a + b)^2 = a^2 + 2 a b + b^2", []),
    "a definition then a bound": (r"y = \frac{a + b}{2} \geq \sqrt{a b}", []),
    "a definition written with equiv": (r"y \equiv a + b", []),
    "a definition that names its right side": (r"a b + c \eqqcolon y", []),
    "siblings of a stated shape": (
        r"\mathbf{u} = \frac{\mathbf{x}_t - \mathbf{x}_0}{\sigma_t}",
        ["$\\mathbf{x}_0 \\in \\mathbb{R}^{C \\times H \\times W}$"],
    ),
    "dyt": (
        r"\mathrm{DyT}(\mathbf{x}) = \gamma \odot \tanh(\alpha \mathbf{x}) + \beta",
        [
            "where $\\alpha$ is a learnable scalar, initialised to 0.5,",
            "and $\\gamma$ and $\\beta$ are learnable per-channel vectors,",
            "$\\mathbf{x} \\in \\mathbb{R}^{B \\times T \\times C}$",
            "$\\gamma \\in \\mathbb{R}^{C}$ and $\\beta \\in \\mathbb{R}^{C}$.",
        ],
    ),
}


def _import(source: str, directory: Path, name: str) -> ModuleType:
    path = directory / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(equations: list[tuple[str, str]], prose: list[str]) -> Compiled:
    table = build_symbols(defined_quantities(latex for _, latex in equations), prose, {})
    return compile_equations(equations, table)


def _arguments(function: Function, values: dict) -> dict:
    """The example values by argument name as float64 tensors (a sum's bound stays an int, an
    operation the caller passes maps tensors to tensors)."""
    return {
        a.name: _operation(v) if a.operation else v if isinstance(v, int) else _tensor(v)
        for a in function.arguments
        if (v := values.get(a.symbol.name)) is not None
    }


def _tensor(value: object) -> torch.Tensor:
    return torch.as_tensor(value, dtype=torch.float64)


def _operation(function: Callable[..., object]) -> Callable[..., torch.Tensor]:
    return lambda *args: _tensor(function(*(a.numpy() for a in args)))


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_compiled_function_computes_the_tree(construct: str, tmp_path: Path) -> None:
    latex, prose = CONSTRUCTS[construct]
    compiled = _build([("§1, Eq. 1", latex)], prose)
    assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
    module = _import(equations_file("test", compiled.functions), tmp_path, identifier(construct))
    function = compiled.functions[0]
    values = example_values(function, seed=1)
    got = getattr(module, function.name)(**_arguments(function, values))
    want = reference_value(parse_equation(latex), values)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-10, atol=1e-12)


def test_a_matrix_to_a_sums_index_is_its_matrix_power_summed_over_all_coefficients(
    tmp_path: Path,
) -> None:
    """A polynomial filter `\\sum_{k=0}^{K-1} \\theta_k \\Lambda^k` of a matrix: each term is the
    matrix power (not the elementwise one), and K, the bound, is the length the prose states
    for theta, so the check runs over every coefficient."""
    latex = r"g_\theta(\Lambda) = \sum_{k=0}^{K-1} \theta_k \Lambda^k"
    prose = [
        r"where $\theta \in \mathbb{R}^K$ is a vector of polynomial coefficients",
        r"$\Lambda \in \mathbb{R}^{n \times n}$ is the matrix of eigenvalues",
    ]
    compiled = _build([("Eq. 3", latex)], prose)
    assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
    function = compiled.functions[0]
    values = example_values(function, seed=2)
    assert values["K"] == len(values["theta"])
    module = _import(equations_file("test", compiled.functions), tmp_path, "polynomial")
    got = getattr(module, function.name)(**_arguments(function, values))
    theta, lam = values["theta"], values["Lambda"]
    want = sum(t * np.linalg.matrix_power(lam, k) for k, t in enumerate(theta))
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-10)


def test_a_mean_on_the_left_is_the_quantity_a_chain_of_means_arrives_at(tmp_path: Path) -> None:
    """`\\langle j \\rangle = \\langle h s \\rangle_s = h / (1 + e^{-\\beta h})`: the left side
    names the mean of j, and the chain defines it by its last side, as any chain of equalities."""
    latex = r"\langle j \rangle = \langle h s \rangle_s = \frac{h}{1 + \exp(-\beta h)}"
    compiled = _build([("Eq. 5", latex)], [])
    assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
    function = compiled.functions[0]
    assert function.defines == "mean_j"
    assert {a.symbol.name for a in function.arguments} == {"h", "beta"}
    module = _import(equations_file("test", compiled.functions), tmp_path, "mean")
    h, beta = np.linspace(-2.0, 2.0, 5), 1.5
    got = getattr(module, function.name)(h=_tensor(h), beta=beta)
    np.testing.assert_allclose(np.asarray(got), h / (1 + np.exp(-beta * h)), rtol=1e-12)


CHEBYSHEV = (
    r"Recall that the Chebyshev polynomial $T_k(x)$ of order $k$ may be generated by the "
    r"recurrence $T_k(x) = 2x T_{k-1}(x) - T_{k-2}(x)$ with $T_0 = 1$ and $T_1 = x$."
)


@pytest.mark.parametrize("argument", ["vector", "square matrix"])
def test_maps_the_prose_defines_by_a_recurrence_are_computed_term_by_term(
    argument: str, tmp_path: Path
) -> None:
    """`\\sum_k \\theta_k T_k(y)` with T_k defined in the prose by a recurrence and its first
    terms: each T_k(y) is computed from T_0 and T_1. Of a square matrix, the products are matrix
    products and the number 1 is the identity; of a vector, the maps apply to each entry."""
    latex = r"g = \sum_{k=0}^{K-1} \theta_k T_k(y)"
    shape = r"\mathbb{R}^{n \times n}" if argument == "square matrix" else r"\mathbb{R}^{n}"
    prose = [CHEBYSHEV, rf"where $\theta \in \mathbb{{R}}^K$ and $y \in {shape}$"]
    compiled = _build([("Eq. 4", latex)], prose)
    assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
    function = compiled.functions[0]
    module = _import(equations_file("test", compiled.functions), tmp_path, "chebyshev")
    values = example_values(function, seed=4)
    theta, y = values["theta"], values["y"]
    y = y / np.abs(y).max()  # inside [-1, 1], where Chebyshev polynomials are bounded
    got = getattr(module, function.name)(theta=_tensor(theta), y=_tensor(y), K=len(theta))
    if argument == "square matrix":
        eye = np.eye(len(y))
        terms = [eye, y]
        for _ in range(len(theta)):
            terms.append(2 * y @ terms[-1] - terms[-2])
        want = sum(t * term for t, term in zip(theta, terms, strict=False))
    else:
        want = np.polynomial.chebyshev.chebval(y, theta)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-9)
    reference = reference_value(parse_equation(latex), {**values, "y": y, "K": len(theta)})
    np.testing.assert_allclose(reference, want, rtol=1e-9)


def test_a_recurrence_without_its_first_terms_defines_nothing() -> None:
    table = build_symbols([], [r"the recurrence $T_k(x) = 2x T_{k-1}(x) - T_{k-2}(x)$"], {})
    assert table.recurrences == {}
    table = build_symbols([], [CHEBYSHEV], {})
    (recurrence,) = table.recurrences.values()
    assert (recurrence.name, recurrence.index, recurrence.variable) == ("T", "k", "x")
    assert recurrence.first == (Num(1.0), Sym("x"))


def test_an_index_superscript_labels_and_factors_of_one_entry_multiply_entrywise(
    tmp_path: Path,
) -> None:
    """`\\hat{h}^{\\mu}_i` where the prose says $\\mu \\in [1,m]$ denotes an example: mu labels h
    (no power, no argument); the definition is one per entry i, so `h_i \\sigma(\\beta_i h_i)` is
    a product of numbers, entry by entry, not the inner product of two vectors."""
    latex = (
        r"\langle j_i \rangle = \langle \hat{h}_i^{\mu} s_i \rangle_s "
        r"= \hat{h}^{\mu}_i \, \sigma(\beta_i \, \hat{h}^{\mu}_i)"
    )
    prose = [r"where $i \in [1, n]$ denotes a unit, and $\mu \in [1,m]$ denotes an example"]
    compiled = _build([("Eq. 5", latex)], prose)
    assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
    function = compiled.functions[0]
    assert {a.symbol.name for a in function.arguments} == {"hat_h_i", "beta_i"}
    module = _import(equations_file("test", compiled.functions), tmp_path, "entries")
    values = example_values(function, seed=5)
    got = getattr(module, function.name)(**_arguments(function, values))
    h, beta = values["hat_h_i"], values["beta_i"]
    want = h / (1 + np.exp(-beta * h))
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-12)
    assert function.tree is not None
    np.testing.assert_allclose(reference_value(function.tree, values), want, rtol=1e-12)


def test_a_time_step_superscript_stays_a_power() -> None:
    """Only an index the prose says numbers the examples labels: with "$t \\in \\{1, \\ldots, T\\}$
    is the time step", `\\beta_1^t` is beta_1 to the power t (Adam's bias correction)."""
    prose = [r"where $t \in \{1, \ldots, T\}$ is the time step", r"$\beta_1 = 0.9$"]
    compiled = _build([("Eq. 1", r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}")], prose)
    assert "beta_1 ** t" in compiled.functions[0].lines[0][0]


def test_factors_of_one_entry_of_different_shapes_keep_their_matrix_product() -> None:
    """`h_t = W_t x_t`: a matrix and a vector of entry t are still multiplied as such."""
    prose = [r"$W_t \in \mathbb{R}^{n \times n}$ and $x_t \in \mathbb{R}^{n}$"]
    compiled = _build([("Eq. 1", r"h_t = W_t x_t")], prose)
    assert compiled.functions[0].lines[0][0] == "h_t = W_t @ x_t"


def test_symbols_from_prose_give_roles_shapes_and_initial_values(tmp_path: Path) -> None:
    latex, prose = CONSTRUCTS["dyt"]
    compiled = _build([("§2, Eq. 1", latex)], prose)
    entry = compiled.entries[0]
    assert entry.callable == "src.equations:dyt"
    roles = {p.name: (p.role, p.shape) for p in entry.params}
    assert roles == {
        "x": ("input", "(B, T, C)"),
        "alpha": ("parameter", None),
        "gamma": ("parameter", "(C,)"),
        "beta": ("parameter", "(C,)"),
    }
    module = _import(equations_file("test", compiled.functions), tmp_path, "dyt_module")
    layer = module.DyT(6)
    assert layer.alpha.item() == 0.5  # the initial value the prose states
    # unstated: a factor starts at one, an added term (a shift) at zero, as the authors' DyT
    assert layer.gamma.tolist() == [1.0] * 6 and layer.beta.tolist() == [0.0] * 6
    assert {n for n, _ in layer.named_parameters()} == {"alpha", "gamma", "beta"}
    x = torch.rand(2, 3, 6)
    expected = layer.gamma * torch.tanh(0.5 * x) + layer.beta
    torch.testing.assert_close(layer(x), expected)
    # a scalar may be a Python number or a 0-d tensor
    torch.testing.assert_close(
        module.dyt(x, layer.gamma, 0.5, layer.beta),
        module.dyt(x, layer.gamma, torch.tensor(0.5), layer.beta),
    )


@pytest.mark.parametrize(
    ("latex", "shifts"),
    [
        (r"y = \gamma \odot \tanh(\alpha x) + \beta", {"beta"}),
        (r"y = W x + b - c", {"b", "c"}),
        (r"y = \gamma x + \gamma", set()),  # also a factor: not a shift
        (r"y = \sigma(W x + b)", set()),  # inside a function, not the definition's own sum
    ],
)
def test_a_definitions_added_terms_are_its_shifts(latex: str, shifts: set[str]) -> None:
    assert added_terms(parse_equation(latex)) == shifts


def test_hyperparameter_value_comes_from_the_stated_values() -> None:
    table = build_symbols(["S"], ["where $d_k$ is the key dimension"], {"d_k": 64})
    compiled = compile_equations([("Eq. 1", r"S = \frac{QK^\top}{\sqrt{d_k}}")], table)
    (d_k,) = [p for p in compiled.entries[0].params if p.name == "d_k"]
    assert (d_k.role, d_k.value, d_k.shape) == ("hyperparameter", 64.0, None)
    assert "d_k: Scalar = 64" in equations_file("t", compiled.functions)


def test_a_default_the_prose_states_cites_where_above_the_function() -> None:
    """ "$K = 5$" in §4.2 makes K's default 5; the comment right above the function cites §4.2,
    so the checker holds the number to what §4.2 states (P2C006)."""
    sentences = [
        (r"the architecture is GC32 with support $K = 5$", "§4.2"),
        (r"where $\theta \in \mathbb{R}^K$", "§2.1"),
    ]
    table = build_symbols(["g"], sentences, {})
    compiled = compile_equations([("Eq. 3", r"g = \sum_{k=0}^{K-1} \theta_k")], table)
    source = equations_file("t", compiled.functions)
    assert "# K = 5: §4.2: the value the paper states\ndef g_eq3(" in source


def test_a_function_another_equation_defines_is_called(tmp_path: Path) -> None:
    """`q(m | x)` calls the compiled q of `q(y | z) = ...`, binding y and z and passing on q's
    other argument (`c`); the value is numpy_eval's with q computed by its own equation."""
    first = r"q(y | z) = \mathcal{N}(\mathbf{y}; c \mathbf{z}, s^2)"
    second = r"w = \frac{q(m | x)}{q(m | x) + q(m | a)}"
    compiled = _build([("Eq. 1", first), ("Eq. 2", second)], [])
    assert [e.status for e in compiled.entries] == ["implemented", "implemented"]
    source = equations_file("test", compiled.functions)
    assert "q_eq1(y=m, z=x, c=c, s=s)" in source
    module = _import(source, tmp_path, "calls")
    function = compiled.functions[1]
    values = example_values(function, seed=3)
    got = getattr(module, function.name)(**_arguments(function, values))
    want = reference_value(parse_equation(second), values, compiled.functions)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-9)


def test_a_defined_quantity_is_taken_or_computed_from_its_definition(tmp_path: Path) -> None:
    first, second = r"z = \tanh(\alpha x)", r"y = \gamma z + \beta"
    compiled = _build([("Eq. 1", first), ("Eq. 2", second)], ["$x \\in \\mathbb{R}^{C}$"])
    module = _import(equations_file("test", compiled.functions), tmp_path, "defined")
    y = getattr(module, compiled.functions[1].name)
    x, z = torch.rand(5, dtype=torch.float64), torch.rand(5, dtype=torch.float64)
    given = y(gamma=2.0, beta=1.0, z=z)
    torch.testing.assert_close(given, 2.0 * z + 1.0)
    computed = y(gamma=2.0, beta=1.0, x=x, alpha=0.5)
    torch.testing.assert_close(computed, 2.0 * torch.tanh(0.5 * x) + 1.0)
    z_param = next(p for p in compiled.entries[1].params if p.name == "z")
    assert (z_param.role, z_param.shape) == ("input", "(C,)")


def test_what_does_not_compile_names_the_construct() -> None:
    compiled = _build(
        [
            ("Eq. 1", r"y = \int_0^1 f(t) dt"),
            ("Eq. 2", r"a + b"),
            ("Eq. 3", r"y = g(x, z)"),
            ("Eq. 4", r"y = \langle a, b, c \rangle"),  # the reader fails on it: no crash here
        ],
        [r"a tuple $\langle \mathscr{S}, \mathscr{A}, p, r, \gamma \rangle$ in the prose"],
    )
    reasons = [(e.status, e.reason) for e in compiled.entries]
    assert reasons[0] == ("not_implemented", "cannot compile an Integral node")
    assert reasons[1][0] == "not_implemented" and "defines nothing" in reasons[1][1]
    assert reasons[2] == (
        "not_implemented",
        "cannot compile the function 'g', which the paper does not define",
    )
    assert reasons[3][0] == "not_implemented" and reasons[3][1].startswith("cannot ")


def test_a_node_type_the_compiler_does_not_know_is_named(monkeypatch) -> None:
    """Node types the reader may add later compile to nothing, and the reason says which."""
    from dataclasses import dataclass

    from paper2code.equations import codegen

    @dataclass(frozen=True)
    class Surprise:
        body: Sym

    tree = parse_equation("y = x")
    monkeypatch.setattr(
        codegen, "parse_equation", lambda latex: type(tree)("=", Sym("y"), Surprise(Sym("x")))
    )
    compiled = _build([("Eq. 1", "y = x")], [])
    assert compiled.entries[0].reason == "cannot compile a Surprise node"


@pytest.mark.parametrize(
    "name", ["lambda_init", "W^Q", "x", "alpha", "Sigma", "h^(l)", "bar_x", "d_k", "DyT", "x_prime"]
)
def test_the_index_symbol_reads_back_as_the_tree_name(name: str) -> None:
    from paper2code.equations.codegen import symbol_latex

    assert parse_equation(symbol_latex(name)) == Sym(name)


def test_identifiers_are_ascii_python_names() -> None:
    assert identifier("lambda_init") == "lambda_init"
    assert identifier("lambda") == "lambda_"
    assert identifier("W^Q") == "W_Q"
    assert identifier("x'") == "x_prime"
    assert identifier("h^(l)") == "h_l"
    assert identifier("torch") == "torch_"


# Corpus papers whose numbered equations compile in part (see README "Compiled equations").
CORPUS_PAPERS = ["gmflow", "optimalsteps", "enkf-matheron", "mcwnnm-denoising", "len"]


@pytest.mark.parametrize("name", CORPUS_PAPERS)
def test_corpus_equations_compile_to_what_numpy_eval_computes(name: str, tmp_path: Path) -> None:
    """Every numbered equation of a real paper that compiles runs on random inputs of its
    shapes and equals the NumPy evaluation of its tree; every other one says why."""
    from corpus import ABSENT, CORPUS, corpus_paper

    if CORPUS is None:
        pytest.skip(ABSENT)
    paper = corpus_paper(name)
    equations = [(e.anchor, e.latex) for e in paper.numbered_equations]
    prose = [p.text for p in paper.paragraphs]
    table = build_symbols(defined_quantities(latex for _, latex in equations), prose, {})
    compiled = compile_equations(equations, table)
    assert compiled.functions, "no equation of the paper compiles any more"
    assert all(e.reason for e in compiled.entries if e.status == "not_implemented")
    module = _import(equations_file(name, compiled.functions), tmp_path, identifier(name))
    for function in compiled.functions:
        values = example_values(function, seed=2)
        got = getattr(module, function.name)(**_arguments(function, values))
        with np.errstate(invalid="ignore"):  # a power of a negative base is NaN in both
            want = reference_value(parse_equation(function.latex), values, compiled.functions)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-9, err_msg=function.anchor)


def test_prose_that_calls_a_symbol_or_its_element_a_number_gives_its_shape() -> None:
    latex, prose = CONSTRUCTS["a sum over pairs whose element is a superscript"]
    (entry,) = _build([("§3, Eq. 1", latex)], prose).entries
    shapes = {p.name: p.shape for p in entry.params}
    # Y is one label (a scalar); D_W^i one distance per pair i, so D_W is a vector over I
    assert (shapes["Y"], shapes["D_W"]) == (None, "(I,)")


def test_a_named_network_is_a_module_the_function_takes(tmp_path: Path) -> None:
    """`\\mathrm{MLP}(x)` the paper does not define: the function takes the network (any
    nn.Module) as an argument, listed with the role "function", and calls it."""
    latex = r"\mathbf{h} = \mathbf{x} + \mathrm{MLP}(\mathrm{LayerNorm}(\mathbf{x}))"
    compiled = _build([("§3, Eq. 2", latex)], ["$\\mathbf{x} \\in \\mathbb{R}^{T \\times C}$"])
    (entry,) = compiled.entries
    assert entry.status == "implemented", entry.reason
    assert {p.name: p.role for p in entry.params} == {
        "x": "input", "MLP": "function", "layernorm": "function",
    }  # fmt: skip
    source = equations_file("test", compiled.functions)
    assert "MLP: a learned network the paper names: the caller passes its nn.Module" in source
    module = _import(source, tmp_path, "networks")
    torch.manual_seed(0)
    mlp = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.GELU(), torch.nn.Linear(8, 4))
    norm = torch.nn.LayerNorm(4)
    x = torch.rand(3, 4)
    got = getattr(module, compiled.functions[0].name)(x=x, MLP=mlp, layernorm=norm)
    torch.testing.assert_close(got, x + mlp(norm(x)))


def test_meles_contrastive_loss_computes_what_the_paper_says(tmp_path: Path) -> None:
    """The held-out paper's Eq. 1 (whose authors' code differs, bench/heldout/equations.yaml):
    similar pairs (Y = 1) pay half the squared hinge, dissimilar ones half the squared
    distance."""
    latex, prose = CONSTRUCTS["a sum over pairs whose element is a superscript"]
    compiled = _build([("§3.4, Eq. 1", latex)], prose)
    module = _import(equations_file("test", compiled.functions), tmp_path, "meles")
    loss = getattr(module, compiled.functions[0].name)
    distance = torch.tensor([0.5, 1.5, 2.5], dtype=torch.float64)
    similar = loss(P=3, Y=1.0, D_W=distance, m=2.0)
    torch.testing.assert_close(similar, 0.5 * torch.relu(2.0 - distance).pow(2).sum())
    dissimilar = loss(P=3, Y=0.0, D_W=distance, m=2.0)
    torch.testing.assert_close(dissimilar, 0.5 * distance.pow(2).sum())


def test_a_map_signature_in_the_prose_makes_an_operation_of_its_value_shape() -> None:
    """`t: \\mathbb{R}^D \\to \\mathbb{R}^H` (an encoder), `b: ... \\to \\mathbb{R}` (a number),
    even when an equation that does not compile defines b."""
    latex, prose = CONSTRUCTS["maps the prose declares"]
    bias = r"b_\theta(z) = \log p_\theta(z) - A(\eta_\theta(z))"  # A: defined nowhere
    compiled = _build([("§3, Eq. 7", latex), ("§3, Eq. 9", bias)], prose)
    assert [e.status for e in compiled.entries] == ["implemented", "not_implemented"]
    params = {p.name: (p.role, p.shape) for p in compiled.entries[0].params}
    assert params == {
        "x": ("input", "(D,)"), "z": ("input", "(K,)"), "t": ("function", "(H,)"),
        "eta_theta": ("function", "(H,)"), "b_theta": ("function", None),
    }  # fmt: skip


def test_a_continuation_row_continues_the_equation_before_it_even_when_that_one_failed() -> None:
    """`&= c d` after an equation that did not compile continues that one's quantity (z), not
    the last compiled one's (y), whose function another equation calls."""
    compiled = _build(
        [("Eq. 1", "y = a + b"), ("Eq. 2", r"z = \int_0^1 f(t) dt"), ("Eq. 3", "&= c d")], []
    )
    statuses = [e.status for e in compiled.entries]
    assert statuses == ["implemented", "not_implemented", "implemented"]
    assert [f.defines for f in compiled.functions] == ["y", "z"]
    assert compiled.by_quantity["y"].anchor == "Eq. 1"


def test_every_spelling_of_a_definition_defines_in_the_table_and_the_code_alike() -> None:
    """One set of defining relations (vocabulary.DEFINITIONS): what the symbol table counts as
    a defined quantity is what the compiler compiles, `\\equiv`, `\\doteq` and `=:` too."""
    equations = [
        ("§1, Eq. 1", r"G_t \doteq r_t + \gamma G_{t+1}"),
        ("§1, Eq. 2", r"\alpha \equiv b - c"),
        ("§1, Eq. 3", r"a + b \eqqcolon s"),
        ("§1, Eq. 4", r"u \coloneqq 2 v"),
    ]
    assert defined_quantities(latex for _, latex in equations) == ["G_t", "alpha", "s", "u"]
    compiled = _build(equations, [])
    assert [f.defines for f in compiled.functions] == ["G_t", "alpha", "s", "u"]


def _agrees(compiled: Compiled, directory: Path, seed: int = 4) -> None:
    """Every compiled function, called on the example values of its arguments, equals the
    reference (numpy_eval with the other equations' functions)."""
    module = _import(equations_file("test", compiled.functions), directory, "agrees")
    for function in compiled.functions:
        values = example_values(function, seed=seed)
        got = getattr(module, function.name)(**_arguments(function, values))
        want = reference_value(parse_equation(function.latex), values, compiled.functions)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-9, err_msg=function.anchor)


def test_a_symbol_the_equation_uses_is_required_though_a_quantity_it_takes_also_needs_it(
    tmp_path: Path,
) -> None:
    """`\\mu = \\frac{1}{2} x_\\tau` then `\\Gamma = (x_t - \\mu)(x_\\tau - \\mu)`: x_tau comes in
    first as what computes mu when mu is not given (optional), then the equation uses it
    itself, so it is required and the example values give it."""
    equations = [
        ("Eq. 1", r"\mu = \frac{1}{2} \mathbf{x}_\tau"),
        ("Eq. 2", r"\Gamma = (\mathbf{x}_t - \mu)^\top (\mathbf{x}_\tau - \mu)"),
    ]
    compiled = _build(equations, [])
    assert [e.status for e in compiled.entries] == ["implemented"] * 2, compiled.entries[1].reason
    second = compiled.functions[1]
    required = {a.symbol.name for a in second.arguments if a.default is None}
    assert required == {"x_t", "x_tau"}
    _agrees(compiled, tmp_path)


def test_a_left_side_that_applies_a_known_function_does_not_replace_it(tmp_path: Path) -> None:
    """`\\log u = ...` defines the quantity named "log"; another equation's `\\log` is still the
    logarithm, in the code and in the reference it is checked against."""
    equations = [
        ("Eq. 1", r"\log u = a (b - c) = a b - a c"),
        ("Eq. 2", r"\ell = \sum_{j=1}^{n} x_j \log(\lambda p_j) - \lambda p_j"),
    ]
    compiled = _build(equations, [])
    assert [e.status for e in compiled.entries] == ["implemented"] * 2, compiled.entries[1].reason
    assert "torch.log(" in equations_file("test", compiled.functions[1:])
    _agrees(compiled, tmp_path)


@pytest.mark.parametrize(
    "sentence",
    [
        r"The learnable parameters are $\phi$ and $W$, initialised to 0.5.",
        r"where $\phi, W$ are learnable, initialised to 0.5",
        r"The trainable parameters of the model are $\phi$, and $W$ (initialised to 0.5).",
        r"with learnable parameters $\phi$ and $W$ initialised to 0.5.",
    ],
)
def test_a_list_of_learnable_parameters_makes_each_a_parameter(sentence: str) -> None:
    """A plural list after "parameters are" or before "are learnable" names each symbol a
    learnable parameter of the module, with the initial value the sentence states."""
    compiled = _build([("Eq. 1", r"y = \phi \tanh(W x)")], [sentence])
    (function,) = compiled.functions
    learned = {a.symbol.name: a.symbol.value for a in function.parameters}
    assert learned == {"phi": 0.5, "W": 0.5}
    assert function.module is not None
    roles = {p.name: p.role for p in compiled.entries[0].params}
    assert roles == {"phi": "parameter", "W": "parameter", "x": "input"}


def test_hyper_parameters_listed_are_not_learned() -> None:
    table = build_symbols([], [r"The hyper-parameters are $\lambda$ and $\eta$."], {})
    assert {table.get(n).role.value for n in ("lambda", "eta")} == {"input"}


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        # the head noun says what the symbol is, not a word later in the sentence
        (r"$A$, $B$, and $b_u$ are the recurrent network parameters, and", "b_u", "parameter"),
        (r"$X$ is a random variable with the logistic distribution", "X", "input"),
        (r"$z_1$ and $z_2$ are in the tangent space before the exponential map", "z_1", "input"),
        (r"$x$ is the input to the network", "x", "input"),
        (r"$f_\theta$ is parameterized by a neural network", "f_theta", "function"),
        (r"where \(\Phi_h\), \(\Phi_u\) are elementwise nonlinear maps", "Phi_u", "function"),
        # a symbol after a preposition is no subject: "as a function of $x$, represents"
        (r"Each $v_i(x)$, as a function of $x$, represents the response map", "x", "input"),
        (r"$\lambda$ and $\eta$ are hyper-parameters", "eta", "hyperparameter"),
    ],
)
def test_what_prose_says_a_symbol_is(sentence: str, name: str, role: str) -> None:
    assert build_symbols([], [sentence], {}).get(name).role.value == role


def test_an_rnn_whose_prose_names_its_parameters_and_nonlinearities_compiles(
    tmp_path: Path,
) -> None:
    """`\\Phi_h(A^T U_t + b_h)` with "\\(\\Phi_h\\) ... are element-wise nonlinear functions, $A$
    ... are the network parameters": a call of an operation the caller passes, A a learned
    parameter; the code computes what numpy_eval does."""
    prose = [
        r"where \(\Phi_h\) is an element-wise nonlinear function, $A$ and $b_h$ are the "
        r"recurrent network parameters, and $U_t \in \mathbb{R}^{d}$, $A \in \mathbb{R}^{d "
        r"\times d}$ and $b_h \in \mathbb{R}^{d}$."
    ]
    compiled = _build([("Eq. 1", r"\hat{H}_t = \Phi_{h}(A^TU_{t} + b_h)")], prose)
    (function,) = compiled.functions
    roles = {a.symbol.name: a.role for a in function.arguments}
    assert roles == {"Phi_h": "function", "A": "parameter", "U_t": "input", "b_h": "parameter"}
    _agrees(compiled, tmp_path)


def test_an_expectation_over_a_quantity_computed_from_its_draws(tmp_path: Path) -> None:
    """`u` of another equation, computed from the drawn x_t and x_0, is one value per draw; the
    loss averages over the draws, which the caller passes along the first axis."""
    equations = [
        ("Eq. 1", r"\mathbf{u} = \frac{\mathbf{x}_t - \mathbf{x}_0}{\sigma_t}"),
        (
            "Eq. 2",
            r"\mathcal{L} = \mathbb{E}_{t, \mathbf{x}_0, \mathbf{x}_t}\left[\frac{1}{2}"
            r"\left\| \mathbf{u} - \bm{\mu}_{\bm{\theta}}(\mathbf{x}_t) \right\|^2\right]",
        ),
    ]
    compiled = _build(equations, [r"$\mathbf{x}_0 \in \mathbb{R}^{C \times D}$"])
    assert [e.status for e in compiled.entries] == ["implemented"] * 2, compiled.entries[1].reason
    loss = compiled.functions[1]
    shapes = {a.symbol.name: a.shape for a in loss.arguments}
    assert shapes["x_t"] == shapes["u"] == ("samples", "C", "D") and loss.shape == ("C",)
    assert {a.symbol.name for a in loss.arguments if a.network} == {"mu_theta"}
    _agrees(compiled, tmp_path)


def test_a_map_named_by_its_parameters_is_a_network_a_bracket_after_one_a_product(
    tmp_path: Path,
) -> None:
    """`\\mu_\\theta(x_s)` applies the model; `v_\\theta (t - s)` multiplies a value by a bracket
    of arithmetic; a name the left side takes as a value (`F(x, v_\\theta)`) is one."""
    equations = [
        ("Eq. 1", r"x_t = x_s + v_\theta(t - s) + \mu_\theta(x_s)"),
        ("Eq. 2", r"\mathcal{F}(x_i, \epsilon_\theta) = x_i + \epsilon_\theta(t_j - t_i)"),
    ]
    compiled = _build(equations, [])
    assert [e.status for e in compiled.entries] == ["implemented"] * 2
    roles = [{a.symbol.name: a.role for a in f.arguments} for f in compiled.functions]
    assert roles[0]["mu_theta"] == "function" and roles[0]["v_theta"] != "function"
    assert roles[1]["epsilon_theta"] == "input"
    _agrees(compiled, tmp_path)


def test_a_value_taken_from_the_stated_values_cites_where_the_paper_states_it():
    """A symbol whose value only the stated values give (`\\sigma_{min}` set in an appendix's
    hyperparameter paragraph) keeps that place, so its default cites it and not the equation
    (the checker holds a default to the nearest citation above it)."""
    prose = [r"where $\sigma_{\min}$ is the smallest noise level and $\rho$ a curvature"]
    table = build_symbols(["s"], prose, {r"\sigma_{\min}": 0.002}, {r"\sigma_{\min}": "§D"})
    stated = [s for s in table.symbols.values() if s.value == 0.002]
    assert [(s.role, s.anchor) for s in stated] == [(Role.HYPERPARAMETER, "§D")]
    # without anchors the value is still taken, with no place to cite
    bare = build_symbols(["s"], prose, {r"\sigma_{\min}": 0.002})
    assert [s.anchor for s in bare.symbols.values() if s.value == 0.002] == [""]

"""Equations of corpus papers, read by the math reader and evaluated with NumPy, against the
authors' own functions (../shared/reference-code) on random inputs."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import numpy as np
import pytest
from corpus import ABSENT, CORPUS

from paper2code.equations import parse_equation
from paper2code.equations.numpy_eval import evaluate
from paper2code.equations.tree import Node
from paper2code.paper import load_paper

torch = pytest.importorskip("torch", reason="the authors' code runs on torch")


def _reference(relative: str) -> ModuleType:
    """Import one file of the authors' code by path; skip when the folder is absent."""
    if CORPUS is None:
        pytest.skip(ABSENT)
    path = CORPUS.parent / "reference-code" / relative
    if not path.is_file():
        pytest.skip(f"the authors' code {path} is not present")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _equation(paper: str, marker: str) -> Node:
    """The tree of the one numbered equation of `paper` whose LaTeX holds `marker`."""
    if CORPUS is None:
        pytest.skip(ABSENT)
    found = [e.latex for e in load_paper(CORPUS / paper).numbered_equations if marker in e.latex]
    assert len(found) == 1, found
    return parse_equation(found[0])


def test_tabdiff_power_mean_noise_schedule() -> None:
    model = _reference("tabdiff/model_ref.py")
    tree = _equation("tabdiff", r"\sigma_{\rho_i}^{\text{num}}(t)")
    rng = np.random.default_rng(1)
    t = rng.uniform(size=(6, 1))
    schedule = model.PowerMeanNoise_PerColumn(num_numerical=4, rho_init=1.0)
    with torch.no_grad():
        schedule.rho_raw.copy_(torch.tensor(rng.normal(size=4)))
        expected = schedule.total_noise(torch.tensor(t)).numpy()
        rho = schedule.rho().numpy()
    values = {"sigma_min": 0.002, "sigma_max": 80.0, "rho_i": rho, "t": t}
    assert np.allclose(evaluate(tree, values), expected, rtol=1e-5)


def test_tabdiff_log_linear_noise_schedule() -> None:
    model = _reference("tabdiff/model_ref.py")
    tree = _equation("tabdiff", r"\sigma_{k_j}^{{\rm cat}}(t)")
    rng = np.random.default_rng(2)
    t = rng.uniform(size=(6, 1))
    delta = 1e-3
    # The code's two bounds are the paper's one δ when eps_min = δ and eps_max = 0.
    schedule = model.LogLinearNoise_PerColumn(num_categories=3, eps_max=0.0, eps_min=delta)
    with torch.no_grad():
        schedule.k_raw.copy_(torch.tensor(rng.normal(size=3)))
        expected = schedule.total_noise(torch.tensor(t)).numpy()
        k = schedule.k().numpy()
    values = {"delta": delta, "t": t, "k_j": k}
    assert np.allclose(evaluate(tree, values), expected, rtol=1e-5)


def test_gmflow_covariance_of_a_gaussian_product() -> None:
    ops = _reference("gmflow/lib/ops/gmflow_ops/gmflow_ops.py")
    tree = _equation("gmflow", r"({\bm{\Sigma}} + {\bm{\Sigma}}_k)^{-1}")
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(2, 4, 4))
    sigma, sigma_k = a @ a.T + np.eye(4), b @ b.T + np.eye(4)  # covariances: positive definite
    expected = ops.psd_inverse(torch.tensor(sigma + sigma_k)).numpy()
    assert np.allclose(evaluate(tree, {"Sigma": sigma, "Sigma_k": sigma_k}), expected)

"""The JAX backend (flax.nnx + optax): its Transformer computes what the PyTorch one computes
with the same weights, its compiled equations what the PyTorch ones compute, and the CLI writes
JAX projects whose smoke check, notebook, training (checkpoint, resume) and evaluation run and
whose citations check. Opt-in: jax is an extra (`.[jax]`), and compiling JAX code is slow."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from engine_support import EXAMPLE
from test_backends import (
    CONSTRUCTS,
    TRANSFORMER_IDS,
    TRANSFORMERS,
    diff_attention_decoder,
    load_model,
    model_inputs,
    pytorch_and,
)

from paper2code.engines.backends import available, get_backend
from paper2code.engines.base import Framework
from paper2code.engines.builtin.library.equations import equations_file
from paper2code.equations import numpy_eval
from paper2code.equations.codegen import (
    JAX,
    TORCH,
    compile_equations,
    dimension_sizes,
    example_values,
)
from paper2code.equations.symbols import build_symbols, defined_quantities

needs_jax = pytest.mark.skipif(
    os.environ.get("PAPER2CODE_TEST_FRAMEWORKS") != "1",
    reason="set PAPER2CODE_TEST_FRAMEWORKS=1 and install .[jax]",
)


def test_the_jax_backend_names_what_its_code_needs() -> None:
    assert Framework.JAX in available()
    backend = get_backend(Framework.JAX)
    assert [r.split("==")[0] for r in backend.requirements] == [
        "jax",
        "flax",
        "optax",
        "numpy",
        "pyyaml",
    ]
    assert {"jax", "flax", "optax"} <= set(backend.runtime.needs) and "torch" not in str(backend)
    setup = backend.notebook_setup()
    assert "from flax import nnx" in setup and "rngs = nnx.Rngs(0)" in setup
    compile(setup, "<setup>", "exec")


def test_the_jax_ops_table_spells_every_function_the_reference_evaluator_knows() -> None:
    assert set(JAX.functions) == set(numpy_eval._FUNCTIONS)
    assert "torch" not in str(JAX) and not re.search(r"\bnp\.", str(JAX))  # jnp, not np


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def float64():
    """JAX computes in float32 unless x64 is on: on for a comparison at float64 precision."""
    import jax

    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", False)


@needs_jax
@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_jax_compiled_equations_compute_what_the_torch_ones_compute(
    construct: str, tmp_path: Path, float64
) -> None:
    import jax
    import torch
    from flax import nnx

    latex, prose = CONSTRUCTS[construct]
    table = build_symbols(defined_quantities([latex]), prose, {})
    modules = {}
    for ops in (JAX, TORCH):
        compiled = compile_equations([("§1, Eq. 1", latex)], table, ops)
        assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
        source = equations_file("test", compiled.functions, ops)
        path = tmp_path / f"{ops.module}_equations.py"
        path.write_text(source, encoding="utf-8")
        modules[ops.module] = _load(path, f"{ops.module}_equations_{construct}")
    assert "torch" not in (tmp_path / "jax_equations.py").read_text()
    function = compiled.functions[0]
    values = example_values(function, seed=1)
    arguments = {
        a.name: values[a.symbol.name] for a in function.arguments if a.symbol.name in values
    }
    got = getattr(modules["jax"], function.name)(**arguments)
    assert isinstance(got, jax.Array)
    want = getattr(modules["torch"], function.name)(
        **{k: torch.from_numpy(v) if isinstance(v, np.ndarray) else v for k, v in arguments.items()}
    )
    np.testing.assert_allclose(np.asarray(got), want.numpy(), rtol=1e-10, atol=1e-12)
    if function.module:  # the parameters are nnx.Params of a Module that calls the function
        sizes = dimension_sizes(function)
        dims = dict.fromkeys(d for p in function.parameters for d in p.shape)
        holder = getattr(modules["jax"], function.module)(*(sizes[d] for d in dims))
        assert isinstance(holder, nnx.Module)
        params = nnx.state(holder, nnx.Param)
        assert len(jax.tree.leaves(params)) == len(function.parameters)
        names = {p.name for p in function.parameters}
        inputs = {k: v for k, v in arguments.items() if k not in names}
        initial = {p.name: getattr(holder, p.name)[...] for p in function.parameters}
        want = getattr(modules["jax"], function.name)(**inputs, **initial)
        np.testing.assert_array_equal(np.asarray(holder(**inputs)), np.asarray(want))


def _copy_weights(source, target) -> None:
    """The PyTorch model's weights into the JAX model of the same parts: the templates name
    their parts alike, so the two trees are walked together; a PyTorch part the JAX code has no
    attribute for (an activation) must hold no parameters."""
    import jax.numpy as jnp
    import torch
    from flax import nnx

    def array(tensor):
        return jnp.asarray(tensor.detach().numpy())

    for name, parameter in source.named_parameters(recurse=False):
        getattr(target, name)[...] = array(parameter)  # the class token, RMSNorm's gain
    for name, child in source.named_children():
        if not hasattr(target, name):
            assert not list(child.parameters()), f"{name} has weights the JAX code lacks"
            continue
        part = getattr(target, name)
        if isinstance(child, torch.nn.ModuleList):
            for torch_item, jax_item in zip(child, part, strict=True):
                _copy_weights(torch_item, jax_item)
        elif isinstance(child, torch.nn.Linear) and isinstance(part, nnx.Linear):
            part.kernel[...] = array(child.weight).T
            if child.bias is not None:
                part.bias[...] = array(child.bias)
        elif isinstance(child, torch.nn.Linear):  # tied: the embedding's copy is its weight
            if child.bias is not None:
                part.bias[...] = array(child.bias)
        elif isinstance(child, torch.nn.Conv2d):  # a patch projection: one matrix per patch
            part.kernel[...] = array(child.weight).reshape(child.out_channels, -1).T
            part.bias[...] = array(child.bias)
        elif isinstance(child, torch.nn.LayerNorm):
            part.scale[...] = array(child.weight)
            if child.bias is not None:
                part.bias[...] = array(child.bias)
        elif isinstance(child, torch.nn.Embedding):
            part.embedding[...] = array(child.weight)
        else:
            _copy_weights(child, part)


@needs_jax
@pytest.mark.parametrize(("fixture", "edits"), TRANSFORMERS, ids=TRANSFORMER_IDS)
def test_jax_transformer_computes_what_the_pytorch_one_computes(
    fixture, edits: dict, tmp_path: Path, monkeypatch
) -> None:
    """The same paper in both frameworks, the PyTorch weights copied into the JAX model: the
    logits agree, so the JAX templates are the same Transformer; `edits` switch the config to
    the choices the paper does not make (each is implemented, none ignored)."""
    import torch

    torch_model, jax_model, values = pytorch_and(
        Framework.JAX, fixture, edits, tmp_path, monkeypatch
    )
    jax_model.eval()
    _copy_weights(torch_model, jax_model)
    inputs = model_inputs(fixture, values, images=np.float32)
    with torch.no_grad():
        want = torch_model(*(torch.as_tensor(x) for x in inputs))
    got = jax_model(*inputs)
    np.testing.assert_allclose(np.asarray(got), want.numpy(), rtol=1e-4, atol=1e-4)
    if fixture is diff_attention_decoder:  # the causal mask row by row, inside a jitted call
        from flax import nnx

        jitted = nnx.jit(lambda model, tokens: model(tokens))(jax_model, *inputs)
        np.testing.assert_allclose(np.asarray(jitted), want.numpy(), rtol=1e-4, atol=1e-4)


def run(directory: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=directory, capture_output=True, text=True, timeout=1200
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@needs_jax
def test_jax_example_end_to_end(tmp_path: Path, capsys) -> None:
    """`paper2code examples/tiny_transformer --framework jax`: exit 0 with the smoke check and
    the notebook executed, `check --strict` clean, and the evaluation script runs."""
    from paper2code.cli import main

    code = main(
        [str(EXAMPLE), "--out", str(tmp_path), "--framework", "jax", "--mode", "educational"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert "framework jax" in captured.out
    assert "smoke      passed  forward pass: src (2, 8) tgt (2, 7) -> logits (2, 7, 50)" in (
        captured.out
    )
    assert "notebook   passed" in captured.out and "verify     passed" in captured.out
    out = tmp_path / "tiny_transformer"
    assert (out / "requirements.txt").read_text().startswith("jax==")
    model = (out / "src" / "model.py").read_text()
    assert "import torch" not in model and "class MultiHeadAttention(nnx.Module):" in model
    assert main(["check", str(out), "--paper", str(EXAMPLE), "--strict"]) == 0
    report = run(out, "-m", "src.evaluate", "--smoke", "--batches", "2")
    assert "'perplexity'" in report


def _log(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("step ")]


@needs_jax
def test_jax_full_mode_trains_resumes_and_evaluates_its_checkpoint(tmp_path: Path) -> None:
    """Full mode on the bundled example: a jitted optax step per log line, a checkpoint, a
    resumed run that continues the uninterrupted one's losses exactly, evaluate.py on the
    trained checkpoint, and the citations still check afterwards."""
    out = tmp_path / "out"
    run(
        tmp_path,
        *("-m", "paper2code", "run", str(EXAMPLE), "--framework", "jax", "--mode", "full"),
        *("--no-run", "--out", str(out)),
    )
    project = out / "tiny_transformer"
    train = (project / "src" / "train.py").read_text()
    assert "@nnx.jit" in train and "nnx.value_and_grad" in train and "optax.adam" in train
    args = ("-m", "src.train", "--smoke", "--device", "cpu")
    whole = _log(run(project, *args, "--steps", "2", "--checkpoint-dir", "whole"))
    assert [line.split(" loss")[0] for line in whole] == ["step 1/2", "step 2/2"]
    first = _log(run(project, *args, "--steps", "1", "--checkpoint-dir", "split"))
    resumed = run(
        project, *args, "--steps", "2", "--checkpoint-dir", "split", "--resume", "split/last.npz"
    )
    assert _log(resumed) == whole[1:]  # the resumed run continues the same loss trajectory
    assert first[0].split(" loss")[1] == whole[0].split(" loss")[1]
    with np.load(project / "whole" / "last.npz") as a, np.load(project / "split" / "last.npz") as b:
        assert sorted(a.files) == sorted(b.files)
        assert any(k.startswith("optimizer/") for k in a.files)
        for key in a.files:
            if key != "__meta__":
                np.testing.assert_array_equal(a[key], b[key], err_msg=key)
    report = run(project, "-m", "src.evaluate", "--checkpoint", "whole/last.npz", "--batches", "2")
    assert "checkpoint whole/last.npz: step 2" in report
    metrics = eval(report.strip().splitlines()[-1])  # noqa: S307 - the dict evaluate.py printed
    assert set(metrics) == {"loss", "perplexity", "accuracy"} and 0 <= metrics["accuracy"] <= 1
    run(tmp_path, "-m", "paper2code", "check", str(project), "--paper", str(EXAMPLE), "--strict")


@needs_jax
def test_jax_diffusion_runs_trains_resumes_and_samples_from_its_checkpoint(
    tmp_path: Path, capsys
) -> None:
    """The DDPM fixture in full mode: exit 0 with the smoke check (sampling included) and the
    notebook executed and `check --strict` clean; then the jitted step trains the U-Net with
    its EMA, a resumed run continues exactly, and evaluate.py samples from the EMA weights."""
    from paper2code.cli import main

    fixture = Path(__file__).parent / "fixtures" / "engine" / "ddpm"
    code = main([str(fixture), "--out", str(tmp_path), "--framework", "jax", "--mode", "full"])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert "-step sampling -> (2, 8, 8, 3)" in captured.out  # channels last
    assert "notebook   passed" in captured.out and "verify     passed" in captured.out
    (project,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    model = (project / "src" / "model.py").read_text()
    assert "class UNet(nnx.Module):" in model and "import torch" not in model
    assert main(["check", str(project), "--paper", str(fixture), "--strict"]) == 0
    args = ("-m", "src.train", "--smoke", "--device", "cpu")
    whole = _log(run(project, *args, "--steps", "2", "--checkpoint-dir", "whole"))
    assert [line.split(" loss")[0] for line in whole] == ["step 1/2", "step 2/2"]
    run(project, *args, "--steps", "1", "--checkpoint-dir", "split")
    resumed = run(
        project, *args, "--steps", "2", "--checkpoint-dir", "split", "--resume", "split/last.npz"
    )
    assert _log(resumed) == whole[1:]
    with np.load(project / "whole" / "last.npz") as a, np.load(project / "split" / "last.npz") as b:
        ema = [k for k in a.files if k.startswith("ema/")]
        assert ema and any(not np.array_equal(a[k], a["model/" + k[4:]]) for k in ema)
        for key in a.files:
            if key != "__meta__":
                np.testing.assert_array_equal(a[key], b[key], err_msg=key)
    report = run(project, "-m", "src.evaluate", "--checkpoint", "whole/last.npz", "--num", "2")
    assert "checkpoint whole/last.npz: step 2 (EMA weights)" in report
    assert "saved (2, 8, 8, 3) samples to samples.npy" in report
    assert np.load(project / "samples.npy").shape == (2, 8, 8, 3)


@needs_jax
@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("hyla", "attention_as_a_hypernetwork"),
        ("optimalsteps", "optimal_stepsize_for_diffusion_sampling"),
    ],
)
def test_jax_on_real_papers(name: str, slug: str, corpus: Path, tmp_path: Path, capsys) -> None:
    """A real paper of each family gets a JAX project whose smoke check and notebook run and
    whose checker passes; its contribution is an nnx.Module skeleton (exit 10, as with PyTorch)."""
    from paper2code.cli import main

    code = main([str(corpus / name), "--out", str(tmp_path), "--framework", "jax"])
    captured = capsys.readouterr()
    assert code == 10, captured.out + captured.err
    assert "smoke      ran (skeleton" in captured.out and "notebook   ran (skeleton" in captured.out
    assert "verify     passed" in captured.out
    out = tmp_path / slug
    model = (out / "src" / "model.py").read_text()
    assert "class CoreContribution(nnx.Module):" in model and "import torch" not in model
    assert main(["check", str(out), "--paper", str(corpus / name), "--strict"]) == 0


@needs_jax
@pytest.mark.parametrize(
    "paper", [EXAMPLE, Path(__file__).parent / "fixtures" / "engine" / "ddpm"], ids=["lm", "ddpm"]
)
def test_jax_amp_trains_in_bfloat16_and_keeps_float32_parameters(
    paper: Path, tmp_path: Path, monkeypatch
) -> None:
    """--amp in both families' train.py: a few jitted steps whose losses are finite, a float32
    checkpoint (parameters and optimiser, the master copy) that a run with --amp resumes; and
    the model it trains computes in bfloat16 (utils.mixed_precision), its parameters float32."""
    import jax
    import jax.numpy as jnp
    import yaml
    from flax import nnx

    out = tmp_path / "out"
    run(
        tmp_path,
        *("-m", "paper2code", "run", str(paper), "--framework", "jax", "--mode", "full"),
        *("--no-run", "--out", str(out)),
    )
    (project,) = [p for p in out.iterdir() if p.is_dir()]
    assert "mixed_precision(model, args.amp)" in (project / "src" / "train.py").read_text()
    assert "trains in float32" not in (project / "REPRODUCTION_NOTES.md").read_text()
    args = ("-m", "src.train", "--smoke", "--device", "cpu", "--amp", "--checkpoint-dir", "amp")
    first = _log(run(project, *args, "--steps", "2"))
    resumed = _log(run(project, *args, "--steps", "3", "--resume", "amp/last.npz"))
    assert [line.split(" loss")[0] for line in first + resumed] == [
        f"step {s}/{n}" for s, n in ((1, 2), (2, 2), (3, 3))
    ]
    losses = [float(line.split(" loss ")[1].split()[0]) for line in first + resumed]
    assert np.isfinite(losses).all(), losses
    with np.load(project / "amp" / "last.npz") as saved:
        floats = {str(saved[k].dtype) for k in saved.files if saved[k].dtype.kind == "f"}
        assert floats == {"float32"}, floats
    if paper != EXAMPLE:
        return
    # the example's model, as train.py builds it with --amp: logits in bfloat16
    module = load_model(project, "project_amp", monkeypatch)
    utils = importlib.import_module("project_amp.utils")
    cfg = yaml.safe_load((project / "configs" / "base.yaml").read_text())
    values = cfg["model"] | cfg["smoke"]["model"]
    model = module.build_model(values, seed=0)
    utils.mixed_precision(model, True)
    rng = np.random.default_rng(0)
    src, tgt = (rng.integers(0, values["vocab_size"], (2, n)) for n in (7, 5))
    assert model(src, tgt).dtype == jnp.bfloat16
    params = jax.tree.leaves(nnx.state(model, nnx.Param))
    assert params and {p.dtype for p in params} == {jnp.dtype(jnp.float32)}

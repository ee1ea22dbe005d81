"""The TensorFlow backend (Keras 3 layers): the Transformer computes what the PyTorch one
computes for the same weights, compiled equations compute what the PyTorch ones compute, and
the CLI's projects run, train, resume, evaluate and pass `check --strict` (the bundled example in
minimal and full mode, the DDPM fixture in full mode, a corpus paper of each family).

Opt-in: TensorFlow is a large install and slow to start, so these run only with
PAPER2CODE_TEST_FRAMEWORKS=1 and the `tensorflow` extra installed (.ci/run does both)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import test_backends
from engine_support import EXAMPLE, ddpm, example
from test_backends import CONSTRUCTS as NUMPY_CONSTRUCTS
from test_backends import (
    TRANSFORMER_IDS,
    TRANSFORMERS,
    _load_module,
    model_inputs,
    modern_lm,
    pytorch_and,
)

from paper2code.engines.backends import get_backend
from paper2code.engines.base import Framework, Mode, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.builtin.library import transformer_assembly
from paper2code.engines.builtin.library.equations import equations_file
from paper2code.engines.builtin.values import Values
from paper2code.equations.codegen import (
    TENSORFLOW,
    TORCH,
    compile_equations,
    dimension_sizes,
    example_values,
)
from paper2code.equations.symbols import build_symbols, defined_quantities
from paper2code.errors import InputError
from paper2code.render.write import write_project

pytestmark = pytest.mark.skipif(
    os.environ.get("PAPER2CODE_TEST_FRAMEWORKS") != "1",
    reason="set PAPER2CODE_TEST_FRAMEWORKS=1 and install .[tensorflow]",
)

TF = Options(framework=Framework.TENSORFLOW)
LOG_LINE = re.compile(r"^step (\d+)/(\d+) loss \d+\.\d{4} lr \d\.\de[+-]\d\d$", re.MULTILINE)
# LaTeX and prose whose TensorFlow spelling differs from PyTorch's: NumPy's set, and a vector
# times a matrix.
CONSTRUCTS = {
    **NUMPY_CONSTRUCTS,
    "vector-matrix": (r"y = \max(0, x W_1 + b_1) W_2 + b_2", []),
}


def test_the_backend_names_what_its_code_needs() -> None:
    backend = get_backend(Framework.TENSORFLOW)
    assert [r.split("==")[0] for r in backend.requirements] == [
        "tensorflow",
        "keras",
        "numpy",
        "pyyaml",
    ]
    assert set(backend.runtime.needs) == {"tensorflow", "keras", "numpy", "yaml"}
    setup = backend.notebook_setup()
    assert "keras.utils.set_random_seed(0)" in setup and "torch" not in setup
    compile(setup, "<setup>", "exec")


def test_tensorflow_refuses_a_config_choice_its_templates_do_not_implement() -> None:
    paper, analysis = example()
    values = Values(analysis)
    values.add(("model", "pos"), "xpos", "[ASSUMPTION] a choice not implemented")
    with pytest.raises(InputError, match="TensorFlow Transformer templates implement alibi"):
        transformer_assembly._check_values(values, "TensorFlow")


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_compiled_equations_compute_what_the_pytorch_ones_compute(
    construct: str, tmp_path: Path, monkeypatch
) -> None:
    import tensorflow as tf
    import torch

    latex, prose = CONSTRUCTS[construct]
    table = build_symbols(defined_quantities([latex]), prose, {})
    modules, functions = {}, {}
    for ops in (TORCH, TENSORFLOW):
        compiled = compile_equations([("§1, Eq. 1", latex)], table, ops)
        assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
        path = tmp_path / f"{ops.module}_equations.py"
        path.write_text(equations_file("test", compiled.functions, ops), encoding="utf-8")
        modules[ops.module] = _load_module(path, f"{ops.module}_equations", monkeypatch)
        functions[ops.module] = compiled.functions[0]
    assert "torch" not in (tmp_path / "tensorflow_equations.py").read_text()
    function = functions["tensorflow"]
    values = example_values(function, seed=1)
    arrays = {
        a.name: np.asarray(values[a.symbol.name], np.float32)
        for a in function.arguments
        if a.symbol.name in values
    }
    want = getattr(modules["torch"], function.name)(
        **{k: torch.as_tensor(v) for k, v in arrays.items()}
    )
    got = getattr(modules["tensorflow"], function.name)(**arrays)  # NumPy in, as the checker
    np.testing.assert_allclose(np.asarray(got), want.numpy(), rtol=1e-5, atol=1e-6)
    if function.module:  # the Keras layer holds the parameters as weights and calls the function
        sizes = dimension_sizes(function)
        dims = [sizes[d] for d in dict.fromkeys(d for p in function.parameters for d in p.shape)]
        layer = getattr(modules["tensorflow"], function.module)(*dims)
        torch_module = getattr(modules["torch"], function.module)(*dims)
        assert len(layer.trainable_weights) == len(list(torch_module.parameters())) > 0
        parameters = {p.name for p in function.parameters}
        inputs = {k: v for k, v in arrays.items() if k not in parameters}
        with torch.no_grad():
            want = torch_module(**{k: torch.as_tensor(v) for k, v in inputs.items()})
        got = layer(**{k: tf.constant(v) for k, v in inputs.items()})
        np.testing.assert_allclose(np.asarray(got), want.numpy(), rtol=1e-5, atol=1e-6)


def _copy_weights(source, target) -> None:
    """The PyTorch model's weights into the Keras model of the same parts, built: the
    templates name their parts alike (a keras.Model's stack of layers is `blocks`, `layers`
    being Keras's own), so the two trees are walked together; a PyTorch part the Keras code has
    no attribute for (an activation, an identity) must hold no parameters."""
    import torch

    def array(tensor):
        return tensor.detach().numpy()

    for name, parameter in source.named_parameters(recurse=False):
        getattr(target, name).assign(array(parameter))  # RMSNorm's gain, the class token
    for name, child in source.named_children():
        keras_name = "blocks" if name == "layers" else name
        if not hasattr(target, keras_name):
            assert not list(child.parameters()), f"{name} has weights the Keras code lacks"
            continue
        part = getattr(target, keras_name)
        if isinstance(child, torch.nn.ModuleList):
            for torch_item, keras_item in zip(child, part, strict=True):
                _copy_weights(torch_item, keras_item)
        elif isinstance(child, torch.nn.Linear) and hasattr(part, "embedding"):
            if child.bias is not None:  # tied: the weight is the embedding's, copied there
                part.bias.assign(array(child.bias))
        elif isinstance(child, torch.nn.Linear):
            part.kernel.assign(array(child.weight).T)
            if child.bias is not None:
                part.bias.assign(array(child.bias))
            else:
                assert not part.use_bias
        elif isinstance(child, torch.nn.Conv2d):  # (out, in, kh, kw) -> (kh, kw, in, out)
            part.kernel.assign(array(child.weight).transpose(2, 3, 1, 0))
            part.bias.assign(array(child.bias))
        elif isinstance(child, torch.nn.LayerNorm):
            part.gamma.assign(array(child.weight))
            if child.bias is not None:
                part.beta.assign(array(child.bias))
        elif isinstance(child, torch.nn.Embedding):
            part.embeddings.assign(array(child.weight))
        else:
            _copy_weights(child, part)


@pytest.mark.parametrize(("fixture", "edits"), TRANSFORMERS, ids=TRANSFORMER_IDS)
def test_tensorflow_transformer_computes_what_the_pytorch_one_computes(
    fixture, edits: dict, tmp_path: Path, monkeypatch
) -> None:
    """The same paper in both frameworks, the PyTorch weights copied into the Keras model: the
    logits agree, so the Keras templates are the same Transformer; `edits` switch the config to
    the choices the paper does not make (every choice of the family is implemented)."""
    import torch

    torch_model, keras_model, values = pytorch_and(
        Framework.TENSORFLOW, fixture, edits, tmp_path, monkeypatch
    )
    inputs = model_inputs(fixture, values, images=np.float32)
    # images are channels-first in PyTorch, channels-last in Keras
    keras_inputs = [x.transpose(0, 2, 3, 1) if x.ndim == 4 else x for x in inputs]
    keras_model(*keras_inputs)  # Keras creates the weights on the first call
    _copy_weights(torch_model, keras_model)
    with torch.no_grad():
        want = torch_model(*(torch.as_tensor(x) for x in inputs))
    got = keras_model(*keras_inputs)  # training=False: dropout off, as torch's eval()
    np.testing.assert_allclose(np.asarray(got), want.numpy(), rtol=1e-4, atol=1e-4)
    if fixture is test_backends.diff_attention_decoder:  # the causal mask row by row, traced
        import tensorflow as tf

        # as train.py's step: traced once, the sequence length unknown (None) when tracing
        traced = tf.function(keras_model, input_signature=[tf.TensorSpec((None, None), tf.int64)])
        got = traced(tf.constant(inputs[0]))
        np.testing.assert_allclose(np.asarray(got), want.numpy(), rtol=1e-4, atol=1e-4)


# ---- the CLI's projects, run -----------------------------------------------------------------


def run(directory: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=directory, capture_output=True, text=True, timeout=1200
    )


def ok(directory: Path, *args: str) -> str:
    proc = run(directory, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def train(directory: Path, checkpoints: str, steps: int, *more: str) -> list[str]:
    """The log lines of `python -m src.train` at smoke size on the CPU."""
    out = ok(
        directory,
        *("-m", "src.train", "--smoke", "--device", "cpu", "--steps", str(steps)),
        *("--checkpoint-dir", checkpoints, *more),
    )
    return [m.group(0) for m in LOG_LINE.finditer(out)]


def assert_resume_is_exact(directory: Path, steps: int) -> None:
    """`steps` steps in one run, and half of them + a resume: the same log and the same
    variables (weights, optimizer moments, dropout and noise generators)."""
    whole = train(directory, "whole", steps)
    assert [line.split(" loss")[0] for line in whole] == [
        f"step {s}/{steps}" for s in range(1, steps + 1)
    ]
    half = steps // 2
    train(directory, "split", half)
    second = train(directory, "split", steps, "--resume", "split/last.npz")
    assert second == whole[half:]  # the resumed run continues the same loss trajectory
    with (
        np.load(directory / "whole" / "last.npz") as a,
        np.load(directory / "split" / "last.npz") as b,
    ):
        assert sorted(a.files) == sorted(b.files) and any(f.startswith("optimizer/") for f in a)
        for name in a.files:
            np.testing.assert_array_equal(a[name], b[name], err_msg=name)


def assert_evaluate_needs_a_checkpoint(directory: Path) -> None:
    proc = run(directory, "-m", "src.evaluate")
    assert proc.returncode == 2
    assert "no checkpoint: pass --checkpoint checkpoints/last.npz" in proc.stderr
    proc = run(directory, "-m", "src.evaluate", "--checkpoint", "missing/last.npz")
    assert proc.returncode != 0 and "no checkpoint at missing/last.npz" in proc.stderr


def test_example_end_to_end_minimal(tmp_path: Path, capsys) -> None:
    """`paper2code examples/tiny_transformer --framework tensorflow`: exit 0 with the smoke
    check and the notebook executed, `check --strict` clean, and the evaluation script runs."""
    from paper2code.cli import main

    code = main([str(EXAMPLE), "--out", str(tmp_path), "--framework", "tensorflow"])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert "framework tensorflow" in captured.out
    assert "smoke      passed  forward pass: src (2, 8) tgt (2, 7) -> logits (2, 7, 50)" in (
        captured.out
    )
    assert "notebook   passed" in captured.out and "verify     passed" in captured.out
    out = tmp_path / "tiny_transformer"
    assert (out / "requirements.txt").read_text().startswith("tensorflow==")
    model = (out / "src" / "model.py").read_text()
    assert "class MultiHeadAttention(keras.layers.Layer):" in model and "torch" not in model
    assert not (out / "src" / "train.py").exists()
    assert main(["check", str(out), "--paper", str(EXAMPLE), "--strict"]) == 0
    report = ok(out, "-m", "src.evaluate", "--smoke", "--batches", "2", "--device", "cpu")
    assert "'perplexity'" in report


def test_example_full_mode_trains_resumes_and_evaluates_its_checkpoint(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok(
        tmp_path,
        *("-m", "paper2code", str(EXAMPLE), "--mode", "full", "--framework", "tensorflow"),
        *("--no-run", "--out", str(out)),
    )
    project = out / "tiny_transformer"
    train_py = (project / "src" / "train.py").read_text()
    assert "tf.GradientTape()" in train_py and "keras.optimizers.Adam" in train_py
    assert_resume_is_exact(project, steps=4)
    report = ok(
        project,
        *("-m", "src.evaluate", "--checkpoint", "whole/last.npz", "--device", "cpu"),
        *("--batches", "2"),
    )
    assert "checkpoint whole/last.npz: step 4" in report
    metrics = eval(report.strip().splitlines()[-1])  # noqa: S307 - the dict evaluate.py printed
    assert set(metrics) == {"loss", "perplexity", "accuracy"} and 0 <= metrics["accuracy"] <= 1
    assert_evaluate_needs_a_checkpoint(project)
    ok(tmp_path, "-m", "paper2code", "check", str(project), "--paper", str(EXAMPLE), "--strict")


def test_modern_lm_full_mode_trains_at_the_rate_of_its_linear_warmup(tmp_path: Path) -> None:
    """The modern LM states a linear warm-up: train.py's rate at each step is the config's
    learning rate scaled by step / warmup_steps (schedule_linear_warmup.py's fragment)."""
    import yaml

    paper, analysis = modern_lm()
    project = BuiltinEngine().generate(
        paper, analysis, Options(framework=Framework.TENSORFLOW, mode=Mode.FULL)
    )
    out = write_project(project, paper, analysis, tmp_path)
    cfg = yaml.safe_load((out / "configs" / "base.yaml").read_text())
    assert cfg["training"]["lr_schedule"] == "linear_warmup"
    cfg["training"]["warmup_steps"] = 4  # the paper states none: a warm-up the steps fall in
    (out / "configs" / "warmup.yaml").write_text(yaml.safe_dump(cfg))
    lines = train(out, "checkpoints", 2, "--config", "configs/warmup.yaml")
    peak = cfg["training"]["learning_rate"]
    assert [line.split(" lr ")[1] for line in lines] == [f"{peak * s / 4:.1e}" for s in (1, 2)]


def full_project_run(fixture, tmp_path: Path) -> tuple[Path, dict[str, str], str]:
    """The fixture's project in full mode, written, its smoke check and notebook run and its
    checker strict-clean: (its folder, its files, the smoke check's output)."""
    from paper2code.execute import run_notebook, run_smoke
    from paper2code.verify import check_directory

    paper, analysis = fixture()
    project = BuiltinEngine().generate(
        paper, analysis, Options(framework=Framework.TENSORFLOW, mode=Mode.FULL)
    )
    out = write_project(project, paper, analysis, tmp_path)
    smoke = run_smoke(out, runtime=project.runtime)
    assert smoke.ok, smoke.output
    notebook = run_notebook(out, runtime=project.runtime)
    assert notebook.ok, notebook.output
    report = check_directory(out, paper, strict=True)
    assert report.ok, [f"{f.where} {f.rule} {f.message}" for f in report.findings]
    return out, project.files, smoke.output


def test_diffusion_full_mode_trains_resumes_and_samples_from_its_checkpoint(
    tmp_path: Path,
) -> None:
    out, files, smoke = full_project_run(ddpm, tmp_path)
    assert "torch" not in "".join(files.values())
    assert "x_0 (2, 8, 8, 3) -> eps_theta (2, 8, 8, 3)" in smoke, smoke
    assert_resume_is_exact(out, steps=2)
    sampled = ok(
        out,
        *("-m", "src.evaluate", "--checkpoint", "whole/last.npz", "--device", "cpu"),
        *("--num", "2", "--out", "samples.npy"),
    )
    assert "checkpoint whole/last.npz: step 2 (EMA weights)" in sampled
    assert re.search(r"held-out loss \d+\.\d{4}", sampled)
    samples = np.load(out / "samples.npy")
    assert samples.shape == (2, 8, 8, 3) and np.isfinite(samples).all()
    assert_evaluate_needs_a_checkpoint(out)


def test_diff_attention_decoder_runs_trains_and_resumes(tmp_path: Path) -> None:
    """The paper's own attention under the causal mask, in full mode: the smoke check and the
    notebook run it eagerly, train.py's traced step (a tf.function whose sequence length is
    unknown when traced) trains with it and resumes exactly, and the checker passes."""
    out, files, smoke = full_project_run(test_backends.diff_attention_decoder, tmp_path)
    assert "tf.map_fn(row, tf.range(T)" in files["src/model.py"]
    assert "equations: 1 compiled functions ran" in smoke, smoke
    assert_resume_is_exact(out, steps=2)
    # mixed precision: the model in bfloat16, the compiled attention in float32 (its layer's)
    lines = train(out, "amp", 2, "--amp")
    assert [line.split(" loss")[0] for line in lines] == ["step 1/2", "step 2/2"]


def test_papers_own_norm_in_a_sandwich_trains_under_mixed_precision(tmp_path: Path) -> None:
    """The paper's own normalisation (DyT) placed before and after each sublayer, trained with
    --amp: the layers computing in bfloat16 around the paper's layer train and log a loss."""
    import yaml

    out, files, _ = full_project_run(test_backends.dyt, tmp_path)
    assert "from .equations import DyT" in files["src/model.py"]
    cfg = yaml.safe_load((out / "configs" / "base.yaml").read_text())
    cfg["model"]["norm_position"] = "sandwich"
    (out / "configs" / "sandwich.yaml").write_text(yaml.safe_dump(cfg))
    lines = train(out, "amp", 2, "--amp", "--config", "configs/sandwich.yaml")
    assert [line.split(" loss")[0] for line in lines] == ["step 1/2", "step 2/2"]
    assert all(np.isfinite(float(line.split(" loss ")[1].split()[0])) for line in lines), lines


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("hyla", "attention_as_a_hypernetwork"),
        ("optimalsteps", "optimal_stepsize_for_diffusion_sampling"),
    ],
)
def test_tensorflow_on_real_papers(
    name: str, slug: str, corpus: Path, tmp_path: Path, capsys
) -> None:
    """A real paper of each family gets a TensorFlow project whose smoke check and notebook
    run and whose checker passes strictly; its contribution is a Keras skeleton (exit 10, as
    with PyTorch)."""
    from paper2code.cli import main

    code = main([str(corpus / name), "--out", str(tmp_path), "--framework", "tensorflow"])
    captured = capsys.readouterr()
    assert code == 10, captured.out + captured.err
    assert "smoke      ran (skeleton" in captured.out and "notebook   ran (skeleton" in captured.out
    assert "verify     passed" in captured.out
    model = (tmp_path / slug / "src" / "model.py").read_text()
    assert "class CoreContribution(keras.layers.Layer):" in model and "torch" not in model
    paper = str(corpus / name)
    assert main(["check", str(tmp_path / slug), "--paper", paper, "--strict"]) == 0

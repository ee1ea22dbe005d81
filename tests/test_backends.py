"""One backend per framework (engines/backends/), the template files they write through
(engines/builtin/template_files.py), and the NumPy backend end to end: the bundled example
generated, its smoke check, notebook and evaluation executed, its checker strict-clean."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from engine_support import EXAMPLE, FIXTURES, ddpm, decoder_lm, example, vit
from warm_python import python

from paper2code.analyse import analyse
from paper2code.engines.backends import available, get_backend
from paper2code.engines.base import Framework, Mode, Options
from paper2code.engines.builtin import BuiltinEngine, template_files
from paper2code.engines.builtin.library import transformer_assembly
from paper2code.engines.builtin.library.equations import equations_file
from paper2code.engines.builtin.template import Code, hole_names
from paper2code.engines.builtin.values import Values
from paper2code.equations import numpy_eval, parse_equation
from paper2code.equations.codegen import (
    NUMPY,
    TENSORFLOW,
    TORCH,
    compile_equations,
    example_values,
    reference_value,
)
from paper2code.equations.symbols import build_symbols, defined_quantities
from paper2code.errors import InputError
from paper2code.execute import run_notebook, run_smoke
from paper2code.paper import load_paper
from paper2code.render.format import format_python
from paper2code.render.write import write_project

TEMPLATES = Path(template_files.__file__).parent / "templates"
NUMPY_OPTIONS = Options(framework=Framework.NUMPY)
DIFF_ATTENTION = Path(__file__).parent / "fixtures" / "verify" / "equations" / "diff_attention"


def test_every_framework_has_a_backend() -> None:
    assert available() == tuple(Framework)


def test_each_backend_names_what_its_code_needs() -> None:
    """Requirements, what the run box imports, and the notebook's setup cell are the backend's;
    PyTorch's are what the engine wrote before backends existed."""
    torch_backend, numpy_backend = get_backend(Framework.PYTORCH), get_backend(Framework.NUMPY)
    assert torch_backend.requirements == ("torch==2.13.0", "pyyaml==6.0.3")
    assert torch_backend.runtime.needs == {"torch": "torch", "yaml": "pyyaml"}
    assert "torch.manual_seed(0)" in torch_backend.notebook_setup()
    assert [r.split("==")[0] for r in numpy_backend.requirements] == ["numpy", "pyyaml"]
    assert "torch" not in numpy_backend.runtime.needs
    setup = numpy_backend.notebook_setup()
    assert "rng = np.random.default_rng(0)" in setup and "torch" not in setup
    compile(setup, "<setup>", "exec")


def test_ops_tables_spell_every_function_the_reference_evaluator_knows() -> None:
    spelled = [set(ops.functions) for ops in (NUMPY, TORCH, TENSORFLOW)]
    assert spelled == [set(numpy_eval._FUNCTIONS)] * 3


# (LaTeX, prose about its symbols): constructs whose NumPy spelling differs from PyTorch's.
CONSTRUCTS = {
    "attention": (r"\mathrm{Attn}(Q, K, V) = \mathrm{softmax}(Q K^T) V", []),
    "functions": (r"y = \tanh(x) + \exp(x) - \log x + \sigma(x) + \max(x, 0)", []),
    "norm": (r"y = \|x\|_2 + \pi", []),
    "matrix": (r"A = \begin{pmatrix} 0 & -c \\ c & 1 \end{pmatrix}", []),
    "expectation": (r"L = \mathbb{E}_{x \sim p}\left[\|x - m\|^2\right]", []),
    "cases": (r"y = \begin{cases} x & \text{if } x > 1 \\ -x & \text{otherwise} \end{cases}", []),
    "parameters": (
        r"\mathrm{DyT}(\mathbf{x}) = \gamma \odot \tanh(\alpha \mathbf{x}) + \beta",
        [
            "where $\\alpha$ is a learnable scalar, initialised to 0.5,",
            "$\\mathbf{x} \\in \\mathbb{R}^{B \\times T \\times C}$",
            "$\\gamma \\in \\mathbb{R}^{C}$ and $\\beta \\in \\mathbb{R}^{C}$.",
        ],
    ),
}


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_numpy_compiled_equations_compute_what_the_reference_computes(
    construct: str, tmp_path: Path
) -> None:
    latex, prose = CONSTRUCTS[construct]
    table = build_symbols(defined_quantities([latex]), prose, {})
    compiled = compile_equations([("§1, Eq. 1", latex)], table, NUMPY)
    assert [e.status for e in compiled.entries] == ["implemented"], compiled.entries[0].reason
    source = equations_file("test", compiled.functions, NUMPY)
    assert "torch" not in source
    path = tmp_path / "numpy_equations.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("numpy_equations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = compiled.functions[0]
    values = example_values(function, seed=1)
    arguments = {
        a.name: values[a.symbol.name] for a in function.arguments if a.symbol.name in values
    }
    got = getattr(module, function.name)(**arguments)
    want = reference_value(parse_equation(latex), values)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-10, atol=1e-12)
    if function.module:  # the class holding the parameters calls the function
        holder = getattr(module, function.module)(*(4 for _ in function.parameters[0].shape))
        assert not hasattr(holder, "parameters") and callable(holder)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.py")), ids=lambda p: p.name)
def test_template_files_are_formatted_python(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ast.parse(text, filename=str(path))
    assert format_python({path.name: text})[path.name] == text, f"ruff format {path}"


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.py")), ids=lambda p: p.relative_to(TEMPLATES).as_posix()
)
def test_template_files_are_python_once_filled_with_neutral_values(path: Path) -> None:
    """Filled with "x" in every text slot, nothing in every code slot and a block slot's own
    lines (a shared file as it is, without a framework's pieces), a template is still Python:
    no slot is the only statement of a block, no code hole sits in an expression."""
    family, framework, name = path.relative_to(TEMPLATES).with_suffix("").parts
    loaded = template_files.load(family, framework, name)
    values: dict[str, str] = {
        hole: Code("") if hole in loaded.lines else "x"
        for hole in hole_names(loaded.text)
        if hole not in loaded.blocks
    }
    for block in loaded.blocks.values():
        values |= {hole: Code("") if hole in loaded.lines else "x" for hole in hole_names(block)}
    ast.parse(loaded.fill(**values), filename=str(path))


def test_a_block_slot_keeps_its_lines_unless_given_others() -> None:
    """The library's attention stays in MultiHeadAttention unless the paper brings its own,
    which takes its place and none of its text slots."""
    loaded = template_files.load("transformer", "pytorch", "model")
    library = "heads = scaled_dot_product_attention(q, k, v, mask, self.dropout, bias)"
    assert "attention" in loaded.blocks and library in loaded.blocks["attention"]
    assert library not in loaded.text and "# end slot" not in loaded.text


def test_a_shared_template_takes_each_framework_s_pieces_in_its_slots() -> None:
    """templates/<family>/shared/: the framework's imports, its functions in the slots of their
    names (a block's statements, a line's definition), its words in the text; a function no
    slot names lands in `# slot: functions`, and what has no slot stays a slot."""
    shared = (
        '"""Batches of <<what>>."""\n\n# slot: imports\n\n\n# slot: functions\n'
        "def draw():\n    # slot: rng\n    rng = np.random.default_rng(0)\n"
        "    # end slot: rng\n    # slot: forward\n\n\n# slot: forward_batch\n"
    )
    pieces = (
        "import torch\n\nwhat = 'tensors'\n\n\ndef rng():\n    g = torch.Generator()\n\n\n"
        "# the framework's own helper\ndef helper():\n    pass\n\n\n"
        'def forward_batch(model, batch):\n    """Logits."""\n    # slot: forward\n'
    )
    composed = template_files.compose(shared, pieces)
    assert composed.startswith('"""Batches of tensors."""\n\nimport torch\n')
    assert "# the framework's own helper\ndef helper():\n    pass\n\n\ndef draw():" in composed
    assert "def draw():\n    g = torch.Generator()\n    # slot: forward\n" in composed
    assert composed.endswith(
        'def forward_batch(model, batch):\n    """Logits."""\n    # slot: forward\n'
    )
    for framework in ("jax", "numpy", "tensorflow"):  # NumPy's targets serve them
        assert template_files.source("transformer", framework, "targets") == (
            template_files.source("transformer", "shared", "targets")
        )


def test_a_code_slot_is_whole_lines_and_an_empty_one_leaves_no_line() -> None:
    loaded = template_files.load("diffusion", "pytorch", "model")
    assert "x_forward" in loaded.lines and "# slot:" not in loaded.text
    names = {"model_config": Code(""), "x_loss": Code("")}
    text_values = dict.fromkeys(
        ("title", "c_schedule", "l_schedule", "c_time", "c_unet", "c_attention", "eq_forward"),
        "t",
    ) | dict.fromkeys(
        ("c_forward", "l_forward", "c_loss", "l_loss", "eq_loss", "c_sampling", "l_sampling"),
        "t",
    )
    empty = loaded.fill(**text_values, **names, eq_sampling="t", x_forward=Code(""))
    filled = loaded.fill(**text_values, **names, eq_sampling="t", x_forward=Code("        # why"))
    assert filled.replace("        # why\n", "") == empty
    assert "        # why\n        ab = self.alpha_bar[t]" in filled


def test_a_backend_without_a_family_s_templates_refuses_its_papers() -> None:
    """A framework whose templates do not cover a family yet (as JAX's may start) says so."""
    from dataclasses import replace

    from paper2code.engines.builtin.engine import _check_family

    partial = replace(get_backend(Framework.NUMPY), families=frozenset({"transformer"}))
    with pytest.raises(InputError, match="cover the transformer family only.*a diffusion model"):
        _check_family(partial, "diffusion")


def test_numpy_paper_with_nothing_in_the_library_is_a_numpy_skeleton(tmp_path: Path) -> None:
    from paper2code.analyse.model import Analysis
    from paper2code.paper.model import Equation, Metadata, Paper, Section, SourceLoc

    loc = SourceLoc("main.tex", 1)
    paper = Paper(
        Metadata(title="Graph Wavelet Pooling"),
        [
            Section("section", "1", "§1", "§1", loc, title="Method"),
            Equation("equation", "1", "Eq. 1", "§1", loc, latex=r"h_v = \sum_u \psi(u, v) x_u"),
        ],
    )
    project = BuiltinEngine().generate(paper, Analysis(), NUMPY_OPTIONS)
    assert "import torch" not in "".join(project.files.values())
    out = write_project(project, paper, Analysis(), tmp_path)
    smoke = run_smoke(out, runtime=project.runtime)
    assert smoke.ok, smoke.output
    assert "CoreContribution raises NotImplementedError, as it should" in smoke.output
    notebook = run_notebook(out, runtime=project.runtime)
    assert notebook.ok, notebook.output


@pytest.mark.parametrize(
    ("fixture", "says"),
    [
        (ddpm, "x_0 (2, 3, 8, 8) -> eps_theta (2, 3, 8, 8), loss"),
        (vit, "forward pass: images (2, 3, 8, 8) -> logits (2, 10), loss"),
    ],
    ids=["ddpm", "vit"],
)
def test_numpy_diffusion_and_image_projects_run_and_check(fixture, says, tmp_path: Path) -> None:
    """The DDPM family in NumPy (forward process, U-Net, loss, T-step sampling) and the
    ViT-style encoder over image patches: smoke check and notebook run, no training loop, the
    checker passes."""
    from paper2code.verify import check_directory

    paper, analysis = fixture()
    options = Options(framework=Framework.NUMPY, mode=Mode.EDUCATIONAL)
    project = BuiltinEngine().generate(paper, analysis, options)
    assert "src/train.py" not in project.files
    assert "import torch" not in "".join(project.files.values())
    out = write_project(project, paper, analysis, tmp_path)
    smoke = run_smoke(out, runtime=project.runtime)
    assert smoke.ok, smoke.output
    assert says in smoke.output
    notebook = run_notebook(out, runtime=project.runtime)
    assert notebook.ok, notebook.output
    report = check_directory(out, paper, strict=True)
    assert report.ok, [f"{f.where} {f.rule} {f.message}" for f in report.findings]


def test_the_templates_refuse_a_config_choice_they_do_not_implement() -> None:
    paper, analysis = example()
    values = Values(analysis)
    values.add(("model", "norm_type"), "rmsnorm", "[ASSUMPTION] a choice the code would ignore")
    with pytest.raises(InputError, match="NumPy Transformer templates do not read norm_type"):
        transformer_assembly._check_values(values, "NumPy")
    values = Values(analysis)
    values.add(("model", "pos"), "xpos", "[ASSUMPTION] a choice not implemented")
    with pytest.raises(InputError, match="implement alibi, learned, none, rope, sinusoidal"):
        transformer_assembly._check_values(values, "PyTorch")


def test_numpy_decoder_only_project_runs_its_causality_check(tmp_path: Path) -> None:
    paper, analysis = decoder_lm()
    project = BuiltinEngine().generate(paper, analysis, NUMPY_OPTIONS)
    assert project.runtime == get_backend(Framework.NUMPY).runtime
    assert "import torch" not in "".join(project.files.values())
    out = write_project(project, paper, analysis, tmp_path)
    smoke = run_smoke(out, runtime=project.runtime)
    assert smoke.ok, smoke.output
    assert "forward pass: tokens (2, 8) -> logits (2, 8, 50)" in smoke.output
    # the generated model refuses a config edited to a choice it has no code for
    config = out / "configs" / "base.yaml"
    text = config.read_text()
    assert "\n  ffn: relu " in text
    config.write_text(text.replace("\n  ffn: relu ", "\n  ffn: reglu "))
    refused = run_smoke(out, runtime=project.runtime)
    assert not refused.ok and "ffn: 'reglu' is not one of" in refused.output, refused.output


def test_numpy_full_mode_writes_no_training_loop_and_says_so(tmp_path: Path) -> None:
    paper, analysis = example()
    options = Options(framework=Framework.NUMPY, mode=Mode.FULL)
    project = BuiltinEngine().generate(paper, analysis, options)
    assert "src/train.py" not in project.files
    assert any("nothing trains" in d for d in project.deviations)


def test_numpy_example_end_to_end(tmp_path: Path, capsys) -> None:
    """`paper2code examples/tiny_transformer --framework numpy`: exit 0 with the smoke check and
    the notebook executed, `check --strict` clean, and the evaluation script runs."""
    from paper2code.cli import main

    code = main(
        [str(EXAMPLE), "--out", str(tmp_path), "--framework", "numpy", "--mode", "educational"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    assert "framework numpy" in captured.out
    assert "smoke      passed  forward pass: src (2, 8) tgt (2, 7) -> logits (2, 7, 50)" in (
        captured.out
    )
    assert "notebook   passed" in captured.out and "verify     passed" in captured.out
    out = tmp_path / "tiny_transformer"
    assert (out / "requirements.txt").read_text().startswith("numpy==")
    assert "import torch" not in (out / "src" / "model.py").read_text()
    assert main(["check", str(out), "--paper", str(EXAMPLE), "--strict"]) == 0
    done = python("-m", "src.evaluate", "--smoke", "--batches", "2", cwd=out, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "'perplexity'" in done.stdout
    notebook = run_notebook(out)
    assert notebook.ok, notebook.output


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("hyla", "attention_as_a_hypernetwork"),
        ("optimalsteps", "optimal_stepsize_for_diffusion_sampling"),
    ],
)
def test_numpy_on_real_papers(name: str, slug: str, corpus: Path, tmp_path: Path, capsys) -> None:
    """A real paper of each family gets a NumPy project whose smoke check and notebook run and
    whose checker passes; its contribution is a NumPy skeleton (exit 10, as with PyTorch)."""
    from paper2code.cli import main

    code = main([str(corpus / name), "--out", str(tmp_path), "--framework", "numpy"])
    captured = capsys.readouterr()
    assert code == 10, captured.out + captured.err
    assert "smoke      ran (skeleton" in captured.out and "notebook   ran (skeleton" in captured.out
    assert "verify     passed" in captured.out
    model = (tmp_path / slug / "src" / "model.py").read_text()
    assert "class CoreContribution:" in model and "import torch" not in model


@pytest.mark.parametrize(
    ("fixture", "part", "wired"),
    [
        (FIXTURES / "dyt", "DyT (compiled)", "from .equations import DyT"),
        (DIFF_ATTENTION, "DiffAttn (compiled)", "self.paper_attention = DiffAttn()"),
    ],
    ids=["normalisation", "attention"],
)
def test_numpy_puts_the_papers_own_layer_into_the_blocks(
    fixture: Path, part: str, wired: str, tmp_path: Path, capsys
) -> None:
    """DyT (§3, Eq. 3) replaces LayerNorm, the differential attention (§2.1, Eq. 1) scaled
    dot-product attention: the NumPy project builds the compiled layer in every block, its smoke
    check and notebook run it, and the strict checker passes (the logits equal the PyTorch
    model's: test_numpy_transformer_computes_what_the_pytorch_one_computes)."""
    from paper2code.cli import main

    assert main([str(fixture), "--out", str(tmp_path), "--framework", "numpy"]) == 0
    out = capsys.readouterr().out
    assert part in out and "smoke      passed" in out and "notebook   passed" in out
    (project,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert wired in (project / "src" / "model.py").read_text()
    assert main(["check", str(project), "--paper", str(fixture), "--strict"]) == 0


@pytest.mark.parametrize("framework", list(Framework), ids=[f.value for f in Framework])
def test_every_framework_puts_the_papers_own_attention_into_the_blocks(
    framework: Framework,
) -> None:
    """The differential attention (§2.1, Eq. 1) takes the place of scaled dot-product attention
    in every framework's MultiHeadAttention, none refuses it (written only: the frameworks'
    own tests run it and compare its logits with PyTorch's)."""
    paper, analysis = diff_attention()
    project = BuiltinEngine().generate(paper, analysis, Options(framework=framework))
    assert "self.paper_attention = DiffAttn()" in project.files["src/model.py"]
    assert any(c.name == "DiffAttn (compiled)" for c in project.components)


def _load_module(path: Path, name: str, monkeypatch, package: bool = False):
    folder = [str(path.parent)] if package else None
    spec = importlib.util.spec_from_file_location(name, path, submodule_search_locations=folder)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def load_model(out: Path, name: str, monkeypatch):
    """A generated project's src/model.py, imported as the `model` module of a package `name`
    made of its src/ (so its relative imports, `from .equations import DyT`, resolve)."""
    for loaded in [m for m in sys.modules if m.startswith(f"{name}.")]:  # an earlier project's
        monkeypatch.delitem(sys.modules, loaded)
    _load_module(out / "src" / "__init__.py", name, monkeypatch, package=True)
    return importlib.import_module(f"{name}.model")


def perturb(torch_model) -> None:
    """Moves every weight off its initial value, so that copying a part whose initial values are
    constants (a gain of ones, DyT's alpha) is tested too."""
    import torch

    torch.manual_seed(0)
    with torch.no_grad():
        for parameter in torch_model.parameters():
            parameter.add_(0.1 * torch.randn_like(parameter))


def _maybe(array, tensor):
    """A bias as an array; none (`bias: false`) as None, as the NumPy code holds it."""
    return None if tensor is None else array(tensor)


def modern_lm() -> tuple:
    """The modern decoder-only LM fixture (pre-RMSNorm, SwiGLU, RoPE, grouped-query attention,
    no biases, tied embeddings), analysed offline as `paper2code --offline` does."""
    paper = load_paper(FIXTURES / "modern_lm")
    return paper, analyse(paper)


def _copy_weights(source, target) -> None:
    """The PyTorch model's weights into the NumPy model of the same parts: the templates name
    their parts alike, so the two trees are walked together; a PyTorch part the NumPy code has no
    attribute for (dropout, an activation, an identity) must hold no parameters."""
    import torch

    def array(tensor):
        return tensor.detach().double().numpy()

    for name, parameter in source.named_parameters(recurse=False):
        setattr(target, name, array(parameter))  # the class token
    for name, child in source.named_children():
        if not hasattr(target, name):
            assert not list(child.parameters()), f"{name} has weights the NumPy code lacks"
            continue
        part = getattr(target, name)
        if isinstance(child, torch.nn.ModuleList):
            for torch_item, numpy_item in zip(child, part, strict=True):
                _copy_weights(torch_item, numpy_item)
        elif isinstance(child, torch.nn.Linear):
            part.W, part.b = array(child.weight).T, _maybe(array, child.bias)
        elif isinstance(child, torch.nn.Conv2d):  # a patch projection: one matrix per patch
            part.W, part.b = (
                array(child.weight).reshape(child.out_channels, -1).T,
                array(child.bias),
            )
        elif isinstance(child, torch.nn.LayerNorm):
            part.gamma, part.beta = array(child.weight), _maybe(array, child.bias)
        elif isinstance(child, torch.nn.Embedding):
            setattr(target, name, array(child.weight))
        else:
            _copy_weights(child, part)


def diff_attention() -> tuple:
    """The fixture whose attention (§2.1, Eq. 1: two softmax maps subtracted with a learnable
    lambda) every layer applies, analysed offline."""
    paper = load_paper(DIFF_ATTENTION)
    return paper, analyse(paper)


def diff_attention_decoder() -> tuple:
    """The same attention in a decoder-only model, so under the causal mask (applied row by
    row: the compiled function takes no mask)."""
    text = (DIFF_ATTENTION / "main.tex").read_text(encoding="utf-8")
    said = "Each layer applies multi-head differential attention"
    assert said in text
    with tempfile.TemporaryDirectory() as folder:
        decoder = text.replace(said, "The model is a decoder-only Transformer. " + said)
        (Path(folder) / "main.tex").write_text(decoder, encoding="utf-8")
        paper = load_paper(Path(folder))
    return paper, analyse(paper)


def dyt() -> tuple:
    """The fixture whose DyT (§3, Eq. 3) replaces LayerNorm in every block, analysed offline."""
    paper = load_paper(FIXTURES / "dyt")
    return paper, analyse(paper)


# The modern LM's config edited to the other choices: each alternative computed both ways.
_OTHER_CHOICES = {
    "sandwich-alibi-geglu-layernorm": {
        "norm_position": "sandwich",
        "pos": "alibi",
        "ffn": "geglu",
        "norm": "layernorm",
        "tie_embeddings": False,
    },
    "post-learned-gelu-bias": {
        "norm_position": "post",
        "pos": "learned",
        "ffn": "gelu",
        "bias": True,
    },
    "pre-none-relu-mqa": {"pos": "none", "ffn": "relu", "num_kv_heads": 1, "norm": "layernorm"},
    "pre-sinusoidal-layernorm-nobias": {"pos": "sinusoidal", "norm": "layernorm", "bias": False},
}


# Every Transformer the templates write, computed by PyTorch and by another framework.
TRANSFORMERS = [
    (example, {}),
    (decoder_lm, {}),
    (vit, {}),
    (modern_lm, {}),
    (dyt, {}),
    (diff_attention, {}),
    (diff_attention_decoder, {}),
    *((modern_lm, edits) for edits in _OTHER_CHOICES.values()),
]
TRANSFORMER_IDS = [
    *("enc-dec", "decoder", "vit", "modern-lm", "dyt"),
    *("diff-attention", "diff-attention-decoder", *_OTHER_CHOICES),
]


def pytorch_and(framework: Framework, fixture, edits: dict, tmp_path: Path, monkeypatch):
    """The fixture's model written in PyTorch and in `framework`, each built at the smoke-size
    values with `edits`: (the PyTorch model, in eval mode with its weights perturbed, the other
    framework's model, the values)."""
    import yaml

    paper, analysis = fixture()
    models = {}
    for written in (Framework.PYTORCH, framework):
        project = BuiltinEngine().generate(paper, analysis, Options(framework=written))
        out = write_project(project, paper, analysis, tmp_path / written.value)
        cfg = yaml.safe_load((out / "configs" / "base.yaml").read_text())
        values = cfg["model"] | cfg["smoke"]["model"] | edits
        module = load_model(out, f"project_{written.value}", monkeypatch)
        models[written] = module.build_model(values)
    torch_model = models[Framework.PYTORCH].eval()
    perturb(torch_model)
    return torch_model, models[framework], values


def model_inputs(fixture, values: dict, images: type = np.float64) -> list[np.ndarray]:
    """What the fixture's model takes: images (of dtype `images`) for the ViT, source and target
    for the encoder-decoder example, tokens for the others."""
    rng = np.random.default_rng(0)
    if fixture is vit:
        S = values["image_size"]
        return [rng.standard_normal((2, values["in_channels"], S, S), dtype=images)]
    if fixture is example:
        return [rng.integers(0, values["vocab_size"], (2, n)) for n in (7, 5)]
    return [rng.integers(0, values["vocab_size"], (2, 7))]


@pytest.mark.parametrize(("fixture", "edits"), TRANSFORMERS, ids=TRANSFORMER_IDS)
def test_numpy_transformer_computes_what_the_pytorch_one_computes(
    fixture, edits: dict, tmp_path: Path, monkeypatch
) -> None:
    """The same paper in both frameworks, the PyTorch weights copied into the NumPy model: the
    logits agree, so the NumPy templates are the same Transformer, read another way; `edits`
    switch the config to the choices the paper does not make."""
    import torch

    torch_model, numpy_model, values = pytorch_and(
        Framework.NUMPY, fixture, edits, tmp_path, monkeypatch
    )
    _copy_weights(torch_model, numpy_model)
    inputs = model_inputs(fixture, values)
    tensors = [
        torch.as_tensor(x, dtype=torch.float32 if x.dtype.kind == "f" else None) for x in inputs
    ]
    with torch.no_grad():
        want = torch_model(*tensors)
    got = numpy_model(*inputs)
    np.testing.assert_allclose(got, want.double().numpy(), rtol=1e-4, atol=1e-4)

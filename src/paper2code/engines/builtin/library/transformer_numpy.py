"""The Transformer family assembled from template files (its four stacks, image patches
included), for the frameworks other than PyTorch: NumPy (the forward pass and the loss, for
study: NumPy does not train) and TensorFlow (Keras 3 layers, trained by src/train.py). The same
parts, config values and citations as the PyTorch version (`transformer`); the code is in
templates/transformer/<framework>/, every framework's folder with the same files and slots. A
config choice these templates do not implement is refused when the project is generated, and
again by the generated code if the config is edited to one."""

from __future__ import annotations

from paper2code import layout
from paper2code.engines.backends import get_backend
from paper2code.engines.base import Framework, Mode, NotebookCell, Options
from paper2code.engines.builtin import template_files
from paper2code.engines.builtin.library import equations, tensorflow_cells
from paper2code.engines.builtin.library import transformer_choices as ch
from paper2code.engines.builtin.library.common import (
    LOAD_PAPER_DATA,
    Generated,
    explain,
    model_config,
    section_cell,
)
from paper2code.engines.builtin.library.tasks import Task
from paper2code.engines.builtin.library.transformer import (
    ADAM,
    ARCHITECTURE_NAMES,
    CAUSAL,
    CAUSAL_ARCHITECTURES,
    CLASS_TOKEN,
    DECODER,
    ENCODER,
    FFN,
    KV_DOC,
    LEARNED,
    MHA,
    PATCHES,
    POSITION_CODE,
    POSITION_PARTS,
    RESIDUAL,
    SCHEDULE,
    SDPA,
    SINUSOIDAL,
    SMOOTHING,
    TOKENS,
    chosen_doc,
    component,
    computed_equations,
    pe_base_citation,
    pe_explain,
    resolve_config,
)
from paper2code.engines.builtin.library.transformer_code import (
    BATCH_DICT,
    FORWARD_BATCH,
    SCHEDULE_CALL,
    SCHEDULES,
)
from paper2code.engines.builtin.recognise import Recognised
from paper2code.engines.builtin.template import Citer, Code, fill
from paper2code.engines.builtin.values import Values
from paper2code.errors import InputError
from paper2code.paper.model import Paper

# Every `model:` value the templates read, with the choices it implements (None: any number).
SUPPORTED: dict[str, frozenset | None] = {
    "norm": frozenset({"layernorm", "rmsnorm"}),
    "norm_position": frozenset({"pre", "post", "sandwich"}),
    "ffn": frozenset({"relu", "gelu", "swiglu", "geglu"}),
    "pos": frozenset({"sinusoidal", "learned", "rope", "alibi", "none"}),
    "bias": frozenset({True, False}),
    "tie_embeddings": frozenset({True, False}),
    **dict.fromkeys(
        (
            "vocab_size",
            "d_model",
            "num_heads",
            "num_kv_heads",
            "num_layers",
            "num_encoder_layers",
            "num_decoder_layers",
            "d_ff",
            "dropout",
            "attention_dropout",
            "max_seq_len",
            "rope_theta",
            "norm_eps",
            "scale_embeddings",
            "image_size",
            "patch_size",
            "in_channels",
            "num_classes",
        )
    ),
}
# What the task's target is, in NumPy (tasks.TARGETS spells it in PyTorch); every framework's
# data.py generates its batches with NumPy.
TARGETS = {"reverse": "src[:, ::-1]", "copy": "src.copy()", "sort": "np.sort(src, axis=1)"}
_HINT = "use --framework pytorch (or --engine llm)"


def check_paper(paper: Paper, compiled: equations.PaperEquations, found, arch: str) -> None:
    """InputError for what the NumPy templates cannot build yet: a paper whose own
    normalisation or attention the PyTorch templates wire into the blocks."""
    standard = {e.anchor for e in computed_equations(found)}
    if equations.norm_replacement(paper, compiled) or equations.attention_replacement(
        paper, compiled, standard
    ):
        raise InputError(
            "the paper replaces the Transformer's normalisation or attention with its own; "
            "only the PyTorch templates put a paper's own layer into the blocks yet",
            hint=_HINT,
        )


def _check_values(values: Values, label: str = "NumPy") -> None:
    """InputError for a `model:` value the `label` code would not read or does not implement."""
    for entry in values.entries:
        if len(entry.path) != 2 or entry.path[0] != "model":
            continue
        key = entry.path[1]
        if key not in SUPPORTED:
            raise InputError(
                f"model.{key} = {entry.value!r}: the {label} Transformer templates do not "
                f"read {key}",
                hint=_HINT,
            )
        allowed = SUPPORTED[key]
        if allowed is not None and entry.value not in allowed:
            raise InputError(
                f"model.{key} = {entry.value!r}: the {label} Transformer templates implement "
                f"{', '.join(sorted(allowed))}",
                hint=_HINT,
            )


def generate(
    title: str,
    found: dict[str, Recognised],
    arch: str,
    arch_rec: Recognised | None,
    values: Values,
    options: Options,
    task: Task | None = None,
) -> Generated:
    framework = options.framework
    label = get_backend(framework).label

    def _template(name: str) -> template_files.TemplateFile:
        return template_files.load("transformer", framework.value, name)

    task = task if arch == "encoder_decoder" else None
    index = computed_equations(found)
    schedule, c = resolve_config(values, found, arch, task, paper_norm=False)
    _check_values(values, label)
    found = {**c.cited, **found}  # a recognised definition beats the audit's quote
    citer = Citer(found, frozenset({SDPA.key} if index else ()))
    mode = options.mode
    pe_part = POSITION_PARTS[c.pos]
    ffn_part = ch.GATED_FFN if c.ffn in ch.GATED else FFN
    arch_cite = (
        f"{arch_rec.anchor} — {ARCHITECTURE_NAMES[arch][1]} Transformer"
        if arch_rec
        else f"[ASSUMPTION] {ARCHITECTURE_NAMES[arch][1]} Transformer: the paper does not name "
        "its stack layout; read from which components it describes. Alternatives: "
        + ", ".join(ARCHITECTURE_NAMES[a][1] for a in ARCHITECTURE_NAMES if a != arch)
    )
    parts = ""
    if arch in CAUSAL_ARCHITECTURES:
        parts += template_files.definitions(_template("causal").fill(c_causal=citer.doc(CAUSAL)))
    if arch in TOKENS:
        tie = (
            citer.cite(ch.TIED)
            if c.tie_embeddings
            else "Untied: `tie_embeddings` in configs/base.yaml."
        )
        parts += template_files.definitions(_template("tokens").fill(c_tie=tie))
    stack = _template(arch)
    stack_text = {"c_arch": arch_cite}
    if arch == "encoder_decoder":
        stack_text["c_decoder"] = citer.doc(DECODER)
    if arch == "vision_encoder":
        stack_text["c_patch"] = citer.doc(PATCHES)
        stack_text["c_cls"] = citer.short(CLASS_TOKEN, "learned class token")
    parts += template_files.definitions(stack.fill(**stack_text))
    model = _template("model").fill(
        title=title,
        model_config=model_config(values.entries),
        c_sdpa=citer.doc(SDPA),
        l_sdpa=citer.short(SDPA, "QK^T / sqrt(d_k)"),
        eq_sdpa=citer.equation(SDPA),
        x_sdpa=explain(
            mode,
            "Each query scores every key by a dot product; dividing by sqrt(d_k) keeps the "
            "scores' variance near 1 so the softmax does not saturate as d_k grows.",
            "    ",
        ),
        c_sin=chosen_doc(citer, SINUSOIDAL, c.pos, "pos", "sinusoidal")
        + (f"\n\n    {citer.equation(SINUSOIDAL)}" if c.pos == "sinusoidal" else ""),
        c_sin_line=pe_base_citation(citer, found.get(SINUSOIDAL.key), c.pos),
        x_pe=pe_explain(mode),
        c_learned=chosen_doc(citer, LEARNED, c.pos, "pos", "learned"),
        c_rope=chosen_doc(citer, ch.ROPE, c.pos, "pos", "rope"),
        c_alibi=chosen_doc(citer, ch.ALIBI, c.pos, "pos", "alibi"),
        c_kv=citer.doc(ch.KV_HEADS) if ch.KV_HEADS.key in found else KV_DOC,
        c_mha=citer.doc(MHA),
        l_mha=citer.short(MHA, "Concat(head_1, ..., head_h) W^O"),
        eq_mha=citer.equation(MHA),
        x_mha=explain(
            mode,
            "h heads attend in parallel, each in its own d_k-dimensional subspace; their outputs "
            "are concatenated and mixed by W^O.",
            "        ",
        ),
        c_ffn=citer.doc(ffn_part),
        l_ffn=citer.short(ffn_part, f"the {c.ffn} feed-forward network"),
        eq_ffn=citer.equation(ffn_part),
        c_rms=chosen_doc(citer, ch.RMS_NORM, c.norm, "norm", "rmsnorm"),
        c_norm="The normalisation `norm` in configs/base.yaml names: " + citer.cite(c.norm_part),
        c_residual=citer.doc(RESIDUAL),
        c_ln=citer.cite(c.norm_part),
        x_residual=explain(
            mode,
            "The residual path lets gradients skip the sub-layer; where the normalisation sits "
            "(before the sub-layer or after the sum) changes training stability.",
            "        ",
        ),
        c_encoder=citer.doc(ENCODER),
        parts=Code(parts.rstrip("\n")),
    )
    forward = Code(FORWARD_BATCH[arch])
    data_rec = found.get("data")
    if task is not None:
        target = f"        target = {TARGETS[task.name]}  # (B, L), the task: {task.name}"
        data = _template("task_data").fill(
            title=title,
            anchor=task.anchor,
            quote=task.quote,
            target=Code(target),
            forward=forward,
        )
    elif arch == "vision_encoder":
        data = _template("vision_data").fill(
            title=title,
            data_where=f"(the paper describes it in {data_rec.anchor})" if data_rec else "",
            load_paper_data=Code(LOAD_PAPER_DATA),
            forward=forward,
        )
    else:
        data = _template("data").fill(
            title=title,
            data_where=f"(the paper describes it in {data_rec.anchor})" if data_rec else "",
            load_paper_data=Code(LOAD_PAPER_DATA),
            batch=Code(f"        yield {BATCH_DICT[arch]}"),
            forward=forward,
        )
    files = {
        "src/model.py": model,
        "src/loss.py": _template("loss").fill(
            title=title,
            c_smoothing=citer.doc(SMOOTHING, indent=""),
            l_smoothing=citer.short(SMOOTHING, "(1 - eps_ls) * NLL + eps_ls * uniform"),
            x_loss=explain(
                mode,
                "Label smoothing moves eps_ls of the target mass to a uniform distribution: the "
                "model is penalised for being over-confident.",
                "        ",
            ),
        ),
        "src/data.py": data,
        "src/evaluate.py": _template("evaluate").fill(title=title),
    }
    trains = framework is not Framework.NUMPY  # NumPy has no gradients
    if trains:
        files[layout.TRAIN] = _template("train").fill(
            title=title,
            c_adam=citer.doc(ADAM, indent=""),
            schedule=_schedule_code(schedule, citer),
            rate=Code(f"            rate = {SCHEDULE_CALL[schedule]}"),
        )
    components = [
        component(citer, part, note)
        for part, note in [
            (SDPA, "src/model.py: scaled_dot_product_attention"),
            (MHA, "src/model.py: MultiHeadAttention"),
            (ffn_part, "src/model.py: PositionwiseFeedForward"),
            (pe_part, f"src/model.py: {POSITION_CODE[c.pos]}"),
            (RESIDUAL, "src/model.py: SublayerConnection"),
            (ENCODER, "src/model.py: EncoderLayer"),
            (c.norm_part, "src/model.py: make_norm"),
        ]
    ]
    if ch.KV_HEADS.key in found:
        components.append(component(citer, ch.KV_HEADS, "src/model.py: repeat_kv"))
    if c.tie_embeddings:
        components.append(component(citer, ch.TIED, "src/model.py: output_projection"))
    if arch == "encoder_decoder":
        components.append(component(citer, DECODER, "src/model.py: DecoderLayer"))
    if arch in CAUSAL_ARCHITECTURES:
        components.append(component(citer, CAUSAL, "src/model.py: causal_mask"))
    if arch == "vision_encoder":
        components.append(component(citer, PATCHES, "src/model.py: PatchEmbedding"))
        components.append(component(citer, CLASS_TOKEN, "src/model.py: VisionTransformer.cls"))
    components.append(component(citer, SMOOTHING, "src/loss.py: LabelSmoothedCrossEntropy"))
    if trains:
        components.append(component(citer, ADAM, "src/train.py: make_optimizer"))
        if schedule == "inverse_sqrt":
            components.append(component(citer, SCHEDULE, "src/train.py: learning_rate"))
    deviations = [
        (
            "src/data.py",
            "src/data.py serves a synthetic task; the paper's dataset and tokenizer are not "
            "downloaded or implemented.",
        ),
        (
            "src/evaluate.py",
            "src/evaluate.py reports loss, perplexity and token accuracy only; the paper's task "
            "metrics (e.g. BLEU) and decoding (e.g. beam search) are not implemented.",
        ),
    ]
    if not trains:
        deviations.insert(
            0,
            (
                "src/model.py",
                "NumPy code computes the forward pass and the loss only: nothing trains (no "
                "src/train.py; the `training:` values are recorded, not used), the weights are "
                "random draws, and dropout is the identity, as at evaluation.",
            ),
        )
    return Generated(
        files=files,
        smoke_imports=template_files.local_imports("transformer", framework.value, "smoke"),
        smoke_body=template_files.body("transformer", framework.value, "smoke", arch),
        notebook=_notebook(citer, arch, c, mode, _CELLS[framework]),
        components=components,
        deviations=deviations,
        equations=index,
    )


def _schedule_code(schedule: str, citer: Citer) -> Code:
    """train.py's `learning_rate`: the paper's inverse square-root formula, cited, or the
    warm-up of the configured rate."""
    if schedule != "inverse_sqrt":
        return Code(SCHEDULES[schedule])
    return fill(
        SCHEDULES[schedule],
        c_schedule=citer.doc(SCHEDULE),
        eq_schedule=citer.equation(SCHEDULE),
        l_schedule=citer.short(SCHEDULE, "lrate formula"),
    )


def _notebook(citer: Citer, arch: str, c: ch.Choices, mode: Mode, code: dict) -> list[NotebookCell]:
    """The walkthrough, its code cells (`code`, by section) in the project's framework."""
    cells = [
        section_cell(citer, SDPA),
        NotebookCell("code", code["sdpa"]),
        section_cell(citer, MHA),
        NotebookCell("code", code["mha"]),
        section_cell(citer, ch.GATED_FFN if c.ffn in ch.GATED else FFN),
        NotebookCell("code", code["ffn"]),
        section_cell(citer, POSITION_PARTS[c.pos]),
        NotebookCell("code", code["positions"][c.pos]),
    ]
    if arch in CAUSAL_ARCHITECTURES:
        cells.append(section_cell(citer, CAUSAL))
        cells.append(NotebookCell("code", code["causal"]))
    if arch == "vision_encoder":
        cells.append(section_cell(citer, PATCHES))
    cells.append(
        NotebookCell(
            "markdown",
            f"## The whole model ({ARCHITECTURE_NAMES[arch][1]})\n\n{code['whole_intro']}",
        )
    )
    cells.append(NotebookCell("code", code["whole"][arch] + _LOSS))
    if mode is Mode.EDUCATIONAL:
        cells.insert(2, NotebookCell("code", code["educational"]))
    return cells


_ABSOLUTE = """pe = model_py.absolute_positions(rng, cfg_small)
assert pe(np.zeros((1, 5, values["d_model"]))).shape == (1, 5, values["d_model"])
pe(np.zeros((1, 5, values["d_model"])))[0, :, :4]  # first features of the first positions"""
_POSITIONS_CELL = {
    "sinusoidal": _ABSOLUTE,
    "learned": _ABSOLUTE,
    "rope": """rope = mha.rope  # rotates queries and keys; a rotation keeps their length
q = rng.standard_normal((1, 1, 5, mha.d_k))
assert np.allclose(np.linalg.norm(rope(q), axis=-1), np.linalg.norm(q, axis=-1))
rope(q)[0, 0, :, :4]  # first features of the rotated queries""",
    "alibi": """bias = model_py.alibi_bias(values["num_heads"], 5, 5)  # (h, T, S)
assert bias.shape == (values["num_heads"], 5, 5)
bias[0]  # the first head's distance penalty""",
    "none": """pe = model_py.absolute_positions(rng, cfg_small)  # nothing is added
x0 = np.zeros((1, 5, values["d_model"]))
assert np.array_equal(pe(x0), x0)
pe(x0).shape""",
}

_WHOLE_MODEL = {
    "vision_encoder": """model = model_py.build_model(values)
S = values["image_size"]
images = rng.standard_normal((2, values["in_channels"], S, S))
patches = model.patches(images)
assert patches.shape == (2, values["max_seq_len"] - 1, values["d_model"])
logits = model(images)
assert logits.shape == (2, values["num_classes"])
target = rng.integers(0, values["num_classes"], 2)""",
    "encoder_decoder": """model = model_py.build_model(values)
src = rng.integers(0, values["vocab_size"], (2, 7))
tgt = rng.integers(0, values["vocab_size"], (2, 5))
logits = model(src, tgt)
assert logits.shape == (2, 5, values["vocab_size"])
target = tgt""",
    "decoder_only": """model = model_py.build_model(values)
tokens = rng.integers(0, values["vocab_size"], (2, 7))
logits = model(tokens)
assert logits.shape == (2, 7, values["vocab_size"])
target = tokens""",
    "encoder_only": """model = model_py.build_model(values)
tokens = rng.integers(0, values["vocab_size"], (2, 7))
logits = model(tokens)
assert logits.shape == (2, 7, values["vocab_size"])
target = tokens""",
}
_NUMPY_CELLS = {
    "sdpa": """B, h, T, d_k = 2, 2, 5, 8  # [ASSUMPTION] tiny shapes for a CPU check
q, k, v = rng.standard_normal((3, B, h, T, d_k))
out = model_py.scaled_dot_product_attention(q, k, v)
assert out.shape == (B, h, T, d_k)
out.shape""",
    "mha": """cfg_small = model_py.ModelConfig.from_dict(values)
mha = model_py.MultiHeadAttention(rng, cfg_small)
x = rng.standard_normal((2, 5, values["d_model"]))
assert mha(x, x).shape == x.shape
mha(x, x).shape""",
    "ffn": """ffn = model_py.PositionwiseFeedForward(rng, cfg_small)  # `ffn` in configs/base.yaml
assert ffn(x).shape == x.shape
ffn(x).shape""",
    "positions": _POSITIONS_CELL,
    "causal": "model_py.causal_mask(4)[0, 0].astype(int)  # [ASSUMPTION] 4 positions, to print",
    "whole_intro": "Built from the smoke-size values of `configs/base.yaml`, with random weights "
    "(NumPy does not train); one forward pass and the loss.",
    "whole": _WHOLE_MODEL,
    "educational": """# Why divide by sqrt(d_k)? A dot product of random unit-variance vectors
# has variance d_k; dividing by sqrt(d_k) brings it back to 1.
for d in (4, 64, 1024):  # [ASSUMPTION] three widths to compare
    a, b = rng.standard_normal((2, 10000, d))
    raw = (a * b).sum(axis=-1)
    print(f"d_k={d}: variance {raw.var():.1f}, scaled {(raw / d**0.5).var():.2f}")""",
}
# The notebook's code cells by section, in each framework the templates cover.
_CELLS = {Framework.NUMPY: _NUMPY_CELLS, Framework.TENSORFLOW: tensorflow_cells.TRANSFORMER}
# The loss on the whole model's logits (against the inputs: a stand-in target).
_LOSS = """
from src.loss import LabelSmoothedCrossEntropy

loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, target)
logits.shape, loss"""

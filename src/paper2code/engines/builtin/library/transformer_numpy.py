"""The Transformer family from template files, for every framework but PyTorch (its four
stacks, image patches included): the same parts, config values and citations as the PyTorch
version (`transformer`); the code is in templates/transformer/<framework>/, the same file and
slot names in each. NumPy computes the forward pass and the loss, for study; a framework whose
folder has a train.py (JAX) trains too: train.py, its learning-rate schedule
(schedule_<lr_schedule>.py) and the optimiser's citation. A config choice the templates do not
implement is refused when the project is generated, and again by the generated code if the
config is edited to one."""

from __future__ import annotations

from paper2code import layout
from paper2code.engines.backends import Backend
from paper2code.engines.base import Mode, NotebookCell, Options
from paper2code.engines.builtin import template_files
from paper2code.engines.builtin.library import equations
from paper2code.engines.builtin.library import transformer_choices as ch
from paper2code.engines.builtin.library.common import (
    LOAD_PAPER_DATA,
    Generated,
    explain,
    model_config,
    section_cell,
    train_main,
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
from paper2code.engines.builtin.library.transformer_code import BATCH_DICT, FORWARD_BATCH
from paper2code.engines.builtin.recognise import Recognised
from paper2code.engines.builtin.template import Citer, Code
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
# What the task's target is, in NumPy, which the data pipelines of these frameworks yield
# (tasks.TARGETS spells it in PyTorch).
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
    backend: Backend,
    task: Task | None = None,
) -> Generated:
    framework = backend.framework.value

    def _template(name: str) -> template_files.TemplateFile:
        return template_files.load("transformer", framework, name)

    task = task if arch == "encoder_decoder" else None
    index = computed_equations(found)
    schedule, c = resolve_config(values, found, arch, task, paper_norm=False)
    _check_values(values, backend.label)
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
    trains = template_files.has("transformer", framework, "train")
    if trains:
        files[layout.TRAIN] = _template("train").fill(
            title=title,
            c_adam=citer.doc(ADAM, indent=""),
            schedule=Code(template_files.definitions(_schedule(framework, schedule, citer))),
            train_main=train_main(framework),
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
    return Generated(
        files=files,
        smoke_imports=template_files.local_imports("transformer", framework, "smoke"),
        smoke_body=template_files.body("transformer", framework, "smoke", arch),
        notebook=_notebook(citer, arch, c, mode, framework, backend.label, trains),
        components=components,
        deviations=_deviations(backend.label, trains),
        equations=index,
    )


def _schedule(framework: str, schedule: str, citer: Citer) -> Code:
    """The learning-rate schedule of `lr_schedule`, cited when it is the paper's formula."""
    file = template_files.load("transformer", framework, f"schedule_{schedule}")
    if schedule != "inverse_sqrt":
        return file.fill()
    return file.fill(
        c_schedule=citer.doc(SCHEDULE),
        eq_schedule=citer.equation(SCHEDULE),
        l_schedule=citer.short(SCHEDULE, "lrate formula"),
    )


def _deviations(label: str, trains: bool) -> list[tuple[str, str]]:
    data = (
        layout.DATA,
        "src/data.py serves a synthetic task; the paper's dataset and tokenizer are not "
        "downloaded or implemented.",
    )
    if trains:
        return [
            data,
            (
                layout.EVALUATE,
                "src/evaluate.py reports loss, perplexity and token accuracy only; the paper's "
                "task metrics (e.g. BLEU) and decoding (e.g. beam search) are not implemented.",
            ),
            (
                layout.TRAIN,
                f"src/train.py trains in float32: the {label} version has no mixed-precision "
                "option.",
            ),
        ]
    return [
        (
            layout.MODEL,
            f"{label} code computes the forward pass and the loss only: nothing trains (no "
            "src/train.py; the `training:` values are recorded, not used), the weights are "
            "random draws, and dropout is the identity, as at evaluation.",
        ),
        data,
        (
            layout.EVALUATE,
            "src/evaluate.py reports loss, perplexity and token accuracy of the untrained model "
            "only; the paper's task metrics (e.g. BLEU) are not implemented.",
        ),
    ]


def _notebook(
    citer: Citer, arch: str, c: ch.Choices, mode: Mode, framework: str, label: str, trains: bool
) -> list[NotebookCell]:
    """The walkthrough: each part's section, then its cell of templates/transformer/
    <framework>/notebook.py."""

    def code(*names: str) -> NotebookCell:
        return NotebookCell(
            "code", "\n".join(template_files.cell("transformer", framework, n) for n in names)
        )

    cells = [
        section_cell(citer, SDPA),
        code("sdpa"),
        section_cell(citer, MHA),
        code("mha"),
        section_cell(citer, ch.GATED_FFN if c.ffn in ch.GATED else FFN),
        code("ffn"),
        section_cell(citer, POSITION_PARTS[c.pos]),
        code(_POSITIONS_CELL[c.pos]),
    ]
    if arch in CAUSAL_ARCHITECTURES:
        cells.append(section_cell(citer, CAUSAL))
        cells.append(code("causal"))
    if arch == "vision_encoder":
        cells.append(section_cell(citer, PATCHES))
    cells.append(
        NotebookCell(
            "markdown",
            f"## The whole model ({ARCHITECTURE_NAMES[arch][1]})\n\n"
            "Built from the smoke-size values of `configs/base.yaml`, with random weights "
            f"({'untrained: src/train.py trains them' if trains else f'{label} does not train'}); "
            "one forward pass and the loss.",
        )
    )
    cells.append(code(f"whole_{arch}", "loss"))
    if mode is Mode.EDUCATIONAL:
        cells.insert(2, code("educational"))
    return cells


# The cell of each `pos`: sinusoidal and learned encodings are both added to the embeddings.
_POSITIONS_CELL = {
    "sinusoidal": "positions_absolute",
    "learned": "positions_absolute",
    "rope": "positions_rope",
    "alibi": "positions_alibi",
    "none": "positions_none",
}

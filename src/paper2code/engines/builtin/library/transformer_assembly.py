"""The Transformer's project files in any framework: the template files of
templates/transformer/<framework>/ filled with the paper's values and citations (`transformer`
resolves them), one assembly for every framework.

A framework's folder holds the same files with the same slots: model.py and the parts its
`# slot: parts` takes (causal.py, tokens.py, one file per stack), loss.py, smoke.py and
notebook.py, and evaluate.py where its evaluation is its own (NumPy's: nothing trains). What is
the same in every framework is in templates/transformer/shared/ (template_files): data.py,
vision_data.py and task_data.py with each framework's data_pieces.py in their slots, evaluate.py
with its evaluate_pieces.py, targets.py (NumPy; PyTorch's own replaces it) and forward.py, the
batch layout of each stack. What a framework can do more follows from which files and slots it
has: train.py (with the schedule_<name>.py fragments) when its code trains, paper_norm.py when
the paper's own normalisation can replace the library's, the `attention_init` slot of model.py
when the paper's own attention can.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from paper2code import layout
from paper2code.engines.backends import get_backend
from paper2code.engines.base import Mode, NotebookCell, Options
from paper2code.engines.builtin import recognise as rec
from paper2code.engines.builtin import template_files
from paper2code.engines.builtin.library import equations
from paper2code.engines.builtin.library import transformer_choices as ch
from paper2code.engines.builtin.library.common import (
    LOAD_PAPER_DATA,
    Generated,
    explain,
    mixed_precision,
    model_config,
    section_cell,
    train_main,
)
from paper2code.engines.builtin.library.tasks import Task, synthetic_task
from paper2code.engines.builtin.library.transformer import (
    ADAM,
    ALIBI_WITH_PAPER_ATTENTION,
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
from paper2code.engines.builtin.template import Citer, Code
from paper2code.engines.builtin.values import Values
from paper2code.errors import InputError
from paper2code.paper.model import Paper

FAMILY = "transformer"
# Every `model:` value the templates read, with the choices they implement (None: any number).
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
_HINT = "use --framework pytorch (or --engine llm)"
Template = Callable[[str], template_files.TemplateFile]  # a template file of the framework


def generate(
    paper: Paper,
    title: str,
    found: dict[str, rec.Recognised],
    values: Values,
    options: Options,
    norm: equations.Function | None = None,
    attention: equations.AttentionReplacement | None = None,
) -> Generated:
    """The Transformer the paper builds on, in the framework of `options`. `norm` is the
    paper's own layer in place of LayerNorm (model.py's `paper_norm` builds it), `attention`
    the paper's own attention in MultiHeadAttention; a framework whose templates cannot take
    them refuses the paper."""
    framework = options.framework.value
    label = get_backend(options.framework).label

    def template(name: str) -> template_files.TemplateFile:
        return template_files.load(FAMILY, framework, name)

    _check_layers(framework, label, norm, attention)
    trains = template_files.exists(FAMILY, framework, "train")  # else forward-only
    arch, arch_rec = rec.architecture(paper, found)
    task = synthetic_task(paper) if arch == "encoder_decoder" else None
    index = computed_equations(found)
    schedule, c = resolve_config(values, found, arch, task, paper_norm=norm is not None)
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
    norm_cite = (
        f"{norm.anchor} — the paper's {norm.module} in place of LayerNorm"
        if norm is not None
        else citer.cite(c.norm_part)
    )
    norms: dict[str, str]
    if norm is not None:  # the paper's layer in every block: make_norm builds it
        paper_norm = template("paper_norm").fill(c_norm=norm_cite)
        norms = {"norms": Code(template_files.definitions(paper_norm))}
    else:
        norms = {
            "c_rms": chosen_doc(citer, ch.RMS_NORM, c.norm, "norm", "rmsnorm"),
            "c_norm": "The normalisation `norm` in configs/base.yaml names: " + norm_cite,
        }
    paper_attention: dict[str, Code] = {}
    if attention is not None:
        init, call = equations.attention_code(attention, get_backend(options.framework).ops)
        paper_attention = {"attention_init": Code(init.lstrip("\n")), "attention": call}
    elif "attention_init" in template("model").lines:
        paper_attention = {"attention_init": Code("")}
    model = template("model").fill(
        title=title,
        model_config=model_config(values.entries, trains=trains),
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
        c_residual=citer.doc(RESIDUAL),
        c_ln=norm_cite,
        x_residual=explain(
            mode,
            "The residual path lets gradients skip the sub-layer; where the normalisation sits "
            "(before the sub-layer or after the sum) changes training stability.",
            "        ",
        ),
        c_encoder=citer.doc(ENCODER),
        parts=Code(_parts(template, citer, arch, arch_cite, c).rstrip("\n")),
        **norms,
        **paper_attention,
    )
    files = {
        layout.MODEL: model,
        layout.LOSS: template("loss").fill(
            title=title,
            c_smoothing=citer.doc(SMOOTHING, indent=""),
            l_smoothing=citer.short(SMOOTHING, "(1 - eps_ls) * NLL + eps_ls * uniform"),
            x_loss=explain(
                mode,
                "Label smoothing moves eps_ls of the target mass to a uniform distribution: the "
                "model is penalised for being over-confident, which hurts perplexity but helped "
                "accuracy in the original Transformer.",
                "        ",
            ),
        ),
        layout.DATA: _data(template, framework, title, found, arch, task),
        layout.EVALUATE: template("evaluate").fill(title=title),
    }
    if trains:
        files[layout.TRAIN] = _train(template, framework, citer, title, schedule)

    components = [
        component(citer, part, note)
        for part, note in [
            (SDPA, "src/model.py: scaled_dot_product_attention"),
            (MHA, "src/model.py: MultiHeadAttention"),
            (ffn_part, "src/model.py: PositionwiseFeedForward"),
            (pe_part, f"src/model.py: {POSITION_CODE[c.pos]}"),
            (RESIDUAL, "src/model.py: SublayerConnection"),
            (ENCODER, "src/model.py: EncoderLayer"),
        ]
    ]
    if norm is None:
        components.append(component(citer, c.norm_part, "src/model.py: make_norm"))
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
        components.append(component(citer, ADAM, f"src/train.py: {_optimiser(framework)}"))
        if schedule == "inverse_sqrt":
            components.append(component(citer, SCHEDULE, "src/train.py: learning_rate"))

    deviations = []
    if attention is not None and c.pos == "alibi":
        deviations.append((layout.MODEL, ALIBI_WITH_PAPER_ATTENTION))
    if not trains:
        deviations.append(
            (
                layout.MODEL,
                f"{label} code computes the forward pass and the loss only: nothing trains (no "
                "src/train.py; the `training:` values are recorded, not used), the weights are "
                "random draws, and dropout is the identity, as at evaluation.",
            )
        )
    deviations += [
        (
            layout.DATA,
            "src/data.py serves a synthetic task; the paper's dataset and tokenizer are not "
            "downloaded or implemented.",
        ),
        (
            layout.EVALUATE,
            "src/evaluate.py reports loss, perplexity and token accuracy only; the paper's task "
            "metrics (e.g. BLEU) and decoding (e.g. beam search) are not implemented.",
        ),
    ]
    if trains and not mixed_precision(framework):
        deviations.append(
            (
                layout.TRAIN,
                f"src/train.py trains in float32: the {label} version has no "
                "mixed-precision option.",
            )
        )
    if attention is not None:
        deviations.append((layout.MODEL, equations.attention_limits(attention)))
    return Generated(
        files=files,
        smoke_imports=template_files.local_imports(FAMILY, framework, "smoke"),
        smoke_body=_smoke_body(framework, arch),
        notebook=_notebook(citer, framework, label, arch, c, mode, trains),
        components=components,
        deviations=deviations,
        equations=index,
    )


def _smoke_body(framework: str, arch: str) -> str:
    """The smoke check of the stack: smoke.py's function of its name, or `token_stack` for the
    two stacks that take tokens alone, the decoder-only one checking its causality there."""
    if arch not in _STACK_CELL:
        return template_files.body(FAMILY, framework, "smoke", arch)
    causality = (
        template_files.body(FAMILY, framework, "smoke", "causality")
        if arch == "decoder_only"
        else ""
    )
    token_stack = template_files.body(FAMILY, framework, "smoke", "token_stack")
    return template_files.slot_lines(token_stack, causality=causality)


def _check_layers(
    framework: str,
    label: str,
    norm: equations.Function | None,
    attention: equations.AttentionReplacement | None,
) -> None:
    """InputError for a paper whose own normalisation or attention the framework's templates
    cannot put into the blocks (they have no paper_norm.py, or no `attention_init` slot)."""
    takes_norm = template_files.exists(FAMILY, framework, "paper_norm")
    takes_attention = "attention_init" in template_files.load(FAMILY, framework, "model").lines
    for own, takes, what in (
        (norm, takes_norm, "normalisation"),
        (attention, takes_attention, "attention"),
    ):
        if own is not None and not takes:
            raise InputError(
                f"the paper replaces the Transformer's {what} with its own; the {label} "
                f"templates cannot put a paper's own {what} into the blocks yet",
                hint=_HINT,
            )


def _check_values(values: Values, label: str) -> None:
    """InputError for a `model:` value the templates would not read or do not implement."""
    for entry in values.entries:
        if len(entry.path) != 2 or entry.path[0] != "model":
            continue
        key = entry.path[1]
        if key not in SUPPORTED:
            raise InputError(
                f"model.{key} = {entry.value!r}: the {label} Transformer templates do not read "
                f"{key}",
                hint=_HINT,
            )
        allowed = SUPPORTED[key]
        if allowed is not None and entry.value not in allowed:
            raise InputError(
                f"model.{key} = {entry.value!r}: the {label} Transformer templates implement "
                f"{', '.join(sorted(allowed))}",
                hint=_HINT,
            )


def _parts(template: Template, citer: Citer, arch: str, arch_cite: str, c: ch.Choices) -> str:
    """model.py's `# slot: parts`: the causal mask, the token embedding, then the stack."""
    parts = ""
    if arch in CAUSAL_ARCHITECTURES:
        parts += template_files.definitions(template("causal").fill(c_causal=citer.doc(CAUSAL)))
    if arch in TOKENS:
        tie = (
            citer.cite(ch.TIED)
            if c.tie_embeddings
            else "Untied: `tie_embeddings` in configs/base.yaml."
        )
        parts += template_files.definitions(template("tokens").fill(c_tie=tie))
    stack_text = {"c_arch": arch_cite}
    if arch == "encoder_decoder":
        stack_text["c_decoder"] = citer.doc(DECODER)
    if arch == "vision_encoder":
        stack_text["c_patch"] = citer.doc(PATCHES)
        stack_text["c_cls"] = citer.short(CLASS_TOKEN, "learned class token")
    return parts + template_files.definitions(template(arch).fill(**stack_text))


def _data(
    template: Template, framework: str, title: str, found: dict, arch: str, task: Task | None
) -> Code:
    """data.py: the paper's synthetic task when it states one in full, else stand-in batches
    in the stack's layout (shared/forward.py)."""
    layouts = template_files.source(FAMILY, template_files.SHARED, "forward")
    forward = Code(template_files.statements(layouts, arch))
    data_rec = found.get("data")
    where = f"(the paper describes it in {data_rec.anchor})" if data_rec else ""
    if task is not None:
        targets = template_files.source(FAMILY, framework, "targets")
        target = template_files.statements(targets, task.name)
        return template("task_data").fill(
            title=title,
            anchor=task.anchor,
            quote=task.quote,
            target=Code(textwrap.indent(target, "    ")),
            forward=forward,
        )
    if arch == "vision_encoder":
        return template("vision_data").fill(
            title=title, data_where=where, load_paper_data=Code(LOAD_PAPER_DATA), forward=forward
        )
    batch = template_files.statements(layouts, f"{arch}_batch")
    return template("data").fill(
        title=title,
        data_where=where,
        load_paper_data=Code(LOAD_PAPER_DATA),
        batch=Code(textwrap.indent(batch, "    ")),
        forward=forward,
    )


def _train(template: Template, framework: str, citer: Citer, title: str, schedule: str) -> Code:
    """train.py with the learning-rate schedule of `training.lr_schedule`."""
    text = {}
    if schedule == "inverse_sqrt":
        text = {
            "c_schedule": citer.doc(SCHEDULE),
            "eq_schedule": citer.equation(SCHEDULE),
            "l_schedule": citer.short(SCHEDULE, "lrate formula"),
        }
    chosen = template(f"schedule_{schedule}").fill(**text)
    return template("train").fill(
        title=title,
        c_adam=citer.doc(ADAM, indent=""),
        schedule=Code(template_files.definition(chosen, "learning_rate")),
        scheduler=Code(template_files.statements(chosen, "scheduler")),
        train_main=train_main(framework),
    )


def _optimiser(framework: str) -> str:
    """Where train.py builds the optimiser: its `make_optimizer` when it has one (optax chains
    the clipping, the decay and Adam), else PyTorch's optimiser class."""
    if "make_optimizer" in template_files.functions(
        template_files.source(FAMILY, framework, "train")
    ):
        return "make_optimizer"
    return "torch.optim.Adam"


# ---- notebook ---------------------------------------------------------------------------------

# The function of smoke.py and notebook.py that serves two stacks (tokens in, a logit per token)
_STACK_CELL = {"decoder_only": "token_stack", "encoder_only": "token_stack"}


def _notebook(
    citer: Citer, framework: str, label: str, arch: str, c: ch.Choices, mode: Mode, trains: bool
) -> list[NotebookCell]:
    """The walkthrough: each part's section, then the code cell of notebook.py that runs it."""
    cells_file = template_files.source(FAMILY, framework, "notebook")

    def code(name: str) -> NotebookCell:
        return NotebookCell("code", textwrap.dedent(template_files.statements(cells_file, name)))

    cells = [
        section_cell(citer, SDPA),
        code("attention"),
        section_cell(citer, MHA),
        code("multi_head"),
        section_cell(citer, ch.GATED_FFN if c.ffn in ch.GATED else FFN),
        code("feed_forward"),
        section_cell(citer, POSITION_PARTS[c.pos]),
        code(c.pos),
    ]
    if arch in CAUSAL_ARCHITECTURES:
        cells += [section_cell(citer, CAUSAL), code("causal")]
    if arch == "vision_encoder":
        cells.append(section_cell(citer, PATCHES))
    run = (
        "; one forward pass."
        if trains
        else f", with random weights ({label} does not train); one forward pass and the loss."
    )
    cells.append(
        NotebookCell(
            "markdown",
            f"## The whole model ({ARCHITECTURE_NAMES[arch][1]})\n\n"
            f"Built from the smoke-size values of `configs/base.yaml`{run}",
        )
    )
    whole = code(_STACK_CELL.get(arch, arch))
    if "loss" in template_files.functions(cells_file):  # the loss on the logits, in that cell
        whole = NotebookCell("code", f"{whole.source}\n{code('loss').source}")
    cells.append(whole)
    if mode is Mode.EDUCATIONAL:
        cells.insert(2, code("scaling"))
        if "weights" in template_files.functions(cells_file):  # a cell of one head's weights
            cells.append(code("weights"))
    return cells

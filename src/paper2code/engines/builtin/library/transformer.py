"""The Transformer family (encoder-decoder, encoder-only, decoder-only, encoder over image
patches): its parts, the config values its code reads, and the assembly of the project files.

The code itself is in `transformer_code` as templates that read like an annotated
implementation: one class per concern in the order of the architecture, paper notation in names
(W_q, d_k, h), shapes as end-of-line comments, the defining equation in the docstring.
"""

from __future__ import annotations

import re
import textwrap

from paper2code import layout
from paper2code.engines.base import (
    Component,
    EquationEntry,
    EquationParam,
    Mode,
    NotebookCell,
    Options,
)
from paper2code.engines.builtin.library import transformer_choices as ch
from paper2code.engines.builtin.library.common import (
    Generated,
    explain,
    knowledge_default,
    model_config,
    section_cell,
)
from paper2code.engines.builtin.library.tasks import TARGETS, Task
from paper2code.engines.builtin.library.transformer_code import (
    ATTENTION,
    BATCH_DICT,
    BLOCKS,
    CAUSAL_MASK,
    DATA,
    DECODER_LAYER,
    DECODER_ONLY,
    ENCODER_DECODER,
    ENCODER_ONLY,
    EVALUATE,
    FEED_FORWARD,
    FINAL_NORM,
    FORWARD_BATCH,
    LOSS,
    MODEL_HEAD,
    NORMS,
    POSITIONS,
    SCHEDULE_CALL,
    SCHEDULES,
    SMOKE,
    SMOKE_IMPORTS,
    TASK_DATA,
    TOKEN_EMBEDDING,
    TRAIN,
    VISION,
    VISION_DATA,
)
from paper2code.engines.builtin.recognise import Recognised
from paper2code.engines.builtin.template import Citer, Code, Part, fill
from paper2code.engines.builtin.values import Default, Values, choices
from paper2code.equations import UnsupportedConstruct, parse_equation
from paper2code.equations.tree import Relation, Sym
from paper2code.escape import quoted
from paper2code.paper.numbers import parse_number
from paper2code.paper.text import canonical

SDPA = Part(
    "scaled_dot_product_attention",
    "Scaled dot-product attention",
    "Attention(Q, K, V) = softmax(QK^T / sqrt(d_k)) V",
    r"\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V",
)
MHA = Part(
    "multi_head_attention",
    "Multi-head attention",
    "MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O,"
    " head_i = Attention(QW_i^Q, KW_i^K, VW_i^V)",
    r"\mathrm{MultiHead}(Q,K,V) = \mathrm{Concat}(\mathrm{head}_1,\dots,\mathrm{head}_h)W^O",
)
FFN = Part(
    "feed_forward",
    "Position-wise feed-forward network",
    "FFN(x) = act(x W_1 + b_1) W_2 + b_2, applied to each position separately",
    r"\mathrm{FFN}(x) = \max(0, xW_1 + b_1)W_2 + b_2",
)
SINUSOIDAL = Part(
    "sinusoidal_positional_encoding",
    "Sinusoidal positional encoding",
    "PE(pos, 2i) = sin(pos / 10000^(2i/d_model)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d_model))",
    r"PE_{(pos,2i)} = \sin(pos/10000^{2i/d_{model}}),\ "
    r"PE_{(pos,2i+1)} = \cos(pos/10000^{2i/d_{model}})",
)
LEARNED = Part(
    "learned_positional_encoding",
    "Learned positional embedding",
    "one trained d_model vector per position, added to the token embedding",
)
RESIDUAL = Part(
    "residual",
    "Residual connection and layer normalisation",
    "each sub-layer wrapped in a residual connection with layer normalisation",
)
ENCODER = Part("encoder_stack", "Encoder stack", "a stack of N identical self-attention layers")
DECODER = Part(
    "decoder_stack",
    "Decoder stack",
    "a stack of N identical layers: masked self-attention, encoder-decoder attention, FFN",
)
CAUSAL = Part(
    "causal_mask",
    "Causal mask",
    "position i may attend only to positions <= i",
)
SMOOTHING = Part(
    "label_smoothing",
    "Label-smoothed cross-entropy",
    "cross-entropy against (1 - eps_ls) one-hot + eps_ls / K uniform targets",
)
PATCHES = Part(
    "patch_embedding",
    "Patch embedding",
    "the image split into P x P patches, each flattened and linearly projected to d_model",
)
CLASS_TOKEN = Part(
    "class_token",
    "Class token",
    "a learned embedding prepended to the patch sequence; its final state is classified",
)
ADAM = Part("adam", "Adam optimiser", "Adam with the betas and epsilon of configs/base.yaml")
SCHEDULE = Part(
    "inverse_sqrt_schedule",
    "Inverse square-root learning-rate schedule with warm-up",
    "lrate = d_model^-0.5 * min(step^-0.5, step * warmup_steps^-1.5)",
    r"lrate = d_{model}^{-0.5}\cdot\min(step^{-0.5}, step\cdot warmup\_steps^{-1.5})",
)

ARCHITECTURE_NAMES = {
    "encoder_decoder": ("Transformer", "encoder-decoder"),
    "encoder_only": ("TransformerEncoderModel", "encoder-only"),
    "decoder_only": ("TransformerLM", "decoder-only"),
    "vision_encoder": ("VisionTransformer", "encoder-only over image patches"),
}
POSITION_PARTS = {
    "sinusoidal": SINUSOIDAL,
    "learned": LEARNED,
    "rope": ch.ROPE,
    "alibi": ch.ALIBI,
    "none": ch.NO_POSITIONS,
}
POSITION_CODE = {  # where model.py puts each kind of positions
    "sinusoidal": "SinusoidalPositionalEncoding",
    "learned": "LearnedPositionalEmbedding",
    "rope": "RotaryEmbedding",
    "alibi": "alibi_bias",
    "none": "absolute_positions (none)",
}
_ALIBI_WITH_PAPER_ATTENTION = (
    "ALiBi: MultiHeadAttention computes the paper's own attention, which takes no score bias, "
    "so the ALiBi distance penalty (`pos: alibi`) is not applied."
)
TOKENS = ("encoder_decoder", "encoder_only", "decoder_only")  # the architectures that read tokens
CAUSAL_ARCHITECTURES = ("encoder_decoder", "decoder_only")

# ---- config --------------------------------------------------------------------------------


def resolve_config(
    v: Values,
    found: dict[str, Recognised],
    arch: str,
    task: Task | None,
    paper_norm: bool,
) -> tuple[str, ch.Choices]:
    """Resolve every value the Transformer code reads, in config order; returns the learning-
    rate schedule and the architecture choices."""
    c = ch.Choices()
    if arch == "vision_encoder":
        image_size = v.resolve(
            ("model", "image_size"), Default(224, "Image size", "ImageNet's usual", ("384",))
        )
        patch_size = v.resolve(
            ("model", "patch_size"), Default(16, "Patch size P", "a common patch", ("14", "32"))
        )
        v.resolve(("model", "in_channels"), Default(3, "Image channels", "RGB", ("1",)))
        v.resolve(
            ("model", "num_classes"),
            Default(1000, "Number of classes", "ImageNet-1k", ("10", "100", "21843")),
        )
    else:
        v.resolve(("model", "vocab_size"), knowledge_default("vocab_size"))
    # sizes: `Values.resolve` decides which stated value (main model or baseline) is used
    d_model = v.resolve(("model", "d_model"), knowledge_default("d_model"))
    num_heads = v.resolve(("model", "num_heads"), knowledge_default("num_heads"))
    ch.kv_heads(v, c, num_heads)
    layers = knowledge_default("num_layers")
    if arch == "encoder_decoder":
        v.resolve(("model", "num_encoder_layers"), layers, name="num_layers")
        v.resolve(("model", "num_decoder_layers"), layers, name="num_layers")
    else:
        v.resolve(("model", "num_layers"), layers)
    ch.feed_forward(v, found, c)
    ch.d_ff(v, c, d_model, _times_d_model)
    dropout = v.resolve(("model", "dropout"), knowledge_default("dropout"))
    same = choices((r"same|model", dropout), (r"^0(\.0)?\b|^no", 0.0))
    v.resolve(
        ("model", "attention_dropout"),
        knowledge_default("attention_dropout", same),
        convert=lambda audit: audit if isinstance(audit, int | float) else same(audit),
    )
    if arch == "vision_encoder":
        patches = (image_size // patch_size) ** 2 if _ints(image_size, patch_size) else 196
        v.add(
            ("model", "max_seq_len"),
            patches + 1,
            "[ASSUMPTION] derived: (image_size / patch_size)^2 patches + 1 class token",
        )
    else:
        v.resolve(("model", "max_seq_len"), knowledge_default("max_seq_len"))
    ch.positions(v, found, c)
    ch.normalisation(v, c, paper_norm)
    ch.bias_and_tying(v, found, c, tokens=arch in TOKENS)
    if arch in TOKENS:  # a vision model embeds patches, not tokens
        scale = choices((r"sqrt", True), (r"^1(\.0)?$|^no", False))
        v.resolve(
            ("model", "scale_embeddings"),
            knowledge_default("embedding_scale", lambda words: scale(str(words))),
            audit_key="embedding_scale",
            convert=scale,
        )
    # ---- training
    _optimizer(v, found)
    stated = v.finding("lr_schedule")
    if "inverse_sqrt_schedule" in found and (stated is None or stated.value == "inverse_sqrt"):
        schedule = v.add(
            ("training", "lr_schedule"),
            "inverse_sqrt",
            f"{found[SCHEDULE.key].anchor} — lrate formula",
        )
    else:
        shape = choices((r"inverse", "inverse_sqrt"), (r"constant|warm", "linear_warmup"))
        schedule = v.resolve(
            ("training", "lr_schedule"), knowledge_default("lr_schedule", shape), convert=shape
        )
    if schedule != "inverse_sqrt":  # the inverse square-root formula sets the rate itself
        v.resolve(("training", "learning_rate"), _LR)
    v.resolve_all(TRAINING_VALUES)
    sizes = {"vocab_size": 50, "d_model": 32, "num_heads": 4, "d_ff": 64, "max_seq_len": 16}
    # the smoke model keeps the paper's kind of attention: multi-head, grouped or multi-query
    sizes["num_kv_heads"] = 4 if c.num_kv_heads == num_heads else min(c.num_kv_heads, 2)
    if arch == "vision_encoder":
        del sizes["vocab_size"]
        # 8x8 images in 4x4 patches: 4 patches + the class token
        sizes |= {"image_size": 8, "patch_size": 4, "num_classes": 10, "max_seq_len": 5}
    if arch == "encoder_decoder":
        sizes |= {"num_encoder_layers": 2, "num_decoder_layers": 2}
    else:
        sizes |= {"num_layers": 2}
    if task is not None:
        v.add(("data", "max_length"), task.max_length, f"{task.anchor} — {quoted(task.quote)}")
    smoke = {("model", key): value for key, value in sizes.items()}
    v.add_smoke(smoke | {("batch_size",): 2, ("seq_len",): 8, ("train_steps",): 2})
    return schedule, c


def _steps(words) -> int | None:
    """The knowledge base's "100000 steps" or "none" as a number of steps."""
    if str(words).strip().lower() == "none":
        return 0
    number = parse_number(str(words).split()[0])
    return int(number) if number is not None else None


TRAINING_VALUES = [
    (("training", "warmup_steps"), knowledge_default("warmup_steps", _steps)),
    *(
        (("training", key), knowledge_default(key))
        for key in (
            "adam_beta1",
            "adam_beta2",
            "adam_eps",
            "weight_decay",
            "label_smoothing",
            "batch_size",
        )
    ),
    (("training", "train_steps"), knowledge_default("train_steps", _steps)),
    (("training", "grad_clip"), knowledge_default("grad_clip")),
]


def pe_base_citation(citer: Citer, rec: Recognised | None, pos: str) -> str:
    """The base 10000 cites the paper's formula; a paper that only names the encoding ("we use
    sinusoidal positional encoding") does not state it, so it is the standard form's."""
    if pos != "sinusoidal":
        return "[ASSUMPTION] the standard form's base (the paper's `pos` is another)"
    if rec is None or rec.rows or "10000" in canonical(rec.evidence):
        return citer.short(SINUSOIDAL, "pos / 10000^(2i/d_model)")
    return (
        "[ASSUMPTION] pos / 10000^(2i/d_model): the standard form's base; "
        f"{rec.anchor} names the encoding without its formula"
    )


def chosen_doc(citer: Citer, part: Part, chosen: str, key: str, value: str) -> str:
    """The docstring citation of one alternative of a choice: the paper's (cited or flagged)
    when it is the one chosen, else when the config selects it."""
    if chosen == value:
        return citer.doc(part)
    text = f"{part.name}: used when `{key}` is {value} in configs/base.yaml (not this paper's)."
    return "\n    ".join(textwrap.wrap(text, width=92, break_on_hyphens=False))


def _ints(*values) -> bool:
    return all(isinstance(x, int) and x > 0 for x in values)


def _times_d_model(audit, d_model):
    """The audit's "4 * d_model" as a number; a plain number as itself."""
    if isinstance(audit, int | float):
        return audit
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[*x×]\s*d_?model\s*", str(audit))
    if m is None or not isinstance(d_model, int):
        return None
    return int(float(m.group(1)) * d_model)


_LR = knowledge_default("learning_rate")


def _optimizer(v: Values, found: dict[str, Recognised]) -> None:
    """Adam or AdamW as the paper says; another optimiser is a deviation the notes name."""
    stated = v.finding("optimizer")
    if stated is None:
        named = found.get("adam")  # the sentence that names Adam, or AdamW
        adamw = named is not None and "adamw" in named.evidence.lower()
        v.add(("training", "optimizer"), "adamw" if adamw else "adam", adam_cite(found))
    elif stated.value in ("adam", "adamw"):
        v.add(("training", "optimizer"), stated.value, f"{stated.anchor} — {quoted(stated.quote)}")
    else:
        v.add(
            ("training", "optimizer"),
            "adam",
            f"[PARTIALLY_SPECIFIED] Optimizer: {stated.anchor} — {quoted(stated.quote)}; "
            f"the built-in training loop implements Adam and AdamW, so Adam is used. "
            f"Alternatives: {stated.value}.",
        )
        v.deviations.append(
            f"Optimizer: the paper uses {stated.value} ({stated.anchor}); the built-in training "
            "loop uses Adam instead (`training.optimizer` in configs/base.yaml)."
        )


def adam_cite(found: dict[str, Recognised]) -> str:
    if "adam" in found:
        return f"{found['adam'].anchor} — {quoted(found['adam'].evidence)}"
    return (
        "[UNSPECIFIED] optimiser not stated in the paper; Adam is the usual Transformer choice. "
        "Alternatives: AdamW, SGD with momentum."
    )


# ---- assembly ---------------------------------------------------------------------------------


# MultiHeadAttention's heads when the paper brings no attention of its own.
_LIBRARY_ATTENTION = (
    "        heads = scaled_dot_product_attention(q, k, v, mask, self.dropout, bias)"
    "  # (B, h, T, d_k)"
)
# repeat_kv's docstring when the paper says nothing of key-value heads
KV_DOC = (
    "Key-value heads shared by groups of query heads: `num_kv_heads` in configs/base.yaml "
    "(equal to num_heads, it is plain multi-head attention)."
)


def generate(
    title: str,
    found: dict[str, Recognised],
    arch: str,
    arch_rec: Recognised | None,
    values: Values,
    options: Options,
    task: Task | None = None,
    norm: tuple[Code, str] | None = None,
    attention: tuple[Code, Code] | None = None,
) -> Generated:
    """The Transformer the paper builds on. `task`, when the paper fully specifies a synthetic
    one for an encoder-decoder, makes data.py generate the paper's data; `norm` is the paper's
    own layer in place of LayerNorm, as (the factory model.py calls with `(d_model, eps=...)`,
    its citation); `attention` is the paper's own attention in MultiHeadAttention, as (its lines
    in __init__, its lines in forward that compute `heads`)."""
    task = task if arch == "encoder_decoder" else None
    equations = computed_equations(found)
    schedule, c = resolve_config(values, found, arch, task, paper_norm=norm is not None)
    found = {**c.cited, **found}  # a recognised definition beats the audit's quote
    citer = Citer(found, frozenset({SDPA.key} if equations else ()))
    if norm is not None:  # the paper's own layer: its factory, built like LayerNorm
        norm_code, norm_cite = Code(f"{norm[0]}(cfg.d_model, eps=cfg.norm_eps)"), norm[1]
    else:
        norm_code, norm_cite = Code("make_norm(cfg)"), citer.cite(c.norm_part)
    mode = options.mode
    pe_part = POSITION_PARTS[c.pos]
    arch_cite = (
        f"{arch_rec.anchor} — {ARCHITECTURE_NAMES[arch][1]} Transformer"
        if arch_rec
        else f"[ASSUMPTION] {ARCHITECTURE_NAMES[arch][1]} Transformer: the paper does not name "
        "its stack layout; read from which components it describes. Alternatives: "
        + ", ".join(ARCHITECTURE_NAMES[a][1] for a in ARCHITECTURE_NAMES if a != arch)
    )
    gated = c.ffn in ch.GATED
    ffn_part = ch.GATED_FFN if gated else FFN
    model = fill(
        MODEL_HEAD,
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
    )
    model += fill(
        POSITIONS,
        c_sin=chosen_doc(citer, SINUSOIDAL, c.pos, "pos", "sinusoidal")
        + (f"\n\n    {citer.equation(SINUSOIDAL)}" if c.pos == "sinusoidal" else ""),
        c_sin_line=pe_base_citation(citer, found.get(SINUSOIDAL.key), c.pos),
        x_pe=pe_explain(mode),
        c_learned=chosen_doc(citer, LEARNED, c.pos, "pos", "learned"),
        c_rope=chosen_doc(citer, ch.ROPE, c.pos, "pos", "rope"),
        c_alibi=chosen_doc(citer, ch.ALIBI, c.pos, "pos", "alibi"),
    )
    model += fill(
        ATTENTION,
        c_kv=citer.doc(ch.KV_HEADS) if ch.KV_HEADS.key in found else KV_DOC,
        c_mha=citer.doc(MHA),
        l_mha=citer.short(MHA, "Concat(head_1, ..., head_h) W^O"),
        eq_mha=citer.equation(MHA),
        attention_init=attention[0] if attention else Code(""),
        attention=attention[1] if attention else Code(_LIBRARY_ATTENTION),
        x_mha=explain(
            mode,
            "h heads attend in parallel, each in its own d_k-dimensional subspace; their outputs "
            "are concatenated and mixed by W^O.",
            "        ",
        ),
    )
    model += fill(
        FEED_FORWARD,
        c_ffn=citer.doc(ffn_part),
        l_ffn=citer.short(ffn_part, f"the {c.ffn} feed-forward network"),
        eq_ffn=citer.equation(ffn_part),
    )
    if norm is None:  # the paper's own layer replaces the library's norms altogether
        model += fill(
            NORMS,
            c_rms=chosen_doc(citer, ch.RMS_NORM, c.norm, "norm", "rmsnorm"),
            c_norm="The normalisation `norm` in configs/base.yaml names: "
            + citer.cite(c.norm_part),
        )
    model += fill(
        BLOCKS,
        c_residual=citer.doc(RESIDUAL),
        c_ln=norm_cite,
        norm=norm_code,
        c_encoder=citer.doc(ENCODER),
        x_residual=explain(
            mode,
            "The residual path lets gradients skip the sub-layer; where the normalisation sits "
            "(before the sub-layer or after the sum) changes training stability.",
            "        ",
        ),
    )
    if arch == "encoder_decoder":
        model += fill(DECODER_LAYER, c_decoder=citer.doc(DECODER))
    if arch in CAUSAL_ARCHITECTURES:
        model += fill(CAUSAL_MASK, c_causal=citer.doc(CAUSAL))
    if arch in TOKENS:
        tie = (
            citer.cite(ch.TIED)
            if c.tie_embeddings
            else "Untied: `tie_embeddings` in configs/base.yaml."
        )
        model += fill(TOKEN_EMBEDDING, c_tie=tie)
    model += fill(FINAL_NORM, norm=norm_code)
    if arch == "vision_encoder":
        model += fill(
            VISION,
            c_arch=arch_cite,
            c_patch=citer.doc(PATCHES),
            c_cls=citer.short(CLASS_TOKEN, "learned class token"),
        )
    else:
        top = {"encoder_decoder": ENCODER_DECODER, "encoder_only": ENCODER_ONLY}
        model += fill(top.get(arch, DECODER_ONLY), c_arch=arch_cite)

    files = {
        layout.MODEL: model,
        layout.LOSS: fill(
            LOSS,
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
    }
    schedule_code = Code(SCHEDULES[schedule])
    if schedule == "inverse_sqrt":
        schedule_code = fill(
            schedule_code,
            c_schedule=citer.doc(SCHEDULE),
            eq_schedule=citer.equation(SCHEDULE),
            l_schedule=citer.short(SCHEDULE, "lrate formula"),
        )
    files[layout.TRAIN] = fill(
        TRAIN,
        title=title,
        c_adam=citer.doc(ADAM, indent=""),
        schedule=schedule_code,
        schedule_call=Code(SCHEDULE_CALL[schedule]),
    )
    forward_batch = Code(FORWARD_BATCH[arch])
    data_rec = found.get("data")
    where = f"(the paper describes it in {data_rec.anchor})" if data_rec else ""
    if task is not None:
        data = fill(
            TASK_DATA,
            title=title,
            anchor=task.anchor,
            quote=task.quote,
            target=Code(TARGETS[task.name][1]),
            task=task.name,
            forward_batch=forward_batch,
        )
    elif arch == "vision_encoder":
        data = fill(VISION_DATA, title=title, data_where=where, forward_batch=forward_batch)
    else:
        batch_dict = Code(BATCH_DICT[arch])
        data = fill(
            DATA, title=title, data_where=where, batch_dict=batch_dict, forward_batch=forward_batch
        )
    files[layout.DATA] = data
    files[layout.EVALUATE] = fill(EVALUATE, title=title)

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
    components.append(component(citer, ADAM, "src/train.py: torch.optim.Adam"))
    if schedule == "inverse_sqrt":
        components.append(component(citer, SCHEDULE, "src/train.py: learning_rate"))

    deviations = [
        *(
            [("src/model.py", _ALIBI_WITH_PAPER_ATTENTION)]
            if attention is not None and c.pos == "alibi"
            else []
        ),
        (
            layout.DATA,
            "src/data.py serves a synthetic copy task; the paper's dataset and tokenizer are "
            "not downloaded or implemented.",
        ),
        (
            layout.EVALUATE,
            "src/evaluate.py reports loss, perplexity and token accuracy only; the paper's task "
            "metrics (e.g. BLEU) and decoding (e.g. beam search) are not implemented.",
        ),
    ]
    return Generated(
        files=files,
        smoke_imports=SMOKE_IMPORTS,
        smoke_body=SMOKE[arch],
        notebook=_notebook(citer, arch, c, mode),
        components=components,
        deviations=deviations,
        equations=equations,
    )


def computed_attention(found: dict[str, Recognised]) -> set[str]:
    """The anchors of the paper's equations the library's scaled dot-product attention computes
    (none, or the standard attention's)."""
    return {e.anchor for e in computed_equations(found)}


def computed_equations(found: dict[str, Recognised]) -> list[EquationEntry]:
    """The index entry of scaled dot-product attention, a pure function of model.py, when the
    paper numbers its equation and that equation is a function of Q, K, V and the key
    dimension alone: the checker then computes it and compares. A paper whose equation has
    more in it (two softmax maps and a λ, a mask M) gets no entry, and the code cites the
    section instead; so do the other components, which compute their equations inside modules,
    with weights the index cannot name."""
    rec = found.get(SDPA.key)
    if rec is None or not rec.rows or "Eq." not in rec.anchor:
        return []
    d_k = _key_dimension(rec.rows[0][1])  # the paper's name for it: d_k, d_h, D_h ...
    if _free_symbols(rec.rows[0][1]) != {"Q", "K", "V", d_k}:
        return []
    shapes = {
        "q": ("Q", f"(B, h, T, {d_k})"),
        "k": ("K", f"(B, h, S, {d_k})"),
        "v": ("V", "(B, h, S, d_v)"),
    }
    return [
        EquationEntry(
            anchor=rec.anchor,
            latex=rec.rows[0][1],
            status="implemented",
            callable="src.model:scaled_dot_product_attention",
            params=[EquationParam(n, sym, "input", shape) for n, (sym, shape) in shapes.items()],
            reason="d_k is the last dimension of q; no mask, no dropout",
        )
    ]


def _free_symbols(latex: str) -> set[str] | None:
    """The symbols the right side of an equation reads, as the math reader names them; None
    when the reader cannot read it (the checker could not compute it either)."""
    try:
        tree = parse_equation(latex)
    except UnsupportedConstruct:
        return None
    found: set[str] = set()
    todo: list[object] = [tree.right if isinstance(tree, Relation) else tree]
    while todo:
        node = todo.pop()
        if isinstance(node, Sym):
            found.add(node.name)
        elif isinstance(node, tuple):
            todo.extend(node)
        elif hasattr(node, "__dataclass_fields__"):
            todo.extend(getattr(node, name) for name in node.__dataclass_fields__)
    return found


def _key_dimension(latex: str) -> str:
    """The name the math reader gives the symbol under the equation's square root."""
    root = re.search(r"\\sqrt\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", latex)
    try:
        node = parse_equation(root.group(1)) if root else None
    except UnsupportedConstruct:
        node = None
    return node.name if isinstance(node, Sym) else "d_k"


def values_of(values: Values, *path: str):
    return next((e.value for e in values.entries if e.path == path), None)


def pe_explain(mode: Mode) -> str:
    return explain(
        mode,
        "Attention itself ignores order; adding a position-dependent vector to each token "
        "embedding is what lets the model use word order.",
        "        ",
    )


def component(citer: Citer, part: Part, note: str) -> Component:
    anchor = citer.anchor(part)
    if not anchor:
        note += " — [ASSUMPTION] standard form; the paper does not define it"
    return Component(name=part.name, anchor=anchor, implemented=True, note=note)


# ---- notebook ---------------------------------------------------------------------------------


def _notebook(citer: Citer, arch: str, c: ch.Choices, mode: Mode) -> list[NotebookCell]:
    cells = [
        section_cell(citer, SDPA),
        NotebookCell(
            "code",
            """B, h, T, d_k = 2, 2, 5, 8  # [ASSUMPTION] tiny shapes for a CPU check
q, k, v = torch.randn(B, h, T, d_k), torch.randn(B, h, T, d_k), torch.randn(B, h, T, d_k)
out = model_py.scaled_dot_product_attention(q, k, v)
assert out.shape == (B, h, T, d_k)
out.shape""",
        ),
        section_cell(citer, MHA),
        NotebookCell(
            "code",
            """cfg_small = model_py.ModelConfig.from_dict(values)
mha = model_py.MultiHeadAttention(cfg_small)
x = torch.randn(2, 5, values["d_model"])
assert mha(x, x).shape == x.shape
mha(x, x).shape""",
        ),
        section_cell(citer, ch.GATED_FFN if c.ffn in ch.GATED else FFN),
        NotebookCell(
            "code",
            """ffn = model_py.PositionwiseFeedForward(cfg_small)  # `ffn` in configs/base.yaml
assert ffn(x).shape == x.shape
ffn(x).shape""",
        ),
        section_cell(citer, POSITION_PARTS[c.pos]),
        NotebookCell("code", _POSITIONS_CELL[c.pos]),
    ]
    if arch in CAUSAL_ARCHITECTURES:
        cells.append(section_cell(citer, CAUSAL))
        cells.append(
            NotebookCell(
                "code", "model_py.causal_mask(4)[0, 0].int()  # [ASSUMPTION] 4 positions, to print"
            )
        )
    if arch == "vision_encoder":
        cells.append(section_cell(citer, PATCHES))
    cells.append(
        NotebookCell(
            "markdown",
            f"## The whole model ({ARCHITECTURE_NAMES[arch][1]})\n\n"
            "Built from the smoke-size values of `configs/base.yaml`; one forward pass.",
        )
    )
    cells.append(NotebookCell("code", _WHOLE_MODEL[arch]))
    if mode is Mode.EDUCATIONAL:
        cells.insert(
            2,
            NotebookCell(
                "code",
                """# Why divide by sqrt(d_k)? A dot product of random unit-variance vectors
# has variance d_k; dividing by sqrt(d_k) brings it back to 1.
for d in (4, 64, 1024):  # [ASSUMPTION] three widths to compare
    a, b = torch.randn(10000, d), torch.randn(10000, d)
    raw = (a * b).sum(-1)
    print(f"d_k={d}: variance {raw.var():.1f}, scaled {(raw / d**0.5).var():.2f}")""",
            ),
        )
        cells.append(
            NotebookCell(
                "code",
                """# Attention weights of one head: each row is a distribution over keys.
weights = (q[0, 0] @ k[0, 0].T / k.size(-1) ** 0.5).softmax(-1)
assert torch.allclose(weights.sum(-1), torch.ones(weights.size(0)))
weights""",
            )
        )
    return cells


_POSITIONS_CELL = {
    "sinusoidal": """pe = model_py.absolute_positions(cfg_small)
assert pe(torch.zeros(1, 5, values["d_model"])).shape == (1, 5, values["d_model"])
pe(torch.zeros(1, 5, values["d_model"]))[0, :, :4]  # first features of the first positions""",
    "learned": """pe = model_py.absolute_positions(cfg_small)
assert pe(torch.zeros(1, 5, values["d_model"])).shape == (1, 5, values["d_model"])
pe(torch.zeros(1, 5, values["d_model"]))[0, :, :4]  # first features of the first positions""",
    "rope": """rope = mha.rope  # rotates queries and keys; a rotation keeps their length
q = torch.randn(1, 1, 5, mha.d_k)
# [ASSUMPTION] atol 1e-5: float32 round-off
assert torch.allclose(rope(q).norm(dim=-1), q.norm(dim=-1), atol=1e-5)
rope(q)[0, 0, :, :4]  # first features of the rotated queries""",
    "alibi": """bias = model_py.alibi_bias(values["num_heads"], 5, 5)  # (h, T, S)
assert bias.shape == (values["num_heads"], 5, 5)
bias[0]  # the first head's distance penalty""",
    "none": """pe = model_py.absolute_positions(cfg_small)  # nothing is added
x0 = torch.zeros(1, 5, values["d_model"])
assert torch.equal(pe(x0), x0)
pe(x0).shape""",
}

_WHOLE_MODEL = {
    "vision_encoder": """model = model_py.build_model(values).eval()
images = torch.randn(2, values["in_channels"], values["image_size"], values["image_size"])
patches = model.patches(images)
assert patches.shape == (2, values["max_seq_len"] - 1, values["d_model"])
logits = model(images)
assert logits.shape == (2, values["num_classes"])
patches.shape, logits.shape""",
    "encoder_decoder": """model = model_py.build_model(values).eval()
src = torch.randint(0, values["vocab_size"], (2, 7))
tgt = torch.randint(0, values["vocab_size"], (2, 5))
logits = model(src, tgt)
assert logits.shape == (2, 5, values["vocab_size"])
logits.shape""",
    "decoder_only": """model = model_py.build_model(values).eval()
tokens = torch.randint(0, values["vocab_size"], (2, 7))
logits = model(tokens)
assert logits.shape == (2, 7, values["vocab_size"])
logits.shape""",
    "encoder_only": """model = model_py.build_model(values).eval()
tokens = torch.randint(0, values["vocab_size"], (2, 7))
logits = model(tokens)
assert logits.shape == (2, 7, values["vocab_size"])
logits.shape""",
}

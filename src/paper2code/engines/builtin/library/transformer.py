"""The Transformer family (encoder-decoder, encoder-only, decoder-only, encoder over image
patches): its parts, the config values its code reads, and the citations its code carries, the
same for every framework.

The code itself is in template files, templates/transformer/<framework>/, that read like an
annotated implementation: one class per concern in the order of the architecture, paper notation
in names (W_q, d_k, h), shapes as end-of-line comments, the defining equation in the docstring;
`transformer_assembly` fills them.
"""

from __future__ import annotations

import re
import textwrap

from paper2code.engines.base import Component, EquationEntry, EquationParam, Mode
from paper2code.engines.builtin.library import transformer_choices as ch
from paper2code.engines.builtin.library.common import explain, knowledge_default, steps
from paper2code.engines.builtin.library.tasks import Task
from paper2code.engines.builtin.recognise import Recognised
from paper2code.engines.builtin.template import Citer, Part
from paper2code.engines.builtin.values import Default, Values, choices
from paper2code.equations import UnsupportedConstruct, parse_equation
from paper2code.equations.tree import Relation, Sym
from paper2code.escape import quoted
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
ALIBI_WITH_PAPER_ATTENTION = (
    "ALiBi: MultiHeadAttention computes the paper's own attention, which takes no score bias, "
    "so the ALiBi distance penalty (`pos: alibi`) is not applied."
)
TOKENS = ("encoder_decoder", "encoder_only", "decoder_only")  # the architectures that read tokens
CAUSAL_ARCHITECTURES = ("encoder_decoder", "decoder_only")
# `training.lr_schedule`: the schedules train.py has code for (templates' schedule_<name>.py)
SCHEDULES = ("inverse_sqrt", "linear_warmup")

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
            ("model", "image_size"), knowledge_default("image_size", family="transformer")
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
    stated = v.stated_value("lr_schedule")
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


TRAINING_VALUES = [
    (("training", "warmup_steps"), knowledge_default("warmup_steps", steps)),
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
    (("training", "train_steps"), knowledge_default("train_steps", steps)),
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
    stated = v.stated_value("optimizer")
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


# ---- citations the code carries -------------------------------------------------------------


# repeat_kv's docstring when the paper says nothing of key-value heads
KV_DOC = (
    "Key-value heads shared by groups of query heads: `num_kv_heads` in configs/base.yaml "
    "(equal to num_heads, it is plain multi-head attention)."
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

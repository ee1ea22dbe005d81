"""The architecture choices of the Transformer family (normalisation and where it sits, the
feed-forward variant, how positions enter, key-value heads, biases, tied embeddings): each one
a config value the generated code reads, taken from the paper's statement and cited, or the
knowledge base's default, flagged with its alternatives.

Where a choice comes from the audit's quote, the part it selects (RMSNorm, RoPE ...) is cited
at that quote: `cited` maps the part's key to a `Recognised` the `Citer` reads like any other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from paper2code.analyse.model import Status
from paper2code.engines.builtin.library.common import knowledge_default
from paper2code.engines.builtin.recognise import Recognised
from paper2code.engines.builtin.template import Part
from paper2code.engines.builtin.values import Default, Values, choices
from paper2code.paper.text import canonical

LAYER_NORM = Part("layer_norm", "Layer normalisation", "LayerNorm over the d_model features")
RMS_NORM = Part(
    "rms_norm",
    "RMSNorm",
    "RMSNorm over the d_model features: x / RMS(x) * g, no centring, no bias",
    r"\mathrm{RMSNorm}(x) = \frac{x}{\sqrt{\frac{1}{d}\sum_i x_i^2 + \epsilon}} \odot g",
)
NORM_PLACEMENT = Part(
    "norm_placement",
    "Normalisation placement",
    "where each sub-layer's normalisation sits (pre, post or sandwich)",
)
GATED_FFN = Part(
    "gated_feed_forward",
    "Gated (GLU) feed-forward network",
    "FFN(x) = (act(x W_1) * x W_3) W_2 with act = SiLU (SwiGLU) or GELU (GeGLU)",
    r"\mathrm{FFN}(x) = (\mathrm{act}(xW_1) \odot xW_3)W_2",
)
ROPE = Part(
    "rotary_positional_encoding",
    "Rotary position embedding (RoPE)",
    "queries and keys rotated pair by pair by position-dependent angles m * theta^(-2i/d_k)",
)
ALIBI = Part(
    "alibi",
    "ALiBi attention bias",
    "a per-head linear penalty -m_i |t - s| on the attention scores, no position embeddings",
)
NO_POSITIONS = Part(
    "no_positional_encoding",
    "No positional encoding",
    "no position information beyond the causal mask",
)
KV_HEADS = Part(
    "kv_heads",
    "Key-value heads (grouped-query / multi-query attention)",
    "h_kv key-value heads, each shared by h / h_kv query heads",
)
TIED = Part(
    "tied_embeddings",
    "Tied input and output embeddings",
    "the pre-softmax projection shares the token embedding's weight",
)

GATED = ("swiglu", "geglu")
# The knowledge base's words for each choice -> the value the generated code reads.
NORM = choices((r"rms", "rmsnorm"), (r"layer", "layernorm"))
PLACEMENT = choices((r"^pre", "pre"), (r"^post", "post"), (r"sandwich", "sandwich"))
FFN = choices((r"swiglu", "swiglu"), (r"geglu", "geglu"), (r"^gelu", "gelu"), (r"^relu", "relu"))
POS = choices(
    (r"rope|rotary", "rope"),
    (r"alibi", "alibi"),
    (r"sinus", "sinusoidal"),
    (r"learn", "learned"),
    (r"^none$|^no\b", "none"),
)
# The audit's values that a recognised sinusoidal or learned encoding does not override: a
# paper that uses RoPE may still describe the sinusoidal encoding of its baseline.
_STATED_ONLY = ("rope", "alibi", "none")


def flag(value: Any) -> bool | None:
    """A yes/no choice in the knowledge base's words (true, "false", "none") as a bool."""
    if isinstance(value, bool):
        return value
    return choices((r"^(true|yes)$", True), (r"^(false|no|none)$", False))(value)


@dataclass
class Choices:
    """The values chosen, and the parts they select cited where the paper states them."""

    norm: str = "layernorm"
    norm_position: str = "post"
    ffn: str = "relu"
    pos: str = "sinusoidal"
    num_kv_heads: Any = None
    tie_embeddings: bool = False
    cited: dict[str, Recognised] = field(default_factory=dict)

    @property
    def norm_part(self) -> Part:
        return RMS_NORM if self.norm == "rmsnorm" else LAYER_NORM


def _stated(v: Values, audit_key: str) -> Any:
    """The audit item for `audit_key` when the paper states it (SPECIFIED, with an anchor)."""
    item = v.analysis.item(audit_key)
    if item is not None and item.status is Status.SPECIFIED and item.anchor:
        return item
    return None


def _cite_from_audit(
    v: Values, choices_: Choices, audit_key: str, part: Part, value: Any, convert
) -> None:
    """Cite `part` at the audit's quote when the paper states the value that selects it."""
    item = _stated(v, audit_key)
    if item is not None and convert(item.value) == value:
        choices_.cited[part.key] = Recognised(part.key, item.anchor, item.quote or item.choice)


def positions(v: Values, found: dict[str, Recognised], c: Choices) -> None:
    """`pos`: a recognised sinusoidal or learned encoding, unless the paper states RoPE, ALiBi
    or none; else the audit's reading; else the knowledge base's default."""
    item = _stated(v, "pos_encoding_type")
    stated = POS(item.value) if item is not None else None
    sinusoidal = found.get("sinusoidal_positional_encoding")
    learned = found.get("learned_positional_encoding")
    if stated not in _STATED_ONLY and learned is not None and sinusoidal is None:
        c.pos = v.add(("model", "pos"), "learned", f"{learned.anchor} — learned embeddings")
    elif stated not in _STATED_ONLY and sinusoidal is not None:
        c.pos = v.add(("model", "pos"), "sinusoidal", f"{sinusoidal.anchor} — sine and cosine")
    else:
        c.pos = v.resolve(
            ("model", "pos"),
            knowledge_default("pos_encoding_type", POS),
            audit_key="pos_encoding_type",
            convert=POS,
        )
        for part, value in ((ROPE, "rope"), (ALIBI, "alibi"), (NO_POSITIONS, "none")):
            _cite_from_audit(v, c, "pos_encoding_type", part, value, POS)
    theta = knowledge_default("pos_encoding_base")
    if c.pos == "rope":
        v.resolve(("model", "rope_theta"), theta, audit_key="pos_encoding_base")
    else:  # read only when `pos` is switched to rope: a value for that case, flagged
        v.add(
            ("model", "rope_theta"),
            theta.value,
            f"[ASSUMPTION] RoPE base theta, read only when `pos` is rope (the paper's `pos` is "
            f"{c.pos}); {theta.value} as in RoFormer."
            f" Alternatives: {', '.join(theta.alternatives)}.",
        )


def feed_forward(v: Values, found: dict[str, Recognised], c: Choices) -> None:
    """`ffn`: ReLU when the paper's FFN equation writes max(0, .), else the audit's reading."""
    rec = found.get("feed_forward")
    if rec is not None and "max0" in canonical(rec.evidence):
        c.ffn = v.add(("model", "ffn"), "relu", f"{rec.anchor} — max(0, .) is ReLU")
        return
    gated = found.get(GATED_FFN.key)
    stated = _stated(v, "ffn_activation")
    if gated is not None and (stated is None or FFN(stated.value) not in GATED):
        # the paper's FFN equation gates: SiLU (Swish) makes it SwiGLU, GELU GeGLU
        form = canonical(gated.evidence)
        c.ffn = "swiglu" if "silu" in form or "swish" in form else "geglu"
        v.add(("model", "ffn"), c.ffn, f"{gated.anchor} — a gated feed-forward ({c.ffn})")
        return
    c.ffn = v.resolve(
        ("model", "ffn"),
        knowledge_default("ffn_activation", FFN),
        audit_key="ffn_activation",
        convert=FFN,
    )
    if c.ffn in GATED:
        _cite_from_audit(v, c, "ffn_activation", GATED_FFN, c.ffn, FFN)


def d_ff(v: Values, c: Choices, d_model: Any, times_d_model) -> None:
    """The FFN width: stated, else 4 x d_model (the knowledge base's default), or, for a gated
    FFN, 8/3 x d_model rounded up to a multiple of 256 as LLaMA does: a gated FFN has three
    matrices, so it keeps the parameters of a 4 x d_model two-matrix FFN."""
    default = knowledge_default("d_ff", lambda words: times_d_model(words, d_model) or 2048)
    if c.ffn in GATED and isinstance(d_model, int):
        default = Default(
            256 * math.ceil(8 * d_model / 3 / 256),
            default.choice,
            f"{c.ffn} has three weight matrices: 8/3 x d_model (rounded up to a multiple of "
            "256, as LLaMA) keeps the parameter count of a 4 x d_model FFN",
            tag="ASSUMPTION",
        )
    v.resolve(("model", "d_ff"), default, convert=lambda audit: times_d_model(audit, d_model))


def kv_heads(v: Values, c: Choices, num_heads: Any) -> None:
    """`num_kv_heads`: stated, 1 for multi-query attention, else num_heads (multi-head)."""

    def heads(value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return int(value)
        return num_heads if "num_heads" in str(value) else None

    c.num_kv_heads = v.resolve(
        ("model", "num_kv_heads"),
        knowledge_default("num_kv_heads", heads),
        audit_key="num_kv_heads",
        convert=heads,
    )
    if isinstance(num_heads, int) and c.num_kv_heads != num_heads:
        item = v.analysis.item("num_kv_heads")
        if item is not None and item.anchor:
            c.cited[KV_HEADS.key] = Recognised(KV_HEADS.key, item.anchor, item.quote or "")


def normalisation(v: Values, c: Choices, paper_norm: bool) -> None:
    """`norm` (unless the paper's own layer replaces it), `norm_position` and `norm_eps`."""
    if not paper_norm:
        c.norm = v.resolve(
            ("model", "norm"),
            knowledge_default("norm_type", NORM),
            audit_key="norm_type",
            convert=NORM,
        )
        _cite_from_audit(v, c, "norm_type", c.norm_part, c.norm, NORM)
    c.norm_position = v.resolve(
        ("model", "norm_position"),
        knowledge_default("norm_position", PLACEMENT),
        convert=PLACEMENT,
    )
    _cite_from_audit(v, c, "norm_position", NORM_PLACEMENT, c.norm_position, PLACEMENT)
    v.resolve(("model", "norm_eps"), knowledge_default("norm_eps"))


def bias_and_tying(v: Values, found: dict[str, Recognised], c: Choices, tokens: bool) -> None:
    """`bias` in every linear layer and LayerNorm (stated for the attention projections or the
    FFN, or written as b_1 in the FFN's equation), and `tie_embeddings` for a model that embeds
    tokens."""
    ffn = found.get("feed_forward")
    written = ffn is not None and bool(ffn.rows) and "b1" in canonical(ffn.evidence)
    if written and not (_stated(v, "qkv_bias") or _stated(v, "linear_bias")):
        v.add(("model", "bias"), True, f"{ffn.anchor} — the FFN's equation adds b_1 and b_2")
    else:
        linear = _stated(v, "linear_bias") and not _stated(v, "qkv_bias")
        key = "linear_bias" if linear else "qkv_bias"
        v.resolve(("model", "bias"), knowledge_default(key, flag), audit_key=key, convert=flag)
    if tokens:
        c.tie_embeddings = v.resolve(
            ("model", "tie_embeddings"),
            knowledge_default("weight_tying", flag),
            audit_key="weight_tying",
            convert=flag,
        )
        if c.tie_embeddings:
            _cite_from_audit(v, c, "weight_tying", TIED, True, flag)

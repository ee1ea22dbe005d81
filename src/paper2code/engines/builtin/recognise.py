"""Recognise which library components a paper describes, and where it describes them.

This is pattern matching, not analysis: each library component has a few signatures (a shape of
equation, a phrase in a paragraph or section title) and the first element that shows one becomes
the component's anchor. Equations are matched on their `canonical` form, so `\\mathrm{softmax}`,
`\\operatorname{softmax}` and `softmax` all read the same. Anchors come only from the `Paper`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from paper2code.analyse.components import in_scope
from paper2code.paper.model import Algorithm, Element, Equation, Paper, Section
from paper2code.paper.text import canonical


@dataclass(frozen=True)
class Recognised:
    """One library component found in the paper."""

    key: str  # library component: "scaled_dot_product_attention"
    anchor: str  # "§3.2.1, Eq. 1", or "§3.2" when only prose or an unnumbered equation shows it
    evidence: str  # the equation's LaTeX, or the sentence that names the component
    rows: tuple[tuple[str, str], ...] = ()  # (anchor, LaTeX) of the defining equation rows
    also: tuple[str, ...] = ()  # later equations and algorithms that restate it


def _eq(*patterns: str) -> Callable[[str], bool]:
    """A signature on an equation's canonical form: every regex must match."""
    compiled = [re.compile(p) for p in patterns]
    return lambda s: all(p.search(s) for p in compiled)


# Signatures on equations (canonical form: lowercase, no spaces/braces/backslashes).
_EQUATION_SIGNATURES: dict[str, Callable[[str], bool]] = {
    "scaled_dot_product_attention": _eq(r"softmax", r"sqrtd(k|h)?|sqrtd\b|sqrtdmodel"),
    "multi_head_attention": _eq(r"concat", r"head"),
    "feed_forward": _eq(r"max0", r"w1", r"w2"),
    # SwiGLU / GeGLU: act(x W_1) elementwise times x W_3 (or V), then W_2
    "gated_feed_forward": _eq(r"silu|swish|gelu", r"w1", r"w2", r"odot|otimes|w3"),
    "sinusoidal_positional_encoding": _eq(r"pe", r"sin|cos", r"10000"),
    "inverse_sqrt_schedule": _eq(r"-0\.5", r"warmup"),
    "label_smoothing": _eq(r"epsilonls|labelsmooth"),
    "forward_process": _eq(r"q(x|z)t\|(x|z)(0|t-1)", r"sqrt"),
    "epsilon_prediction_loss": _eq(r"epsilon-epsilontheta|epsilontheta.*-epsilon\b|\|epsilon-"),
    "ancestral_sampling": _eq(r"(x|z)t-1=", r"frac1sqrtalphat"),
}

# Signatures on prose (paragraphs, section titles, captions): a phrase in canonical form.
_PROSE_SIGNATURES: dict[str, tuple[str, ...]] = {
    "scaled_dot_product_attention": ("scaleddotproductattention",),
    "multi_head_attention": ("multiheadattention", "multiheadselfattention"),
    "feed_forward": ("positionwisefeedforward", "feedforwardnetwork", "feedforwardlayer"),
    "gated_feed_forward": ("swiglu", "geglu"),
    "sinusoidal_positional_encoding": (
        "sinusoidalpositionalencoding",
        "sinusoidalpositionembedding",
        "sinusoidalpositionalembedding",
        "sineandcosinefunctions",
    ),
    "learned_positional_encoding": ("learnedpositionalembedding", "learnedpositionembedding"),
    "encoder_stack": ("encoderiscomposedofastack", "stackofnidenticallayers", "encoderstack"),
    "decoder_stack": ("decoderisalso", "decoderstack", "decoderconsistsof"),
    "encoder_only": ("encoderonly", "bidirectionalencoder", "maskedlanguagemodel"),
    "decoder_only": ("decoderonly", "autoregressivelanguagemodel", "causallanguagemodel"),
    "causal_mask": ("maskingout", "causalmask", "ismasked", "maskedselfattention", "maskedsothat"),
    "layer_norm": ("layernormalization", "layernorm"),
    "residual": ("residualconnection",),
    "label_smoothing": ("labelsmoothing",),
    "adam": ("adamoptimizer", "adamw", "weuseadam", "withadam"),
    # "warmup steps" alone says nothing of the decay that follows
    "inverse_sqrt_schedule": ("inversesquareroot",),
    "forward_process": ("forwardprocess", "diffusionprocess"),
    "beta_schedule": ("varianceschedule", "noiseschedule", "linearschedule", "cosineschedule"),
    "linear_beta_schedule": ("linearschedule", "linearvarianceschedule", "linearnoiseschedule"),
    "cosine_beta_schedule": ("cosineschedule", "cosinevarianceschedule", "cosinenoiseschedule"),
    "epsilon_prediction_loss": ("predictthenoise", "epsilonprediction", "noiseprediction"),
    "ancestral_sampling": ("ancestralsampling", "samplingprocedure", "reverseprocess"),
    "unet": ("unet",),
    # "self-attention at the 16 x 16 resolution", "attention blocks at 16x16"
    "unet_attention": ("selfattentionat", "attentionblocksat", "attentionlayersat"),
    "time_embedding": (
        "timeembedding",
        "sinusoidalpositionembedding",
        "timestepembedding",
        "diffusiontime",
    ),
    "ema": ("exponentialmovingaverage", "emadecay"),
    "data": ("trainingdata", "datasets", "experimentalsetup"),
    # the image cut into patches that become the tokens: "image patches" alone also names the
    # regions of a CNN's feature grid a captioning decoder attends to
    "patch_embedding": (
        "patchembedding",
        "intopatches",
        "flattenedpatches",
        "sequenceofpatches",
        "2dpatches",
    ),
    "class_token": ("classtoken", "clstoken", "classificationtoken", "learnableembedding"),
}

# Algorithms (pseudo-code) that define a component: a phrase in caption or lines.
_ALGORITHM_SIGNATURES: dict[str, tuple[str, ...]] = {
    "epsilon_prediction_loss": ("training",),
    "ancestral_sampling": ("sampling",),
}

# Components that decide the stack's layout count only where the paper describes its own
# model: the introduction and related work name other models' layouts ("decoder-only LMs").
_LAYOUT_KEYS = frozenset(
    {"encoder_stack", "decoder_stack", "encoder_only", "decoder_only", "patch_embedding"}
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _prose(text: str) -> str:
    """Canonical form for phrase matching: hyphens go too, so "multi-head" = "multihead"."""
    return canonical(text).replace("-", "")


def _sentence_with(text: str, phrase: str, limit: int = 140) -> str:
    """The sentence of `text` containing `phrase` (canonically), cut to `limit` characters at a
    word boundary: still a verbatim piece of the paper, short enough for a comment."""
    sentence = next((s for s in _SENTENCE.split(text) if phrase in _prose(s)), text)
    sentence = " ".join(sentence.split()).replace('"', "'")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " ..."
    return sentence


def cite_anchor(el: Element) -> str:
    """`§3.2.1, Eq. 1` for a numbered equation inside a section, else the most specific anchor
    the element has."""
    if isinstance(el, Section):
        return el.anchor
    if el.numbered and el.section and el.section != el.anchor:
        return f"{el.section}, {el.anchor}"
    return el.anchor


def _with_following_rows(elements: list[Element], i: int) -> tuple[tuple[str, str], ...]:
    """(anchor, LaTeX) of equation `i` and of the rows after it in the same multi-row
    environment (an `align` that defines PE(pos, 2i) and PE(pos, 2i+1) on two numbered rows)."""
    first = elements[i]
    rows = [first]
    for el in elements[i + 1 :]:
        if not isinstance(el, Equation) or el.env != first.env or el.section != first.section:
            break
        if first.env in ("equation", "equation*", "displaymath"):
            break
        rows.append(el)
    return tuple((r.anchor, r.latex.strip()) for r in rows)


def _restated(found: dict[str, Recognised], key: str, anchor: str) -> None:
    rec = found[key]
    if anchor != rec.anchor and anchor not in rec.also:
        found[key] = replace(rec, also=(*rec.also, anchor))


def recognise(paper: Paper) -> dict[str, Recognised]:
    """Library components the paper describes, each at the first place that defines it.

    A numbered equation beats prose: `Eq. 1` defines attention more precisely than the sentence
    that names it, so equation signatures are tried over the whole paper first."""
    found: dict[str, Recognised] = {}
    for i, el in enumerate(paper.elements):
        if isinstance(el, Equation) and el.latex:
            form = canonical(el.latex)
            for key, matches in _EQUATION_SIGNATURES.items():
                if not matches(form):
                    continue
                if key in found:
                    _restated(found, key, cite_anchor(el))
                else:
                    rows = _with_following_rows(paper.elements, i)
                    found[key] = Recognised(key, cite_anchor(el), el.latex, rows)
    for el in paper.elements:
        if isinstance(el, Algorithm):
            body = _prose(el.caption + " " + " ".join(el.lines))
            for key, phrases in _ALGORITHM_SIGNATURES.items():
                if not any(p in body for p in phrases):
                    continue
                if key in found:
                    _restated(found, key, el.anchor)
                else:
                    found[key] = Recognised(key, el.anchor, el.caption or el.anchor)
            continue
        if isinstance(el, Equation):
            continue
        text = Paper.element_text(el)
        if not text or not el.anchor:
            continue
        form = _prose(text)
        own = in_scope(paper, el)
        for key, phrases in _PROSE_SIGNATURES.items():
            if key in found or (key in _LAYOUT_KEYS and not own):
                continue
            phrase = next((p for p in phrases if p in form), None)
            if phrase is not None:
                found[key] = Recognised(key, cite_anchor(el), _sentence_with(text, phrase))
    return found


class Family:
    TRANSFORMER = "transformer"
    DIFFUSION = "diffusion"
    NONE = "none"


_DIFFUSION_KEYS = {"forward_process", "epsilon_prediction_loss", "ancestral_sampling"}
_TRANSFORMER_KEYS = {
    "scaled_dot_product_attention",
    "multi_head_attention",
    "feed_forward",
    "gated_feed_forward",
}


def family(found: dict[str, Recognised]) -> str:
    """Which end-to-end model the library can build: diffusion needs two of its three defining
    parts, a Transformer needs attention plus one more of its parts."""
    if len(_DIFFUSION_KEYS & found.keys()) >= 2:
        return Family.DIFFUSION
    attention = "scaled_dot_product_attention" in found or "multi_head_attention" in found
    if attention and (len(_TRANSFORMER_KEYS & found.keys()) >= 2 or "encoder_stack" in found):
        return Family.TRANSFORMER
    return Family.NONE


# What the diffusion family's model takes: images (its U-Net is 2-D convolutions over pixels).
_IMAGE_WORDS = re.compile(
    r"\bimages?\b|\bpixels?\b|\bcifar|\bimagenet\b|\bceleba|\blsun\b|\bffhq\b", re.IGNORECASE
)
# Data that an image model does not take, by the words papers use for it.
_OTHER_DATA = {
    "tabular": re.compile(r"\btabular\b", re.IGNORECASE),
    "graph": re.compile(r"\bgraphs?\b|\bmolecul\w*", re.IGNORECASE),
    "audio": re.compile(r"\baudio\b|\bspeech\b|\bwaveforms?\b|\bspectrograms?\b", re.IGNORECASE),
}
_MIN_MENTIONS = 3  # fewer is a passing remark ("unlike graph methods"), not the paper's data


def data_mismatch(paper: Paper, kind: str) -> str | None:
    """Why the family's model does not fit the paper's data (None when it does): a diffusion
    paper about tabular, graph or audio data, named more often than images, gets no image
    U-Net."""
    if kind != Family.DIFFUSION:
        return None
    text = paper.text()
    images = len(_IMAGE_WORDS.findall(text))
    name, count = max(((n, len(rx.findall(text))) for n, rx in _OTHER_DATA.items()),
                      key=lambda pair: pair[1])  # fmt: skip
    if count < _MIN_MENTIONS or count <= images:
        return None
    return (
        f"the paper's data is {name} (named {count} times, images {images}): the built-in "
        f"diffusion model is an image U-Net, which does not take {name} data, so its denoising "
        "network is not generated"
    )


def architecture(paper: Paper, found: dict[str, Recognised]) -> tuple[str, Recognised | None]:
    """encoder_decoder, encoder_only, decoder_only or vision_encoder (a Transformer encoder
    over image patches), and the evidence that decided it."""
    if "patch_embedding" in found:
        return "vision_encoder", found["patch_embedding"]
    if "decoder_only" in found:
        return "decoder_only", found["decoder_only"]
    if "encoder_only" in found:
        return "encoder_only", found["encoder_only"]
    if "decoder_stack" in found or "encoder_stack" in found:
        return "encoder_decoder", found.get("encoder_stack") or found.get("decoder_stack")
    text = canonical(paper.text())
    if "encoder" in text and "decoder" in text:
        return "encoder_decoder", None
    return ("decoder_only" if "causal_mask" in found else "encoder_only"), None

"""What the analysis stage decides about a paper: plain data, read by engines and renderers.

`Analysis` holds the hyperparameters the paper states (each with its exact quote and anchor),
the paper's type and core contribution, the component families it uses, and the ambiguity audit:
every implementation choice from the knowledge base, classified SPECIFIED, PARTIALLY_SPECIFIED
or UNSPECIFIED.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

Number = int | float


@dataclass
class StatedHyperparameter:
    """One value the paper states for one hyperparameter, at one place."""

    name: str  # canonical name from the knowledge-base vocabulary: "dropout", "learning_rate"
    value: Number | str  # parsed: 1e-9 for "10^{-9}", 100000 for "100K"; a word for categorical
    raw: str  # the value as written: "10^{-9}", "100K", "3 \\times 10^{-4}"
    quote: str  # exact text from the paper that states it (found by Paper.contains_quote)
    anchor: str  # where: "§5.3", "Table 3"
    unit: str | None = None  # "steps", "epochs", "tokens", "images"
    context: str | None = None  # what this value applies to: "base model", "CIFAR10"


class ValueKind(StrEnum):
    """What a stated number is, for a reproduction."""

    METHOD = "method"  # a setting of the paper's own method
    BASELINE = "baseline"  # a setting of a method the paper compares with
    RESULT = "result"  # a measured outcome to reproduce: "FID 7.32"
    DATA = "data"  # a statistic of the data: "851,293 training pairs"
    COMPUTE = "compute"  # hardware and time: "16 GPUs"
    EXAMPLE = "example"  # an illustration, not a setting: "e.g. a 3x3 grid"
    SWEEP = "sweep"  # a range or grid searched over: "between 0.7 and 3.0"


@dataclass
class ValueContext:
    """What one stated value applies to; None where the paper does not say."""

    model: str | None = None  # model or variant: "ours", "Transformer baseline", "3B"
    experiment: str | None = None  # experiment or dataset: "ImageNet 256x256", "ablation"
    stage: str | None = None  # "pre-training", "fine-tuning", "evaluation"


@dataclass
class StatedValue:
    """One number (or named choice) the paper states, named as the paper names it.

    Unlike `StatedHyperparameter`, it needs no vocabulary: `canonical` is a label added when the
    knowledge base has a name for the quantity, and a value without one is kept."""

    name: str  # as the paper says it: "KV compression dimension", "routed experts"
    value: Number | str | list[Number | str]  # a list for tuples, lists and ranges as written
    raw: str  # as written: "2K", "(0.9, 0.95)", "$10^{-4}$"
    kind: ValueKind
    anchor: str  # "§3.2", "Table 3"
    quote: str  # exact text of the paper that contains the value (Paper.contains_quote)
    symbol: str | None = None  # LaTeX symbol when the paper gives one: "d_c", "\\beta_1"
    unit: str | None = None  # "steps", "GPUs", "%"
    context: ValueContext = field(default_factory=ValueContext)
    canonical: str | None = None  # knowledge-base name: "learning_rate", "num_heads"
    source: str | None = None  # "sections/method.tex:41" when known


@dataclass
class Conflict:
    """The paper states different values for one thing, with no context to tell them apart."""

    name: str
    hyperparameters: list[StatedHyperparameter]
    note: str


class PaperType(StrEnum):
    ARCHITECTURE = "architecture"
    TRAINING_METHOD = "training_method"
    LOSS = "loss"
    INFERENCE = "inference"
    FINE_TUNING = "fine_tuning"
    THEORY = "theory"


@dataclass
class Evidence:
    quote: str
    anchor: str


@dataclass
class Contribution:
    paper_type: PaperType
    summary: str  # one sentence naming the core contribution
    anchors: list[str]  # the sections and equations that define it: ["§3.2", "Eq. 1"]
    evidence: list[Evidence] = field(default_factory=list)
    implementable: bool = True  # False for a theory paper with nothing to implement


class Status(StrEnum):
    SPECIFIED = "SPECIFIED"
    PARTIALLY_SPECIFIED = "PARTIALLY_SPECIFIED"
    UNSPECIFIED = "UNSPECIFIED"


@dataclass
class AuditItem:
    """One implementation choice and what the paper says about it."""

    key: str  # knowledge-base id: "norm_position", "layernorm_eps", "adam_eps"
    family: str  # component family: "attention", "normalization", "optimizer", "diffusion"
    choice: str  # human name: "LayerNorm placement"
    status: Status
    value: bool | Number | str | None  # what we use (the paper's value when SPECIFIED), or on/off
    quote: str | None = None  # the paper's words (SPECIFIED, PARTIALLY_SPECIFIED)
    anchor: str | None = None
    rationale: str = ""  # why this value; what is ambiguous (PARTIALLY_SPECIFIED)
    alternatives: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    hyperparameters: list[StatedHyperparameter] = field(default_factory=list)
    stated_values: list[StatedValue] = field(default_factory=list)  # every number, any name
    conflicts: list[Conflict] = field(default_factory=list)
    contribution: Contribution | None = None
    components: list[str] = field(default_factory=list)  # detected families, e.g. "attention"
    audit: list[AuditItem] = field(default_factory=list)

    def values(self, name: str) -> list[StatedHyperparameter]:
        return [f for f in self.hyperparameters if f.name == name]

    def value(self, name: str, context: str | None = None) -> StatedHyperparameter | None:
        """The stated value for `name` (for `context` when given), the first stated otherwise."""
        found = self.values(name)
        if context is not None:
            matching = [f for f in found if f.context == context]
            found = matching or found
        return found[0] if found else None

    def item(self, key: str) -> AuditItem | None:
        return next((a for a in self.audit if a.key == key), None)

    def to_dict(self) -> dict:
        return asdict(self)

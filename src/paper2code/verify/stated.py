"""What the paper states for each canonical name, as the checker compares config values with it.

`paper_states` is the checker's one question to the analysis stage: every value the paper
states for `learning_rate`, `batch_size`, `optimizer` ..., wherever it stands and for whichever
setting. It reads both the vocabulary's findings and the stated values (issue 13) that carry a
canonical label, so a value only the open reading names ("the base learning rate is 2.5e-5")
counts too. Its answer does not depend on the implementation being checked, so a `Checker` asks
once per paper, and only when a config value needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from paper2code.analyse.hyperparams import extract_hyperparameters
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.table_values import table_values
from paper2code.analyse.values import extract_stated_values
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper
from paper2code.paper.numbers import same_value


@dataclass(frozen=True)
class Stated:
    """One value the paper states for a canonical name."""

    value: float | str  # a number, or the label of a named choice ("adam")
    raw: str  # as written: "3e-4", "Adam"
    anchor: str  # "§5.3", "Table 3"
    quote: str  # the paper's words that state it
    context: str | None  # the setting it is for ("big", "CIFAR10"); None: the method's own


# Kinds of stated values that set up the paper's own method: its settings and its data's
# (a picture size); a baseline's, a result, a sweep's or an example's value is not the method's.
_OWN_KINDS = (ValueKind.METHOD, ValueKind.DATA)


def _context(v: StatedValue) -> str | None:
    """None for a value of the method itself, else what it applies to."""
    model = v.context.model
    if v.kind in _OWN_KINDS and model in (None, "ours"):
        return None
    return model if model not in (None, "ours") else str(v.kind)


def _same(a: float | str, b: float | str) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return same_value(float(a), float(b))


def paper_states(paper: Paper, kb: KnowledgeBase) -> dict[str, list[Stated]]:
    """Canonical name -> the values the paper states for it, in document order: the
    vocabulary's findings, then the labelled stated values they do not already hold."""
    findings = extract_hyperparameters(paper, kb)
    states: dict[str, list[Stated]] = {}
    for f in findings:
        states.setdefault(f.name, []).append(Stated(f.value, f.raw, f.anchor, f.quote, f.context))
    extra = table_values(paper, kb)
    for v in extract_stated_values(paper, kb, findings, extra=extra):
        if v.canonical is None:
            continue
        known = states.setdefault(v.canonical, [])
        for item in v.value if isinstance(v.value, list) else [v.value]:
            if not isinstance(item, (int, float, str)):
                continue
            if any(s.anchor == v.anchor and _same(s.value, item) for s in known):
                continue  # the vocabulary's reading of the same statement
            known.append(Stated(item, v.raw, v.anchor, v.quote, _context(v)))
    return states

"""What the paper states for each canonical name, as the checker compares config values with it.

`paper_states` is the checker's one question to the analysis stage: every value the paper
states for `learning_rate`, `batch_size`, `optimizer` ..., wherever it stands and for whichever
setting. Its answer does not depend on the implementation being checked, so a `Checker` asks
once per paper, and only when a config value needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from paper2code.analyse.hyperparams import extract_hyperparameters
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper


@dataclass(frozen=True)
class Stated:
    """One value the paper states for a canonical name."""

    value: float | str  # a number, or the label of a named choice ("adam")
    raw: str  # as written: "3e-4", "Adam"
    anchor: str  # "§5.3", "Table 3"
    quote: str  # the paper's words that state it
    context: str | None  # the setting it is for ("big", "CIFAR10"); None: the method's own


def paper_states(paper: Paper, kb: KnowledgeBase) -> dict[str, list[Stated]]:
    """Canonical name -> the values the paper states for it, in document order."""
    states: dict[str, list[Stated]] = {}
    for f in extract_hyperparameters(paper, kb):
        stated = Stated(f.value, f.raw, f.anchor, f.quote, f.context)
        states.setdefault(f.name, []).append(stated)
    return states

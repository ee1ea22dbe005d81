"""Analyse: hyperparameters with quotes, paper type and contribution, the ambiguity audit.

`analyse(paper)` is the stage's one entry point; it reads a `Paper` and returns an `Analysis`
(see `paper2code.analyse.model`) built against the knowledge base in `paper2code.knowledge`.
"""

from __future__ import annotations

from paper2code.analyse.audit import run_audit
from paper2code.analyse.components import detect_components
from paper2code.analyse.contribution import identify_contribution
from paper2code.analyse.hyperparams import extract_hyperparameters, find_conflicts
from paper2code.analyse.model import Analysis
from paper2code.analyse.table_values import table_values
from paper2code.analyse.values import extract_stated_values
from paper2code.knowledge import KnowledgeBase, load_knowledge
from paper2code.paper.model import Paper


def analyse(paper: Paper, kb: KnowledgeBase | None = None) -> Analysis:
    """What the paper states (each value with quote and anchor), what it contributes, which
    component families it uses, and every implementation choice classified."""
    kb = kb or load_knowledge()
    hyperparameters = extract_hyperparameters(paper, kb)
    conflicts = find_conflicts(hyperparameters)
    components = detect_components(paper, kb, hyperparameters)
    return Analysis(
        hyperparameters=hyperparameters,
        stated_values=extract_stated_values(
            paper, kb, hyperparameters, extra=table_values(paper, kb)
        ),
        conflicts=conflicts,
        contribution=identify_contribution(paper, hyperparameters),
        components=components,
        audit=run_audit(paper, kb, components, hyperparameters, conflicts),
    )


__all__ = ["analyse"]

"""The library's defaults come from the knowledge base: a value the config flags [UNSPECIFIED]
is the knowledge base's default for that choice (the family's own where it has one), the one
the audit reports in REPRODUCTION_NOTES.md, never a second default written in the library."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from paper2code.analyse import analyse
from paper2code.analyse.model import Analysis, Status
from paper2code.engines.base import ConfigEntry, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.knowledge import Choice, load_knowledge
from paper2code.paper import load_paper
from paper2code.paper.numbers import parse_number

FIXTURES = Path(__file__).parent / "fixtures" / "engine"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tiny_transformer"
PAPERS = {
    "ddpm": (FIXTURES / "ddpm", "diffusion"),
    "vit": (FIXTURES / "vit", "transformer"),
    "modern_lm": (FIXTURES / "modern_lm", "transformer"),
    "decoder_lm": (FIXTURES / "decoder_lm", "transformer"),
    "tiny_transformer": (EXAMPLE, "transformer"),
}


def _words(value: Any) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", str(value).lower()))


def agrees(value: Any, default: Any) -> bool | None:
    """Whether a config value is the knowledge base's default in the form the code reads
    ("100000 steps" -> 100000, "post-norm" -> post, "none" -> 0); None when the default is an
    expression of other values ("4 * d_model") that only the paper's sizes make a number."""
    if isinstance(value, bool) or isinstance(default, bool):
        return str(value).lower() == str(default).lower()
    if str(default).strip().lower() == "none":
        return value in (0, None, "none")
    plain = re.fullmatch(r"\s*(\S+)(?:\s+steps)?\s*", str(default))  # 3e-4, "100000 steps"
    number = parse_number(plain.group(1)) if plain else None
    if isinstance(value, int | float):
        return None if number is None else float(value) == float(number)
    return bool(_words(value) & _words(default))


def test_agreement_tells_a_disagreeing_default() -> None:
    # the case: grad_clip written as 0.0 in the library, 1.0 in the knowledge base
    assert agrees(0.0, 1.0) is False and agrees(1.0, 1.0) is True
    assert agrees("adam", "adamw") is False and agrees("adamw", "adamw") is True
    assert agrees(800000, "800000 steps") and not agrees(100000, "800000 steps")
    assert agrees("post", "post-norm") and agrees(0, "none")
    assert agrees(2048, "4 * d_model") is None


def _choice_of(key: str) -> Choice | None:
    """The knowledge-base choice a config key sets, by its name or the hyperparameter it is."""
    kb = load_knowledge()
    name = kb.canonical_key(key)
    if name is None:
        return None
    return next((c for c in kb.choices if c.key == name or name in c.hyperparameters), None)


def _unspecified(entries: list[ConfigEntry]) -> list[tuple[ConfigEntry, Choice]]:
    """The config values the library chose (flagged [UNSPECIFIED]) that the knowledge base
    also has a default for."""
    return [
        (e, choice)
        for e in entries
        if e.path[0] != "smoke"
        and e.comment.startswith("[UNSPECIFIED]")
        and (choice := _choice_of(e.path[-1])) is not None
    ]


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_library_defaults_are_the_knowledge_bases(name: str) -> None:
    """With no analysis, every value comes from the library's defaults: each must be the
    knowledge base's (its family's own where it has one)."""
    directory, family = PAPERS[name]
    project = BuiltinEngine().generate(load_paper(directory), Analysis(), Options())
    compared = _unspecified(project.config)
    assert len(compared) >= 8, [e.path for e, _ in compared]  # the comparison has something
    wrong = [
        (".".join(e.path), e.value, choice.under((family,)).default)
        for e, choice in compared
        if agrees(e.value, choice.under((family,)).default) is False
    ]
    assert not wrong, wrong


def test_the_audit_reports_the_default_the_config_uses() -> None:
    """REPRODUCTION_NOTES.md and configs/base.yaml say the same default for a diffusion paper:
    its own learning rate, batch size, EMA and budget, not a small Transformer's."""
    paper = load_paper(FIXTURES / "ddpm")
    analysis = analyse(paper)
    project = BuiltinEngine().generate(paper, analysis, Options())
    config = {e.path[-1]: e for e in project.config if e.path[0] != "smoke"}
    audited = {i.key: i for i in analysis.audit if i.status is Status.UNSPECIFIED}
    checked = 0
    for key, entry in config.items():
        choice = _choice_of(key)
        if choice is None or choice.key not in audited or not entry.comment.startswith("[UNSP"):
            continue
        checked += 1
        assert agrees(entry.value, audited[choice.key].value) is not False, key
    assert checked >= 3
    lr = next(i for i in analysis.audit if i.key == "learning_rate")
    assert lr.status is Status.SPECIFIED or lr.value == 2e-4

"""The paper's abbreviations: "Inception Score (IS)" makes a table column headed "IS" the
Inception Score (IS). A name that is only an abbreviation tells a reader little, and one paper
may define the same letters twice ("importance sampling (IS)" in its method, "Inception Score
(IS)" in its experiments): the definition in the value's own section is the one meant, else
the last one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paper2code.analyse.model import StatedValue
from paper2code.paper.model import Paper

_DEFINED = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,7})\)")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_SKIP = {"of", "the", "and", "for", "a", "an", "in", "on", "to", "with"}
_MAX_WORDS = 8


@dataclass(frozen=True)
class Abbreviation:
    short: str  # "IS"
    long: str  # "Inception Score"
    at: int  # the index of the paper element that defines it
    section: str | None  # the anchor of the section it stands in


def _initials(words: list[str]) -> str:
    """ "Self-Supervised Copy Detection" -> "sscd": each part of a hyphenated word counts."""
    parts = [p for w in words for p in w.split("-") if p and p.lower() not in _SKIP]
    return "".join(p[0].lower() for p in parts)


def _long_form(before: str, short: str) -> str | None:
    """The words right before "(IS)" whose initials spell it, the fewest that do."""
    letters = re.sub(r"[^a-z]", "", short.lower())
    words = _WORD.findall(before)[-_MAX_WORDS:]
    for k in range(1, len(words) + 1):
        if _initials(words[-k:]) == letters and words[-k].lower() not in _SKIP:
            return " ".join(words[-k:])
    return None


def abbreviations(paper: Paper) -> list[Abbreviation]:
    """Every "Long Form (ABBR)" of the paper's prose, in document order."""
    found = []
    for i, el in enumerate(paper.elements):
        text = paper.element_text(el)
        for m in _DEFINED.finditer(text):
            long = _long_form(text[: m.start()], m.group(1))
            if long is not None:
                found.append(Abbreviation(m.group(1), long, i, el.section))
    return found


def spell_out(values: list[StatedValue], paper: Paper) -> None:
    """Name a value named only by an abbreviation "Long Form (ABBR)", by the definition in its
    section, else the last before it, else the first."""
    table = abbreviations(paper)
    if not table:
        return
    order = {id(el): i for i, el in enumerate(paper.elements)}
    for v in values:
        defined = [a for a in table if a.short == v.name.strip()]
        if not defined:
            continue
        el = paper.find(v.anchor)
        where = order.get(id(el), len(paper.elements))  # not an element: after all
        # a value of prose is anchored at its section; one of a table, at the table
        section = v.anchor if el is None or v.anchor.startswith("§") else el.section
        here = [a for a in defined if a.section == section]
        before = [a for a in defined if a.at <= where]
        chosen = here[-1] if here else before[-1] if before else defined[0]
        v.name = f"{chosen.long} ({chosen.short})"

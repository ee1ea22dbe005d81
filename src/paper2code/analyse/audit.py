"""The ambiguity audit: every knowledge-base choice of the families a paper uses, classified.

- SPECIFIED: the paper states it — a stated hyperparameter value, or a sentence or equation
  that settles the choice — with the quote and anchor.
- PARTIALLY_SPECIFIED: the paper touches it but leaves something open (LayerNorm without its
  position, "batch size 25,000 tokens" without per-device or global, gradient clipping without a
  threshold, two values that contradict each other, "we use standard settings", "following
  [12]"): the quote, what is open, our decision and the alternatives.
- UNSPECIFIED: the paper is silent: our default, why, and the alternatives.

Stated hyperparameters that no choice covers are listed as SPECIFIED items of their own, so
the audit accounts for every value the paper gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from paper2code.analyse.components import adopts
from paper2code.analyse.model import AuditItem, Conflict, StatedHyperparameter, Status
from paper2code.analyse.text import Sentence, clip, sentences
from paper2code.knowledge import Choice, KnowledgeBase, Pattern
from paper2code.paper.model import Paper
from paper2code.paper.numbers import parse_number
from paper2code.paper.text import canonical

# Sentences that defer to somewhere else instead of stating a value.
_DEFERS = re.compile(
    r"\b(?:standard|default|usual|common|typical) (?:settings?|hyper-?parameters?|configurations?|"
    r"practice|setup|recipe|choices?)\b"
    r"|\b(?:[Ff]ollowing|as in|[Ss]imilar to|[Ss]ame as|as described in|as proposed in)\s*~?"
    r"(?:\[[^\]]*\]|\\cite\w*\{[^}]*\}|[A-Z][A-Za-z-]+ et al\.?|(?:prior|previous|earlier) work)"
)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _stated(f: StatedHyperparameter) -> str:
    unit = f" {f.unit}" if f.unit and f.unit not in f.raw else ""
    return f"{f.raw}{unit}"


def fmt(value: object) -> str:
    """A value as people write it: 0.0001 -> 1e-04, 512 -> 512, True -> true."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _Reader:
    """The paper's sentences and equations, searched once per pattern."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.prose = list(sentences(paper))
        self.equations = [
            Sentence(eq.latex, eq.anchor, eq)
            for eq in paper.equations
            if eq.latex.strip() and paper.find(eq.anchor) is not None
        ]
        self.full = paper.text()

    def first(
        self, rx: re.Pattern[str], own: bool = False
    ) -> tuple[Sentence, re.Match[str]] | None:
        """The first sentence or equation (in document order) the pattern matches, whose quote
        the paper is known to contain at its anchor; with `own`, only one that can state the
        paper's own choice (not a comparison, a list or related work)."""
        for s in self.prose + self.equations:
            m = rx.search(s.text)
            if not m or (own and not adopts(self.paper, s)):
                continue
            if self.paper.contains_quote(clip(s.text, m.start(), m.end()), within=s.anchor):
                return s, m
        return None

    def sentence_of(self, stated: StatedHyperparameter) -> str:
        """The whole sentence a stated value's quote comes from (its quote when not found)."""
        needle = canonical(stated.quote)
        for s in self.prose:
            if s.anchor == stated.anchor and needle in canonical(s.text):
                return s.text
        return stated.quote


def _item(
    choice: Choice,
    status: Status,
    value: object,
    where: Sentence | StatedHyperparameter | None = None,
    quote: str | None = None,
    rationale: str = "",
    alternatives: Iterable[str] = (),
) -> AuditItem:
    if isinstance(where, StatedHyperparameter):
        quote = where.quote
    return AuditItem(
        key=choice.key,
        family=choice.family,
        choice=choice.name,
        status=status,
        value=value,  # type: ignore[arg-type]
        quote=quote,
        anchor=where.anchor if where is not None else None,
        rationale=rationale,
        alternatives=list(alternatives),
    )


def _from_stated(
    choice: Choice, stated: list[StatedHyperparameter], conflicts: list[Conflict], reader: _Reader
) -> AuditItem:
    clash = next((c for c in conflicts if c.name in choice.hyperparameters), None)
    if clash is not None:
        first, others = clash.hyperparameters[0], clash.hyperparameters[1:]
        # Anchor before quote: a checker attaches a quote to the citation just before it.
        also = "; ".join(f'at {o.anchor}: "{o.quote}"' for o in others)
        why = f"Contradiction: also stated as {also}. We use {_stated(first)}, stated first."
        return _item(
            choice, Status.PARTIALLY_SPECIFIED, first.value, first, rationale=why,
            alternatives=[o.raw for o in others],
        )  # fmt: skip
    primary = next((f for f in stated if f.context is None), stated[0])
    others = [f for f in stated if f is not primary and f.value != primary.value]
    also = "; ".join(
        f"{f.context + ': ' if f.context else ''}{_stated(f)} ({f.anchor})" for f in others
    )
    also = f"Also stated: {also}." if also else ""
    where = f" for {primary.context}" if primary.context else ""
    if len(choice.hyperparameters) > 1:
        where += f" as {primary.name}"
    if choice.needs and not choice.needs.regex.search(reader.sentence_of(primary)):
        unit = f" counted in {primary.unit}" if primary.unit and primary.unit != "steps" else ""
        why = f"{_sentence_case(choice.needs.note)}. The value is{unit}{where}. {also}"
        return _item(
            choice, Status.PARTIALLY_SPECIFIED, primary.value, primary, rationale=why.strip(),
            alternatives=choice.alternatives,
        )  # fmt: skip
    why = f"Stated{where}. {also}".strip() if where else also
    return _item(choice, Status.SPECIFIED, primary.value, primary, rationale=why)


def _pattern_value(p: Pattern, m: re.Match[str]) -> object:
    if p.value != "stated":
        return p.value
    text = (m.groupdict().get("v") or m.group(0)).strip()
    number = parse_number(text)
    return text if number is None else number


def _classify(
    choice: Choice,
    hyperparameters: list[StatedHyperparameter],
    conflicts: list[Conflict],
    reader: _Reader,
    deferrals: list[Sentence],
) -> AuditItem:
    stated = [f for f in hyperparameters if f.name in choice.hyperparameters]
    if stated:
        return _from_stated(choice, stated, conflicts, reader)
    default, why = fmt(choice.default), choice.why
    # A choice is settled only where the paper takes it for its own method: naming it in a
    # comparison, a list of alternatives or the related work settles nothing.
    for p in choice.specified:
        if hit := reader.first(p.regex, own=True):
            s, m = hit
            quote = clip(s.text, m.start(), m.end())
            return _item(choice, Status.SPECIFIED, _pattern_value(p, m), s, quote)
    for p in choice.partial:
        if hit := reader.first(p.regex):
            s, m = hit
            quote = clip(s.text, m.start(), m.end())
            note = f"{_sentence_case(p.note)}. We use {default}: {why}."
            return _item(
                choice, Status.PARTIALLY_SPECIFIED, choice.default, s, quote, note,
                choice.alternatives,
            )  # fmt: skip
    if deferrals:
        s = deferrals[0]
        note = (
            "The paper defers to standard settings or a cited work instead of stating this. "
            f"We use {default}: {why}."
        )
        return _item(
            choice, Status.PARTIALLY_SPECIFIED, choice.default, s, clip(s.text, 0, 0), note,
            choice.alternatives,
        )  # fmt: skip
    note = f"Not stated in the paper; {why}."
    return _item(choice, Status.UNSPECIFIED, choice.default, None, None, note, choice.alternatives)


def run_audit(
    paper: Paper,
    kb: KnowledgeBase,
    families: list[str],
    hyperparameters: list[StatedHyperparameter],
    conflicts: list[Conflict],
) -> list[AuditItem]:
    """One item per applicable choice of each family in `families`, then one per stated
    hyperparameter no choice covers."""
    reader = _Reader(paper)
    items: list[AuditItem] = []
    covered: set[str] = set()
    for fam in kb.families:
        if fam.name not in families:
            continue
        deferrals = [
            s
            for s in reader.prose
            if _DEFERS.search(s.text)
            and any(rx.search(s.text) for rx in fam.text)
            and paper.contains_quote(clip(s.text, 0, 0), within=s.anchor)
        ]
        for shared in fam.choices:
            choice = shared.under(families)  # a family's own default: the library's too
            covered.update(choice.hyperparameters)
            if choice.only_if and not choice.only_if.search(reader.full):
                continue
            items.append(_classify(choice, hyperparameters, conflicts, reader, deferrals))
    for name in dict.fromkeys(f.name for f in hyperparameters if f.name not in covered):
        hp = kb.hyperparameter(name)
        stated = [f for f in hyperparameters if f.name == name]
        pseudo = Choice(
            name, hp.family, hp.description.rstrip("."), "", "", hyperparameters=(name,)
        )
        items.append(_from_stated(pseudo, stated, conflicts, reader))
    return items

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

from paper2code.analyse.model import AuditItem, Conflict, Finding, Status
from paper2code.analyse.text import Sentence, clip, sentences
from paper2code.knowledge import Choice, KnowledgeBase, Pattern
from paper2code.paper.model import Paper
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


def _stated(f: Finding) -> str:
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

    def first(self, rx: re.Pattern[str]) -> tuple[Sentence, re.Match[str]] | None:
        """The first sentence or equation (in document order) the pattern matches, whose quote
        the paper is known to contain at its anchor."""
        for s in self.prose + self.equations:
            m = rx.search(s.text)
            if m and self.paper.contains_quote(clip(s.text, m.start(), m.end()), within=s.anchor):
                return s, m
        return None

    def sentence_of(self, finding: Finding) -> str:
        """The whole sentence a finding's quote comes from (its quote when not found)."""
        needle = canonical(finding.quote)
        for s in self.prose:
            if s.anchor == finding.anchor and needle in canonical(s.text):
                return s.text
        return finding.quote


def _from_findings(
    choice: Choice, stated: list[Finding], conflicts: list[Conflict], reader: _Reader
) -> AuditItem:
    clash = next((c for c in conflicts if c.name in choice.hyperparameters), None)
    if clash is not None:
        first, others = clash.findings[0], clash.findings[1:]
        also = "; ".join(f'"{o.quote}" ({o.anchor})' for o in others)
        return AuditItem(
            key=choice.key,
            family=choice.family,
            choice=choice.name,
            status=Status.PARTIALLY_SPECIFIED,
            value=first.value,
            quote=first.quote,
            anchor=first.anchor,
            rationale=(
                f"Contradiction: also stated as {also}. We use {_stated(first)}, the value stated "
                "first."
            ),
            alternatives=[o.raw for o in others],
        )
    primary = next((f for f in stated if f.context is None), stated[0])
    others = [f for f in stated if f is not primary and f.value != primary.value]
    rationale = "; ".join(
        f"{f.context + ': ' if f.context else ''}{_stated(f)} ({f.anchor})" for f in others
    )
    rationale = f"Also stated: {rationale}." if rationale else ""
    where = f" for {primary.context}" if primary.context else ""
    if len(choice.hyperparameters) > 1:
        where += f" as {primary.name}"
    if choice.needs and not choice.needs.regex.search(reader.sentence_of(primary)):
        unit = f" counted in {primary.unit}" if primary.unit and primary.unit != "steps" else ""
        return AuditItem(
            key=choice.key,
            family=choice.family,
            choice=choice.name,
            status=Status.PARTIALLY_SPECIFIED,
            value=primary.value,
            quote=primary.quote,
            anchor=primary.anchor,
            rationale=(
                f"{_sentence_case(choice.needs.note)}; the value is{unit}{where}. We read it as "
                f"the global value. {rationale}"
            ).strip(),
            alternatives=[f"{fmt(primary.value)} per device", *choice.alternatives],
        )
    return AuditItem(
        key=choice.key,
        family=choice.family,
        choice=choice.name,
        status=Status.SPECIFIED,
        value=primary.value,
        quote=primary.quote,
        anchor=primary.anchor,
        rationale=(f"Stated{where}. " + rationale).strip() if where else rationale,
    )


def _pattern_value(p: Pattern, m: re.Match[str]) -> object:
    if p.value != "stated":
        return p.value
    return (m.groupdict().get("v") or m.group(0)).strip()


def _classify(
    choice: Choice,
    findings: list[Finding],
    conflicts: list[Conflict],
    reader: _Reader,
    deferrals: list[Sentence],
) -> AuditItem:
    stated = [f for f in findings if f.name in choice.hyperparameters]
    if stated:
        return _from_findings(choice, stated, conflicts, reader)
    for p in choice.specified:
        if hit := reader.first(p.regex):
            s, m = hit
            return AuditItem(
                key=choice.key,
                family=choice.family,
                choice=choice.name,
                status=Status.SPECIFIED,
                value=_pattern_value(p, m),  # type: ignore[arg-type]
                quote=clip(s.text, m.start(), m.end()),
                anchor=s.anchor,
            )
    for p in choice.partial:
        if hit := reader.first(p.regex):
            s, m = hit
            return AuditItem(
                key=choice.key,
                family=choice.family,
                choice=choice.name,
                status=Status.PARTIALLY_SPECIFIED,
                value=choice.default,
                quote=clip(s.text, m.start(), m.end()),
                anchor=s.anchor,
                rationale=f"{_sentence_case(p.note)}. We use {fmt(choice.default)}: {choice.why}.",
                alternatives=list(choice.alternatives),
            )
    if deferrals:
        s = deferrals[0]
        return AuditItem(
            key=choice.key,
            family=choice.family,
            choice=choice.name,
            status=Status.PARTIALLY_SPECIFIED,
            value=choice.default,
            quote=clip(s.text, 0, 0),
            anchor=s.anchor,
            rationale=(
                "The paper defers to standard settings or a cited work instead of stating "
                f"this. We use {fmt(choice.default)}: {choice.why}."
            ),
            alternatives=list(choice.alternatives),
        )
    return AuditItem(
        key=choice.key,
        family=choice.family,
        choice=choice.name,
        status=Status.UNSPECIFIED,
        value=choice.default,
        rationale=f"Not stated in the paper; {choice.why}.",
        alternatives=list(choice.alternatives),
    )


def run_audit(
    paper: Paper,
    kb: KnowledgeBase,
    families: list[str],
    findings: list[Finding],
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
        for choice in fam.choices:
            covered.update(choice.hyperparameters)
            if choice.only_if and not choice.only_if.search(reader.full):
                continue
            items.append(_classify(choice, findings, conflicts, reader, deferrals))
    for name in dict.fromkeys(f.name for f in findings if f.name not in covered):
        hp = kb.hyperparameter(name)
        stated = [f for f in findings if f.name == name]
        pseudo = Choice(
            name, hp.family, hp.description.rstrip("."), "", "", hyperparameters=(name,)
        )
        items.append(_from_findings(pseudo, stated, conflicts, reader))
    return items

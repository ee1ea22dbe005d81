"""Stated values: every number the paper states, named as the paper names it, with its kind.

`extract_stated_values(paper, kb)` reads every sentence of prose, captions, footnotes and
algorithms (`analyse.text.sentences`): each candidate number (`candidates`) gets a name
(`names`), a kind and a context (`kinds`), a quote the paper contains, and the knowledge base's
canonical name when the vocabulary reading (`hyperparams`) found the same value there or the
paper's name is one of the vocabulary's (`labels`). Tables are read elsewhere; their values come
in through `extra`. Values the paper varied and names again later are sweeps (`sweeps`); a
value named by an abbreviation is named by the paper's long form too (`abbreviations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from paper2code.analyse.hyperparams import extract_hyperparameters
from paper2code.analyse.model import StatedHyperparameter, StatedValue, ValueKind
from paper2code.analyse.table_values.layout import method_names
from paper2code.analyse.text import Sentence, sentences
from paper2code.analyse.values.abbreviations import spell_out
from paper2code.analyse.values.kinds import (
    baseline_subjects,
    baselines_section,
    data_section,
    describes_environment,
    learns_from_teacher,
    section_role,
)
from paper2code.analyse.values.labels import Labeler
from paper2code.analyse.values.names import symbol_definitions
from paper2code.analyse.values.reading import QuoteCheck, read_sentence
from paper2code.analyse.values.sweeps import mark_swept, varied_in_section
from paper2code.analyse.values.systems import other_systems
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper, Section


def extract_stated_values(
    paper: Paper,
    kb: KnowledgeBase,
    hyperparameters: list[StatedHyperparameter] | None = None,
    extra: Iterable[StatedValue] = (),
) -> list[StatedValue]:
    """Every value the paper states in document order, each with a quote that
    `paper.contains_quote(quote, within=anchor)` accepts; `hyperparameters` (the vocabulary reading,
    read here when not given) lend their canonical names; `extra` values (the tables' reading,
    `analyse.table_values`) are appended as given."""
    if hyperparameters is None:
        hyperparameters = extract_hyperparameters(paper, kb)
    prose = list(sentences(paper))
    # per sentence, the one after it in the same paragraph
    following = {
        id(a): b.text for a, b in zip(prose, prose[1:], strict=False) if a.element is b.element
    }
    symbols = symbol_definitions([s.text for s in prose])
    ours = tuple(method_names(paper))
    systems = other_systems([s.text for s in prose], ours)
    compared = baseline_subjects(s.text for s in prose)
    labeler = Labeler(kb, hyperparameters)
    check = QuoteCheck(paper)
    out: list[StatedValue] = []
    # Display equations state values only by assignment: `\gamma = 0.99` in an align
    equations = [Sentence(f"${eq.latex}$", eq.anchor, eq) for eq in paper.equations if eq.latex]
    headings = _run_in_headings(prose)
    environments: dict[str, bool] = {}  # per anchor: whether its section sets up an environment
    taught = learns_from_teacher(" ".join(s.text for s in prose))
    measured: dict[int, str] = {}  # per paragraph: what its last result measured
    lead: str | None = None  # what the list being read counts, from its lead
    topic_element, baseline_topic = None, False  # the paragraph read, and whether on a baseline
    for s, assignments in [(s, False) for s in prose] + [(e, True) for e in equations]:
        if s.anchor not in environments:
            environments[s.anchor] = _environment(paper, s)
        section = headings.get(id(s)) or _section_title(paper, s)
        # in a paper whose student learns from a teacher: whose values the section states
        whose = _role(paper, s, section) if taught else None
        titles = [x.title for x in paper.enclosing_sections(s.element)]
        # a setting stated where the baselines are presented is theirs
        of_baselines = baselines_section(titles, compared)
        read = read_sentence(
            s,
            symbols,
            section,
            assignments,
            environments[s.anchor],
            whose,
            measured.get(id(s.element)),
            systems,
            ours,
            data_section(titles),
        )
        lead, label = _listed(lead, s.text)
        if s.element is not topic_element or _CONTRAST.match(s.text):
            # a paragraph that opens on a baseline ("In the baseline method ASR-DID-ROB, ...")
            # goes on stating its figures until it turns to the paper's own ("By contrast")
            topic_element, baseline_topic = s.element, bool(_ON_BASELINE.match(s.text))
        read = [v for v in read if not _counts_items_after(s.text, v, following.get(id(s)))]
        for value in read:
            if label is not None and lead and value.name and value.name in label:
                # "Overview of Trainable Parameters:" then "ASR-BN: $25.45M$": the lead names
                # what each item's value counts, the item's label whose it is
                value.name, value.context.model = lead, label
            if value.kind in (ValueKind.METHOD, ValueKind.RESULT) and (
                of_baselines or baseline_topic
            ):
                value.kind = ValueKind.BASELINE
            if value.kind is ValueKind.RESULT:
                measured[id(s.element)] = value.name
            value.quote = check.fit(value.quote, s)
            # an equation that states a setting is a short assignment, not a derivation
            if value.quote and not (assignments and len(value.quote) > _SHORT):
                out.append(labeler.label(value, s))
    out += labeler.unread(out, paper)
    out += list(extra)
    varied_in_section(out)  # before one mention of a value compared stands for the others
    values = _dedupe(out)
    spell_out(values, paper)
    mark_swept(values)
    return values


_SHORT = 80


def _counts_items_after(text: str, value: StatedValue, following: str | None) -> bool:
    """Whether a small count is the length of the list the paper gives item by item in the
    sentences after it: its noun ends the sentence before the next opens the items ("This
    model has two main components. First, ..."). (A colon's list in the same sentence is
    `reading`'s to judge: "three baseline strategies: (1) ..." counts what the paper ran.)"""
    if not isinstance(value.value, int) or not 2 <= value.value <= 9:
        return False
    if following is None or not _ITEM_OPENS.match(following):
        return False
    count = rf"(?<![\w.]){re.escape(value.raw)}(?:\s+[A-Za-z-]+){{1,4}}\s*[.:]\s*$"
    return re.search(count, text) is not None


# What opens the first of the items counted: "First, ...", "The first ...", "(i)", "1)"
_ITEM_OPENS = re.compile(r"\s*(?:First(?:ly)?\b|The first\b|\(i\)|\(1\)|1\))", re.IGNORECASE)


# A paragraph opening on a baseline, and a turn to something else
_ON_BASELINE = re.compile(
    r"\W*(?:in|for)\s+the\s+baselines?(?:\s+(?:method|model|approach|system))?\b", re.I
)
_CONTRAST = re.compile(r"\W*(?:by|in)\s+contrast\b|\W*(?:our|the\s+proposed)\b", re.I)


# A list's lead that names what its items count: "Overview of Trainable Parameters:"
_LEAD = re.compile(
    r"^\W*(?:(?:an?\s+)?(?:overview|summary|list|breakdown)\s+of\s+)?(?:the\s+)?"
    r"(?P<what>[A-Za-z][\w -]{2,50}?)\s*:\s*$",
    re.IGNORECASE,
)
# ... and an item of it, a value alone after its label: "ASR-BN: $25.45M$", "ASR-DID-ROB
# (baseline): $29.63M$" (not "CIFAR-10: 50,000 images", whose noun names the value)
_ITEM = re.compile(
    r"^\W*(?P<label>[^:$]{1,60}?)\s*:\s*\$?\s*[\d.][\d.,{}]*\s*[KMBkmb%]?\s*\$?"
    r"(?:\s+each)?[\s.;,]*$"
)


def _listed(lead: str | None, text: str) -> tuple[str | None, str | None]:
    """The lead of the list a sentence is read in and, for an item of it, the item's label:
    a short sentence ending in a colon opens a list, the items "Label: value" that follow are
    in it, anything else closes it."""
    if (m := _LEAD.match(text)) is not None and len(m.group("what").split()) <= 5:
        return m.group("what").strip().lower(), None
    item = _ITEM.match(text) if lead else None
    return (lead, item.group("label").strip()) if item else (None, None)


def _section_title(paper: Paper, s: Sentence) -> str:
    section = paper.find(s.element.section) if s.element.section else None
    return section.title if isinstance(section, Section) else ""


# A run-in heading (`\paragraph{Training.}`) reads as a sentence of its own: a few words.
_HEADING = re.compile(r"[A-Z][\w\s/&()-]{0,40}[.:]")


def _run_in_headings(prose: list[Sentence]) -> dict[int, str]:
    """id(sentence) -> the run-in heading of its paragraph ("Fine-tuning"), for the sentences
    after one: the innermost title of what they state."""
    out: dict[int, str] = {}
    heading, element = None, None
    for s in prose:
        if s.element is not element:
            heading, element = None, s.element
        if _HEADING.fullmatch(s.text.strip()) and len(s.text.split()) <= 5:
            heading = s.text.strip()[:-1]
        elif heading is not None:
            out[id(s)] = heading
    return out


def _role(paper: Paper, s: Sentence, heading: str) -> str:
    """ "teacher" or "student" when the sentence's run-in heading or innermost section title
    that names one does ("Delay Teacher", "Teacher Generation"), else ""."""
    titles = [heading, *(x.title for x in paper.enclosing_sections(s.element))]
    return section_role(titles) or ""


def _environment(paper: Paper, s: Sentence) -> bool:
    sections = paper.enclosing_sections(s.element)
    text = paper.text(sections[0].anchor) if sections and sections[0].anchor else ""
    return describes_environment([x.title for x in sections], text)


def _dedupe(values: list[StatedValue]) -> list[StatedValue]:
    """One value per stated fact: the same name, symbol and value at one anchor once."""
    seen: set[tuple] = set()
    out = []
    for v in values:
        key = (v.anchor, v.name, v.symbol, repr(v.value), v.quote)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


__all__ = ["extract_stated_values"]

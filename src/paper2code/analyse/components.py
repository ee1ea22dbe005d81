"""Which component families the paper's own method uses (issue 15).

A family counts only on evidence where the paper describes what it builds and runs: method,
architecture, background it builds on, experimental setup and appendices. The abstract,
introduction, related work, conclusion and the like name other people's work as often as
their own, so they count for nothing, and neither do citation keys. A model family the paper
compares with ("compared to a Transformer", "VAE-based methods") must show up in the method:
its mentions in the experiments are the baseline's, not the paper's. Setup families (data,
evaluation, optimizer, schedule, loss) describe the paper's own runs wherever they appear.
Within scope a family needs a threshold of evidence: an equation in its notation, or several
sentences in its vocabulary, a section title of the family counting only beside them. Stated
hyperparameters and settled choices support that evidence but never make a family on their own:
a number of layers does not make a paper a Transformer paper.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paper2code.analyse.model import StatedHyperparameter
from paper2code.analyse.text import MATH, Sentence, sentences
from paper2code.knowledge import Family, KnowledgeBase
from paper2code.paper.model import Element, Paper, Section

TITLE_SCORE = 2  # a section in scope titled for the family
EQUATION_SCORE = 3  # a display equation in the family's notation
INLINE_MATH_SCORE = 2  # a sentence whose inline math is in the family's notation
SENTENCE_SCORE = 1  # each sentence using the family's vocabulary
SUPPORT_SCORE = 1  # each stated hyperparameter or settled choice of the family, beside evidence
MAX_SUPPORT = 2  # how much hyperparameters and choices may add in all
DETECTED = 3  # the score from which a paper counts as using a family

# Families that describe how the paper's experiments run rather than a part of a model: a
# comparison with a baseline still runs on the paper's data, metric and optimizer.
SETUP_FAMILIES = frozenset({"data", "evaluation", "optimizer", "lr_schedule", "loss"})

# Sections that talk about other work, or about the paper rather than the method.
_OUT_OF_SCOPE = re.compile(
    r"^\s*(?:abstract|introduction|motivation|related\b|prior work|previous work"
    r"|literature|conclusions?|discussion|summary\s*$|future work|outlook|limitations?"
    r"|broader impacts?|impact statement|societal|ethic|acknowledge?ments?|references"
    r"|bibliography|author contributions?|additional related|extended related)",
    re.IGNORECASE,
)
# A sentence that compares with, lists or cites others' methods describes baselines.
_BASELINE = re.compile(
    r"\b(?:compar(?:e|ed|es|ing|ison)|baselines?|competing|competitors?|outperform\w*"
    r"|unlike|in contrast|whereas|prior (?:work|methods?|approaches)"
    r"|previous (?:work|methods?|approaches)|existing (?:work|methods?|approaches)"
    r"|state[- ]of[- ]the[- ]art|[\w-]+-based (?:methods?|approaches|models))\b",
    re.IGNORECASE,
)
_EXPERIMENTS = re.compile(r"experiment|results|evaluation|benchmark|ablation", re.IGNORECASE)
# A citation as the reader prints it: [key] or [key1, key2]; keys often hold model names.
_CITATION = re.compile(r"\[[A-Za-z][\w:.+/-]*(?:,\s*[A-Za-z][\w:.+/-]*)*\]")


def in_scope(paper: Paper, element: Element) -> bool:
    """Whether `element` sits where the paper describes its own method (not the abstract,
    introduction, related work, conclusion ...)."""
    return not any(_OUT_OF_SCOPE.search(s.title) for s in paper.enclosing_sections(element))


# A sentence that lists alternatives names a choice without taking it.
_LISTS = re.compile(r"\b(?:such as|e\.g\.|for example|for instance)\b", re.IGNORECASE)


def adopts(paper: Paper, sentence: Sentence) -> bool:
    """Whether `sentence` can state a choice the paper makes for its own method: it sits
    where the paper describes what it builds and neither compares with nor lists others'
    methods ("unlike LLaMA's RMSNorm", "norms such as RMSNorm")."""
    text = _CITATION.sub(" ", sentence.text)
    return (
        in_scope(paper, sentence.element) and not _BASELINE.search(text) and not _LISTS.search(text)
    )


def _in_experiments(paper: Paper, element: Element) -> bool:
    return any(_EXPERIMENTS.search(s.title) for s in paper.enclosing_sections(element))


def _section_in_scope(paper: Paper, section: Section) -> bool:
    return not _OUT_OF_SCOPE.search(section.title) and in_scope(paper, section)


def _prose(paper: Paper) -> list[tuple[str, Sentence]]:
    """Every sentence with its citation keys blanked out, beside the sentence."""
    return [(_CITATION.sub(" ", s.text), s) for s in sentences(paper)]


def _compared(fam: Family, prose: Sequence[tuple[str, Sentence]]) -> bool:
    """Whether the paper names the family in a sentence that compares or lists baselines."""
    return any(_BASELINE.search(t) and any(rx.search(t) for rx in fam.text) for t, _ in prose)


def _evidence(fam: Family, paper: Paper, prose: Sequence[tuple[str, Sentence]]) -> list[str]:
    """The sentences that may show the paper's own use of `fam` (citation keys blanked)."""
    compared = fam.name not in SETUP_FAMILIES and _compared(fam, prose)
    return [
        text
        for text, s in prose
        if in_scope(paper, s.element)
        and not (compared and (_BASELINE.search(text) or _in_experiments(paper, s.element)))
    ]


def family_score(
    fam: Family,
    paper: Paper,
    prose: Sequence[tuple[str, Sentence]],
    hyperparameters: Sequence[StatedHyperparameter],
    by_name: dict[str, str],
) -> int:
    """How much in-scope evidence the paper gives that its method uses `fam`; 0 without a
    sentence or an equation of the family."""
    own = _evidence(fam, paper, prose)
    text = SENTENCE_SCORE * sum(1 for t in own if any(rx.search(t) for rx in fam.text))
    math = INLINE_MATH_SCORE * sum(
        1 for t in own if any(rx.search(m) for m in MATH.findall(t) for rx in fam.equations)
    )
    equations = EQUATION_SCORE * sum(
        1
        for eq in paper.equations
        if in_scope(paper, eq) and any(rx.search(eq.latex) for rx in fam.equations)
    )
    if not (text or math or equations):
        return 0
    titles = TITLE_SCORE * sum(
        1
        for sec in paper.sections
        if _section_in_scope(paper, sec) and any(rx.search(sec.title) for rx in fam.titles)
    )
    own_text = "\n".join(own)
    support = sum(
        1
        for f in hyperparameters
        if by_name.get(f.name) == fam.name and (el := paper.find(f.anchor)) and in_scope(paper, el)
    ) + sum(
        1 for c in fam.choices if any(p.regex.search(own_text) for p in (*c.specified, *c.partial))
    )
    return text + math + equations + titles + SUPPORT_SCORE * min(support, MAX_SUPPORT)


def detect_components(
    paper: Paper, kb: KnowledgeBase, hyperparameters: Sequence[StatedHyperparameter] = ()
) -> list[str]:
    """The component families the paper's own method uses, in knowledge-base order."""
    prose = _prose(paper)
    by_name = {hp.name: hp.family for hp in kb.hyperparameters}
    return [
        fam.name
        for fam in kb.families
        if family_score(fam, paper, prose, hyperparameters, by_name) >= DETECTED
    ]

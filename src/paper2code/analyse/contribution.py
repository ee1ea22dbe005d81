"""What the paper is about: its type and its core contribution (the component families it uses
are in `components`).

The paper type is scored from the
sentences where authors say what they did ("we propose", "we introduce", "our contributions"),
the rest of the abstract and introduction, and the method sections' titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paper2code.analyse.model import Contribution, Evidence, PaperType, StatedHyperparameter
from paper2code.analyse.text import Sentence, clip, sentences, split_sentences
from paper2code.paper.model import Paper, Section

# ---- paper type --------------------------------------------------------------------------

_CLAIM = re.compile(
    r"\b(?:we|We) (?:(?:therefore|thus|also|here|further|then|instead) )?"
    r"(?:propose|introduce|present|develop|design|derive|prove|show that)\b"
    r"|\b(?:In this|This) (?:paper|work)\b|\b[Oo]ur (?:main )?contributions?\b"
)
_STRONG_CLAIM = re.compile(
    r"\b(?:we|We) (?:(?:therefore|thus|also|here|further) )?(?:propose|introduce|present)\b"
)

_CUES: dict[PaperType, list[str]] = {
    PaperType.ARCHITECTURE: [
        r"\b(?:network|model) architecture",
        r"\bnew (?:simple )?(?:network )?architecture",
        r"\b(?:propose|introduce|present|develop|design|build) (?:a|an|the) "
        r"(?:new |novel |simple |efficient )?"
        r"(?:[\w-]+ ){0,3}(?:architecture|network|layer|block|module|backbone)\b",
        r"\bdispensing with\b|\bbased solely on\b",
        r"\bmodif(?:y|ication) (?:to |of )?(?:the )?(?:[\w-]+ ){0,3}"
        r"(?:attention|layer|block|architecture|network)\b",
        r"\breplac(?:es|ing) (?:the )?(?:recurren|convolution)",
        r"\btokeni[sz](?:er|ation) (?:framework|model)\b",
    ],
    PaperType.TRAINING_METHOD: [
        r"\btraining (?:method|procedure|recipe|scheme|algorithm|framework|strategy|objective)",
        r"\bpre-?training (?:method|objective|task|scheme)",
        r"\bself-supervised\b",
        # "deep learning algorithms" is the field, not the paper's method
        r"\b(?:optimi[sz]ation|(?<!deep )learning) (?:method|algorithm)",
        r"\b(?:ensemble|boosting|forest|tree) (?:algorithm|method)s?\b",
        r"\bvariational bound\b|\bdenoising score matching\b|\bevidence lower bound\b",
        r"\bgenerative model(?:s|ing)?\b",
        r"\b(?:diffusion|generative|flow[- ]matching|score-based) (?:framework|model|process)\b",
        r"\bend-to-end training\b|\btrained with\b|\btraining (?:recipe|pipeline)\b",
        r"\binitiali[sz]ation (?:method|scheme|strategy)\b",
    ],
    PaperType.LOSS: [
        r"\b(?:new|novel|proposed|simple) (?:loss|objective|regulari[sz]er)",
        r"\bloss function\b",
        r"\bregulari[sz]ation (?:term|loss)\b",
    ],
    PaperType.INFERENCE: [
        r"\bsampl(?:ing|er) (?:method|procedure|algorithm|schedule|strategy)",
        r"\bdecoding (?:method|strategy|algorithm)",
        r"\btraining-free\b|\bwithout (?:any )?(?:re)?training\b",
        r"\bat (?:inference|test) time\b|\bsampler\b|\b(?:ODE|SDE) solver",
        r"\b(?:draws?|drawing|generates?) samples\b|\bimproved sampling\b",
        # a metric is computed on a system's outputs: nothing of it is trained
        r"\b(?:evaluation|automatic) metrics?\b|\balignment-free\b",
    ],
    PaperType.FINE_TUNING: [
        r"\bfine-?tun",
        r"\badapters?\b|\blow-rank adaptation\b|\bLoRA\b",
        r"\bparameter-efficient\b|\binstruction tuning\b",
    ],
    PaperType.THEORY: [
        # "we derive an objective" is a loss; a derivation of a bound or an identity is theory
        r"\bwe prove\b|\btheorem\b|\bwe derive (?:a |an |the )?(?:[\w-]+ )?(?:bound|rate|identity)",
        r"\bequivalen(?:ce|t) (?:to|between|of)\b|\bconnection between\b",
        r"\btheoretical (?:analysis|framework|result|understanding)",
        r"(?<!evidence )\b(?:upper|lower) bounds?\b|\bconvergence (?:rate|guarantee)",
    ],
}
_COMPILED = {t: [re.compile(p, re.IGNORECASE) for p in ps] for t, ps in _CUES.items()}

# Section titles that hold each type's core contribution.
_METHOD_TITLES: dict[PaperType, str] = {
    PaperType.ARCHITECTURE: r"architecture|model|network|attention|layer|block|encoder|decoder",
    PaperType.TRAINING_METHOD: r"training|objective|method|approach|algorithm|diffusion|learning",
    PaperType.LOSS: r"loss|objective|method",
    PaperType.INFERENCE: r"sampl|inference|decoding|guidance|solver|method",
    PaperType.FINE_TUNING: r"adapt|fine-?tun|adapter|method",
    PaperType.THEORY: r"theor|analysis|main result|bound",
}
_INTRO = re.compile(r"introduction|overview", re.IGNORECASE)
_EXPERIMENTS = re.compile(r"experiment|evaluation|results", re.IGNORECASE)

CLAIM_WEIGHT = 3  # a cue inside a "we propose ..." sentence
TEXT_WEIGHT = 1  # a cue elsewhere in the abstract or introduction
TITLE_WEIGHT = 2  # a section title of the type


@dataclass
class _Scored:
    scores: dict[PaperType, int]
    evidence: dict[PaperType, list[Sentence]]


_ABSTRACT = re.compile(r"^\s*abstract\s*$", re.IGNORECASE)


def _opening(paper: Paper) -> list[tuple[str, Sentence | None]]:
    """Sentences of the abstract and the introduction (or, without one, the first section),
    with their anchors; the abstract from the metadata when it is not a section."""
    sections = [s for s in paper.sections if s.level == 1 and not s.appendix]
    abstract = next((s for s in sections if _ABSTRACT.match(s.title)), None)
    body = [s for s in sections if s is not abstract]
    intro = next((s for s in body if _INTRO.search(s.title)), body[0] if body else None)
    chosen = [s.anchor for s in (abstract, intro) if s is not None]
    pool: list[tuple[str, Sentence | None]] = []
    if abstract is None:
        pool += [(text, None) for text in split_sentences(paper.meta.abstract)]
    pool += [
        (s.text, s)
        for s in sentences(paper)
        if any(paper.in_section(s.element, anchor) for anchor in chosen)
    ]
    return pool


def _score(paper: Paper, pool: list[tuple[str, Sentence | None]]) -> _Scored:
    scores = {t: 0 for t in PaperType}
    evidence: dict[PaperType, list[Sentence]] = {t: [] for t in PaperType}
    for text, where in pool:
        claim = bool(_CLAIM.search(text))
        for ptype, cues in _COMPILED.items():
            hits = sum(1 for rx in cues if rx.search(text))
            if hits:
                scores[ptype] += hits * (CLAIM_WEIGHT if claim else TEXT_WEIGHT)
                if claim and where is not None:
                    evidence[ptype].append(where)
    for sec in paper.sections:
        if sec.appendix or _INTRO.search(sec.title) or _EXPERIMENTS.search(sec.title):
            continue  # only method sections say what kind of contribution this is
        for ptype in PaperType:
            if ptype is not PaperType.THEORY and any(
                rx.search(sec.title) for rx in _COMPILED[ptype]
            ):
                scores[ptype] += TITLE_WEIGHT
    return _Scored(scores, evidence)


def _method_anchors(paper: Paper, ptype: PaperType) -> list[str]:
    """The sections (and their numbered equations and algorithms) that define the contribution."""
    rx = re.compile(_METHOD_TITLES[ptype], re.IGNORECASE)

    def outside_method(s: Section) -> bool:
        """An introduction, abstract or experiments section, or one nested in it."""
        return any(
            _INTRO.search(t.title) or _ABSTRACT.match(t.title) or _EXPERIMENTS.search(t.title)
            for t in (s, *paper.enclosing_sections(s))
        )

    chosen: list[Section] = [
        s
        for s in paper.sections
        if s.level <= 2 and not s.appendix and rx.search(s.title) and not outside_method(s)
    ][:4]
    if not chosen:
        body = [
            s
            for s in paper.sections
            if s.level == 1 and not s.appendix and not _ABSTRACT.match(s.title)
        ]
        chosen = body[1:2] if len(body) > 1 else body[:1]
    anchors = [s.anchor for s in chosen]
    equations = [
        e.anchor
        for e in paper.numbered_equations
        if any(paper.in_section(e, s.anchor) for s in chosen)
    ]
    anchors += list(dict.fromkeys(equations))[:6]
    anchors += [a.anchor for a in paper.algorithms if a.numbered][:2]
    return list(dict.fromkeys(anchors))


def _summary(paper: Paper, claims: list[str]) -> str:
    if claims:
        return claims[0]
    abstract = split_sentences(paper.meta.abstract)
    if abstract:
        return abstract[0]
    return paper.meta.title or "The paper's core contribution could not be identified."


def identify_contribution(
    paper: Paper, hyperparameters: list[StatedHyperparameter] = ()
) -> Contribution:
    """The paper's type and its one core contribution, with the anchors that define it and
    verbatim evidence sentences."""
    pool = _opening(paper)
    scored = _score(paper, pool)
    ptype = max(PaperType, key=lambda t: scored.scores[t])
    if scored.scores[ptype] == 0:
        ptype = PaperType.ARCHITECTURE if paper.equations else PaperType.THEORY
    # "We propose X" names the contribution better than "In this paper we ask ...".
    claims = [text for text, _ in pool if _STRONG_CLAIM.search(text)]
    claims += [text for text, _ in pool if _CLAIM.search(text) and text not in claims]
    claims = [clip(text, 0, 0, 300) for text in claims]
    evidence = [
        Evidence(clip(s.text, 0, 0, 300), s.anchor)
        for s in scored.evidence[ptype]
        if paper.contains_quote(clip(s.text, 0, 0, 300), within=s.anchor)
    ][:3]
    has_experiments = any(_EXPERIMENTS.search(s.title) for s in paper.sections)
    implementable = not (
        ptype is PaperType.THEORY
        and not hyperparameters
        and not paper.algorithms
        and not has_experiments
    )
    return Contribution(
        paper_type=ptype,
        summary=_summary(paper, claims),
        anchors=_method_anchors(paper, ptype),
        evidence=evidence,
        implementable=implementable,
    )

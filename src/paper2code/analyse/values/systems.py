"""Other named systems: the methods, tools and metrics a paper cites as other works', and the
values it states for one of them ("note that $B^{\\max} = 255$ in LightGBM", "For training
HDSL, we took 8000 iterations as in [hdsl]"), which are that system's settings, not the paper's.

A system is named by a coined name (a capital inside or a digit: "HDSL", "LightGBM", "PT-M2",
"R-CNN"),
or a capital with a superscript ("M${}^2$"), and is another work's where the paper cites it
right after its name ("HDSL [hdsl]") or at the end of a list of names ("XGBoost, LightGBM and
CatBoost [catboost]"). The paper's own names (`method_names`), datasets and what the paper
itself uses ("we use SGD [robbins]") are none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from paper2code.analyse.values.kinds import DATASET

# A coined name, or a capital with a superscript written in math: "M${}^2$", "PT-M${}^2$"
_SUPERSCRIPT = r"\$(?:\{\})?\^\{?\w{1,3}\}?\$"
# ("R-CNN": a capital, a hyphen and capitals)
_NAME = rf"(?:[A-Z][\w-]*{_SUPERSCRIPT}|[A-Z](?:[A-Za-z0-9]*[A-Z0-9]|-[A-Z])[\w-]*)"
_CITE = r"[\s~]*\[[^\[\]]{1,120}\]"
# Names coordinated before one citation, each maybe cited on its own: "A [a], B and C [c]"
_CITED = re.compile(
    rf"(?<![\w$])((?:{_NAME}(?:{_CITE})?\s*(?:,\s*and\s+|,\s*|\s+and\s+))*{_NAME}){_CITE}"
)
_ONE = re.compile(_NAME)
# What the paper itself uses or calls its own, and what is data: "we use SGD", "our HDSL
# variant", "the Reuters CV1 dataset"
_OWN = r"\b(?:we\s+(?:use|used|adopt|adopted|employ|employed|apply|applied|build on)|our|ours)"
# ... and tools whatever the paper does with them: "the AdamW optimizer", "a ResNet backbone"
_TOOL_WORDS = r"(?:optimi[sz]ers?|backbones?|encoders?|decoders?|architectures?|layers?)\b"
_DATA_WORDS = r"(?:datasets?|data\s+sets?|benchmarks?|corpus|corpora|splits?)\b"


def key(name: str) -> str:
    """A name as compared: letters and digits ("M${}^2$" is "M2")."""
    return re.sub(r"[^A-Za-z0-9]", "", name)


def other_systems(texts: Iterable[str], ours: Iterable[str]) -> frozenset[str]:
    """The keys of the systems `texts` cite as other works', leaving out the paper's own
    names (`ours`), datasets and what the paper says it uses itself."""
    texts = list(texts)
    own = {key(n) for n in ours}
    cited: set[str] = set()
    for text in texts:
        # the keys inside a citation name no system: "[Krizhevsky2012ImageNet]"
        for m in _CITED.finditer(re.sub(r"\[[^\[\]]*\]", "[c]", text)):
            cited |= {key(n.group(0)) for n in _ONE.finditer(m.group(1))}
    # the systems a sentence lists as the baselines: "we trained the following baselines: a two
    # layer feedforward 5-gram model and a two layer LSTM"
    for text in texts:
        for m in _BASELINES_LISTED.finditer(text):
            cited |= {key(n.group(0)) for n in _ONE.finditer(m.group(1))}
    cited -= own
    for text in texts:
        for name in list(cited):
            spelled = _spellings(text, name)
            if spelled and _used_or_data(text, spelled):
                cited.discard(name)
    # what the paper runs beside its own as a reference: "a reference day-ahead persistence
    # forecast was also generated" (the "Persistence" rows of its tables)
    for text in texts:
        for m in _REFERENCE_RUN.finditer(text):
            cited |= {key(m.group(1)), key(m.group(1)).capitalize()} - own
    return frozenset(n for n in cited if n and not DATASET.fullmatch(n) and not _variant(n, own))


_BASELINES_LISTED = re.compile(
    r"\bbaselines?\s*(?:include|including|are|:)\s*([^.;]+)", re.IGNORECASE
)
_REFERENCE_RUN = re.compile(
    r"\b(?:a|the)\s+(?:reference|na[iï]ve)\s+(?:[\w-]+\s+){0,2}?([A-Za-z][\w-]+)\s+"
    r"(?:forecasts?|models?|methods?|predictors?|baselines?|heuristics?)\b",
    re.IGNORECASE,
)


def _variant(name: str, own: set[str]) -> bool:
    """A variant of the paper's own method ("COMET-diag" of "COMET"); the method it extends is
    none ("REPA" of "REPA-E")."""
    return any(name.startswith(o) for o in own if len(o) >= 3)


def _spellings(text: str, name: str) -> list[str]:
    return [m.group(0) for m in _ONE.finditer(text) if key(m.group(0)) == name]


def _used_or_data(text: str, spelled: list[str]) -> bool:
    for s in set(spelled):
        e = re.escape(s)
        if re.search(rf"{_OWN}(?:\s+\w+){{0,2}}\s+{e}(?![\w$])", text, re.I):
            return True
        if re.search(rf"(?<![\w$]){e}{_CITE}?\s+(?:{_DATA_WORDS}|{_TOOL_WORDS})", text, re.I):
            return True
    return False


# The value is stated for a system: right after it ("$= 255$ in LightGBM", "$\\beta = 0.5$ for
# M${}^2$"), or the sentence leads with it ("For training HDSL, we took ...")
_AFTER = re.compile(rf"^[\s$~)]*(?:for|in)\s+(?:the\s+)?({_NAME})")
_LEAD = re.compile(rf"^\W*(?i:for|in)\s+(?:[a-z]+ing\s+)?(?:the\s+)?({_NAME})[^,.;]{{0,40}},")


def stated_for(
    sentence: str, end: int, systems: frozenset[str], ours: Iterable[str] = ()
) -> str | None:
    """The other system (as the sentence spells it) the value ending at `end` is stated for;
    none where the sentence names the paper's own method (`ours`) too: "REPA-E reduces gFID
    ... for SiT-L" runs the paper's method on another's model."""
    if not systems or any(o and o in sentence for o in ours):
        return None
    lead = _LEAD.match(sentence)
    lead = lead if lead is not None and lead.end() <= end else None  # not inside the lead
    for m in (_AFTER.match(sentence[end:]), lead):
        if m is not None and key(m.group(1)) in systems:
            return m.group(1)
    return None

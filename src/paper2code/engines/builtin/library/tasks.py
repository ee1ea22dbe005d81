"""Synthetic tasks a paper defines completely in one sentence ("synthetic string reversal ... of
up to 32 digits"): the generated data.py then builds the paper's own data, not a stand-in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paper2code.analyse.text import sentences
from paper2code.paper.model import Paper


@dataclass(frozen=True)
class Task:
    """A sequence task on random digit strings, as the paper states it."""

    name: str  # "reverse", "copy" or "sort": what the target does to the input
    max_length: int  # the longest input string
    anchor: str  # where the paper states it
    quote: str  # the sentence that states it, verbatim


# The word of the paper that names each task (the generated code's target is the function of
# that name in templates/transformer/<framework>/targets.py); one sentence must name the task,
# call it synthetic and bound the string length.
TASKS = {
    "reverse": r"\brevers(e|ed|al|ing)\b",
    "copy": r"\bcopy(ing)?\b",
    "sort": r"\bsort(ed|ing)?\b",
}
_SYNTHETIC = re.compile(r"\b(synthetic|toy|algorithmic)\b", re.IGNORECASE)
_LENGTH = re.compile(r"\bup to (\d+) digits\b", re.IGNORECASE)


def synthetic_task(paper: Paper) -> Task | None:
    """The first sentence that fully specifies a digit-string task, or None."""
    for s in sentences(paper):
        length = _LENGTH.search(s.text)
        if length is None or not _SYNTHETIC.search(s.text):
            continue
        for name, word in TASKS.items():
            if re.search(word, s.text, re.IGNORECASE):
                return Task(name, int(length.group(1)), s.anchor, " ".join(s.text.split()))
    return None

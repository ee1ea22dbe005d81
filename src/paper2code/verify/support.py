"""Whether a passage of the paper states a value: a number as a number, a named choice by word.

Numbers are read as papers write them (`paper.numbers`): "3e-4" states 0.0003, "2K" states
2000, "$10^{-4}$" states 1e-4, "two" states 2. A named choice (`rope`, `adam`, `pre`) is stated
by the words the knowledge base has for it ("RoPE", "rotary"; see `KnowledgeBase.value_words`),
or by its own words ("encoder_decoder" by "encoder-decoder").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from paper2code.paper.numbers import find_number_words, find_numbers, parse_number, same_value

Words = Mapping[str, tuple[re.Pattern[str], ...]]  # a choice's value -> the words stating it


@lru_cache(maxsize=4096)
def numbers_in(text: str) -> tuple[float, ...]:
    """Every number a text states, in figures or as a word; cached, as the checker reads the
    same places and quotes for many values."""
    return tuple(n.value for n in find_numbers(text) + find_number_words(text))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _label_of(value: str, words: Words) -> str | None:
    """The choice value a config value names: the same words ("inverse_sqrt"), or its first
    word ("pre" for "pre-norm")."""
    mine = _words(value)
    for label in words:
        theirs = _words(label)
        if mine and (mine == theirs or mine == theirs[:1]):
            return label
    return None


def states(text: str, value: object, words: Words) -> bool:
    """Whether `text` states `value`: a number among its numbers, a string by the words of
    its choice value or its own words. True for what cannot be compared (booleans, None)."""
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, str) and (number := parse_number(value)) is not None:
        value = number  # a number the config wrote as a string: "3e-4"
    if isinstance(value, int | float):
        return any(same_value(value, n) for n in numbers_in(text))
    label = _label_of(str(value), words)
    if label is not None and any(rx.search(text) for rx in words[label]):
        return True
    said = set(_words(text))
    return all(w in said for w in _words(str(value)))


def same_setting(ours: object, theirs: float | str) -> bool:
    """Whether a config value is a value the paper states: equal numbers, or the same words
    ("inverse_sqrt" and the label "inverse_sqrt"; "pre" and "pre-norm")."""
    if isinstance(ours, str) and (number := parse_number(ours)) is not None:
        ours = number
    if isinstance(ours, int | float) and not isinstance(ours, bool):
        return not isinstance(theirs, str) and same_value(ours, float(theirs))
    if not isinstance(theirs, str):
        return False
    mine, said = _words(str(ours)), _words(theirs)
    return bool(mine) and (mine == said or mine == said[:1])

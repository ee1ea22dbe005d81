"""Names for values, as the paper says them, without a vocabulary.

A small grammar over the sentence's words, without parts of speech: a noun phrase is a run of
words that are not function words or verbs, at most four, with "of" inside only after a head
that takes one ("number of layers"). A value is named by

- the symbol math assigns it (`$d_c = 512$`), read through the paper's own definitions ("the KV
  compression dimension $d_c$" makes `d_c` the "KV compression dimension");
- the noun phrase before it when a joining word links them ("batch size of 64", "learning rate
  starts at 0.001", "the warmup step is 375");
- the noun phrase after it ("256 routed experts", "8-NN", "$64$ nodes per hidden layer");
- the name of the value before it, in "24 for Transformer and 12 for Diff".

Coordinated names take a list's values in order: "$\\beta_1$ and $\\beta_2$ are set to 0.9 and
0.95", "learning rate and weight decay of 1e-4 and 0.05, respectively".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paper2code.analyse.hyperparams import symbol_key
from paper2code.analyse.values.candidates import LONE_SYMBOL
from paper2code.paper.numbers import find_number_words

_TOKEN = re.compile(r"\$[^$]*\$|\\\(.*?\\\)|[^\W\d_][\w'/-]*|\d[\d.,]*|\S")  # "Fréchet"
# Words that end a noun phrase: determiners, pronouns, prepositions, conjunctions, auxiliaries
# and the verbs papers use around values.
_STOP = {
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "his", "her", "we",
    "they", "it", "i", "you", "he", "she", "which", "who", "whose", "what", "when", "where",
    "while", "whereas", "if", "then", "than", "so", "thus", "hence", "also", "only", "just", "all",
    "both", "each", "every", "any", "some", "no", "not", "as", "at", "by", "for", "from", "in",
    "into", "on", "onto", "over", "under", "with", "without", "within", "via", "per", "to", "of",
    "and", "or", "but", "nor", "is", "are", "was", "were", "be", "been", "being", "has", "have",
    "had", "do", "does", "did", "can", "could", "may", "might", "will", "would", "should", "must",
    "shall", "use", "uses", "used", "using", "set", "sets", "setting", "adopt", "adopts",
    "adopted", "follow", "follows", "following", "apply", "applies", "applied", "train", "trains",
    "trained", "training", "choose", "chooses", "chose", "chosen", "select", "selects", "selected",
    "fix", "fixes", "fixed", "obtain", "obtains", "obtained", "achieve", "achieves", "achieved",
    "reach", "reaches", "reached", "yield", "yields", "yielded", "give", "gives", "gave", "given",
    "take", "takes", "took", "taken", "make", "makes", "made", "consist", "consists", "consisting",
    "contain", "contains", "containing", "include", "includes", "including", "resulting", "result",
    "results", "around", "about", "approximately", "roughly", "nearly", "almost", "up", "down",
    "until", "after", "before", "during", "between", "among", "across", "against", "along", "e.g.",
    "i.e.", "respectively", "there", "here", "such", "same", "another", "more", "most",
    "less", "least", "further", "first", "last", "new", "default", "total", "value", "values",
    "equal", "equals", "like", "approx", "initially", "initial", "starts", "start", "starting",
    "remaining", "respective", "maintains", "leads", "works", "performs", "shows", "ensures",
    "means", "becomes", "remains", "denotes", "corresponds", "controls", "provides", "produces",
    "improves", "enhances", "boosts", "outperforms", "matches", "surpasses", "exceeds", "ran",
    "denote", "indicate",
    "indicates", "represent", "represents", "refer", "refers", "vs", "vs.", "versus", "few",
    "many", "increases",
    "decreases", "grows", "drops", "increase", "decrease", "converge", "converges", "require",
    "requires", "allow",
    "allows", "need", "needs", "share", "shares", "appear", "appears", "exist", "exists",
    "occur", "occurs", "sometimes", "often", "always", "usually", "seem", "seems", "seemed",
    "known", "called", "named", "termed", "because", "since", "although", "though", "unless",
    # the imperatives of mathematical writing: "Let $M$ be", "Define $\\lambda$ as"
    "let", "define", "compute", "consider", "suppose", "assume", "see",
    # adverbs of time, place, manner and degree: closed classes, none of them a noun
    "again", "otherwise", "onwards", "onward", "yet", "either", "neither", "out", "very", "still",
    "even", "already", "instead", "too", "quite", "rather", "else", "ever", "never", "once",
    "twice", "together", "apart", "away", "back", "meanwhile", "moreover", "however",
    "therefore", "overall", "below", "above", "ahead", "later", "earlier", "much", "upon",
    "toward", "towards", "beyond", "through"
}  # fmt: skip
# Words that qualify a count without naming what it counts: "192 different viewpoints"
_QUALIFIERS = {
    "different", "various", "several", "distinct", "separate", "whole", "entire", "corresponding",
}  # fmt: skip
# Words that never head a noun phrase, though they may stand inside one ("higher throughput",
# "large batch size"): comparatives and adjectives of size, degree and quality.
_NOT_HEADS = {
    "fewer", "faster", "slower", "larger", "smaller", "higher", "lower", "better", "worse",
    "greater", "longer", "shorter", "bigger", "wider", "deeper", "large", "small", "high", "low",
    "big", "huge", "tiny", "long", "short", "wide", "deep", "good", "bad", "best", "worst",
    "similar", "comparable", "possible", "available", "optimal", "maximal", "minimal", "best-known",
    "algorithmic", "other", "own", "certain", "necessary", "sufficient", "able", "likely",
    "example", "say",  # "for example $q = 0.1$", "say $q = 0.95$" name no quantity
}  # fmt: skip
_DEGREE = {"very", "too", "quite", "rather", "so", "extremely", "relatively", "much"}
_COPULAS = {"is", "are", "was", "were", "be", "been", "becomes", "remains"}
# What comes right after a subject pronoun or a modal is a verb: "we tune $m$", "can hold"
_BEFORE_VERBS = {
    "we", "they", "i", "you", "he", "she", "it", "can", "could", "may", "might", "will", "would",
    "should", "must", "shall",
}  # fmt: skip
# Words that stay in a noun phrase though they look like verbs: participles papers use as
# adjectives ("routed experts", "hidden layers", "fixed" is not one: "a fixed rate of").
_KEEP = {
    "hidden", "routed", "shared", "embedded", "pretrained", "pre-trained", "learned", "normalized",
    "masked", "connected", "fully", "output", "input", "training"
}  # fmt: skip
# Nouns that count the paper's own parts, not a quantity to reproduce: "three settings"
META = {
    "setting", "settings", "experiment", "experiments", "method", "methods", "algorithm",
    "algorithms", "approach", "approaches", "case", "cases", "way", "ways", "type", "types",
    "kind", "kinds", "part", "parts", "aspect", "aspects", "scenario", "scenarios",
    "configuration", "configurations", "variant", "variants", "contribution", "contributions",
    "question", "questions", "figure", "figures", "table", "tables", "section", "sections", "plot",
    "plots", "times", "baselines", "baseline's", "reason", "reasons", "observation", "observations"
}  # fmt: skip
# Nouns that measure something, so may take their value without a joining word ("with
# probability 0.1"), unlike labels with a number in them ("mode 0", "Stable Diffusion 3")
MEASURES = {
    "probability", "weight", "coefficient", "factor", "temperature", "threshold", "momentum",
    "decay", "rate", "ratio", "size", "scale", "margin", "penalty", "strength", "budget",
}  # fmt: skip
BARE = {"size", "length", "width", "depth"}  # measures that name nothing without their owner
_OF_DETERMINERS = {"the", "this", "that", "each", "our", "these"}
_OF_HEADS = {
    "number", "numbers", "size", "sizes", "amount", "ratio", "fraction", "share", "proportion",
    "percentage", "dimension", "dimensions", "count", "length", "depth", "width", "rate", "degree",
    "order", "scale", "magnitude", "frequency"
}  # fmt: skip
# Joining words between a name and its value: "of", "is set to", "=", "starts at", "equal to";
# "$\\sim$" reads "about" in prose ("the vocabulary size is $\\sim$9200"); "equivalent to"
# joins as "equal to" does, naming nothing itself
_JOIN = {
    "of", "is", "are", "was", "were", "be", "been", "set", "to", "at", "equal", "equals", "as",
    "around", "about", "approximately", "roughly", "fixed", "chosen", "initialized", "initialised",
    "starts", "start", "starting", "default", "value", "=", ":", "~", "\\approx", "a", "an", "the",
    "by", "$", "(", "up", "$\\sim$", "$\\approx$", "equivalent"
}  # fmt: skip
_WEAK_JOIN = {"a", "an", "the", "by", "fixed", "default", "value", "chosen", "$", "~", "(", "up"}
# A change to a value joins its name to it too: "the accuracy increases to 88%"
_CHANGE = {
    "increases", "decreases", "rises", "falls", "drops", "grows", "goes", "reduces", "converges",
    "converge", "converged",
}  # fmt: skip
_STRONG_JOIN = _JOIN - _WEAK_JOIN
_MAX_WORDS = 4
_APPROXIMATE = {"about", "around", "approximately", "roughly", "nearly"}
_RANGE_WORDS = {"from", "between", "over", "within", "in"}
_VERB_FORM = re.compile(r"[a-z]{3,}(?:es|ed|s)")  # "alternates", "ranges", "varied"


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _acronym(tok: str) -> bool:
    """An acronym in capitals is a name, whatever word it spells: "the SAME parameter"."""
    return len(tok) > 1 and tok.isalpha() and tok.isupper()


def _is_word(tok: str) -> bool:
    low = tok.lower()
    return tok[0].isalpha() and (_acronym(tok) or low in _KEEP or low not in _STOP)


# Nouns with a participle's or an adverb's ending: "clock speed", "random seed", "the family"
_NOUNS_LIKE_VERBS = {
    "speed", "seed", "feed", "need", "breed", "family", "assembly", "anomaly", "supply",
}  # fmt: skip


def _verbish(tok: str) -> bool:
    low = tok.lower()
    # past participles and adverbs ("linearly"), unless used as adjectives ("hidden", "routed")
    # a compound is an adjective: "LLM-modified content"
    return (
        low.endswith(("ed", "ly"))
        and low not in _KEEP
        and low not in _NOUNS_LIKE_VERBS
        and len(low) > 4
        and "-" not in low
    )


def _modifies_next(tok: str, tokens: list[re.Match[str]]) -> bool:
    """A participle right after a value and right before a noun is the noun's adjective:
    "126,670 labeled reviews", "500 sampled points" count reviews and points; "0.1 based on"
    and "0.9 decayed linearly" are verbs."""
    if not tok.lower().endswith("ed") or len(tokens) < 2:
        return False
    nxt = tokens[1].group(0)
    return _is_word(nxt) and not _verbish(nxt) and nxt.lower() not in _JOIN


def nominal(name: str | None) -> bool:
    """Whether a name is a noun phrase: its head (last word, or the word before "per"/"of") is
    no function word, adverb, comparative or adjective ("either", "fewer", "very large"), and
    one word alone is no participle ("choosing", "updating")."""
    words = (name or "").split()
    if not words or (words[0].lower() in _STOP - _KEEP and not _acronym(words[0])):
        return False
    head = words[-1].lower()
    if head in _NOT_HEADS or (head in _STOP and head not in _KEEP) or _verbish(head):
        return False
    return len(words) > 1 or not (_PARTICIPLE.fullmatch(head) or _ADJECTIVE.fullmatch(head))


# A word alone that is an adjective by its suffix: "optimal", "empirical", "iterative"
_ADJECTIVE = re.compile(r"[a-z-]{3,}(?:ical|mal|ional|ous|able|ible|ful|less)")


def _plural(word: str) -> bool:
    low = word.lower()
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is", "'s", "wards"))
        and low not in _UNITS
    )


# Plural units a phrase goes on after: "40 epochs linear warmup", "20 days period"
_UNITS = {"epochs", "steps", "iterations", "updates", "days", "hours", "minutes", "seconds"}


def _lone_symbol(tok: str) -> str | None:
    """A math token holding one symbol: `$d_c$`; also a set's size `$|\\mathcal{D}|$` and a
    symbol whose "=" the paper left dangling (`$K=$ varies in`)."""
    if tok.startswith("$") and tok.endswith("$"):
        inner = tok.strip("$").strip().removesuffix("=").strip()
        bare = inner[1:-1].strip() if len(inner) > 2 and inner[0] == inner[-1] == "|" else inner
        return inner if LONE_SYMBOL.match(bare) else None
    return None


@dataclass
class Phrase:
    """A name found in the text: its words, the symbol it carries, where it starts."""

    name: str | None
    symbol: str | None
    start: int
    end: int = 0  # known for a phrase after its value


def _content_words(words: list[str]) -> int:
    """How many words of a phrase count toward its length: not "of the" linking its parts
    ("the coefficient of the L2 regularization term")."""
    return sum(w.lower() != "of" and w.lower() not in _OF_DETERMINERS for w in words)


def _cited_subject(tokens: list[re.Match[str]], close: int) -> bool:
    """Whether the citation closing at token `close` follows its authors ("Mooij et al.
    [mooij]") or opens the sentence: the subject, so the word after it is its verb; a
    citation inside a noun phrase ("GAT [velickovic] layer of size 32") is not."""
    k = close
    while k >= 0 and tokens[k].group(0) != "[":
        k -= 1
    before = [t.group(0).lower() for t in tokens[max(0, k - 2) : max(0, k)]]
    return k == 0 or before[-2:] == ["al", "."] or before[-1:] == ["al"]


def _conjuncts(tokens: list[re.Match[str]], stop: int) -> list[Phrase]:
    """The coordinated noun phrases that end at token `stop` (exclusive), last first."""
    phrases: list[Phrase] = []
    words: list[str] = []
    symbol: str | None = None
    start = tokens[stop - 1].start() if stop else 0
    i = stop - 1
    while i >= 0:
        tok = tokens[i].group(0)
        low = tok.lower()
        sym = _lone_symbol(tok)
        if sym is not None and not words and symbol is None:
            symbol, start = sym, tokens[i].start()
        elif (
            tok == ")" and not words and symbol is None and i >= 2 and tokens[i - 2].group(0) == "("
        ):
            # "content proportions ($\alpha$) ranging from": the symbol the name defines
            symbol = _lone_symbol(tokens[i - 1].group(0))
            if symbol is None:
                break
            start, i = tokens[i - 1].start(), i - 2
        elif low == "per" and words and i > 0 and _is_word(tokens[i - 1].group(0)):
            words.insert(0, tok)  # "impressions per ad"
        elif (
            low == "of"
            and i > 0
            and (
                tokens[i - 1].group(0).lower() in _OF_HEADS or _lone_symbol(tokens[i - 1].group(0))
            )
        ):
            if _lone_symbol(tokens[i - 1].group(0)):
                words, symbol = [], None  # "$\beta_2$ of AdamW": the symbol is the name
            else:
                words.insert(0, tok)
        elif (
            _is_word(tok)
            and not _verbish(tok)
            and _content_words(words) < _MAX_WORDS
            # "three deconvolutional layers of $64$ filters": a count spelt out is a value of
            # its own, no word of the name
            and not _spelt_count(tok)
        ):
            k = i - 1
            while k > 0 and tokens[k].group(0).lower().endswith("ly"):
                k -= 1  # "we randomly sample up to 2,000 papers"
            if k >= 0 and tokens[k].group(0).lower() in _BEFORE_VERBS:
                break  # "we tune $m$": a verb, no name
            if k >= 0 and tokens[k].group(0) == "]" and _cited_subject(tokens, k):
                break  # "Mooij et al. [mooij] report DSC of": the cited work's verb
            words.insert(0, tok)
            start = tokens[i].start()
        elif low in _OF_DETERMINERS and words and i >= 2 and tokens[i - 1].group(0) == "of":
            # "the sparsity of this dataset is": the measure of what the determiner points at
            head = tokens[i - 2].group(0)
            if not _is_word(head) or _verbish(head):
                break
            words[:0] = ["of", tok]
            i -= 1
        elif tok == "-" and words and i > 0 and (part := _lone_symbol(tokens[i - 1].group(0))):
            words[0] = f"{part}-{words[0]}"  # "the maximum $n$-gram size $N$"
            i -= 1
            start = tokens[i].start()
        elif low in ("and", ",") and (words or symbol):
            phrases.append(Phrase(" ".join(words) or None, symbol, start))
            words, symbol = [], None
        else:
            break
        i -= 1
    if words or symbol:
        phrases.append(Phrase(" ".join(words) or None, symbol, start))
    named = []
    for p in phrases:
        kept = (p.name or "").split()
        while kept and (kept[0].lower() in _QUALIFIERS or kept[0].lower() == "of"):
            kept = kept[1:]  # "different sizes of problem", "(number) of impressions per ad"
        p.name = " ".join(kept) or None
        if p.name and not nominal(p.name):
            # "again from 0 to 9", "fewer ($\leq 2$": no noun names it, nor the words before
            p.name = None
            named.append(p)
            break
        named.append(p)
    return [p for p in named if p.name or p.symbol]


# An aside set off by dashes between a name and its verb: "The inter-rater agreement---as
# measured by Krippendorff's alpha---is 0.74"
_ASIDE = re.compile(r"(?:---|—)[^—]{1,160}?(?:---|—)")


# A measure of things the sentence lists by their symbols, the value after them: "We set the
# dimension $d$ of the weight matrices $W,S,U$, and $V$ to $250$" names the dimension, not $V$
_MEASURE_OF_SYMBOLS = re.compile(
    r"\b(?P<measure>(?:(?!(?:the|a|an|our|its|their|each)\s)[a-z][\w-]*\s+)?"
    r"(?:dimension|size|rank|width|length)s?)"
    r"(?:\s*\$(?P<symbol>[^$]{1,20})\$)?\s+of\s+(?:the\s+|all\s+)?(?:[a-z][\w-]*\s+){0,3}"
    r"\$[^$]{1,40}\$(?:\s*(?:,\s*)?(?:and\s+)?\$[^$]{1,40}\$)*,?\s*"
    r"(?:to|=|is|are|of|equal\s+to)[\s$~]*$",
    re.I,
)


def names_before(text: str, at: int, weak: bool = False) -> list[Phrase]:
    """The names a joining word links to a value at `at`: "batch size of", "$\\beta_1$ and
    $\\beta_2$ are set to". Last name first; empty when no joining word stands there. `weak`
    also takes the noun phrase right before the value ("the interval $[0.02, 0.05]$")."""
    if (listed := _MEASURE_OF_SYMBOLS.search(text[:at])) is not None:
        symbol = listed.group("symbol")
        if symbol is None or LONE_SYMBOL.match(symbol.strip()):
            return [Phrase(listed.group("measure"), symbol, listed.start())]
    tokens = _tokens(_ASIDE.sub(lambda m: " " * len(m.group(0)), text[:at]))
    i = len(tokens)
    strong = False
    while i > 0 and tokens[i - 1].group(0).lower() in _JOIN:
        strong = strong or tokens[i - 1].group(0).lower() in _STRONG_JOIN
        i -= 1
        if strong and i > 0 and tokens[i - 1].group(0).lower() in _CHANGE:
            i -= 1
            while i > 0 and tokens[i - 1].group(0).lower().endswith("ly"):
                i -= 1  # "the objective function successfully converges to 0.05"
    if not strong and not weak:
        return []
    measured = None
    if strong and i >= 2 and tokens[i - 1].group(0).lower() in _MEASURED:
        # "The smallest error achieved is 0.16": a participle after its noun, what the noun
        # measured; the superlative says which run, the noun names the quantity
        measured, i = tokens[i - 1].start(), i - 1
    joined = {t.group(0).lower() for t in tokens[i:]}
    if joined and joined <= _APPROXIMATE and i > 0 and _VERB_FORM.fullmatch(tokens[i - 1].group(0)):
        return []  # "costs about 0.9 second": a verb before "about", no name
    if weak and i >= 2 and tokens[i - 1].group(0).lower() in _RANGE_WORDS:
        i -= 1  # "the temperature between 0.7 and 3.0"
        verb = tokens[i - 1].group(0).lower()
        # "the number of nodes alternates between 32 and 16"; not "numbers of steps from"
        subject = i >= 2 and tokens[i - 2].group(0).lower() not in _STOP
        if subject and (verb in _STOP and verb.endswith(("s", "ed")) or _VERB_FORM.fullmatch(verb)):
            # a plural noun looks like a verb ("sampling steps from"): taken as one when the
            # words before it name nothing
            found = _conjuncts(tokens, i - 1)
            if found and found[0].name:
                return found
            found = _conjuncts(tokens, i)
            return found if found and len((found[0].name or "").split()) > 1 else []
    if weak and not strong and i >= 2 and _PARTICIPLE.fullmatch(tokens[i - 1].group(0).lower()):
        # "with $\alpha$ reaching 4.9%", "proportions ($\alpha$) ranging from 0% to 25%": the
        # participle's subject names the values
        return _conjuncts(tokens, i - 1)
    k = i - 1
    while k > 0 and tokens[k].group(0).lower() in _NOT_HEADS | _DEGREE:
        k -= 1
    if k < i - 1 and tokens[k].group(0).lower() in _COPULAS:
        # "the image size is very large (about $7000 \\times 5000$)": what is large
        return _conjuncts(tokens, k)
    if i >= 3 and tokens[i - 1].group(0) == ")" and tokens[i - 3].group(0) == "(":
        # "generation FID (gFID) from": the abbreviation the paper goes on to use
        abbreviation = tokens[i - 2]
        if _is_word(abbreviation.group(0)):
            return [Phrase(abbreviation.group(0), None, abbreviation.start())]
    found = _conjuncts(tokens, i)
    if measured is not None and found and found[0].name:
        words = found[0].name.split()
        while len(words) > 1 and words[0].lower() in _SUPERLATIVES:
            words = words[1:]
        found[0] = Phrase(" ".join(words), found[0].symbol, found[0].start)
    if found and "=" in joined and re.fullmatch(r"[A-Za-z]", found[0].name or ""):
        # "GE (n=220)": a letter given a value outside math is a symbol all the same
        found[0] = Phrase(None, found[0].name, found[0].start)
    return found


_PARTICIPLE = re.compile(r"(?!training$)[a-z]{3,}ing")
_MEASURED = {"achieved", "obtained", "reached", "attained", "measured", "observed", "reported"}
_SUPERLATIVES = {"smallest", "lowest", "highest", "largest", "best", "worst", "fewest"}
_MODEL_NAME = re.compile(r"[A-Za-z]+\d+[A-Za-z0-9]*")  # "A100 GPUs"
_AFTER_LEAD = re.compile(r"^[\s$~]*-?[\s$~]*")
# A device's make and series, which a count names through: "4 Nvidia RTX 3090 GPUs"
_DEVICE_MAKES = {"nvidia", "amd", "rtx", "gtx", "tesla", "titan", "quadro", "radeon", "geforce"}


# "20-step policy", "3-layer MLP", "10-fold", "64-Core CPU": the word joined to a count is
# what it counts. A capital is a title's style when the next word has one too ("64-Core
# Processor"); else a name's ("2-Wasserstein distance", "1-Lipschitz"), no unit; "8-NN" too.
_COUNTED = re.compile(r"-(?:([a-z]{2,})|([A-Z][a-z]{2,})(?=[\s~]+[A-Z]))\b(?!-)")
# "16-dimensional concept tokens" name the tokens' dimension (see `reading`), "2-cyclic" no
# count: after a hyphen, a word of an adjective's ending describes, it counts nothing
_HYPHENED_ADJECTIVE = re.compile(r"[a-z]+(?:al|ic|ar|ed|ing|ly|ive|ous)")
# Words that count something other than themselves: a "256-way softmax" tells 256 classes
# apart; "two-way", spelt out, is an adjective ("a two-way interaction"), no count
_COUNTS = {"way": "classes"}


def _spelt_count(tok: str) -> bool:
    """A number in words, alone: "three", "twenty-four"."""
    return [w.raw.lower() for w in find_number_words(tok)] == [tok.lower()]


def _spelt_product(tok: str) -> bool:
    """A product of numbers in words: "ten-by-ten"."""
    parts = tok.lower().split("-by-")
    return len(parts) > 1 and all(map(_spelt_count, parts))


def _counted(text: str, at: int) -> Phrase | None:
    """The unit a hyphen joins to the count ending at `at`: "steps" of "20-step policy"."""
    counted = _COUNTED.match(text, at)
    if counted is None:
        return None
    word = (counted.group(1) or counted.group(2)).lower()
    if word in _COUNTS:
        figure = re.search(r"\d\$?$", text[:at]) is not None
        return Phrase(_COUNTS[word], None, at, counted.end()) if figure else None
    if _HYPHENED_ADJECTIVE.fullmatch(word) or word in _KEEP:  # "1-hidden layer CNNs": an adjective
        return None
    plural = word + "es" if word.endswith("ss") else word.rstrip("s") + "s"
    return Phrase(plural, None, at, counted.end())


def compound_head(text: str, at: int) -> str | None:
    """What a count hyphen-joined to its unit qualifies: "transformer" of "a 4-layer
    transformer", "accuracy" of "5-shot accuracy"; "" when no noun follows; None when the
    value ending at `at` is no such count."""
    counted = _counted(text, at)
    if counted is None:
        return None
    m = re.match(r"[\s~]+([^\W\d_][\w-]*)", text[counted.end :])
    return m.group(1) if m is not None and m.group(1).lower() not in _STOP else ""


def name_after(text: str, at: int, of_heads: bool = False) -> Phrase | None:
    """The noun phrase right after a value: "256 routed experts", "8-NN", "nodes per hidden
    layer", and the unit a hyphen joins to a count ("20-step policy" counts steps); None when
    a function word or a verb follows. With `of_heads`, a head that takes "of" goes on
    through it, as a definition's does ("the number of iterations")."""
    counted = _counted(text, at)
    if counted is not None:
        return counted
    lead = _AFTER_LEAD.match(text[at:])
    base = at + (lead.end() if lead else 0)
    words: list[re.Match[str]] = []
    tokens = _tokens(text[base : base + 120])
    device = False  # inside a device's make and model: "two Nvidia RTX 3090 GPUs" counts GPUs
    for k, m in enumerate(tokens):
        tok = m.group(0)
        if tok.lower() in _DEVICE_MAKES or (device and re.fullmatch(r"[A-Z]?v?\d+\w*|Ti", tok)):
            device = True
            continue
        device = False
        if _spelt_product(tok):
            continue  # "three ten-by-ten matrices": a value of its own; three counts matrices
        if tok.lower() == "out" and k + 1 < len(tokens) and tokens[k + 1].group(0) == "of":
            break  # "95% energy out of the whole map": a preposition ends the phrase
        last = words[-1].group(0).lower() if words else None
        magnitude = last in ("order", "orders") and text[base + m.end() :].startswith(" magnitude")
        if (
            (tok.lower() == "per" and words)
            or (of_heads and tok == "of" and last in _OF_HEADS)
            or (tok == "of" and magnitude)  # "two orders of magnitude": one unit
        ):
            words.append(m)
        elif last in ("per", "of") and tok.lower() in _OF_DETERMINERS:
            continue  # "the fraction of the documents"
        elif (_is_word(tok) or _MODEL_NAME.fullmatch(tok)) and (
            not _verbish(tok) or (k == 0 and _modifies_next(tok, tokens))
        ):
            if len(words) >= _MAX_WORDS + sum(w.group(0) in ("per", "of") for w in words):
                break
            if words and _plural(words[-1].group(0)) and words[-1].group(0)[0].islower():
                break  # a plural noun heads its phrase: "2022 estimates serve as", "gains continue"
            label = tok[0].isupper() and k + 1 < len(tokens) and tokens[k + 1].group(0) == ":"
            if words and label:
                break  # "16 GB of CPU RAM CPU: Intel Core i7": a label of what comes next
            words.append(m)
        else:
            break
    while words and words[-1].group(0).lower() in ("per", "of"):
        words.pop()
    # a participle ends a phrase it follows ("three experiments comparing the results", "a
    # factor denoting how important"), and alone names nothing ("$88.0\\%$ approaching")
    cut = next((k for k, w in enumerate(words) if _PARTICIPLE.fullmatch(w.group(0).lower())), None)
    if cut is not None and (cut > 0 or len(words) == 1):
        words = words[:cut]
    while words and words[0].group(0).lower() in _QUALIFIERS:
        words = words[1:]
    if not words or not nominal(" ".join(w.group(0) for w in words)):
        return None
    return Phrase(" ".join(w.group(0) for w in words), None, base, base + words[-1].end())


def owner_before(text: str, at: int) -> str | None:
    """The noun phrase a bare measure at `at` belongs to: "a reflect padding of size $8$"
    gives "reflect padding"; None without an "of" before it."""
    tokens = _tokens(text[:at])
    if len(tokens) < 2 or tokens[-1].group(0).lower() != "of":
        return None
    found = _conjuncts(tokens, len(tokens) - 1)
    return found[0].name if found and found[0].name else None


# ---- the paper's own definitions of its symbols -----------------------------------------------

_DEFINES = re.compile(
    r"^[\s,]*(?:is|denotes|represents|stands\s+for|refers\s+to|indicates)\s+(?:the|a|an)\s+", re.I
)
# What may lead a name that a symbol follows: "the KV compression dimension $d_c$", "a student
# with state space dimension $d_g = 100$"; not a subject and its verb ("we tune $m$").
_NAME_LEADS = {
    "the", "a", "an", "our", "its", "their", "each", "with", "of", "for", "at", "on", "in", "as",
    "and", ",", "(", ":", ";",
}  # fmt: skip
# Decorations that make another symbol of the same letter: `\hat{d}_g` is not `d_g`
_DECORATION = re.compile(r"\\(hat|tilde|bar|widehat|widetilde|overline)\b")
# An index running over a set's items: `\{(a_i, b_i)\}_{i=1}^{n}`, `\sum_{i=1}^N`
_INDEX_BOUND = re.compile(
    r"_\s*\{\s*([A-Za-z])\s*=\s*[01]\s*\}\s*\^\s*(\{[^{}$]*\}|\\?[A-Za-z]+(?:_\w|_\{\w+\})?)"
)
# A vector's space: `a_i \in \mathbb{R}^{d_x}`, its exponent the vector's dimension
_SPACE = re.compile(
    r"\\in\s*\{?\s*(?:\\mathbb\s*\{?R\}?|\\R|\\sR|\\Real|\\reals)\s*\}?"
    r"\s*\^\s*(\{[^{}$]*\}|[A-Za-z])\s*$"
)


_WORD_SYMBOL = re.compile(r"\\(?:mathit|mathrm|text|operatorname)\s*\{[A-Za-z]{2,}\}")


def definition_key(symbol: str) -> str:
    """The table's key of a symbol: `symbol_key`, with a decoration kept apart (`\\hat{d}_g`)."""
    m = _DECORATION.search(symbol)
    return f"{m.group(1)}:{symbol_key(symbol)}" if m else symbol_key(symbol)


def defined_name(table: dict[str, str], symbol: str) -> str | None:
    """The paper's name of a symbol: its own, or an undecorated one's (`\\hat d_g` as `d_g`)."""
    return table.get(definition_key(symbol)) or table.get(symbol_key(symbol))


def _singular(name: str) -> str:
    """ "noise levels" names each of `$\\{\\sigma_r, \\sigma_g\\}$` as "noise level"."""
    words = name.split()
    head = words[-1]
    if re.search(r"[^aeiou]ies$", head):
        head = head[:-3] + "y"
    elif re.search(r"(?:ch|sh|x|ss)es$", head):
        head = head[:-2]
    elif _plural(head):
        head = head[:-1]
    return " ".join([*words[:-1], head])


def _defined(tok: str) -> list[str]:
    """The symbols a math token defines: one alone (`$d_c$`), the left side of an assignment
    (`$d_g = 100$`), or each of a set or tuple of them (`$\\{\\sigma_r, \\sigma_g\\}$`)."""
    if (sym := _lone_symbol(tok)) is not None:
        return [sym]
    inner = tok.strip("$").strip()
    if m := re.match(r"([^=<>]+?)\s*=(?!=)", inner):
        return [m.group(1).strip()] if LONE_SYMBOL.match(m.group(1).strip()) else []
    bare = re.sub(r"^(?:\\\{|\\lbrace|\()\s*|\s*(?:\\\}|\\rbrace|\))$", "", inner)
    parts = [p.strip() for p in bare.split(",")]
    return parts if len(parts) >= 2 and all(LONE_SYMBOL.match(p) for p in parts) else []


def _name_before(text: str, tokens: list[re.Match[str]], i: int, listed: bool) -> str | None:
    """The noun phrase right before math token `i` that names what it defines, when a
    determiner or a preposition leads it ("the noise levels", "with state space dimension"), or
    when it is plural before a list of symbols."""
    if i > 0 and tokens[i - 1].group(0) == "(":
        if "=" in tokens[i].group(0):
            return None  # "results at best Precision ($\\mathit{NFE}=32$)": a condition
        i -= 1  # "the noise levels ($\\sigma_r, \\sigma_g, \\sigma_b$)"
    found = _conjuncts(tokens, i)
    first = found[0] if found else None
    if first is None or not first.name or first.symbol is not None:
        return None
    at = next(k for k in range(i, -1, -1) if k == 0 or tokens[k].start() <= first.start) - 1
    lead = tokens[at].group(0).lower() if at >= 0 else ""
    if listed:
        return _singular(first.name) if _plural(first.name.split()[-1]) else None
    if lead not in _NAME_LEADS:
        return None  # a run-in heading ("Parameters. ... $\\epsilon$"), a verb ("Draw $U$")
    if first.name.lower() in BARE:
        # "training sequences of length $k_g$": the length of what it is of
        owner = owner_before(text, tokens[at].end())
        return f"{_singular(owner)} {first.name}" if owner else None
    return first.name


def _definitions(text: str) -> list[tuple[str, str, bool]]:
    """(symbol, name, explicit) for each definition in one sentence of prose; `explicit` when
    the sentence says what the symbol is ("$\\alpha$ is the fraction of ..."), not when a name
    stands beside it ("the ground truth $\\alpha$")."""
    tokens = _tokens(text)
    out: list[tuple[str, str, bool]] = []
    for i, m in enumerate(tokens):
        tok = m.group(0)
        if not tok.startswith(("$", "\\(")) or text.startswith("-", m.end()):
            continue  # "$n$-grams": a compound's part, defined elsewhere
        after = _DEFINES.match(text[m.end() :])
        phrase = name_after(text, m.end() + after.end(), True) if after is not None else None
        named = phrase.name if phrase else None
        # "$a_i \in \mathbb{R}^{d_x}$ denotes the features": the features' dimension
        if (space := _SPACE.search(tok.strip("$"))) is not None:
            dim = space.group(1).strip("{} ")
            name = named or _name_before(text, tokens, i, False)
            if name and LONE_SYMBOL.match(dim):
                out.append((dim, f"{_singular(name)} dimension", named is not None))
            continue
        # "$\{(a_i, b_i)\}_{i=1}^n$ ... the features of the $i$-th sample": n counts samples
        for bound in _INDEX_BOUND.finditer(tok):
            index, limit = bound.group(1), bound.group(2).strip("{} ")
            item = re.search(rf"\${index}\$[\s~-]*(?:th|-th)\b", text)
            counted = name_after(text, item.end()) if item else None
            if counted is not None and LONE_SYMBOL.match(limit):
                out.append((limit, _singular(counted.name) + "s", True))
        # a word set in math names itself: `\\mathit{NFE}`
        symbols = [sym for sym in _defined(tok) if not _WORD_SYMBOL.match(sym)]
        if not symbols:
            continue
        if i > 0 and tokens[i - 1].group(0).endswith("-") and tokens[i - 1].end() == m.start():
            # "the top-$K$ retrieved documents": the symbol counts what the compound goes on to
            # name, "top retrieved documents"
            counted = name_after(text, m.end())
            if counted is not None and len(symbols) == 1:
                out.append((symbols[0], f"{tokens[i - 1].group(0)[:-1]} {counted.name}", False))
            continue
        explicit = named is not None and len(symbols) == 1 and _lone_symbol(tok) is not None
        name = named if explicit else _name_before(text, tokens, i, len(symbols) > 1)
        if name and not explicit and _counts_next(text, m.end(), name):
            continue  # "our sampler forms $m$ copies of the data": a subject, its verb, a count
        of = re.match(r"[\s~]*of\s+", text[m.end() :])
        if name and not explicit and name.split()[-1].lower() in _OF_HEADS and of:
            # "the number $N$ of steps": the head goes on past its symbol
            counted = name_after(text, m.end() + of.end())
            name = f"{name} of {counted.name}" if counted else name
        if name:
            out += [(sym, name, explicit) for sym in symbols]
    return out


def _counts_next(text: str, at: int, name: str) -> bool:
    """Whether a symbol ending at `at` counts the plural noun right after it, the words before
    it a subject and its verb ("our sampler forms $m$ copies"): the verb's "-s" looks like a
    plural head, but a name's plural ("the noise levels $\\sigma$") is followed by no count."""
    head = name.split()[-1]
    if len(name.split()) < 2 or not _plural(head) or head[0].isupper():
        return False
    counted = re.match(r"[\s~]+([a-z][a-z-]*)\b", text[at:])
    return counted is not None and _plural(counted.group(1)) and _is_word(counted.group(1))


def symbol_definitions(texts: list[str]) -> dict[str, str]:
    """Symbol (`definition_key`) -> name from the paper's definitions in prose: "the KV
    compression dimension $d_c$", "where $n$ is the number of samples", "noise levels
    $\\{\\sigma_r, \\sigma_g, \\sigma_b\\}$", "a student with state space dimension $d_g = 100$",
    "$a_i \\in \\mathbb{R}^{d_x}$ denotes the features" (`d_x` is their dimension), and an index's
    bound, "$\\{a_i\\}_{i=1}^n$ ... the $i$-th sample" (`n` counts samples). What the paper
    says a symbol is wins over a name beside it; of those, the name it gives most often, the
    first on a tie."""
    seen: dict[str, Counter[tuple[bool, str]]] = {}
    for text in texts:
        for sym, name, explicit in _definitions(text):
            seen.setdefault(definition_key(sym), Counter())[(explicit, name)] += 1
    table = {}
    for key, names in seen.items():
        explicit = Counter({n: c for (e, n), c in names.items() if e})
        table[key] = (explicit or Counter({n: c for (_, n), c in names.items()})).most_common(1)
    return {key: best[0][0] for key, best in table.items()}


# What the "± s" after a value is, as its sentence or table says; a standard
# deviation where neither does (the usual report of runs over seeds)
_SPREAD_KINDS = (
    (re.compile(r"standard errors?|\bs\.?e\.?m\b|\bSEM\b|\bs\.e\.\B", re.I), "standard error"),
    (re.compile(r"confidence intervals?|\bCIs?\b"), "confidence interval"),
)


def spread_name(text: str) -> str:
    """The name of the spread a value gives after "±": "standard error", "confidence interval"
    where `text` (the sentence, or a table's caption and citing prose) says so, else "standard
    deviation"."""
    return next((name for rx, name in _SPREAD_KINDS if rx.search(text)), "standard deviation")

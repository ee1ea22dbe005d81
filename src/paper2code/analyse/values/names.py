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
    "improves", "outperforms", "matches", "surpasses", "exceeds", "denote", "indicate",
    "indicates", "represent", "represents", "refer", "refers", "vs", "vs.", "versus", "few",
    "many", "increases",
    "decreases", "grows", "drops", "increase", "decrease", "require", "requires", "allow",
    "allows", "need", "needs", "share", "shares", "appear", "appears", "exist", "exists",
    "occur", "occurs", "sometimes", "often", "always", "usually", "seem", "seems", "seemed",
    "known", "called", "named", "termed", "because", "since", "although", "though", "unless"
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
_OF_DETERMINERS = {"the", "this", "that", "each", "our", "these"}
_OF_HEADS = {
    "number", "numbers", "size", "sizes", "amount", "ratio", "fraction", "share", "proportion",
    "percentage", "dimension", "dimensions", "count", "length", "depth", "width", "rate", "degree",
    "order", "scale", "magnitude", "frequency"
}  # fmt: skip
# Joining words between a name and its value: "of", "is set to", "=", "starts at", "equal to"
_JOIN = {
    "of", "is", "are", "was", "were", "be", "been", "set", "to", "at", "equal", "equals", "as",
    "around", "about", "approximately", "roughly", "fixed", "chosen", "initialized", "initialised",
    "starts", "start", "starting", "default", "value", "=", ":", "~", "\\approx", "a", "an", "the",
    "by", "$", "(", "up"
}  # fmt: skip
_WEAK_JOIN = {"a", "an", "the", "by", "fixed", "default", "value", "chosen", "$", "~", "(", "up"}
# A change to a value joins its name to it too: "the accuracy increases to 88%"
_CHANGE = {"increases", "decreases", "rises", "falls", "drops", "grows", "goes", "reduces"}
_STRONG_JOIN = _JOIN - _WEAK_JOIN
_MAX_WORDS = 4
_RANGE_WORDS = {"from", "between", "over", "within", "in"}
_VERB_FORM = re.compile(r"[a-z]{3,}(?:es|ed|s)")  # "alternates", "ranges", "varied"


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _is_word(tok: str) -> bool:
    return tok[0].isalpha() and (tok.lower() in _KEEP or tok.lower() not in _STOP)


def _verbish(tok: str) -> bool:
    low = tok.lower()
    # past participles and adverbs ("linearly"), unless used as adjectives ("hidden", "routed")
    return low.endswith(("ed", "ly")) and low not in _KEEP and len(low) > 4


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
        elif _is_word(tok) and not _verbish(tok) and len(words) < _MAX_WORDS:
            words.insert(0, tok)
            start = tokens[i].start()
        elif low in _OF_DETERMINERS and words and i >= 2 and tokens[i - 1].group(0) == "of":
            # "the sparsity of this dataset is": the measure of what the determiner points at
            head = tokens[i - 2].group(0)
            if not _is_word(head) or _verbish(head):
                break
            words[:0] = ["of", tok]
            i -= 1
        elif low in ("and", ",") and (words or symbol):
            phrases.append(Phrase(" ".join(words) or None, symbol, start))
            words, symbol = [], None
        else:
            break
        i -= 1
    if words or symbol:
        phrases.append(Phrase(" ".join(words) or None, symbol, start))
    return [p for p in phrases if p.name or p.symbol]


def names_before(text: str, at: int, weak: bool = False) -> list[Phrase]:
    """The names a joining word links to a value at `at`: "batch size of", "$\\beta_1$ and
    $\\beta_2$ are set to". Last name first; empty when no joining word stands there. `weak`
    also takes the noun phrase right before the value ("the interval $[0.02, 0.05]$")."""
    tokens = _tokens(text[:at])
    i = len(tokens)
    strong = False
    while i > 0 and tokens[i - 1].group(0).lower() in _JOIN:
        strong = strong or tokens[i - 1].group(0).lower() in _STRONG_JOIN
        i -= 1
        if strong and i > 0 and tokens[i - 1].group(0).lower() in _CHANGE:
            i -= 1
    if not strong and not weak:
        return []
    if weak and i >= 2 and tokens[i - 1].group(0).lower() in _RANGE_WORDS:
        i -= 1  # "the temperature between 0.7 and 3.0"
        verb = tokens[i - 1].group(0).lower()
        if verb in _STOP and verb.endswith(("s", "ed")) or _VERB_FORM.fullmatch(verb):
            i -= 1  # "the number of nodes alternates between 32 and 16"
    if i >= 3 and tokens[i - 1].group(0) == ")" and tokens[i - 3].group(0) == "(":
        # "generation FID (gFID) from": the abbreviation the paper goes on to use
        abbreviation = tokens[i - 2]
        if _is_word(abbreviation.group(0)):
            return [Phrase(abbreviation.group(0), None, abbreviation.start())]
    return _conjuncts(tokens, i)


_PARTICIPLE = re.compile(r"(?!training$)[a-z]{3,}ing")
_MODEL_NAME = re.compile(r"[A-Za-z]+\d+[A-Za-z0-9]*")  # "A100 GPUs"
_AFTER_LEAD = re.compile(r"^[\s$~]*-?[\s$~]*")
# A device's make and series, which a count names through: "4 Nvidia RTX 3090 GPUs"
_DEVICE_MAKES = {"nvidia", "amd", "rtx", "gtx", "tesla", "titan", "quadro", "radeon", "geforce"}


# "20-step policy", "3-layer MLP", "10-fold", "64-Core CPU": the word joined to a count is
# what it counts. A capital is a title's style when the next word has one too ("64-Core
# Processor"); else a name's ("2-Wasserstein distance", "1-Lipschitz"), no unit; "8-NN" too.
_COUNTED = re.compile(r"-(?:([a-z]{2,})|([A-Z][a-z]{2,})(?=[\s~]+[A-Z]))\b(?!-)")
# "16-dimensional concept tokens" name the tokens' dimension (see `reading`), "2-cyclic" no count
_ADJECTIVE = re.compile(r"[a-z]+(?:al|ic|ar|ed|ing|ly|ive|ous)")
# Words that count something other than themselves: a "256-way softmax" tells 256 classes
# apart; "two-way", spelt out, is an adjective ("a two-way interaction"), no count
_COUNTS = {"way": "classes"}


def _spelt_product(tok: str) -> bool:
    """A product of numbers in words: "ten-by-ten"."""
    parts = tok.lower().split("-by-")
    return len(parts) > 1 and all(
        [w.raw.lower() for w in find_number_words(p)] == [p] for p in parts
    )


def _counted(text: str, at: int) -> Phrase | None:
    """The unit a hyphen joins to the count ending at `at`: "steps" of "20-step policy"."""
    counted = _COUNTED.match(text, at)
    if counted is None:
        return None
    word = (counted.group(1) or counted.group(2)).lower()
    if word in _COUNTS:
        figure = re.search(r"\d\$?$", text[:at]) is not None
        return Phrase(_COUNTS[word], None, at, counted.end()) if figure else None
    if _ADJECTIVE.fullmatch(word) or word in _KEEP:  # "1-hidden layer CNNs": an adjective
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


def name_after(text: str, at: int) -> Phrase | None:
    """The noun phrase right after a value: "256 routed experts", "8-NN", "nodes per hidden
    layer", and the unit a hyphen joins to a count ("20-step policy" counts steps); None when
    a function word or a verb follows."""
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
        if tok.lower() in _DEVICE_MAKES or (device and re.fullmatch(r"v?\d+\w*|Ti", tok)):
            device = True
            continue
        device = False
        if _spelt_product(tok):
            continue  # "three ten-by-ten matrices": a value of its own; three counts matrices
        if tok.lower() == "out" and k + 1 < len(tokens) and tokens[k + 1].group(0) == "of":
            break  # "95% energy out of the whole map": a preposition ends the phrase
        if tok.lower() == "per" and words:
            words.append(m)
        elif (_is_word(tok) or _MODEL_NAME.fullmatch(tok)) and not _verbish(tok):
            if len(words) >= _MAX_WORDS + (1 if any(w.group(0) == "per" for w in words) else 0):
                break
            words.append(m)
        else:
            break
    while words and words[-1].group(0).lower() == "per":
        words.pop()
    # a participle ends a phrase it follows ("three experiments comparing the results", "a
    # factor denoting how important"), and alone names nothing ("$88.0\\%$ approaching")
    cut = next((k for k, w in enumerate(words) if _PARTICIPLE.fullmatch(w.group(0).lower())), None)
    if cut is not None and (cut > 0 or len(words) == 1):
        words = words[:cut]
    if not words:
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

_DEFINES = re.compile(r"^\s*(?:is|denotes|represents|stands\s+for)\s+(?:the|a|an)\s+", re.I)


def symbol_definitions(texts: list[str]) -> dict[str, str]:
    """Symbol -> name from prose definitions: "the KV compression dimension $d_c$", "$d_c$
    denotes the compression dimension". The first definition wins."""
    table: dict[str, str] = {}
    for text in texts:
        tokens = _tokens(text)
        for i, m in enumerate(tokens):
            sym = _lone_symbol(m.group(0))
            if sym is None or symbol_key(sym) in table:
                continue
            name = None
            after = _DEFINES.match(text[m.end() :])
            if after is not None:
                phrase = name_after(text, m.end() + after.end())
                name = phrase.name if phrase else None
            elif i > 1 and tokens[i - 1].group(0)[0].isalpha():
                found = _conjuncts(tokens, i)
                first = found[0] if found else None
                head = tokens[max(0, i - 6) : i]
                determined = any(t.group(0).lower() in ("the", "a", "an", "our") for t in head)
                if first and first.name and first.symbol is None and determined:
                    name = first.name
            if name:
                table[symbol_key(sym)] = name
    return table

"""The rules: each note's tags, quotes and flags, and each value, judged against the paper.

Conventions the rules enforce (also in README):
- A quote (text in "straight" or “curly” double quotes) is checked when it is attached to a
  citation: one on the quote's own line (the nearest before it, else after it), or the citation
  just before it in the same note with nothing but spaces and `:—–-,(` in between. It must be in
  what that citation covers (a section and its subsections, or the cited element and the section
  holding it). A quote on the line of a `[PARTIALLY_SPECIFIED]` flag and attached to no citation
  must be somewhere in the paper. An ellipsis (`...`, `…`) in a quote skips text.
- A value's governing note is the first note of its context that cites or flags (or tries to:
  a malformed tag is reported once, as malformed). A flag there means the value is a declared
  choice: not compared. Otherwise each of its numbers, except 0
  and ±1 (papers say "no weight decay", not "0"), must be a number stated (in figures, or as a
  word from "two" to "twelve") in what one of the note's citations covers, or in one of its
  quotes found in the paper.
- A value is derived, and not compared, when its governing note says `derived`, or writes a
  formula outside quotes: `=` followed by an expression with a name and an arithmetic operator
  (`d_k = d_model / h`).
- A config value (a YAML scalar, a Python literal assigned to a name) is also judged by its own
  comment (its line's, or the comment lines right above it): a quote there attached to a
  citation must state the value (P2C012); `[UNSPECIFIED]` there may not flag a setting the
  paper states for the method (P2C013); a value cited as the paper's must be one the paper
  states for that setting (P2C014): in configs/base.yaml the main setting of the method, in
  configs/<setting>.yaml that setting (its own values, else those of every setting), never a
  baseline's; elsewhere, any value the paper states. `stated.paper_states` says what the paper
  states, by the knowledge base's canonical names; `support.states` whether a text states a
  value.
- `[UNSPECIFIED]` needs the word "alternative(s)" or "alt:" after it, `[ASSUMPTION]` needs its
  reasoning (words after it), `[PARTIALLY_SPECIFIED]` needs a quote after it; "after it" means
  up to the next flag in the same note.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from paper2code.knowledge import Hyperparameter, load_knowledge
from paper2code.paper.model import Element, Equation, Paper, Section
from paper2code.paper.numbers import same_value
from paper2code.verify.grammar import Ref, Token, TokenType
from paper2code.verify.notes import Note, Scalar, Value
from paper2code.verify.report import RULES, Finding
from paper2code.verify.stated import Stated, States, paper_states
from paper2code.verify.support import Words, numbers_in, same_setting, states

_ATTACH_GAP = re.compile(r"[\s:—–\-,(]*")
_ALTERNATIVES = re.compile(r"\balternatives?\b|\balt:", re.IGNORECASE)
_FORMULA = re.compile(r"(?<![=!<>])=(?!=)\s*([^=;\n—]+)")
_DERIVED = re.compile(r"\bderived\b", re.IGNORECASE)
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\.\.\.\]")


@lru_cache(maxsize=1)
def _choices() -> dict[str, Hyperparameter]:
    """Choices the knowledge base names by words (optimizer: adam, adamw, sgd ...), by config
    key; read on first use, not when the checker is imported."""
    return {hp.name: hp for hp in load_knowledge().hyperparameters if hp.categorical}


@lru_cache(maxsize=1024)
def _canonical(key: str) -> str | None:
    """The knowledge base's name for what a config key sets (`lr` -> `learning_rate`; a
    Python constant `BATCH_SIZE` as `batch_size`)."""
    kb = load_knowledge()
    return kb.canonical_key(key) or kb.canonical_key(key.lower())


@lru_cache(maxsize=1024)
def _value_words(name: str | None) -> Words:
    return load_knowledge().value_words(name) if name else {}


def _judged(v: Scalar) -> bool:
    """A value a quote or the paper is asked to state: not 0 or ±1 (papers say "no weight
    decay", not "0"), not a boolean or null."""
    if isinstance(v, bool) or v is None:
        return False
    return isinstance(v, str) or abs(v) not in (0, 1)


@dataclass
class Checker:
    paper: Paper
    strict: bool = False
    findings: list[Finding] = field(default_factory=list)
    cited_equations: set[int] = field(default_factory=set)  # ids of Equation elements
    matched: list[tuple[Element, float]] = field(default_factory=list)  # for coverage
    # (quote, place) -> found: a file may repeat a quote many times, the paper is read once
    _found: dict[tuple[str, str | None], bool] = field(default_factory=dict)
    _stated_cache: dict[Ref, list[tuple[Element | None, float]]] = field(default_factory=dict)
    _missing_cache: dict[Ref, str | None] = field(default_factory=dict)
    _states: States | None = None  # what the paper states, read on first use

    # ---- reporting ----------------------------------------------------------------------

    def add(self, file: str, line: int, code: str, message: str, cell: int | None) -> None:
        severity = RULES[code].severity
        if self.strict:
            severity = "error"
        self.findings.append(Finding(file, line, code, severity, message, cell))

    # ---- anchors ------------------------------------------------------------------------

    def _equations_in(self, ref: Ref) -> list[Equation]:
        """The numbered equations a ref names: one, or every one of a range."""
        numbered = self.paper.numbered_equations
        first = self.paper.find(ref.anchor)
        last = self.paper.find(ref.end_anchor) if ref.end_anchor else first
        if first not in numbered or last not in numbered:
            return []
        i, j = numbered.index(first), numbered.index(last)  # type: ignore[arg-type]
        return numbered[i : j + 1]

    def _missing(self, ref: Ref) -> str | None:
        """The anchor of a ref (or range end) the paper does not have."""
        if ref not in self._missing_cache:  # every value's note asks again
            self._missing_cache[ref] = next(
                (a for a in (ref.anchor, ref.end_anchor) if a and self.paper.find(a) is None),
                None,
            )
        return self._missing_cache[ref]

    def _has(self, ref: Ref) -> str:
        """What the paper has of a ref's kind: "sections 1, 2, A" or "tables 1–3"."""
        if ref.kind == "section":
            tops = [s.number for s in self.paper.sections if s.level == 1 and s.number]
            return f"sections {', '.join(tops)}" if tops else "no numbered sections"
        numbered = [e for e in self.paper.elements if e.kind == ref.kind and e.numbered]
        if not numbered:
            return f"no numbered {ref.kind}s"
        return f"{ref.kind}s {numbered[0].number}–{numbered[-1].number}"

    def _citation(self, token: Token, where: tuple[str, int, int | None]) -> None:
        file, line, cell = where
        section: Ref | None = None
        for ref in token.refs:
            missing = self._missing(ref)
            if missing and not ref.usual:  # a typo such as §3.2x, unless the paper prints it
                message = (
                    f"malformed tag '{token.text}': {missing} is neither in the paper (it has "
                    f"{self._has(ref)}) nor of the usual shape (§3.2, §A.1, Table 3, Eq. 4a)"
                )
                self.add(file, line, "P2C001", message, cell)
                continue
            if missing:
                message = f"{missing} does not exist in the paper (it has {self._has(ref)})"
                self.add(file, line, "P2C002", message, cell)
                continue
            if ref.kind == "equation":
                self.cited_equations.update(id(e) for e in self._equations_in(ref))
            if ref.kind == "section":
                section = ref
                continue
            if section is None:
                continue
            for anchor in filter(None, (ref.anchor, ref.end_anchor)):
                el = self.paper.find(anchor)
                if el is not None and not self.paper.in_section(el, section.anchor):
                    actual = el.section or "no section"
                    message = f"{anchor} is in {actual}, not in {section.anchor} ({token.text})"
                    self.add(file, line, "P2C003", message, cell)

    # ---- quotes -------------------------------------------------------------------------

    def _places(self, token: Token) -> list[str]:
        """Where a quote attached to this citation may come from."""
        places: list[str] = []
        for ref in token.refs:
            if self._missing(ref):
                return []
            places.append(ref.anchor)
            el = self.paper.find(ref.anchor)
            if el is not None and not isinstance(el, Section) and el.section:
                places.append(el.section)
        return places

    def _in_paper(self, quote: str, within: str | None) -> bool:
        key = (quote, within)
        if key not in self._found:
            parts = [p for p in _ELLIPSIS.split(quote) if p.strip()]
            self._found[key] = bool(parts) and all(
                self.paper.contains_quote(p, within=within) for p in parts
            )
        return self._found[key]

    def _quote(self, quote: str, citation: Token | None, where: tuple[str, int, int | None]):
        file, line, cell = where
        if citation is not None:
            places = self._places(citation)
            if not places or any(self._in_paper(quote, p) for p in places):
                return
            elsewhere = self._located(quote)
            if elsewhere:
                message = (
                    f"quote not at {citation.text}; found elsewhere: {', '.join(elsewhere)}: "
                    f'"{_short(quote)}"'
                )
                self.add(file, line, "P2C005", message, cell)
                return
        elif self._in_paper(quote, None):
            return
        self.add(file, line, "P2C004", f'quote not found in the paper: "{_short(quote)}"', cell)

    def _located(self, quote: str) -> list[str]:
        longest = max(_ELLIPSIS.split(quote), key=len)
        anchors: list[str] = []
        for el in self.paper.locate_quote(longest):
            anchor = el.anchor if isinstance(el, Section) or el.numbered else el.section
            if anchor and anchor not in anchors:
                anchors.append(anchor)
        if not anchors and self._in_paper(quote, None):
            anchors.append("the title or abstract")
        return anchors

    # ---- notes --------------------------------------------------------------------------

    def check_note(self, note: Note, file: str, cell: int | None) -> None:
        layout = _Layout(note)
        for i, token in enumerate(note.tokens):
            where = (file, layout.lines[i], cell)
            if token.type is TokenType.MALFORMED:
                self.add(
                    *where[:2], "P2C001", f"malformed tag '{token.text}': {token.problem}", cell
                )
            elif token.type is TokenType.CITATION:
                self._citation(token, where)
            elif token.type is TokenType.FLAG:
                self._flag_reason(note, i, where)
            elif token.type is TokenType.QUOTE:
                citation = layout.attached_citation(i)
                if citation is not None or layout.lines[i] in layout.partial_lines:
                    self._quote(token.quote or "", citation, where)

    def _flag_reason(self, note: Note, i: int, where: tuple[str, int, int | None]) -> None:
        token = note.tokens[i]
        # the clause runs to the next flag: scanning only that far keeps a note of many flags
        # linear
        j = i + 1
        while j < len(note.tokens) and note.tokens[j].type is not TokenType.FLAG:
            j += 1
        stop = note.tokens[j].start if j < len(note.tokens) else len(note.text)
        clause = note.text[token.end : stop]
        in_clause = note.tokens[i + 1 : j]
        file, line, cell = where
        if token.flag == "UNVERIFIED":
            # the mark's own words end at a semicolon; the line's text follows
            said = " ".join(clause.split(";")[0].split()).strip(" :—-") or "no reason given"
            self.add(file, line, "P2C009", f"marked [UNVERIFIED]: {said}", cell)
        elif token.flag == "UNSPECIFIED" and not _ALTERNATIVES.search(clause):
            message = "[UNSPECIFIED] must name the alternatives ('Alternatives: ...' or 'alt: ...')"
            self.add(file, line, "P2C008", message, cell)
        elif token.flag == "ASSUMPTION" and not re.search(r"[A-Za-z]{3}", clause):
            self.add(file, line, "P2C008", "[ASSUMPTION] must give its reasoning", cell)
        elif token.flag == "PARTIALLY_SPECIFIED" and not any(
            t.type is TokenType.QUOTE for t in in_clause
        ):
            message = "[PARTIALLY_SPECIFIED] must quote what the paper does say"
            self.add(file, line, "P2C008", message, cell)

    # ---- values -------------------------------------------------------------------------

    def check_value(self, value: Value, file: str, cell: int | None) -> None:
        governing = next((n for n in value.context if n.tagged), None)
        if governing is None:
            if value.needs_citation:
                shown = ", ".join(_show(v) for v in value.values)
                message = f"{value.name} = {shown} cites nothing and carries no flag"
                self.add(file, value.line, "P2C007", message, cell)
            return
        # the value's own comment speaks for it alone: a note above a whole mapping, or a
        # docstring, speaks for many values at once and need not state each one
        own = any(governing is n for n in value.context[: value.own])
        if own and any(t.flag == "UNSPECIFIED" for t in governing.tokens):
            self._unspecified_but_stated(value, file, cell)
        if governing.flagged or not governing.cites or _derived(governing.text):
            return
        wrong = self._check_choice(value, governing, file, cell)
        wrong = self._check_numbers(value, governing, file, cell) or wrong
        # one finding per value: a value not at its place, or not the paper's for its setting,
        # needs no word on its quote as well
        if own and not wrong and not self._contradiction(value, file, cell):
            self._quotes_state(value, governing, file, cell)

    def _check_numbers(self, value: Value, governing: Note, file: str, cell: int | None) -> bool:
        """P2C006: each number must be stated at a cited place or in a quote found in the
        paper. Whether the value is judged already: a finding, or a dangling citation (which
        is one)."""
        stated = self._stated(governing)
        if stated is None:
            return True
        numbers = [v for v in value.values if _judged(v) and not isinstance(v, str)]
        if not numbers:
            return False
        wrong = [v for v in numbers if not any(same_value(v, s) for _, s in stated)]
        for v in numbers:
            self.matched += [(el, s) for el, s in stated if same_value(v, s)]
        if wrong:
            cited = ", ".join(t.text for t in governing.tokens if t.type is TokenType.CITATION)
            there = sorted({_show(s) for _, s in stated if s not in (0, 1)}, key=float)
            shown = ", ".join(there[:8]) + (", …" if len(there) > 8 else "")
            message = (
                f"{value.name} = {', '.join(_show(v) for v in wrong)} is not stated at {cited}"
                f" (it states {shown if there else 'no numbers'})"
            )
            self.add(file, value.line, "P2C006", message, cell)
        return bool(wrong)

    # ---- what supports a value ----------------------------------------------------------

    def _paper_states(self, key: str) -> tuple[str | None, list[Stated]]:
        """The canonical name a config key sets, and what the paper states for it."""
        name = _canonical(key)
        if name is None:
            return None, []
        return name, self._read_states().get(name)

    def _read_states(self) -> States:
        if self._states is None:
            self._states = paper_states(self.paper, load_knowledge())
        return self._states

    def _setting(self, file: str) -> str | None:
        """The slug of the method's setting a config file is for: configs/base.yaml the main
        one, configs/<setting>.yaml another; None for any other file (or a paper with one)."""
        path = PurePosixPath(file)
        if path.parent.name != "configs" or path.suffix not in (".yaml", ".yml"):
            return None
        states = self._read_states()
        slug = states.main if path.stem == "base" else path.stem
        return slug if slug in states.names else None

    def _quotes_state(self, value: Value, note: Note, file: str, cell: int | None) -> None:
        """P2C012: a quote of the value's own comment, attached to a citation and found in
        the paper, must state the value: a quote that exists is not one that supports it."""
        layout = _Layout(note)
        quotes = [
            t.quote
            for i, t in enumerate(note.tokens)
            if t.type is TokenType.QUOTE
            and t.quote
            and layout.attached_citation(i) is not None
            and self._in_paper(t.quote, None)
        ]
        if not quotes:
            return
        words = _value_words(_canonical(value.name))
        missing = [
            v for v in value.values if _judged(v) and not any(states(q, v, words) for q in quotes)
        ]
        if missing:
            shown = ", ".join(str(v) for v in missing)
            message = f'quote does not state {shown}: "{_short(quotes[0])}"'
            self.add(file, value.line, "P2C012", message, cell)

    def _unspecified_but_stated(self, value: Value, file: str, cell: int | None) -> None:
        """P2C013: `[UNSPECIFIED]` on a setting the paper states for the method itself (a value
        it gives only for another model or experiment, its context, or for a baseline does not
        count; in a setting's config file, one it states for that setting does)."""
        name, stated = self._paper_states(value.name)
        slug = self._setting(file)
        if slug is not None and name is not None:
            main = self._read_states().for_setting(name, slug)[1]
        else:
            main = [s for s in stated if s.context is None and not s.baseline]
        if not main:
            return
        called = value.name if value.name == name else f"{value.name} ({name})"
        s = main[0]
        message = f'{called} is stated in {s.anchor} ("{_around(s.quote, s.raw)}"), not unspecified'
        self.add(file, value.line, "P2C013", message, cell)

    def _contradiction(self, value: Value, file: str, cell: int | None) -> bool:
        """P2C014: a value cited as the paper's that is none of the values the paper states
        for that setting: in a config file of a setting of the method, for that setting;
        elsewhere, in any context. Whether it reported one."""
        name, stated = self._paper_states(value.name)
        slug = self._setting(file)
        which = None
        if slug is not None and name is not None:
            which, own = self._read_states().for_setting(name, slug)
            stated = own or stated
            which = which if own else None
        wrong = [
            v
            for v in value.values
            if _judged(v) and stated and not any(same_setting(v, s.value) for s in stated)
        ]
        if not wrong:
            return False
        said = list(dict.fromkeys(_said(s) for s in stated))
        shown = "; ".join(said[:4]) + ("; …" if len(said) > 4 else "")
        states = f"states for {which}" if which else "states"
        message = (
            f"{value.name} = {', '.join(_show(v) for v in wrong)} contradicts the paper, "
            f"which {states} {name} = {shown}"
        )
        self.add(file, value.line, "P2C014", message, cell)
        return True

    def _check_choice(self, value: Value, note: Note, file: str, cell: int | None) -> bool:
        """A named choice from the knowledge base's vocabulary (`optimizer: sgd`) whose citation
        says another one ("We train with Adam"): the words for the value are not at the cited
        place or in its quotes, and those for a different value of the same choice are. A
        place that names neither is not judged: the note may explain it in its own words."""
        hp = _choices().get(value.name)
        chosen = [v for v in value.values if isinstance(v, str) and hp and v in hp.values]
        refs = [r for t in note.tokens if t.type is TokenType.CITATION for r in t.refs]
        if not chosen or any(self._missing(r) for r in refs):
            return False
        texts = [
            t.quote
            for t in note.tokens
            if t.type is TokenType.QUOTE and t.quote and self._in_paper(t.quote, None)
        ]
        texts += [self.paper.element_text(el) for r in refs for el in self._covered(r)]
        text = " ".join(texts)

        def said(label: str) -> bool:
            return any(rx.search(text) for rx in hp.values[label])

        reported = False
        for label in chosen:
            others = [other for other in hp.values if other != label and said(other)]
            if others and not said(label):
                cited = ", ".join(t.text for t in note.tokens if t.type is TokenType.CITATION)
                message = f"{value.name} = {label!r}, but {cited} says {', '.join(others)}"
                self.add(file, value.line, "P2C006", message, cell)
                reported = True
        return reported

    def _stated(self, note: Note) -> list[tuple[Element | None, float]] | None:
        """(element, number) pairs the note's citations and quotes make available; None when
        a citation dangles."""
        refs = [r for t in note.tokens if t.type is TokenType.CITATION for r in t.refs]
        if any(self._missing(r) for r in refs):
            return None  # the dangling anchor is the finding; comparing would only echo it
        stated: list[tuple[Element | None, float]] = []
        for ref in refs:
            stated += self._stated_at(ref)
        for t in note.tokens:
            if t.type is TokenType.QUOTE and t.quote and self._in_paper(t.quote, None):
                stated += [(None, v) for v in numbers_in(t.quote)]
        return stated

    def _stated_at(self, ref: Ref) -> list[tuple[Element | None, float]]:
        """(element, number) pairs of what one ref covers; worked out once per ref, as a
        config cites the same few places for many values."""
        if ref not in self._stated_cache:
            self._stated_cache[ref] = [
                (el, v)
                for el in self._covered(ref)
                for v in numbers_in(self.paper.element_text(el))
            ]
        return self._stated_cache[ref]

    def _covered(self, ref: Ref) -> Iterator[Element]:
        if ref.end:
            yield from self._equations_in(ref)
        else:
            yield from self.paper.within(ref.anchor)


class _Layout:
    """Each token's line, and the citations and `[PARTIALLY_SPECIFIED]` flags of each line,
    worked out once per note so that a note of many tokens is checked in linear time."""

    def __init__(self, note: Note) -> None:
        self.note = note
        self.lines = [note.line_of(t.start) for t in note.tokens]
        self.citations: dict[int, list[int]] = {}  # line -> indices of its citations
        self.partial_lines: set[int] = set()
        for i, t in enumerate(note.tokens):
            if t.type is TokenType.CITATION:
                self.citations.setdefault(self.lines[i], []).append(i)
            elif t.flag == "PARTIALLY_SPECIFIED":
                self.partial_lines.add(self.lines[i])

    def attached_citation(self, i: int) -> Token | None:
        """The quote's citation: the nearest before it on its line, else the first after it
        on its line, else the token just before it when only `:—-,(` and spaces separate
        them."""
        tokens = self.note.tokens
        same_line = self.citations.get(self.lines[i], [])
        k = bisect_left(same_line, i)
        if k > 0:
            return tokens[same_line[k - 1]]
        if k < len(same_line):
            return tokens[same_line[k]]
        previous = tokens[i - 1] if i > 0 else None
        if (
            previous is not None
            and previous.type is TokenType.CITATION
            and _ATTACH_GAP.fullmatch(self.note.text[previous.end : tokens[i].start])
        ):
            return previous
        return None


def _derived(text: str) -> bool:
    bare = re.sub(r'"[^"]*"|“[^”]*”', " ", text)
    if _DERIVED.search(bare):
        return True
    for m in _FORMULA.finditer(bare):
        rhs = m.group(1)
        if re.search(r"[A-Za-z_]", rhs) and re.search(r"[*/+]|\s-\s|\*\*", rhs):
            return True
    return False


def _said(s: Stated) -> str:
    """One stated value for a message: `128 (Table 3)`, `0.3 (§5.4, big)`."""
    where = f"{s.anchor}, {s.context}" if s.context else s.anchor
    return f"{s.raw} ({where})"


def _around(quote: str, raw: str, width: int = 30) -> str:
    """The part of a quote around the value it states: `…batch size of 128…`."""
    quote = " ".join(quote.split())
    at = quote.find(raw)
    if len(quote) <= 2 * width or at < 0:
        return _short(quote)
    start, end = max(0, at - width), min(len(quote), at + len(raw) + width)
    return ("…" if start else "") + quote[start:end].strip() + ("…" if end < len(quote) else "")


def _show(v: object) -> str:
    return repr(v) if isinstance(v, str) else str(v)


def _short(quote: str, limit: int = 80) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"

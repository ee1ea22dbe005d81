"""The citation grammar: how a comment, docstring or README line cites the paper or flags a choice.

A tag is a citation (one or more references to the paper, joined by commas) or a flag:

    tag        = citation | flag ;
    citation   = ref , { "," , ref } ;                     (* §3.2, Eq. 4 *)
    ref        = section | equation | equations | element ;
    section    = "§" , ( secnum | slug ) ;                 (* no space after § *)
    secnum     = printed ;                                 (* 3  3.2  A.1  S1  S1.2  IV *)
    slug       = lower , { lower | digit } , { "-" , ( lower | digit ) , { lower | digit } } ;
    equation   = ( "Eq." | "Equation" ) , [ ws ] , eqnum ;
    equations  = "Eqs." , [ ws ] , eqnum , [ ws ] , ( dash | "to" ) , [ ws ] , eqnum ;
    eqnum      = number | "(" , number , ")" ;             (* 4  (4)  3a  3.4  A1  S4 *)
    number     = printed ;
    printed    = part , { "." , part } ;                   (* with a digit, or all UPPER *)
    part       = ( letter | digit ) , { letter | digit } ;
    element    = ( "Table" | "Figure" | "Algorithm" ) , ws , number
               | "Appendix" , ws , secnum ;
    flag       = "[" , ( "UNSPECIFIED" | "PARTIALLY_SPECIFIED" | "ASSUMPTION"
                       | "FROM_OFFICIAL_CODE" | "UNVERIFIED" ) , "]" ;
    dash       = "-" | "–" | "—" ;
    quote      = '"' , { any - '"' } , '"' | "“" , { any - "”" } , "”" ;

A ref ends at a boundary: the end of the text, a space, or punctuation that is not part of a
number (`,;:)]"`, a dash, or a sentence period not followed by a letter, digit or period).
Text in quotes is a quote from the paper, not a place where tags are looked for.

Numbers are whatever the paper prints: a `\\renewcommand\\thesection{S\\arabic{section}}` gives
`§S1`, `§S1.2`, `Table S3`, `Eq. S4`; `\\Roman` gives `Table IV`. So the grammar takes any
printed number, and the rules judge it against the paper: a number of the usual shape
(`Ref.usual`: `3.2`, `A.1`, `3a`, `S2`) that the paper lacks is a dangling anchor, one of
another shape (`§3.2x`) that the paper lacks is malformed.

What is malformed (reported, never silently ignored): `§` followed by a space or by nothing
usable (`§ 3.2`, `§3..2`); `Eq`/`Eqs` without the period (`Eq 4)`); an unbalanced
parenthesis (`Eq. (4`); `Eq.` or `Eqs.` without a number; a capitalised `Table`, `Figure`,
`Algorithm`, `Appendix` or `Equation` that was meant as a tag but has no number: it ends the
line or comes before a dash or a quote (`# Table — "..."`), with no article or capitalised word
before it on its line (`see the Appendix`, `The QAP Algorithm` are prose, as are `Table
lookup`, `Table.expand`, `Table: a table`); a range that runs
backwards; a bracketed word that is a flag in the wrong case or spelling (`[unspecified]`,
`[UNSPECIFED]`; `[SPECIFIED]` is not a flag); and a flag name without its brackets at the start
of a line (`# UNSPECIFIED: ...`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from paper2code.paper.anchors import format_anchor

# UNVERIFIED is paper2code's own: it marks a line its checks rejected (see marks.py). It is a
# flag so that nothing else is said about that line's value, and always a finding (P2C009).
FLAGS = ("UNSPECIFIED", "PARTIALLY_SPECIFIED", "ASSUMPTION", "FROM_OFFICIAL_CODE", "UNVERIFIED")


class TokenType(StrEnum):
    CITATION = "citation"
    FLAG = "flag"
    QUOTE = "quote"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Ref:
    """One reference: a section, an element, or a range of equations (`end` set)."""

    kind: str  # section | equation | table | figure | algorithm
    number: str
    end: str | None = None  # last number of `Eqs. 3–5`

    @property
    def anchor(self) -> str:
        return format_anchor(self.kind, self.number)

    @property
    def end_anchor(self) -> str | None:
        return format_anchor(self.kind, self.end) if self.end else None

    @property
    def usual(self) -> bool:
        """Whether its numbers have a shape most papers print (§3.2, §A.1, §slug, Table S2,
        Eq. 3a): one the paper lacks is dangling; one of another shape is a typo (§3.2x)."""
        shape = _SECNUM if self.kind == "section" else _NUMBER
        return all(
            shape.fullmatch(n) or (self.kind == "section" and _SLUG.fullmatch(n))
            for n in filter(None, (self.number, self.end))
        )

    def __str__(self) -> str:
        if self.end:
            return f"Eqs. {self.number}–{self.end}"
        return self.anchor


@dataclass(frozen=True)
class Token:
    type: TokenType
    start: int
    end: int
    text: str  # as written
    refs: tuple[Ref, ...] = ()  # CITATION
    flag: str | None = None  # FLAG
    quote: str | None = None  # QUOTE: the text between the quotes
    problem: str | None = None  # MALFORMED: what is wrong, for the message


# The usual shapes of a section number and of another element's number (see `Ref.usual`).
_SECNUM = re.compile(r"(?:\d+|[A-Z])(?:\.\d+)*")
_NUMBER = re.compile(r"[A-Z]?\d+(?:\.\d+)*[a-z]?")
_SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Any number a paper can print; `_printed` keeps those with a digit or in capitals only.
_PRINTED = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")
_DASH = re.compile(r"\s*(?:[-–—]|to\b)\s*")
_WORD = re.compile(r"Equation|Eqs\.?|Eq\.?|Table|Figure|Algorithm|Appendix")
_ELEMENT_KIND = {"Table": "table", "Figure": "figure", "Algorithm": "algorithm"}
_REF_START = re.compile(r"\s*,\s*(?=§|Eqs?\b|Equation\b|Table\b|Figure\b|Algorithm\b|Appendix\b)")
_FLAG_LIKE = re.compile(r"\[([A-Za-z][A-Za-z_ \-]{0,40})\]")  # flags are short
_BARE_FLAG = re.compile(r"\b(" + "|".join(FLAGS) + r")\b")
_QUOTES = {'"': '"', "“": "”"}
# Words before `Table`, `Appendix` ... that make it prose ("see the Appendix") even with no number.
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "our", "its", "their", "each"}
_NUMBER_DUE = re.compile(r"[ \t]*(?:$|\n|[\"“]|[—–-](?:\s|$))")
_LEAD = "#>*-"  # list and comment marks that may stand before a bare flag name on its line
# Where a tag can start; the tokenizer jumps from one to the next, so a long run of plain
# prose costs one regex scan, not a Python step per character.
_START = re.compile(
    r"\$\$|[\"“\[§]"
    r"|(?<!\w)(?:Equation|Eqs?|Table|Figure|Algorithm|Appendix|" + "|".join(FLAGS) + ")"
)


class _Malformed(Exception):
    def __init__(self, end: int, problem: str) -> None:
        self.end = end
        self.problem = problem


def _at_boundary(text: str, pos: int) -> bool:
    """Whether a ref may end at `pos`: end of text, space, or closing punctuation."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if ch == ".":  # a sentence period, not a further number part (`§3.2.)` but not `§3..2`)
        after = text[pos + 1] if pos + 1 < len(text) else " "
        return not (after.isalnum() or after in "._")
    return not (ch.isalnum() or ch == "_")


def _printed(text: str, pos: int) -> re.Match[str] | None:
    """A printed number at `pos` that ends at a boundary: `3.2`, `S1.2`, `A`, `IV`, `3a`; not
    a word (`lookup`, `Details`)."""
    m = _PRINTED.match(text, pos)
    if m is None or not _at_boundary(text, m.end()):
        return None
    number = m.group(0)
    return m if any(ch.isdigit() for ch in number) or number.replace(".", "").isupper() else None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _word_end(text: str, pos: int) -> int:
    m = re.compile(r"\S*").match(text, pos)
    return m.end() if m else pos


def _parse_section(text: str, pos: int) -> tuple[Ref, int]:
    """`pos` is just after the `§`."""
    if pos >= len(text) or text[pos].isspace():
        end = _word_end(text, _skip_spaces(text, pos))
        raise _Malformed(end, "no space allowed after § (write §3.2)")
    if text[pos].islower():
        m = _SLUG.match(text, pos)
        m = m if m and _at_boundary(text, m.end()) else None
    else:
        m = _printed(text, pos)
    if m is not None:
        return Ref("section", m.group(0)), m.end()
    end = _word_end(text, pos)
    written = text[pos - 1 : end].rstrip(".,;:)")
    raise _Malformed(end, f"'{written}' is not a section number or slug (§3.2, §A.1, §slug)")


def _parse_eqnum(text: str, pos: int, word: str) -> tuple[str, int]:
    pos = _skip_spaces(text, pos)
    if pos < len(text) and text[pos] == "(":
        m = _printed(text, _skip_spaces(text, pos + 1))
        if m is None:
            raise _Malformed(_word_end(text, pos), f"{word} with no equation number")
        close = _skip_spaces(text, m.end())
        if close >= len(text) or text[close] != ")":
            raise _Malformed(m.end(), f"unbalanced parenthesis in {word} ({m.group(0)}")
        return m.group(0), close + 1
    m = _printed(text, pos)
    if m is None:
        raise _Malformed(_word_end(text, pos), f"{word} with no equation number")
    return m.group(0), m.end()


def _number_due(text: str, start: int, pos: int) -> bool:
    """After a bare `Table`, `Equation` ... (from `start` to `pos`): whether it was meant as a
    tag, so a number was due: the word ends the line or comes before a dash or a quote, and
    the word before it on its line is neither an article ("see the Appendix") nor capitalised
    (a title: "A Unified Differential Evolution Algorithm")."""
    if not _NUMBER_DUE.match(text, pos):
        return False
    before = _word_before(text, start)
    return not (before and (before.lower() in _DETERMINERS or before[0].isupper()))


def _word_before(text: str, pos: int) -> str:
    """The word before `pos` on its line, read backwards so that a long line costs only the
    distance to that word."""
    end = pos
    while end > 0 and text[end - 1] != "\n" and not _is_word(text[end - 1]):
        end -= 1
    start = end
    while start > 0 and _is_word(text[start - 1]):
        start -= 1
    return text[start:end]


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _at_line_start(text: str, pos: int) -> bool:
    """Whether only spaces and list or comment marks stand before `pos` on its line."""
    i = pos
    while i > 0 and text[i - 1] != "\n":
        if not (text[i - 1].isspace() or text[i - 1] in _LEAD):
            return False
        i -= 1
    return True


def _parse_word_ref(text: str, start: int, pos: int, word: str) -> tuple[Ref, int] | None:
    """A ref starting with a word (`Eq.`, `Table` ...) from `start` to `pos`; None for prose."""
    after = _skip_spaces(text, pos)
    nxt = text[after] if after < len(text) else ""
    if word in ("Eq", "Eqs"):
        if nxt.isdigit() or nxt == "(":
            raise _Malformed(_word_end(text, after), f"write '{word}.' with a period")
        return None
    # "Equation (standard deviation)", a measure's name, opens no equation number
    numbered = nxt == "(" and _printed(text, _skip_spaces(text, after + 1)) is not None
    if word == "Equation" and not (nxt.isdigit() or numbered):
        if _number_due(text, start, pos):
            raise _Malformed(pos, "Equation with no equation number")
        return None
    if word in ("Eq.", "Equation"):
        number, end = _parse_eqnum(text, pos, word)
        return Ref("equation", number), end
    if word == "Eqs.":
        first, end = _parse_eqnum(text, pos, word)
        dash = _DASH.match(text, end)
        if dash is None:
            raise _Malformed(_word_end(text, end), "Eqs. needs a range: Eqs. 3–5")
        last, end = _parse_eqnum(text, dash.end(), word)
        if (
            _NUMBER.fullmatch(first)
            and _NUMBER.fullmatch(last)
            and _sort_key(last) < _sort_key(first)
        ):
            raise _Malformed(end, f"range Eqs. {first}–{last} runs backwards")
        return Ref("equation", first, end=last), end
    # Table, Figure, Algorithm, Appendix
    m = _printed(text, after) if after > pos else None
    if m is not None:
        return Ref(_ELEMENT_KIND.get(word, "section"), m.group(0)), m.end()
    if _PRINTED.match(text, after) is None and _number_due(text, start, pos):
        raise _Malformed(pos, f"{word} with no number")
    return None  # "Table lookup", "Table.expand", "Appendix Details": prose


def _sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", number))


def _parse_ref(text: str, pos: int) -> tuple[Ref, int] | None:
    if text.startswith("§", pos):
        return _parse_section(text, pos + 1)
    m = _WORD.match(text, pos)
    if m is None or (m.end() < len(text) and text[m.end()].isalpha()):
        return None
    return _parse_word_ref(text, pos, m.end(), m.group(0))


def _flag_token(m: re.Match[str]) -> Token | None:
    content = m.group(1)
    if content in FLAGS:
        return Token(TokenType.FLAG, m.start(), m.end(), m.group(0), flag=content)
    problem = _flag_problem(content)
    if problem is None:
        return None
    return Token(TokenType.MALFORMED, m.start(), m.end(), m.group(0), problem=problem)


@lru_cache(maxsize=1024)
def _flag_problem(content: str) -> str | None:
    """What is wrong with a bracketed word that is almost a flag; None when it is some other
    bracketed word. Cached: the fuzzy comparison is slow, and a file repeats its words."""
    norm = re.sub(r"[ \-]+", "_", content.strip()).upper()
    if norm == "SPECIFIED":
        return None  # the audit's word for a stated choice; such a choice cites instead
    if norm in FLAGS:
        return f"write the flag as [{norm}]"
    close = difflib.get_close_matches(norm, FLAGS, n=1, cutoff=0.75)
    return f"unknown flag [{content}]; did you mean [{close[0]}]?" if close else None


def tokenize(text: str) -> list[Token]:
    """Every citation, flag, quote and malformed tag in `text`, in order; in time linear in
    the length of `text`, however long its lines."""
    tokens: list[Token] = []
    unclosed: set[str] = set()  # opening quotes with no closing one further on
    pos = 0
    while (found := _START.search(text, pos)) is not None:
        pos = found.start()
        if text.startswith("$$", pos):
            # a display is the paper's math, never prose: its `"` and `[` are not quotes or
            # flags (the anchor it is cited by stands outside it)
            close = text.find("$$", pos + 2)
            pos = pos + 2 if close < 0 else close + 2  # unclosed: prose, read on
            continue
        token = _token_at(text, pos, unclosed)
        if token is None:
            pos += 1
            continue
        tokens.append(token)
        pos = max(token.end, pos + 1)
    return tokens


def _token_at(text: str, pos: int, unclosed: set[str]) -> Token | None:
    """The token starting at `pos`, a place `_START` found; None when it is prose."""
    ch = text[pos]
    if ch in _QUOTES:
        close = -1 if ch in unclosed else text.find(_QUOTES[ch], pos + 1)
        if close < 0:
            unclosed.add(ch)
        if close > pos + 1:
            return Token(
                TokenType.QUOTE, pos, close + 1, text[pos : close + 1], quote=text[pos + 1 : close]
            )
        return None
    if ch == "[":
        m = _FLAG_LIKE.match(text, pos)
        return _flag_token(m) if m else None
    if ch == "§" or ch in "EFTA":
        token = _citation(text, pos)
        if token is not None:
            return token
    m = _BARE_FLAG.match(text, pos)
    if m and _at_line_start(text, pos):
        problem = f"write the flag in brackets: [{m.group(1)}]"
        return Token(TokenType.MALFORMED, m.start(), m.end(), m.group(0), problem=problem)
    return None


def _citation(text: str, pos: int) -> Token | None:
    """A citation (possibly compound) starting at `pos`, a malformed tag, or None for prose."""
    refs: list[Ref] = []
    cursor = end = pos
    try:
        while True:
            parsed = _parse_ref(text, cursor)
            if parsed is None:
                break
            ref, end = parsed
            refs.append(ref)
            cursor = end
            sep = _REF_START.match(text, cursor)
            if sep is None:
                break
            cursor = sep.end()
    except _Malformed as bad:
        end = max(bad.end, pos + 1)
        return Token(TokenType.MALFORMED, pos, end, text[pos:end], problem=bad.problem)
    if not refs:
        return None
    return Token(TokenType.CITATION, pos, end, text[pos:end].rstrip(", "), refs=tuple(refs))

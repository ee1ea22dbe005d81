"""Fill `<<name>>` placeholders in the library's Python templates, and cite components.

Templates are plain Python with `<<name>>` holes (chosen because neither `{}` nor `$` is free in
code that quotes LaTeX). `fill` refuses to leave a hole unfilled or to fill one that is not there,
so a renamed placeholder fails in tests instead of shipping `<<cite_x>>` to a user.

`fill` also escapes by construction: it reads where each hole sits in the template and puts the
value through the escaping function of that context, so paper text can never become code:

- inside a string literal (a docstring): the literal's value gets exactly the text. A raw
  docstring stays raw (LaTeX reads as written) unless the text cannot be raw (three double
  quotes, an odd trailing backslash, a NUL ...); then the whole literal is written escaped;
- inside a `#` comment: the text on one line;
- anywhere else (code): only a `Code` value, text the library wrote itself; a plain `str` there
  is refused, whoever passes it.

**Text holes and the engine's declaration.** A hole inside a string or a comment of its
template (as `fill` reads it) is a *text* hole: it receives words (a title, a citation, the
paper's LaTeX), never code. Under `neutral_text()`, `fill` puts "x" in every text hole, and
nested templates are filled the same way, so generating under it gives the code the engine means
to write with none of the paper's text in it. Its shape (`engines.shape`: strings emptied) is
what the engine declares (`Project.declared`): if some paper text closed its string (a `\"\"\"`
in an equation) and became statements, the real file's shape differs from the declared one and
the gate refuses to run it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from paper2code import escape
from paper2code.engines.builtin.recognise import Recognised

_HOLE = re.compile(r"<<([a-z0-9_:]+)>>")
_STRING_START = re.compile("([rRbBuUfF]{0,2})('''|\"\"\"|'|\")")
_WORD = re.compile(r"[A-Za-z0-9_]+")
_NEUTRAL: ContextVar[bool] = ContextVar("neutral_text", default=False)


class Code(str):
    """Python the library wrote (a filled template, a fragment of its own): the only kind of
    value a hole outside a string or comment takes."""


@dataclass(frozen=True)
class _Literal:
    """A string literal of a template that holds holes."""

    start: int  # where its prefix starts
    body: int  # where its content starts
    end: int  # where its closing quote starts
    prefix: str  # "r", "", ...
    quote: str  # '"""', "'", ...


@dataclass(frozen=True)
class _Hole:
    start: int
    end: int
    name: str
    where: _Literal | str  # a literal, "comment" or "code"


def fill(template: str, **values: str) -> Code:
    holes = _scan(template)
    names = {h.name for h in holes}
    missing = names - values.keys()
    unused = values.keys() - names
    if missing or unused:
        raise KeyError(f"template holes missing {sorted(missing)}, unused {sorted(unused)}")
    if _NEUTRAL.get():
        text = text_holes(template)
        values = {k: "x" if k in text else v for k, v in values.items()}
    out: list[str] = []
    at = 0
    done: set[_Literal] = set()
    for hole in holes:
        if isinstance(hole.where, _Literal):
            literal = hole.where
            if literal in done:
                continue
            done.add(literal)
            inside = [h for h in holes if h.where == literal]
            out += [template[at : literal.start], _literal(template, literal, inside, values)]
            at = literal.end + len(literal.quote)
            continue
        value = values[hole.name]
        if hole.where == "comment":
            value = escape.comment(value)
        elif not isinstance(value, Code):
            raise TypeError(f"<<{hole.name}>> is code: it takes Code, not text ({value[:40]!r})")
        out += [template[at : hole.start], value]
        at = hole.end
    out.append(template[at:])
    return Code("".join(out))


def _literal(template: str, literal: _Literal, holes: list[_Hole], values: dict[str, str]) -> str:
    """The literal with its holes filled so that its value holds each text exactly."""
    parts: list[tuple[str, bool]] = []  # (text, from a value)
    at = literal.body
    for hole in holes:
        parts += [(template[at : hole.start], False), (str(values[hole.name]), True)]
        at = hole.end
    parts.append((template[at : literal.end], False))
    prefix, quote = literal.prefix, literal.quote
    raw = "r" in prefix.lower()
    if raw:
        content = "".join(text for text, _ in parts)
        if escape.raw_ok(content, quote):
            return f"{prefix}{quote}{content}{quote}"
        prefix = prefix.replace("r", "").replace("R", "")
    body = "".join(
        escape.string_body(text, quote)
        if value
        else (text.replace("\\", "\\\\") if raw else text)  # the template's own text, unraw
        for text, value in parts
    )
    return f"{prefix}{quote}{body}{quote}"


@cache
def _scan(template: str) -> tuple[_Hole, ...]:
    """Every hole of `template` and the context it sits in, in order."""
    holes: list[_Hole] = []
    i, n = 0, len(template)
    while i < n:
        if m := _HOLE.match(template, i):
            holes.append(_Hole(m.start(), m.end(), m.group(1), "code"))
            i = m.end()
        elif template[i] == "#":
            end = template.find("\n", i)
            end = n if end < 0 else end
            holes += [
                _Hole(h.start(), h.end(), h.group(1), "comment")
                for h in _HOLE.finditer(template, i, end)
            ]
            i = end
        elif s := _STRING_START.match(template, i):
            i = _scan_literal(template, s, holes)
        elif w := _WORD.match(template, i):
            i = w.end()
        else:
            i += 1
    return tuple(holes)


def _scan_literal(template: str, start: re.Match, holes: list[_Hole]) -> int:
    """Record the holes of the literal opening at `start`; returns where it ends."""
    prefix, quote = start.groups()
    j, inside = start.end(), []
    while not template.startswith(quote, j):
        if j >= len(template) or (len(quote) == 1 and template[j] == "\n"):
            raise ValueError(f"unterminated string literal in template at {start.start()}")
        if template[j] == "\\":
            j += 2
        elif h := _HOLE.match(template, j):
            inside.append((h.start(), h.end(), h.group(1)))
            j = h.end()
        else:
            j += 1
    if inside and "f" in prefix.lower():
        raise ValueError("a template hole inside an f-string cannot be escaped")
    literal = _Literal(start.start(), start.end(), j, prefix, quote)
    holes += [_Hole(a, b, name, literal) for a, b, name in inside]
    return j + len(quote)


@contextmanager
def neutral_text() -> Iterator[None]:
    """Within this block `fill` writes "x" into every text hole (see the module docstring)."""
    token = _NEUTRAL.set(True)
    try:
        yield
    finally:
        _NEUTRAL.reset(token)


def hole_names(template: str) -> list[str]:
    """The names of the holes of `template`, each once, in order."""
    return list(dict.fromkeys(_HOLE.findall(template)))


def text_holes(template: str) -> frozenset[str]:
    """The holes of `template` that lie inside one of its strings or comments, and nowhere in
    its code."""
    holes = _scan(template)
    code = {h.name for h in holes if h.where == "code"}
    return frozenset(h.name for h in holes if h.where != "code") - code


@dataclass(frozen=True)
class Part:
    """A library component: what it is, and its standard form for when the paper omits it."""

    key: str
    name: str  # "Scaled dot-product attention"
    description: str  # what the code computes, in paper notation
    standard_latex: str = ""


class Citer:
    """Citations for library components: the paper's anchor where it was recognised, an
    `[ASSUMPTION]` saying the standard form is used where it was not.

    Code cites a component's equation only when the project's equations index lists the
    component's function for it (`computed`: part keys), so that the checker computes the
    equation and compares; for another component it cites the section holding the equation and
    says that it assumes the standard form (README: "Compiled equations")."""

    def __init__(self, found: dict[str, Recognised], computed: frozenset[str] = frozenset()):
        self.found = found
        self.computed = computed

    def anchor(self, part: Part) -> str:
        """The paper's anchor (equation included), for prose: notebook headings."""
        rec = self.found.get(part.key)
        return rec.anchor if rec else ""

    def _code_anchor(self, part: Part) -> str:
        """What code may cite for a part: its anchor, or the section when the anchor names an
        equation the checker does not compute; "" when there is neither."""
        rec = self.found.get(part.key)
        if rec is None:
            return ""
        if part.key in self.computed or "Eq." not in rec.anchor:
            return rec.anchor
        section = rec.anchor.split(",")[0].strip()
        return section if section.startswith("§") else ""

    def _assumed(self, part: Part) -> bool:
        """Recognised at an equation the checker does not compute: code assumes the standard
        form of it."""
        rec = self.found.get(part.key)
        return rec is not None and self._code_anchor(part) != rec.anchor

    def cite(self, part: Part) -> str:
        """One line: `§3.2.1, Eq. 1 — <description>` or `[ASSUMPTION] ...`."""
        anchor = self._code_anchor(part)
        if anchor and self._assumed(part):
            return (
                f"{anchor} — {part.description} [ASSUMPTION] the standard form; the paper's "
                "equation for it is not checked by computation"
            )
        if anchor:
            return f"{anchor} — {part.description}"
        if self._assumed(part):
            return (
                f"[ASSUMPTION] {part.description} — the standard form; the paper's equation "
                "for it is not checked by computation"
            )
        return (
            f"[ASSUMPTION] {part.description} — the paper does not define this part; "
            "the standard form is used"
        )

    def short(self, part: Part, what: str) -> str:
        """A short end-of-line citation for one detail of a component."""
        anchor = self._code_anchor(part)
        if anchor:
            return f"{anchor} — {what}"
        return f"[ASSUMPTION] {what}, as in the standard form"

    def doc(self, part: Part, indent: str = "    ") -> str:
        """`cite` wrapped for the first lines of a docstring indented by `indent`."""
        lines = textwrap.wrap(self.cite(part), width=96 - len(indent), break_on_hyphens=False)
        return f"\n{indent}".join(lines)

    def markdown(self, part: Part) -> str:
        """The defining equation for a notebook cell: one display per row, with its anchor."""
        rec = self.found.get(part.key)
        if rec is not None and rec.rows:
            # an align row's `&` is meaningless (and an error) outside its environment
            rows = [(anchor, latex.replace("&", "")) for anchor, latex in rec.rows]
            return "\n\n".join(
                f"$${escape.md_math(latex)}$$ ({escape.md_inline(anchor)})"
                for anchor, latex in rows
            )
        if part.standard_latex:
            return f"$${part.standard_latex}$$ (standard form, not written out in the paper)"
        return ""

    def equation(self, part: Part, indent: str = "    ") -> str:
        """The defining equation for a docstring: the paper's LaTeX where it has one."""
        rec = self.found.get(part.key)
        if rec is not None and rec.rows:
            assumed = self._assumed(part)
            where = self._code_anchor(part)
            body = f"{where}, as written in the paper" if where else "As written in the paper"
            body += " (the code is the standard form):\n" if assumed else ":\n"
            for anchor, latex in rec.rows:
                label = f"    ({anchor})" if len(rec.rows) > 1 and not assumed else ""
                body += "\n" + textwrap.indent(latex, "    ") + label
        elif part.standard_latex:
            body = f"Standard form (not written out in the paper):\n\n    {part.standard_latex}"
        else:
            return ""
        return textwrap.indent(body, indent).lstrip()

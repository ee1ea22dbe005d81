"""Fill `<<name>>` placeholders in the library's Python templates, and cite components.

Templates are plain Python with `<<name>>` holes (chosen because neither `{}` nor `$` is free in
code that quotes LaTeX). `fill` refuses to leave a hole unfilled or to fill one that is not there,
so a renamed placeholder fails in tests instead of shipping `<<cite_x>>` to a user.

**Text holes and the engine's declaration.** A hole inside a string or a comment of its template
is a *text* hole: it receives words (a title, a citation, the paper's LaTeX), never code. Under
`neutral_text()`, `fill` puts "x" in every text hole, and nested templates are filled the same
way, so generating under it gives the code the engine means to write with none of the paper's
text in it. Its shape (`engines.shape`: strings emptied) is what the engine declares
(`Project.declared`): if some paper text closed its string (a `\"\"\"` in an equation) and became
statements, the real file's shape differs from the declared one and the gate refuses to run it.
"""

from __future__ import annotations

import io
import re
import textwrap
import tokenize
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from paper2code.engines.builtin.recognise import Recognised

_HOLE = re.compile(r"<<([a-z0-9_:]+)>>")
_LINE_HOLE = re.compile(r"^<<([a-z0-9_:]+)>>([ \t]+)(?=\S)", re.MULTILINE)
_NEUTRAL: ContextVar[bool] = ContextVar("neutral_text", default=False)
_TEXT_TOKENS = {tokenize.STRING, tokenize.COMMENT}


def fill(template: str, **values: str) -> str:
    holes = set(_HOLE.findall(template))
    missing = holes - values.keys()
    unused = values.keys() - holes
    if missing or unused:
        raise KeyError(f"template holes missing {sorted(missing)}, unused {sorted(unused)}")
    if _NEUTRAL.get():
        values = {k: "x" if k in text_holes(template) else v for k, v in values.items()}
    return _HOLE.sub(lambda m: values[m.group(1)], template)


@contextmanager
def neutral_text() -> Iterator[None]:
    """Within this block `fill` writes "x" into every text hole (see the module docstring)."""
    token = _NEUTRAL.set(True)
    try:
        yield
    finally:
        _NEUTRAL.reset(token)


@cache
def text_holes(template: str) -> frozenset[str]:
    """The holes of `template` that lie inside one of its strings or comments, and nowhere in
    its code. Found by tokenizing the template with each hole replaced by a name."""
    names = {h: f"_hole_{h.replace(':', '_')}_" for h in _HOLE.findall(template)}
    # a hole that opens a line of code (`<<x_pe>>        pos = ...`) inserts whole lines:
    # give its name a line of its own at that code's indentation, so tokenizing still works
    named = _LINE_HOLE.sub(lambda m: f"{m[2]}{names[m[1]]}\n{m[2]}", template)
    named = _HOLE.sub(lambda m: names[m.group(1)], named)
    inside: set[str] = set()
    outside: set[str] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(textwrap.dedent(named)).readline):
            found = {h for h, name in names.items() if name in tok.string}
            (inside if tok.type in _TEXT_TOKENS else outside).update(found)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return frozenset()  # not Python on its own: nothing is known to be text
    return frozenset(inside - outside)


@dataclass(frozen=True)
class Part:
    """A library component: what it is, and its standard form for when the paper omits it."""

    key: str
    name: str  # "Scaled dot-product attention"
    description: str  # what the code computes, in paper notation
    standard_latex: str = ""


class Citer:
    """Citations for library components: the paper's anchor where it was recognised, an
    `[ASSUMPTION]` saying the standard form is used where it was not."""

    def __init__(self, found: dict[str, Recognised]) -> None:
        self.found = found

    def anchor(self, part: Part) -> str:
        rec = self.found.get(part.key)
        return rec.anchor if rec else ""

    def cite(self, part: Part) -> str:
        """One line: `§3.2.1, Eq. 1 — <description>` or `[ASSUMPTION] ...`."""
        rec = self.found.get(part.key)
        if rec is not None:
            return f"{rec.anchor} — {part.description}"
        return (
            f"[ASSUMPTION] {part.description} — the paper does not define this part; "
            "the standard form is used"
        )

    def short(self, part: Part, what: str) -> str:
        """A short end-of-line citation for one detail of a component."""
        rec = self.found.get(part.key)
        if rec is not None:
            return f"{rec.anchor} — {what}"
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
            return "\n\n".join(f"$${latex}$$ ({anchor})" for anchor, latex in rows)
        if part.standard_latex:
            return f"$${part.standard_latex}$$ (standard form, not written out in the paper)"
        return ""

    def equation(self, part: Part, indent: str = "    ") -> str:
        """The defining equation for a docstring: the paper's LaTeX where it has one."""
        rec = self.found.get(part.key)
        if rec is not None and rec.rows:
            body = f"{rec.anchor}, as written in the paper:\n"
            for anchor, latex in rec.rows:
                label = f"    ({anchor})" if len(rec.rows) > 1 else ""
                body += "\n" + textwrap.indent(latex, "    ") + label
        elif part.standard_latex:
            body = f"Standard form (not written out in the paper):\n\n    {part.standard_latex}"
        else:
            return ""
        return textwrap.indent(body, indent).lstrip()

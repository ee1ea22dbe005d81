"""The author's own macros: `\\newcommand`, `\\renewcommand`, `\\providecommand`, `\\def`,
`\\DeclareMathOperator`, collected and expanded so that what we read (and quote, and match
against equations) is what the paper prints, not `\\ourloss` or `\\R`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pylatexenc import latexwalker
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexGroupNode,
    LatexMacroNode,
)

from paper2code.errors import ParseError
from paper2code.paper.latex.context import latex_context, parse_nodes
from paper2code.paper.latex.nodes import children
from paper2code.paper.latex.sourcemap import Builder, SourceMap

MAX_DEPTH = 32
MAX_EXPANSION = 200_000  # characters one call may expand to: stops exponential definitions

_DEFINERS = {"newcommand", "renewcommand", "providecommand", "DeclareMathOperator"}
# Names we never expand even if an author redefines them: the reader needs to see them.
_STRUCTURAL = {
    "section",
    "subsection",
    "subsubsection",
    "paragraph",
    "chapter",
    "caption",
    "label",
    "ref",
    "eqref",
    "begin",
    "end",
    "item",
    "input",
    "include",
    "cite",
    "citep",
    "citet",
    "footnote",
    "title",
    "author",
    "maketitle",
    "appendix",
    "tag",
    "nonumber",
    "notag",
    "bibliography",
    "documentclass",
    "usepackage",
}


@dataclass(frozen=True)
class Macro:
    name: str
    nargs: int
    default: str | None  # the optional first argument's default, if it has one
    body: str

    @property
    def argspec(self) -> str:
        if self.default is not None and self.nargs:
            return "[" + "{" * (self.nargs - 1)
        return "{" * self.nargs


_COUNTER_FORMAT = re.compile(
    r"the(section|subsection|subsubsection|equation|table|figure|algorithm|footnote)"
)


def _expandable(name: str | None) -> bool:
    # Internal names (`\@maketitle` reads as `\@` + text outside \makeatletter's scope),
    # the structure the reader must see, and counter formats (`\thesection`, which the reader
    # needs to number as the PDF does) are left alone.
    return (
        bool(name)
        and name.isalpha()
        and name not in _STRUCTURAL
        and not _COUNTER_FORMAT.fullmatch(name)
    )


def counter_format(node: LatexMacroNode) -> tuple[str, str] | None:
    """`\renewcommand{\thesection}{\\Alph{section}}` -> ("section", "\\Alph{section}")."""
    if node.macroname not in ("renewcommand", "newcommand", "def"):
        return None
    args = node.nodeargd.argnlist if node.nodeargd else []
    name = _macro_name(args[1] if len(args) > 1 else None)
    m = _COUNTER_FORMAT.fullmatch(name or "")
    if not m or len(args) < 5:
        return None
    return m.group(1), _inner(args[4])


def _inner(node: latexwalker.LatexNode | None) -> str:
    """An argument's text without its braces."""
    if node is None:
        return ""
    if isinstance(node, LatexGroupNode):
        return "".join(n.latex_verbatim() for n in node.nodelist)
    return node.latex_verbatim()


def _body(node: latexwalker.LatexNode | None) -> str:
    # \xspace inserts the space a word-like macro eats; we keep that space ourselves (see
    # `_call`), so the body must not add a second one or swallow the next word's.
    return re.sub(r"\\xspace\b\s*", "", _inner(node))


def _macro_name(node: latexwalker.LatexNode | None) -> str | None:
    if isinstance(node, LatexMacroNode):
        return node.macroname
    if isinstance(node, LatexGroupNode) and len(node.nodelist) == 1:
        return _macro_name(node.nodelist[0])
    return None


def _definition(node: LatexMacroNode) -> Macro | None:
    args = node.nodeargd.argnlist if node.nodeargd else []
    if node.macroname == "DeclareMathOperator":
        name = _macro_name(args[1] if len(args) > 1 else None)
        body = _inner(args[2] if len(args) > 2 else None)
        return Macro(name, 0, None, f"\\operatorname{{{body}}}") if _expandable(name) else None
    # newcommand-like: star, name, [nargs], [default], body
    name = _macro_name(args[1] if len(args) > 1 else None)
    if not _expandable(name):
        return None
    nargs_text = _inner(args[2]).strip("[] ") if len(args) > 2 and args[2] else "0"
    nargs = int(nargs_text) if nargs_text.isdigit() else 0
    default = _inner(args[3]).strip() if len(args) > 3 and args[3] is not None else None
    if default is not None and default.startswith("[") and default.endswith("]"):
        default = default[1:-1]
    return Macro(name, nargs, default, _body(args[4] if len(args) > 4 else None))


def _def_at(nodes: list, i: int) -> tuple[Macro | None, int]:
    """`\\def\\name#1#2{body}` spans several sibling nodes; returns the macro and the index
    of the last node it used."""
    if i + 1 >= len(nodes) or not isinstance(nodes[i + 1], LatexMacroNode):
        return None, i
    name = nodes[i + 1].macroname
    j = i + 2
    params = ""
    while j < len(nodes) and isinstance(nodes[j], LatexCharsNode):
        params += nodes[j].chars
        j += 1
    if j >= len(nodes) or not isinstance(nodes[j], LatexGroupNode) or not _expandable(name):
        return None, i
    nargs = len(re.findall(r"#\d", params))
    return Macro(name, nargs, None, _body(nodes[j])), j


def collect(nodes: list) -> dict[str, Macro]:
    """Every author macro defined anywhere in the node tree, by name (last one wins)."""
    found: dict[str, Macro] = {}

    def visit(node_list: list) -> None:
        for i, node in enumerate(node_list):
            if isinstance(node, LatexMacroNode):
                if node.macroname in _DEFINERS:
                    macro = _definition(node)
                    if macro and not (node.macroname == "providecommand" and macro.name in found):
                        found[macro.name] = macro
                elif node.macroname in ("def", "gdef", "edef", "xdef"):
                    macro, _ = _def_at(node_list, i)
                    if macro:
                        found[macro.name] = macro
            if node is not None:
                visit(children(node))

    visit(nodes)
    return found


class Expander:
    def __init__(self, macros: dict[str, Macro], source: SourceMap) -> None:
        self.macros = macros
        self.source = source
        self.db = latex_context({m.name: m.argspec for m in macros.values()})

    def _call(self, node: LatexMacroNode, depth: int, pos: int) -> str:
        macro = self.macros[node.macroname]
        args = node.nodeargd.argnlist if node.nodeargd else []
        values = []
        for k in range(macro.nargs):
            arg = args[k] if k < len(args) else None
            if arg is None and k == 0 and macro.default is not None:
                values.append(macro.default)
            else:
                values.append(_inner(arg))
        body = re.sub(
            r"#(\d)",
            lambda m: values[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(values) else "",
            macro.body,
        )
        body = body.replace("##", "#")
        if depth >= MAX_DEPTH or len(body) > MAX_EXPANSION:
            file, line = self.source.location(pos)
            raise ParseError(
                f"macro \\{macro.name} expands without end (recursive definition?)",
                file=file,
                line=line,
            )
        expanded = self.expand_string(body, depth + 1, pos)
        # Keep the space TeX would print after a macro written like a word (`\method is`).
        return expanded + (node.macro_post_space or "")

    def expand_string(self, text: str, depth: int, pos: int) -> str:
        """Expand a macro body (no source map: it all stands for the call site `pos`)."""
        if "\\" not in text:
            return text
        out: list[str] = []
        cursor = 0

        def visit(node_list: list) -> None:
            nonlocal cursor
            for node in node_list:
                if isinstance(node, LatexMacroNode) and node.macroname in self.macros:
                    out.append(text[cursor : node.pos])
                    out.append(self._call(node, depth, pos))
                    cursor = node.pos + node.len
                else:
                    visit(children(node))

        visit(parse_nodes(text, self.db))
        out.append(text[cursor:])
        return "".join(out)

    def expand_document(self, text: str) -> tuple[str, SourceMap]:
        """The whole paper with definitions removed and calls expanded, with its source map."""
        out = Builder(self.source.line_starts)
        cursor = 0

        def visit(node_list: list) -> None:
            nonlocal cursor
            skip_to = -1
            for i, node in enumerate(node_list):
                if i <= skip_to or node is None:
                    continue
                if (
                    isinstance(node, LatexMacroNode)
                    and node.macroname in _DEFINERS | {"def", "gdef", "edef", "xdef"}
                    and not counter_format(node)
                ):
                    end = node.pos + node.len
                    if node.macroname.endswith("def"):
                        macro, last = _def_at(node_list, i)
                        if macro:
                            skip_to = last
                            end = node_list[last].pos + node_list[last].len
                    out.copy_mapped(text[cursor : node.pos], cursor, self.source)
                    cursor = end
                elif isinstance(node, LatexMacroNode) and node.macroname in self.macros:
                    out.copy_mapped(text[cursor : node.pos], cursor, self.source)
                    file, src = self.source.origin(node.pos)
                    out.insert(self._call(node, 0, node.pos), file, src)
                    cursor = node.pos + node.len
                else:
                    visit(children(node))

        visit(parse_nodes(text, self.db))
        out.copy_mapped(text[cursor:], cursor, self.source)
        return out.text(), out.map


def expand(text: str, source: SourceMap) -> tuple[str, SourceMap]:
    """Collect the author's macros in `text` and expand them everywhere."""
    macros = collect(parse_nodes(text, latex_context()))
    return Expander(macros, source).expand_document(text)

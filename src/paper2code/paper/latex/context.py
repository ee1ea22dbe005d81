"""The macro and environment argument specs the tokenizer needs to read papers.

pylatexenc knows standard LaTeX; these add the packages papers use (amsmath, booktabs,
multirow, cleveref, algorithmic, conference styles), so that each macro's arguments are parsed
as its arguments and not as stray text. Author macros are expanded before parsing (see
`macros.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pylatexenc import latexwalker
from pylatexenc.macrospec import EnvironmentSpec, LatexContextDb, MacroSpec

from paper2code.errors import ParseError

_MACROS = {
    # structure and metadata
    "section": "*[{",
    "subsection": "*[{",
    "subsubsection": "*[{",
    "chapter": "*[{",
    "paragraph": "*[{",
    "subparagraph": "*[{",
    "part": "*[{",
    "title": "[{",
    "author": "[{",
    "icmltitle": "{",
    "icmlauthor": "{{",
    "icmltitlerunning": "{",
    "icmlaffiliation": "{{",
    "icmlcorrespondingauthor": "{{",
    "icmlkeywords": "{",
    "thanks": "{",
    "date": "{",
    "affiliation": "{",
    "email": "{",
    "keywords": "{",
    "abstract": "{",
    # references and labels
    "label": "{",
    "ref": "*{",
    "eqref": "{",
    "cref": "*{",
    "Cref": "*{",
    "autoref": "*{",
    "pageref": "{",
    "nameref": "{",
    "hyperref": "[{",
    "cite": "*[[{",
    "citep": "*[[{",
    "citet": "*[[{",
    "citealp": "*[[{",
    "citeauthor": "*[[{",
    "citeyear": "[[{",
    "url": "{",
    "href": "{{",
    "footnote": "[{",
    "footnotetext": "[{",
    "footnotemark": "[",  # `Name\footnotemark[1]`: the mark's number is no part of the name
    "fontsize": "{{",  # `\fontsize{12}{13}\selectfont` in a heading macro: sizes, not text
    "tag": "*{",
    # counters
    "numberwithin": "[{{",
    "setcounter": "{{",
    "addtocounter": "{{",
    "stepcounter": "{",
    "refstepcounter": "{",
    "renewcommand": "*{[[{",
    "newcommand": "*{[[{",
    "providecommand": "*{[[{",
    "DeclareMathOperator": "*{{",
    "newtheorem": "*{[{[",
    "declaretheorem": "[{[",
    # floats and tables
    "caption": "[{",
    "captionof": "*{[{",
    "captionsetup": "[{",
    "subcaption": "[{",
    "subfloat": "[[{",
    "subfigure": "[[{",  # the subfigure package's macro (subcaption's is an environment)
    "subtable": "[[{",
    "multicolumn": "{{{",
    "multirow": "[{[{[{",
    "cmidrule": "[{",
    "cline": "{",
    "includegraphics": "*[[{",
    "input": "{",
    "include": "{",
    "subfile": "{",
    "IfFileExists": "{{{",
    "InputIfFileExists": "{{{",
    "bibliography": "{",
    "bibliographystyle": "{",
    "bibitem": "[{",
    "vspace": "*{",
    "hspace": "*{",
    "resizebox": "*{{{",
    "scalebox": "{[{",
    "rotatebox": "[{{",
    "adjustbox": "{{",
    # colours (xcolor's `[model]{spec}`), rules, struts, boxes, symbols and siunitx: their
    # arguments are parsed as arguments, so no colour or length runs into a cell's text
    "textcolor": "[{{",
    "colorbox": "[{{",
    "fcolorbox": "[{[{{",
    "color": "[{",
    "cellcolor": "[{",
    "rowcolor": "[{",
    "columncolor": "[{",
    "arrayrulecolor": "[{",
    "definecolor": "{{{",
    "toprule": "[",
    "midrule": "[",
    "bottomrule": "[",
    "specialrule": "{{{",
    "addlinespace": "[",
    "noalign": "{",
    "hhline": "{",
    "rule": "[{{",
    "phantom": "{",
    "hphantom": "{",
    "vphantom": "{",
    "makecell": "[{",
    "thead": "[{",
    "shortstack": "[{",
    "ding": "{",
    "bm": "{",  # bold math: a cell in bold is told by its argument
    "boldsymbol": "{",
    "SI": "[{[{",
    "qty": "[{{",
    "si": "[{",
    "unit": "[{",
    "num": "[{",
    "usepackage": "[{[",
    "documentclass": "[{[",
    "addbibresource": "[{",
    "twocolumn": "[",
    "makebox": "[[{",
    "parbox": "[[[{{",
    "raisebox": "{[[{",
    # algorithms (algorithmicx and algorithm2e)
    "State": "",
    "STATE": "",
    "Require": "",
    "Ensure": "",
    "REQUIRE": "",
    "ENSURE": "",
    "If": "{",
    "ElsIf": "{",
    "For": "{",
    "ForAll": "{",
    "While": "{",
    "Until": "{",
    "Procedure": "{{",
    "Function": "{{",
    "Return": "",
    "RETURN": "",
    "IF": "[{",
    "ELSIF": "[{",
    "FOR": "[{",
    "FORALL": "[{",
    "WHILE": "[{",
    "UNTIL": "[{",
    "Comment": "{",
    "COMMENT": "{",
    "KwIn": "{",
    "KwOut": "{",
    "KwData": "{",
    "KwResult": "{",
    "KwRet": "{",
    "SetAlgoLined": "",
}

_ENVIRONMENTS = {
    "tabular": "[{",
    "tabular*": "{[{",
    "tabularx": "{{",
    "tblr": "[{",  # tabularray: `{colspec={l c}, row{1}={font=\bfseries}}`
    "longtblr": "[{",
    "longtable": "[{",
    "array": "[{",
    "minipage": "[[[{",
    "subfigure": "[{",
    "subtable": "[{",
    "wrapfigure": "[{[{",
    "wraptable": "[{[{",
    "algorithmic": "[",
    "algorithm": "[",
    "algorithm*": "[",
    "thebibliography": "{",
    "alignat": "{",
    "alignat*": "{",
    "adjustbox": "{",
    "figure": "[",
    "figure*": "[",
    "table": "[",
    "table*": "[",
    "multicols": "{",
    "enumerate": "[",
    "itemize": "[",
    "list": "{{",
    "restatable": "[{{",
    "restatable*": "[{{",
}


class _Context(LatexContextDb):
    """pylatexenc's context with an indexed specials lookup: its own tries every special of
    every category at every character, the largest single cost of parsing a paper."""

    def add_context_category(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().add_context_category(*args, **kwargs)
        self._specials: dict[str, list[tuple[str, object]]] | None = None

    def test_for_specials(self, s, pos, parsing_state=None):  # noqa: ANN001, ANN201
        if self._specials is None:
            index: dict[str, list[tuple[str, object]]] = {}
            seen: set[str] = set()
            for cat in self.category_list:  # earlier categories win, as in pylatexenc
                for chars, spec in self.d[cat]["specials"].items():
                    if chars not in seen:
                        seen.add(chars)
                        index.setdefault(chars[0], []).append((chars, spec))
            for candidates in index.values():
                candidates.sort(key=lambda c: -len(c[0]))  # the longest match wins
            self._specials = index
        for chars, spec in self._specials.get(s[pos : pos + 1], ()):
            if s.startswith(chars, pos):
                return spec
        return None


def latex_context() -> latexwalker.LatexContextDb:
    """The default pylatexenc context plus our specs."""
    default = latexwalker.get_default_latex_context_db()
    db = _Context()
    for cat in default.category_list:
        db.add_context_category(
            cat,
            macros=default.d[cat]["macros"].values(),
            environments=default.d[cat]["environments"].values(),
            specials=default.d[cat]["specials"].values(),
        )
    db.add_context_category(
        "paper2code",
        prepend=True,
        macros=[MacroSpec(name, spec) for name, spec in _MACROS.items()],
        environments=[EnvironmentSpec(name, spec) for name, spec in _ENVIRONMENTS.items()],
    )
    db.set_unknown_macro_spec(default.unknown_macro_spec)
    db.set_unknown_environment_spec(default.unknown_environment_spec)
    db.set_unknown_specials_spec(default.unknown_specials_spec)
    return db


class _Walker(latexwalker.LatexWalker):
    """pylatexenc's tokenizer, with its common tokens read by regular expressions: runs of
    plain text as one token (pylatexenc reads one character per token), except where a macro
    argument is one character (`\\frac12`), and control words and `\\begin{…}` without
    copying the rest of the paper for each. Anything else is pylatexenc's own reading."""

    _one_char = False

    def get_latex_expression(self, pos, strict_braces=None, parsing_state=None):  # noqa: ANN001, ANN201
        if parsing_state is not None and self._brace_at(pos) >= 0:
            # Most arguments are braced: read the group without first reading its `{` as a token
            # (pylatexenc reads it twice, once here and once for the group).
            return self.get_latex_braced_group(pos, parsing_state=parsing_state)
        self._one_char = True
        try:
            return super().get_latex_expression(pos, strict_braces, parsing_state)
        finally:
            self._one_char = False

    def get_token(self, pos, include_brace_chars=None, environments=True, **kwargs):  # noqa: ANN001, ANN003, ANN201
        s = self.s
        one_char, self._one_char = self._one_char, False  # only an expression's first token
        start = _LEADING_SPACE.match(s, pos).end()  # type: ignore[union-attr]
        pre = s[pos:start]
        token = None
        first = s[start : start + 1]
        if first and not first.isspace():  # a paragraph break is pylatexenc's
            if first == "\\":
                token = self._control(start, pre, environments)
            elif first in "{}":
                kind = "brace_open" if first == "{" else "brace_close"
                token = _Token(tok=kind, arg=first, pos=start, len=1, pre_space=pre)
            elif first == "$" and not s.startswith("$$", start):
                token = _Token(tok="mathmode_inline", arg="$", pos=start, len=1, pre_space=pre)
            elif not one_char and include_brace_chars in (None, [("[", "]")]):
                m = _WORD_RUN.match(s, start)
                if m is not None:
                    token = _Token(
                        tok="char", arg=m.group(0), pos=start, len=m.end() - start, pre_space=pre
                    )
        if token is None:
            return super().get_token(pos, include_brace_chars, environments, **kwargs)
        return token

    def get_latex_maybe_optional_arg(self, pos, parsing_state=None):  # noqa: ANN001, ANN201
        start = _LEADING_SPACE.match(self.s, pos).end()  # type: ignore[union-attr]
        if not self.s.startswith("[", start):
            # No `[` next, so no optional argument: known without making the token to see it.
            self._one_char = False  # as that token's reading would have reset it
            return None
        return super().get_latex_maybe_optional_arg(pos, parsing_state)

    def get_latex_braced_group(self, pos, brace_type="{", parsing_state=None):  # noqa: ANN001, ANN201
        start = self._brace_at(pos) if brace_type == "{" and parsing_state is not None else -1
        if start < 0:
            return super().get_latex_braced_group(pos, brace_type, parsing_state)
        # pylatexenc's reading of a `{` group, without reading the `{` as a token first.
        self._one_char = False  # as that token's reading would have reset it
        nodelist, npos, nlen = self.get_latex_nodes(
            start + 1, stop_upon_closing_brace=("{", "}"), parsing_state=parsing_state
        )
        return self._mknodeposlen(
            latexwalker.LatexGroupNode,
            nodelist=nodelist,
            parsing_state=parsing_state,
            delimiters=("{", "}"),
            pos=start,
            len=npos + nlen - start,
        )

    def _brace_at(self, pos: int) -> int:
        """Where the `{` that is the next token after `pos` is; -1 if the next is another."""
        start = _LEADING_SPACE.match(self.s, pos).end()  # type: ignore[union-attr]
        return start if self.s.startswith("{", start) else -1

    def get_latex_nodes(  # noqa: ANN201
        self,
        pos=0,  # noqa: ANN001
        stop_upon_closing_brace=None,  # noqa: ANN001
        stop_upon_end_environment=None,  # noqa: ANN001
        stop_upon_closing_mathmode=None,  # noqa: ANN001
        read_max_nodes=None,  # noqa: ANN001
        parsing_state=None,  # noqa: ANN001
    ):
        if not (stop_upon_end_environment or read_max_nodes or parsing_state is None):
            closing = (
                _CLOSING_MATH.get(stop_upon_closing_mathmode)
                if stop_upon_closing_brace is None
                else _CLOSING_BRACE.get(stop_upon_closing_brace)
            )
            if closing is not None:
                plain = self._plain_nodes(pos, closing, parsing_state)
                if plain is not None:
                    return plain
        return super().get_latex_nodes(
            pos,
            stop_upon_closing_brace,
            stop_upon_end_environment,
            stop_upon_closing_mathmode,
            read_max_nodes,
            parsing_state,
        )

    def _plain_nodes(
        self, pos: int, closing: str, parsing_state: latexwalker.ParsingState
    ) -> tuple[list[latexwalker.LatexNode], int, int] | None:
        """The inside of a group or of inline math that is plain text or nothing (a label, a
        citation key, a symbol: most of a paper's groups), read as pylatexenc reads it but
        without its `get_latex_nodes`, whose setup costs more than reading the text."""
        s = self.s
        m = _PLAIN_INSIDE.match(s, pos)
        end = m.end()  # type: ignore[union-attr]
        if not s.startswith(closing, end):
            return None
        if end == pos:
            nodes = []
        elif not m.group(1):  # type: ignore[union-attr]
            return None  # only spaces: pylatexenc makes them a node of their own
        else:
            chars = self.make_node(
                latexwalker.LatexCharsNode,
                parsing_state=parsing_state,
                chars=s[pos:end],
                pos=pos,
                len=end - pos,
            )
            nodes = [chars]
        return nodes, pos, end + len(closing) - pos

    def _control(self, start: int, pre: str, environments: bool) -> _Token | None:
        m = _CONTROL.match(self.s, start)
        if m is None:
            return None
        if m.group("env") is not None:
            if not environments:
                return None
            kind = "begin_environment" if m.group("cmd") == "begin" else "end_environment"
            return _Token(
                tok=kind, arg=m.group("env"), pos=start, len=m.end() - start, pre_space=pre
            )
        if m.group("word") in ("begin", "end"):
            return None  # a malformed \\begin: pylatexenc reports it
        post = m.group("post")
        cut = post.find("\n\n")  # the paragraph break after a word is no part of it
        post = post if cut < 0 else post[:cut]
        return _Token(
            tok="macro",
            arg=m.group("word"),
            pos=start,
            len=m.start("post") - start + len(post),
            pre_space=pre,
            post_space=post,
        )


class _Token(latexwalker.LatexToken):
    """pylatexenc's token, made without its constructor's per-token list of field names (only
    its repr and == read them): the tokenizer makes one for every few characters."""

    def __init__(
        self, tok: str, arg: str, pos: int, len: int, pre_space: str, post_space: str = ""
    ) -> None:
        self.tok = tok
        self.arg = arg
        self.pos = pos
        self.len = len
        self.pre_space = pre_space
        self.post_space = post_space

    @property
    def _fields(self) -> list[str]:  # type: ignore[override]
        fields = ["tok", "arg", "pos", "len", "pre_space"]
        return [*fields, "post_space"] if self.tok in ("macro", "comment") else fields


# Spaces before a token, up to one line end: two line ends are a paragraph token.
_LEADING_SPACE = re.compile(r"[ \t]*(?:\n[ \t]*)?")
# `\\begin{name}`/`\\end{name}` as pylatexenc reads them, or a control word and the spaces
# after it (its `post_space`).
_CONTROL = re.compile(
    r"\\(?:(?P<cmd>begin|end)\s*\{(?P<env>[\w* ._-]+)\}|(?P<word>[^\W\d_]+)(?P<post>\s*))"
)


# Plain characters: letters (any script), digits and punctuation that is neither a special
# (& ~ `` '' -- ! ` ? `), a brace, a bracket, math, a star nor a comment; a lone `-` or `'` is
# plain. Spaces and single line ends may sit between them (a blank line is a paragraph token
# of its own). A run starts with a plain character: spaces before a token are pylatexenc's to
# read (an optional argument may follow them).
_PLAIN = r"""(?:[\w.,;:()/=+<>|"@^]|-(?!-)|'(?!')|`(?!`)|[!?](?!`))"""
_WORD_RUN = re.compile(rf"{_PLAIN}(?:{_PLAIN}|[ \t]|\n(?![ \t]*\n))+")
# The inside of a group or math: leading spaces, then one run of plain characters (one is
# enough: its tokens would all be characters, gathered in one node), or nothing.
_PLAIN_INSIDE = re.compile(rf"[ \t]*(?:\n[ \t]*)?({_PLAIN}(?:{_PLAIN}|[ \t]|\n(?![ \t]*\n))*)?")
_CLOSING_BRACE = {"}": "}", ("{", "}"): "}", ("[", "]"): "]"}
_CLOSING_MATH = {"$": "$", "$$": "$$", "\\)": "\\)", "\\]": "\\]"}


def walker(text: str, db: latexwalker.LatexContextDb) -> latexwalker.LatexWalker:
    # Tolerant: a real paper always has something the tokenizer does not expect; structural
    # errors we must report (unbalanced braces) are checked separately, with a line number.
    return _Walker(text, latex_context=db, tolerant_parsing=True)


# pylatexenc parses recursively (about five Python frames per level of macro argument);
# TeX itself stops at 255 grouping levels. No paper nests a hundred deep.
MAX_NESTING = 100
# A control word (`\alpha`) is skipped, not matched: it holds no brace, and most of TeX is them.
_NESTING = re.compile(r"\\(?:(begin|end)\s*\{[^{}]*\}|[^A-Za-z])|[{}]")


def check_nesting(text: str, where: Callable[[int], tuple[str, int]] | None = None) -> None:
    """Braces and environments nested deeper than MAX_NESTING are an error at the place."""
    depth = 0
    for m in _NESTING.finditer(text):
        tok = m.group(0)
        if tok == "{" or m.group(1) == "begin":
            depth += 1
            if depth > MAX_NESTING:
                message = f"braces or environments nested more than {MAX_NESTING} deep"
                if where is None:  # a single file's text: its line, the caller knows the file
                    line = text.count("\n", 0, m.start()) + 1
                    raise ParseError(f"line {line}: {message}")
                file, line = where(m.start())
                raise ParseError(message, file=file or None, line=line)
        elif tok == "}" or m.group(1) == "end":
            depth = max(0, depth - 1)


def parse_nodes(
    text: str,
    db: latexwalker.LatexContextDb,
    where: Callable[[int], tuple[str, int]] | None = None,
) -> list[latexwalker.LatexNode]:
    """`text` as pylatexenc nodes; `where` names file and line for an error at an offset."""
    check_nesting(text, where)
    nodes, _, _ = walker(text, db).get_latex_nodes()
    return nodes

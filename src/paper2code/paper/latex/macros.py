"""The author's own macros and TeX conditionals, expanded the way TeX would, so that what we
read (and quote, and match against equations) is what the paper prints, not `\\ourloss` or
`\\R`, and only the branch of an `\\if…\\fi` the document selects.

Definitions (`\\newcommand`, `\\renewcommand`, `\\providecommand`, `\\def` and kin, `\\let`,
`\\DeclareMathOperator`, `\\newenvironment`, `\\newif`) take effect where they stand and are
removed from the text. Expansion is iterative over a stack of inputs, like TeX's, so no
definition can exhaust Python's stack. A call that cannot be expanded (a macro that refers to
itself) is left out with a warning; a paper whose expansion outgrows the whole-paper budget
(exponential definitions) fails with the file and line of the call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pylatexenc import latexwalker
from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode

from paper2code.errors import ParseError
from paper2code.paper.latex import glossaries, params
from paper2code.paper.latex.sourcemap import Builder, Segment, SourceMap
from paper2code.paper.latex.texscan import (
    CS,
    CS_AT,
    argument,
    cs_name,
    optional,
    roman,
    skip_space,
    substitute,
    token,
)
from paper2code.paper.model import ReaderWarning

# Whole-paper budgets: real papers stay far below both (the most in the corpus: 1,428 calls
# expanding to 14 KB); exponential definitions reach them within a second.
MAX_EXPANSIONS = 20_000
MAX_EXPANDED_CHARS = 1_000_000
# How far a \def's body may be from its name: a failed search must not read the rest of the
# paper each time (that would be quadratic).
MAX_PARAMETERS = 100
# Conditionals without a matching \fi: after this many, the rest read their first branch
# without looking for one (each search reads to the end of the input).
MAX_UNMATCHED = 20

_NEWCOMMANDS = {"newcommand", "renewcommand", "providecommand"}
_DEFS = {"def", "gdef", "edef", "xdef"}
_NEWENVS = {"newenvironment", "renewenvironment"}
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
    # TeX's own machinery: `\expandafter\def\csname x\endcsname{…}` defines \x, not \csname.
    "csname",
    "endcsname",
    "expandafter",
    "noexpand",
    "relax",
}
# Environments the reader numbers or reads specially: an author's redefinition of them changes
# their look, not what they are.
_STRUCTURAL_ENVS = {
    "document",
    "abstract",
    "appendix",
    "thebibliography",
    "figure",
    "figure*",
    "table",
    "table*",
    "algorithm",
    "equation",
    "equation*",
    "align",
    "align*",
    "gather",
    "gather*",
    "multline",
    "eqnarray",
    "subequations",
    "itemize",
    "enumerate",
}
# TeX's conditionals: what `\else`/`\fi` nest with while a false branch is skipped.
_IF_PRIMITIVES = {
    "if",
    "ifx",
    "ifnum",
    "ifdim",
    "ifodd",
    "ifcase",
    "ifvmode",
    "ifhmode",
    "ifmmode",
    "ifinner",
    "ifvoid",
    "ifhbox",
    "ifvbox",
    "ifeof",
    "iftrue",
    "iffalse",
    "ifdefined",
    "ifcsname",
    "iffontchar",
    "ifincsname",
}
_VERBATIM_ENVS = ("verbatim", "verbatim*", "lstlisting", "minted", "comment", "filecontents")
_CSNAME = re.compile(r"\\csname(?![A-Za-z])([^\\{}]*)\\endcsname")
_DEFINERS = {*_NEWCOMMANDS, *_DEFS, "let"}
# `\romannumeral` and the number TeX reads after it, with what ends the number: one space, or
# a `\relax` that prints nothing (read with it: left in the text, it would eat the space after
# the author's macro, `Dis-\RNum{2} has`).
_ROMAN_NUMBER = re.compile(r"\\romannumeral(?![A-Za-z])\s*([-+]?\d+)(?: |\\relax(?![A-Za-z]))?")
# What may stand between `\uppercase` and its braced text: `\expandafter`s, which expand the
# text's first token before the case changes.
_CASE_PREFIX = re.compile(r"(?:\s*\\expandafter(?![A-Za-z]))*\s*(?=\{)")
_CASED = re.compile(r"(\\(?:[A-Za-z@]+|.))|([^\\]+)", re.DOTALL)
_IFNUM = re.compile(r"\s*([-+]?\d+)\s*([<=>])\s*([-+]?\d+)(\D)")
_COUNTER_FORMAT = re.compile(
    r"the(section|subsection|subsubsection|equation|table|figure|algorithm|footnote)"
)


@dataclass(frozen=True)
class Macro:
    name: str
    nargs: int
    default: str | None  # the optional first argument's default, if it has one
    body: str
    final: bool = False  # `\let\old\left`: the body is the primitive, not read again
    params: tuple[params.Param, ...] = ()  # xparse's or a delimited \def's, read instead


@dataclass
class Expanded:
    text: str
    map: SourceMap
    warnings: list[ReaderWarning] = field(default_factory=list)
    macros: dict[str, Macro] = field(default_factory=dict)  # the author's, as last defined


def _expandable(name: str | None) -> bool:
    # Internal names (`\@maketitle`), the structure the reader must see, and counter formats
    # (`\thesection`, which the reader needs to number as the PDF does) are left alone.
    return (
        bool(name)
        and name.isalpha()
        and name not in _STRUCTURAL
        and not _COUNTER_FORMAT.fullmatch(name)
    )


def counter_format(node: LatexMacroNode) -> tuple[str, str] | None:
    """`\\renewcommand{\\thesection}{\\Alph{section}}` -> ("section", "\\Alph{section}")."""
    if node.macroname not in ("renewcommand", "newcommand", "def"):
        return None
    args = node.nodeargd.argnlist if node.nodeargd else []
    name = _node_name(args[1] if len(args) > 1 else None)
    m = _COUNTER_FORMAT.fullmatch(name or "")
    if not m or len(args) < 5:
        return None
    arg = args[4]
    body = (
        "".join(n.latex_verbatim() for n in arg.nodelist)
        if isinstance(arg, LatexGroupNode)
        else (arg.latex_verbatim() if arg is not None else "")
    )
    return m.group(1), body


def _node_name(node: latexwalker.LatexNode | None) -> str | None:
    if isinstance(node, LatexMacroNode):
        return node.macroname
    if isinstance(node, LatexGroupNode) and len(node.nodelist) == 1:
        return _node_name(node.nodelist[0])
    return None


# ---- the expander ---------------------------------------------------------------------------


# How deep a macro's call may stand inside its own expansion: an argument may hold a call of
# the same macro (`\ExpSub{k}{\ExpSub{c}{x}}`), a body that calls itself never ends
MAX_SELF_NESTING = 8


@dataclass
class _Frame:
    """One input TeX reads from: the document, or a macro's expansion."""

    text: str
    pos: int = 0
    names: tuple[str, ...] = ()  # the macros this input is (part of) the expansion of
    final: bool = False  # copied as is, not read for macros


class _Abandon(Exception):
    """A call that cannot be expanded: it is left out, with a warning."""


# A handler reads one control sequence (and what it takes) from the frame at `frame.pos`,
# moves `frame.pos` past it, and says whether that text stays in the output.
_Handler = Callable[[list[_Frame], _Frame, str], bool]


class Expander:
    def __init__(self, source: SourceMap, file_exists: Callable[[str], bool]) -> None:
        self.source = source
        self.file_exists = file_exists
        self.macros: dict[str, Macro] = {}
        self.envs: dict[str, tuple[Macro, Macro]] = {}
        self.switches: dict[str, bool] = {}  # \newif\ifname -> its current value
        self.aliases: dict[str, str] = {}  # \let\new\old of a name not the author's: new -> old
        self.conditions: list[str] = []  # open conditionals whose taken branch we are in
        self.warnings: list[ReaderWarning] = []
        self.expansions = 0
        self.expanded_chars = 0
        self.unmatched = 0  # conditionals found without a matching \fi
        self.at_letter = False
        self.call = 0  # where the top-level call being expanded stands in the document
        self.passed_through: set[str] = set()  # control words met while not (yet) defined
        self.fixed: dict[str, _Handler] = {
            "newcommand": self._newcommand,
            "renewcommand": self._newcommand,
            "providecommand": self._newcommand,
            "DeclareRobustCommand": self._newcommand,  # robust: the same text once printed
            "def": self._def,
            "gdef": self._def,
            "edef": self._def,
            "xdef": self._def,
            "let": self._let,
            "DeclareMathOperator": self._declare_math_operator,
            "newenvironment": self._newenvironment,
            "renewenvironment": self._newenvironment,
            "newif": self._newif,
            "begin": self._environment,
            "end": self._environment,
            "verb": self._verb,
            "IfFileExists": self._if_macro,
            "@ifundefined": self._if_macro,
            "makeatletter": self._catcode,
            "makeatother": self._catcode,
            "expandafter": self._expandafter,
            "csname": self._csname,
            "romannumeral": self._romannumeral,
            "uppercase": self._case,
            "lowercase": self._case,
            "NewDocumentCommand": self._document_command,
            "RenewDocumentCommand": self._document_command,
            "DeclareDocumentCommand": self._document_command,
            "ProvideDocumentCommand": self._document_command,
            "NewDocumentEnvironment": self._document_command,
            "RenewDocumentEnvironment": self._document_command,
            "DeclareDocumentEnvironment": self._document_command,
        }
        for test in ("IfValue", "IfNoValue", "IfBoolean"):
            for branches in ("T", "F", "TF"):
                self.fixed[test + branches] = self._if_value
        self.glossary = glossaries.Glossary()
        self.fixed.update(dict.fromkeys(glossaries.COMMANDS, self._glossary))

    @property
    def cs(self) -> re.Pattern[str]:
        return CS_AT if self.at_letter else CS

    # -- the run over the document --

    def expand_document(self, text: str, source: SourceMap) -> tuple[str, SourceMap]:
        """`text` with definitions removed, conditionals decided and calls expanded."""
        self.source, self.at_letter, self.conditions = source, False, []
        out = Builder(source.line_starts)
        stack = [_Frame(text)]
        pending: list[str] = []  # the expansion of the current top-level call
        run = [0, 0]  # document text passed as is and not yet copied: copied in one piece
        conditions = 0
        while stack:
            frame = stack[-1]
            top = len(stack) == 1
            start = frame.pos
            try:
                stop = self._step(stack, frame, top)
            except _Abandon as e:
                del stack[1:]
                del self.conditions[conditions:]
                file, line = source.location(self.call)
                self.warnings.append(ReaderWarning(f"{e}; left out", file or None, line))
                pending = []
                continue
            if top:
                if start != run[1]:
                    out.copy_mapped(text[run[0] : run[1]], run[0], source)
                    run[0] = start
                run[1] = stop
                conditions = len(self.conditions)
            elif stop > start:
                pending.append(frame.text[start:stop])
                self._account(stop - start)
            if frame.pos >= len(frame.text) and stack[-1] is frame:
                stack.pop()
                if len(stack) == 1:
                    out.copy_mapped(text[run[0] : run[1]], run[0], source)
                    run[0] = run[1]
                    file, src = source.origin(self.call)
                    out.insert("".join(pending), file, src)
                    pending = []
        out.copy_mapped(text[run[0] : run[1]], run[0], source)
        return out.text(), out.map

    def _account(self, chars: int) -> None:
        self.expanded_chars += chars
        if self.expanded_chars > MAX_EXPANDED_CHARS:
            self._over_budget(f"{MAX_EXPANDED_CHARS:,} characters")

    def _over_budget(self, what: str) -> None:
        file, line = self.source.location(self.call)
        raise ParseError(
            f"macro expansion exceeds the paper's budget of {what} "
            "(definitions that multiply without end?)",
            file=file or None,
            line=line,
        )

    def _step(self, stack: list[_Frame], frame: _Frame, top: bool) -> int:
        """Handle the next control sequence of `frame`; return where the text to copy as is
        ends (it starts at `frame.pos` on entry)."""
        text = frame.text
        m = None if frame.final else self.cs.search(text, frame.pos)
        if m is None:
            frame.pos = len(text)
            return len(text)
        name = m.group(1)
        handler = self._handler(name)
        if handler is None:
            if name.isalpha():
                self.passed_through.add(name)
            frame.pos = m.end()
            return m.end()
        start = frame.pos = m.start()
        if top:
            self.call = start
        return frame.pos if handler(stack, frame, name) else start

    def _handler(self, name: str) -> _Handler | None:
        if name in self.macros:
            return self._call
        if name in self.fixed:
            return self.fixed[name]
        if name.startswith("if") and (name in _IF_PRIMITIVES or name[2:] in self.switches):
            return self._if
        if name in ("else", "or", "fi"):
            return self._else_fi if self.conditions else None
        if name.removesuffix("true").removesuffix("false") in self.switches:
            return self._set_switch
        return None

    # -- calls --

    def _call(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        macro = self.macros[name]
        tok, i = token(frame.text, frame.pos, self.cs)
        # TeX eats the space after `\method`; the printed text keeps it (\xspace's job).
        space = "" if macro.nargs else frame.text[frame.pos + len(tok) : i]
        self._invoke(stack, frame, macro, i, space)
        return False

    def _invoke(
        self, stack: list[_Frame], frame: _Frame, macro: Macro, i: int, space: str = ""
    ) -> None:
        values: list[str] = []
        if macro.params:
            found = params.read(frame.text, i, macro.params)
            if found is None:  # TeX stops here; we leave the call's name out and read on
                frame.pos = i
                file, line = self.source.location(self.call)
                message = f"\\{macro.name} without the delimiters its definition asks for"
                self.warnings.append(ReaderWarning(f"{message}; left out", file or None, line))
                return
            values, i = found
        for k in range(0 if macro.params else macro.nargs):
            if k == 0 and macro.default is not None:
                value, i = optional(frame.text, i)
                values.append(macro.default if value is None else value)
            else:
                value, i = argument(frame.text, i)
                values.append(value)
        frame.pos = i
        body = substitute(macro.body, values) + space
        self._push(stack, frame, macro.name, body, final=macro.final)

    def _push(
        self, stack: list[_Frame], frame: _Frame, name: str, body: str, *, final: bool = False
    ) -> None:
        if frame.names.count(name) >= MAX_SELF_NESTING:
            raise _Abandon(f"\\{name} refers to itself and cannot be expanded")
        self.expansions += 1
        if self.expansions > MAX_EXPANSIONS:
            self._over_budget(f"{MAX_EXPANSIONS:,} expansions")
        if len(body) > MAX_EXPANDED_CHARS:  # arguments that double at every call
            self._over_budget(f"{MAX_EXPANDED_CHARS:,} characters")
        if frame.pos >= len(frame.text) and len(stack) > 1:
            stack.pop()  # a call at the very end of an expansion replaces it, as in TeX
        stack.append(_Frame(body, 0, (*frame.names, name), final))

    def _environment(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        _, i = token(frame.text, frame.pos)
        env, j = argument(frame.text, i)
        env = env.strip()
        if name == "begin" and env in _VERBATIM_ENVS:
            end = frame.text.find(f"\\end{{{env}}}", j)
            frame.pos = len(frame.text) if end < 0 else end
            return True
        frame.pos = j
        if env not in self.envs:
            return True
        begin, finish = self.envs[env]
        if name == "end":
            self._push(stack, frame, finish.name, finish.body)
        else:
            self._invoke(stack, frame, begin, j)
        return False

    def _verb(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        i = frame.pos + len("\\verb")
        if frame.text.startswith("*", i):
            i += 1
        delim = frame.text[i : i + 1]
        end = frame.text.find(delim, i + 1) if delim else -1
        frame.pos = len(frame.text) if end < 0 else end + 1
        return True

    def _catcode(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        self.at_letter = name == "makeatletter"
        _, frame.pos = token(frame.text, frame.pos)
        return True

    # -- definitions --

    def _define(self, macro: Macro, *, provide: bool = False) -> None:
        if not _expandable(macro.name) or (provide and macro.name in self.macros):
            return
        if any(
            old == macro.name and f"\\{alias}" in macro.body for alias, old in self.aliases.items()
        ):
            # `\\let\\orig\\left \\renewcommand\\left{…\\orig}`: a wrapper that only adjusts
            # spacing; the paper prints a \\left, so \\left it stays.
            return
        self.macros[macro.name] = macro

    def _target(self, text: str, i: int, *, braced: bool = False) -> tuple[str, int]:
        """The name a definition defines: `\\foo`, `{\\foo}` (`braced`), or the name
        `\\csname foo\\endcsname` makes (`\\expandafter\\def\\csname foo\\endcsname{…}`)."""
        j = skip_space(text, i)
        m = _CSNAME.match(text, j)
        if m is not None:
            return "\\" + m.group(1).strip(), skip_space(text, m.end())
        return argument(text, i) if braced else token(text, j, self.cs)

    def _expandafter(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """`\\expandafter\\def\\csname foo\\endcsname`: the definition reads the name itself
        (see `_target`); any other \\expandafter is copied as it stands."""
        _, frame.pos = token(frame.text, frame.pos, self.cs)
        definer, i = token(frame.text, frame.pos, self.cs)
        return not (cs_name(definer) in _DEFINERS and _CSNAME.match(frame.text, i))

    def _csname(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """`\\csname foo\\endcsname` is `\\foo`: the author's macro called, or the command
        left for the reader (`\\relax` prints nothing)."""
        m = _CSNAME.match(frame.text, frame.pos)
        target = m.group(1).strip() if m else ""
        if m is None or not target.isalpha():
            _, frame.pos = token(frame.text, frame.pos, self.cs)
            return True
        if target in self.macros:
            self._invoke(stack, frame, self.macros[target], m.end())
        else:
            frame.pos = m.end()
            self._push(stack, frame, f"csname {target}", f"\\{target} ")
        return False

    def _romannumeral(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """`\\romannumeral 14` prints "xiv" (an author's `\\RNum{2}` builds on it); a number
        TeX would first compute (`\\romannumeral\\value{x}`) is left as written."""
        m = _ROMAN_NUMBER.match(frame.text, frame.pos)
        if m is None:
            _, frame.pos = token(frame.text, frame.pos, self.cs)
            return True
        frame.pos = m.end()
        self._push(stack, frame, m.group(0), roman(int(m.group(1))))
        return False

    def _case(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """`\\uppercase{text}` prints its letters in upper case (control sequences keep their
        names); `\\uppercase\\expandafter{\\romannumeral 2\\relax}` first makes the numeral
        "ii", then cases it: "II"."""
        text = frame.text
        m = _CASE_PREFIX.match(text, frame.pos + 1 + len(name))
        if m is None:
            _, frame.pos = token(text, frame.pos, self.cs)
            return True
        body, frame.pos = argument(text, m.end())
        numeral = _ROMAN_NUMBER.match(body) if "expandafter" in m.group(0) else None
        if numeral is not None:
            body = roman(int(numeral.group(1))) + body[numeral.end() :]
        change = str.upper if name == "uppercase" else str.lower
        cased = _CASED.sub(lambda t: t.group(1) or change(t.group(2)), body)
        self._push(stack, frame, f"{name}{{{body}}}", cased)
        return False

    def _newcommand(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        text = frame.text
        i = frame.pos + 1 + len(name)
        if text.startswith("*", skip_space(text, i)):
            i = skip_space(text, i) + 1
        target, i = self._target(text, i, braced=True)
        nargs, i = optional(text, i)
        default, i = optional(text, i)
        body, i = argument(text, i)
        frame.pos = i
        macro_name = cs_name(target.strip())
        if macro_name and _COUNTER_FORMAT.fullmatch(macro_name):
            return True  # kept: the reader numbers with it
        if macro_name:
            n = int(nargs.strip()) if nargs and nargs.strip().isdigit() else 0
            self._define(
                Macro(macro_name, n, default, _plain_body(body)),
                provide=name == "providecommand",
            )
        return False

    def _def(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        text = frame.text
        target, i = self._target(text, frame.pos + 1 + len(name))
        brace = text.find("{", i, i + MAX_PARAMETERS)
        if brace < 0:
            frame.pos = i
            return False
        parameters = text[i:brace]
        body, frame.pos = argument(text, brace)
        macro_name = cs_name(target)
        if macro_name and _COUNTER_FORMAT.fullmatch(macro_name):
            return True
        if macro_name:
            found = params.def_params(parameters)
            self._define(
                Macro(
                    macro_name,
                    len([kind for kind, _ in found if kind != "p"]),
                    None,
                    _plain_body(body),
                    params=() if params.is_plain(found) else found,
                )
            )
        return False

    def _let(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        text = frame.text
        target, i = self._target(text, frame.pos + len("\\let"))
        i = skip_space(text, i)
        if text.startswith("=", i):
            i = skip_space(text, i + 1)
        source, frame.pos = token(text, i, self.cs)
        new, old = cs_name(target), cs_name(source)
        if not new or not _expandable(new):
            return False
        if old in self.macros:
            self.macros[new] = Macro(new, *_args_of(self.macros[old]))
        else:
            self.macros.pop(new, None)
            if old and old not in ("relax", "undefined", "@undefined"):
                self.aliases[new] = old
                self.macros[new] = Macro(new, 0, None, "\\" + old + " ", final=True)
        return False

    def _declare_math_operator(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        text = frame.text
        i = frame.pos + 1 + len(name)
        # The starred form sets limits under the name (`\\operatorname*{arg\\,min}_x`)
        star = "*" if text.startswith("*", i) else ""
        i += len(star)
        target, i = argument(text, i)
        body, frame.pos = argument(text, i)
        macro_name = cs_name(target.strip())
        if macro_name:
            self._define(Macro(macro_name, 0, None, f"\\operatorname{star}{{{body}}}"))
        return False

    def _newenvironment(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        text = frame.text
        i = frame.pos + 1 + len(name)
        if text.startswith("*", i):
            i += 1
        env, i = argument(text, i)
        nargs, i = optional(text, i)
        default, i = optional(text, i)
        begin, i = argument(text, i)
        finish, frame.pos = argument(text, i)
        env = env.strip()
        if env and env not in _STRUCTURAL_ENVS:
            n = int(nargs.strip()) if nargs and nargs.strip().isdigit() else 0
            self.envs[env] = (
                Macro(f"begin{{{env}}}", n, default, begin),
                Macro(f"end{{{env}}}", 0, None, finish),
            )
        return False

    def _newif(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        text = frame.text
        target, frame.pos = token(text, skip_space(text, frame.pos + len("\\newif")))
        switch = cs_name(target)
        if switch and switch.startswith("if"):
            self.switches[switch[2:]] = False
        return False

    def _set_switch(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        _, frame.pos = token(frame.text, frame.pos)
        value = name.endswith("true")
        self.switches[name.removesuffix("true" if value else "false")] = value
        return False

    # -- conditionals --

    def _if(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        _, frame.pos = token(frame.text, frame.pos, self.cs)
        if self._condition(frame, name):
            self.conditions.append(name)
        else:
            self._skip_branch(frame, name, to_else=True)
        return False

    def _condition(self, frame: _Frame, name: str) -> bool:
        text = frame.text
        if name[2:] in self.switches:
            return self.switches[name[2:]]
        if name in ("iftrue", "iffalse"):
            return name == "iftrue"
        if name == "ifdefined":
            tok, frame.pos = token(text, skip_space(text, frame.pos), self.cs)
            return (cs_name(tok) or "") in self.macros
        if name == "ifcsname":
            end = text.find("\\endcsname", frame.pos)
            if end < 0:
                return False
            target = text[frame.pos : end].strip()
            frame.pos = skip_space(text, end + len("\\endcsname"))
            return target in self.macros
        if name == "ifx":
            a, i = token(text, skip_space(text, frame.pos), self.cs)
            b, frame.pos = token(text, skip_space(text, i), self.cs)
            return self._same(a, b)
        if name == "if":
            (a, b), _ = self._operands(frame, lambda found: len(found) == 2)
            return a == b or (a.startswith("\\") and b.startswith("\\"))
        if name == "ifnum":
            before = frame.pos
            found, last = self._operands(frame, lambda found: bool(_IFNUM.match("".join(found))))
            m = _IFNUM.match("".join(found))
            if m is None:
                frame.pos = before  # not two numbers we know: read the first branch
                return True
            if not m.group(4).isspace() and last is not None:
                frame.pos = last  # the token that ended the second number is no part of it
            a, op, b = int(m.group(1)), m.group(2), int(m.group(3))
            return a < b if op == "<" else a > b if op == ">" else a == b
        return True  # \ifmmode, \ifdim…: not decidable from the source; read the first branch

    def _same(self, a: str, b: str) -> bool:
        if a == b:
            return True
        na, nb = cs_name(a), cs_name(b)
        ma, mb = self.macros.get(na or ""), self.macros.get(nb or "")
        if ma is not None and mb is not None:
            return _args_of(ma) == _args_of(mb)
        # Undefined control sequences are \ifx-equal to each other (\ifx\foo\undefined).
        undefined = {"undefined", "@undefined"}
        return ma is None and mb is None and bool(na and nb) and bool({na, nb} & undefined)

    def _operands(
        self, frame: _Frame, done: Callable[[list[str]], bool]
    ) -> tuple[list[str], int | None]:
        """Tokens after the conditional, the author's argument-free macros expanded, until
        `done` says they are complete (a bounded number: operands come from short macros);
        and where the last one started in the frame (None if a macro's body gave it)."""
        found: list[str] = []
        queue = ""
        last: int | None = None
        for _ in range(32):
            if done(found):
                break
            if queue:
                tok, i = token(queue, 0, self.cs)
                queue, last = queue[i:], None
            elif frame.pos < len(frame.text):
                last = frame.pos
                tok, frame.pos = token(frame.text, frame.pos, self.cs)
            else:
                break
            macro = self.macros.get(cs_name(tok) or "")
            if macro is not None and not macro.nargs:
                queue = macro.body + queue
                continue
            found.append(tok)
        return found + [""] * max(0, 2 - len(found)), last

    def _skip_branch(self, frame: _Frame, name: str, *, to_else: bool) -> None:
        """Skip the branch not taken: to the matching `\\else` (and read on) or `\\fi`."""
        if self.unmatched >= MAX_UNMATCHED:
            if to_else:
                self.conditions.append(name)  # read as if true; its \\else and \\fi still match
            return
        depth = 0
        for m in self.cs.finditer(frame.text, frame.pos):
            word = m.group(1)
            if word.startswith("if") and (word in _IF_PRIMITIVES or word[2:] in self.switches):
                depth += 1
            elif word == "fi":
                if depth == 0:
                    frame.pos = m.end()
                    return
                depth -= 1
            elif word in ("else", "or") and depth == 0 and to_else:
                frame.pos = m.end()
                self.conditions.append(name)
                return
        # No matching \fi in this input: read on rather than drop the rest of the paper.
        self.unmatched += 1
        file, line = self.source.location(self.call)
        self.warnings.append(
            ReaderWarning(f"\\{name} without a matching \\fi: read on", file or None, line)
        )

    def _else_fi(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        _, frame.pos = token(frame.text, frame.pos)
        if name == "fi":
            self.conditions.pop()
        elif name == "else" or self.conditions[-1] == "ifcase":
            self._skip_branch(frame, self.conditions.pop(), to_else=False)
        return False

    def _if_macro(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """`\\IfFileExists{file}{then}{else}` and `\\@ifundefined{name}{then}{else}`."""
        _, i = token(frame.text, frame.pos, CS_AT)
        target, i = argument(frame.text, i)
        then, i = argument(frame.text, i)
        other, frame.pos = argument(frame.text, i)
        target = target.strip()
        value = self.file_exists(target) if name == "IfFileExists" else target not in self.macros
        self._push(stack, frame, f"{name}{{{target}}}", then if value else other)
        return False

    def _document_command(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """xparse: `\\NewDocumentCommand{\\name}{s o O{1} m}{body}` and the environments'
        `\\NewDocumentEnvironment{name}{spec}{begin}{end}`."""
        text = frame.text
        _, i = token(text, frame.pos, self.cs)
        target, i = argument(text, i)
        spec, i = argument(text, i)
        body, i = argument(text, i)
        found = params.xparse_spec(spec)
        if name.endswith("Environment"):
            finish, frame.pos = argument(text, i)
            env = target.strip()
            if found is not None and env and env not in _STRUCTURAL_ENVS:
                begin = Macro(f"begin{{{env}}}", len(found), None, body, params=found)
                self.envs[env] = (begin, Macro(f"end{{{env}}}", 0, None, finish))
            return False
        frame.pos = i
        macro_name = cs_name(target.strip())
        if macro_name and found is not None:
            self._define(
                Macro(macro_name, len(found), None, _plain_body(body), params=found),
                provide=name.startswith("Provide"),
            )
        return False

    def _if_value(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """xparse's tests of an argument: `\\IfValueTF{#1}{then}{else}`, `\\IfBooleanT{#1}{…}`."""
        text = frame.text
        _, i = token(text, frame.pos, self.cs)
        value, i = argument(text, i)
        branches = name.removeprefix("IfNoValue").removeprefix("IfValue").removeprefix("IfBoolean")
        then, i = argument(text, i) if "T" in branches else ("", i)
        other, frame.pos = argument(text, i) if "F" in branches else ("", i)
        value = value.strip()
        if name.startswith("IfBoolean"):
            holds = value == params.TRUE
        else:
            holds = (value != params.NO_VALUE) == name.startswith("IfValue")
        # Tests nest (`\\IfValueTF{#1}{\\IfValueT{#2}{…}}`): each push is named apart.
        self._push(stack, frame, f"{name}#{self.expansions}", then if holds else other)
        return False

    # -- glossaries --

    def _glossary(self, stack: list[_Frame], frame: _Frame, name: str) -> bool:
        """`\\newacronym[opts]{ml}{ML}{machine learning}`, `\\newglossaryentry{x}{name=…}`,
        `\\gls[opts]{ml}[insert]` and kin, `\\glsreset{ml}`: see `glossaries`."""
        text = frame.text
        _, i = token(text, frame.pos, self.cs)
        after_name = i
        if text.startswith(("*", "+"), i):
            i += 1
        options, i = optional(text, i)
        if name in ("glsresetall", "glsunsetall"):
            frame.pos = i
            self.glossary.state(name)
            return False
        label, i = argument(text, i)
        label = label.strip()
        if name == "newacronym":
            short, i = argument(text, i)
            long, frame.pos = argument(text, i)
            self.glossary.acronym(label, short.strip(), long.strip(), options or "")
            return False
        if name == "newglossaryentry":
            keys, frame.pos = argument(text, i)
            self.glossary.entry(label, keys)
            return False
        if name in glossaries.STATE:
            frame.pos = i
            self.glossary.state(name, label)
            return False
        insert, i = optional(text, i)
        printed = self.glossary.prints(name, label, insert or "")
        if printed is None:
            frame.pos = after_name  # an entry we never saw defined: left as written
            return True
        frame.pos = i
        self._push(stack, frame, f"{name}{{{label}}}", printed)
        return False


def _args_of(macro: Macro) -> tuple[int, str | None, str, bool, tuple[params.Param, ...]]:
    return macro.nargs, macro.default, macro.body, macro.final, macro.params


def _plain_body(body: str) -> str:
    # \xspace inserts the space a word-like macro eats; we keep that space ourselves (see
    # `_call`), so the body must not add a second one or swallow the next word's.
    return re.sub(r"\\xspace\b\s*", "", body)


def expand(text: str, source: SourceMap, file_exists: Callable[[str], bool]) -> Expanded:
    """Expand the author's macros and decide conditionals in `text`, in document order.

    A macro used before its definition (`\\icmltitle{\\ourtitle}` above `\\newcommand\\ourtitle`
    works in LaTeX, which expands titles late) gets a second pass with the final definitions."""
    expander = Expander(source, file_exists)
    out, smap = expander.expand_document(text, source)
    late = expander.passed_through & expander.macros.keys()
    if late:
        expander.source = smap
        out, smap = expander.expand_document(out, smap)
    return Expanded(out, smap, expander.warnings, expander.macros)


def plain_macros(macros: dict[str, Macro]) -> dict[str, list]:
    """The author's macros that take plain arguments, as [nargs, default, body]: what a quote
    copied from the source needs to read as the text does (`Paper.macros`)."""
    return {n: [m.nargs, m.default, m.body] for n, m in macros.items() if not m.params}


def expand_quote(quote: str, macros: dict[str, list]) -> str:
    """`quote` with the author's macros (`plain_macros`) expanded as in the paper's text, so
    `\\pair{0.88}{0.13}` copied from the source reads as the table cell it printed."""
    expander = Expander(SourceMap([Segment(0, "", 0, True)]), lambda _name: False)
    expander.macros = {
        n: Macro(n, nargs, default, body) for n, (nargs, default, body) in macros.items()
    }
    try:
        text, _ = expander.expand_document(quote, expander.source)
    except ParseError:  # over the budget, or unbalanced: the quote as written
        return quote
    return text

"""Our reader of LaTeX into pylatexenc's node tree, in one pass over the source.

pylatexenc's `LatexWalker` reads one token at a time through several layers of calls (a
closure and a class defined per node list, a token object per character, keyword-argument
node constructors): three quarters of a paper's reading time. `TreeBuilder` builds the same
tree, node for node (types, positions, lengths, text, arguments, parsing states, legacy fields:
tests/test_latex_tokenizer.py compares it with pylatexenc's on every paper), reading runs of
plain text with one regular expression and making nodes directly. pylatexenc keeps what it
does cheaply: the context's macro and environment specs, parsing states, and the argument
parsers that are not plain argspecs (`\\verb`, `verbatim`), which call back into these methods.

Tolerant parsing throughout, as pylatexenc's with `tolerant_parsing=True`: a stray closing
brace, `\\end` or math delimiter is dropped, a group or environment left open ends with the
text, and a macro whose arguments run past the end keeps none.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pylatexenc import macrospec
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerEndOfStream,
    LatexWalkerParseError,
    ParsingState,
)

Nodes = tuple[list[LatexNode], int, int]  # pylatexenc's (nodes, pos, len)

_SPACE = re.compile(r"\s*")
# A control word's name (`isalpha` settles the rest) and the spaces after it.
_WORD = re.compile(r"([^\W\d_]+)(\s*)")
_ENV_NAME = re.compile(r"\s*\{([\w* ._-]+)\}")  # pylatexenc's, after `\begin`/`\end`
_COMMENT_END = re.compile(r"(\n|\r|\n\r)(?P<extraspace>\s*)")  # pylatexenc's
_MATH_CONTROLS = frozenset("()[]")  # `\(`, `\)`, `\[`, `\]`
_MATH_CLOSE = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}
_BRACES = {"{": "}", "[": "]", "(": ")", "<": ">"}


class TreeBuilder(LatexWalker):
    """A `LatexWalker` (tolerant parsing) whose node-reading methods are our own."""

    def __init__(self, s: str, latex_context: Any) -> None:
        super().__init__(s, latex_context=latex_context, tolerant_parsing=True)
        self._db = latex_context
        self._macros: dict[str, Any] = {}
        self._environments: dict[str, Any] = {}
        self._runs: dict[tuple[str, str] | None, tuple[re.Pattern[str], frozenset[str]]] = {}
        self._special_starts = frozenset(sp[0] for sp in _special_strings(latex_context))

    # pylatexenc's entry points, same signatures and results.

    def get_latex_nodes(
        self,
        pos: int = 0,
        stop_upon_closing_brace: Any = None,
        stop_upon_end_environment: str | None = None,
        stop_upon_closing_mathmode: str | None = None,
        read_max_nodes: int | None = None,
        parsing_state: ParsingState | None = None,
    ) -> Nodes:
        if read_max_nodes:  # nothing of ours asks for part of a list: pylatexenc's reading
            return super().get_latex_nodes(
                pos,
                stop_upon_closing_brace,
                stop_upon_end_environment,
                stop_upon_closing_mathmode,
                read_max_nodes,
                parsing_state,
            )
        if parsing_state is None:
            parsing_state = self.make_parsing_state()
        pair = None
        if stop_upon_closing_brace:
            close = stop_upon_closing_brace
            if len(close) == 2:
                pair = (close[0], close[1])
            else:
                pair = (next(o for o, c in _BRACES.items() if c == close), close)
        return self._nodes(
            pos, pair, stop_upon_end_environment, stop_upon_closing_mathmode, parsing_state
        )

    def get_latex_braced_group(
        self, pos: int, brace_type: Any = "{", parsing_state: ParsingState | None = None
    ) -> tuple[LatexGroupNode, int, int]:
        if parsing_state is None:
            parsing_state = self.make_parsing_state()
        if len(brace_type) == 2:
            opening, closing = brace_type
        elif brace_type in _BRACES:
            opening, closing = brace_type, _BRACES[brace_type]
        else:
            raise ValueError(f"Invalid brace type for get_latex_braced_group(): {brace_type}")
        start = self._token_start(pos)
        if start >= len(self.s):
            raise LatexWalkerEndOfStream()
        if start < 0 or not self.s.startswith(opening, start):
            raise self._error(pos, "get_latex_braced_group: not an opening brace/bracket")
        return self._group(start, opening, closing, parsing_state)

    def get_latex_environment(
        self,
        pos: int,
        environmentname: str | None = None,
        parsing_state: ParsingState | None = None,
    ) -> tuple[LatexEnvironmentNode, int, int]:
        if parsing_state is None:
            parsing_state = self.make_parsing_state()
        start = self._token_start(pos)
        if start >= len(self.s):
            raise LatexWalkerEndOfStream()
        m = _ENV_NAME.match(self.s, start + 6) if self.s.startswith("\\begin", start) else None
        name = m.group(1) if m is not None else None
        if name is None or (environmentname is not None and name != environmentname):
            raise self._error(pos, "get_latex_environment: expected \\begin{...}")
        node, _, size = self._environment(start, m.end(), name, parsing_state)  # type: ignore[union-attr]
        # pylatexenc's node starts where it was asked to read, spaces before `\begin` included.
        node.pos, node.len = pos, size + start - pos
        return node, pos, node.len

    def get_latex_expression(
        self, pos: int, strict_braces: Any = None, parsing_state: ParsingState | None = None
    ) -> tuple[LatexNode, int, int]:
        """One TeX argument: a group, a control sequence (without its arguments), a special or
        one character. Raises `LatexWalkerEndOfStream` at the end of the text."""
        if parsing_state is None:
            parsing_state = self.make_parsing_state()
        s = self.s
        start = _SPACE.match(s, pos).end()  # type: ignore[union-attr]
        para = s.find("\n\n", pos, start)
        if para >= 0:
            return _chars(parsing_state, "\n\n", para, 2), para, 2
        if start >= len(s):
            raise LatexWalkerEndOfStream(final_space=s[pos:start])
        c = s[start]
        if c == "\\":
            if start + 1 >= len(s):
                raise LatexWalkerEndOfStream()
            name, end, post = self._control(start, environments=False)
            if name in ("(", ")", "[", "]"):
                node: LatexNode = LatexMacroNode(
                    macroname="\\" + name,
                    nodeoptarg=None,
                    nodeargs=None,
                    macro_post_space="",
                    parsing_state=parsing_state,
                    pos=start,
                    len=2,
                )
                return node, start, 2
            if name == "end":
                return _chars(parsing_state, "", start, 0), start, 0
            node = _macro(parsing_state, name, None, None, None, post, start, end - start)
            return node, start, end - start
        if c == "%":
            return self.get_latex_expression(self._comment(start)[1], parsing_state=parsing_state)
        if c == "{":
            return self._group(start, "{", "}", parsing_state)
        if c == "}":
            return _chars(parsing_state, "", start, 0), start, 0
        if c == "$":
            dollars = "$$" if self._display_dollars(start, parsing_state) else "$"
            return _chars(parsing_state, dollars, start, len(dollars)), start, len(dollars)
        special = self._special(start)
        if special is not None:
            size = len(special.specials_chars)
            return _specials(parsing_state, special.specials_chars, None, start, size), start, size
        return _chars(parsing_state, c, start, 1), start, 1

    def get_latex_maybe_optional_arg(
        self, pos: int, parsing_state: ParsingState | None = None
    ) -> tuple[LatexGroupNode, int, int] | None:
        if parsing_state is None:
            parsing_state = self.make_parsing_state()
        start = self._token_start(pos)
        if start < 0 or not self.s.startswith("[", start):
            return None
        return self._group(start, "[", "]", parsing_state)

    # The reading itself.

    def _nodes(
        self,
        pos: int,
        pair: tuple[str, str] | None,
        stop_env: str | None,
        stop_math: str | None,
        state: ParsingState,
    ) -> Nodes:
        """pylatexenc's `get_latex_nodes` loop: text up to the closing `pair[1]`, `\\end{stop_env}`
        or `stop_math` (or the end), as nodes. Consecutive character tokens and the spaces
        between them are one chars node, as pylatexenc gathers them."""
        s = self.s
        n = len(s)
        brackets = pair if pair is not None and pair[1] != "}" else None
        closing = pair[1] if pair is not None else None
        run, tokens = self._run(brackets)
        starts = self._special_starts
        opening = brackets[0] if brackets is not None else None
        nodes: list[LatexNode] = []
        chars = -1  # where the pending characters start, -1 for none
        p = pos
        while True:
            q = p
            if p < n and s[p].isspace():
                q = _SPACE.match(s, p).end()  # type: ignore[union-attr]
                para = s.find("\n\n", p, q)
                if para >= 0:  # a paragraph break is a character token
                    if chars < 0:
                        chars = p
                    p = para + 2
                    continue
            if q >= n or (s[q] == "\\" and q + 1 >= n):  # the end of the text
                if q >= n:  # its trailing spaces are text, even in a group left open
                    if chars < 0 and q > p:
                        chars = p
                    p = n
                break
            c = s[q]
            if c not in tokens:  # a character token, and the plain text after it
                if chars < 0:
                    chars = p
                p = run.match(s, q).end()  # type: ignore[union-attr]
                continue
            # Two tokens that may turn out to be characters: a `\begin` or `\end` without a
            # name (pylatexenc's placeholder), a special's first character without the rest.
            env = special = None
            if c == "\\":
                name, end, post = self._control(q, environments=True)
                if name == "begin" or name == "end":
                    env = _ENV_NAME.match(s, end)
                    if env is None:
                        if chars < 0:
                            chars = p
                        p = end
                        continue
            elif c in starts:
                special = self._special(q)
                if special is None:
                    if chars < 0:
                        chars = p
                    p = run.match(s, q).end()  # type: ignore[union-attr]
                    continue
            # Any other token ends the pending characters (its spaces with them) or, if none,
            # its spaces are a node of their own.
            if chars >= 0:
                nodes.append(_chars(state, s[chars:q], chars, q - chars))
                chars = -1
            elif q > p:
                nodes.append(_chars(state, s[p:q], p, q - p))
            node: Any = None
            if c == "\\":
                if env is not None:
                    if name == "begin":
                        node = self._environment(q, env.end(), env.group(1), state)[0]
                    else:
                        p = env.end()
                        if env.group(1) == stop_env:
                            break
                        continue  # an `\end` that closes nothing here: dropped
                elif name in _MATH_CONTROLS:
                    p = end
                    node = self._math(q, "\\" + name, stop_math, state)
                    if node is True:
                        break
                else:
                    node, state = self._macro_with_args(q, name, end, post, state)
            elif special is not None:
                node = self._specials_with_args(q, special, state)
            elif c == "{" or c == opening:
                node = self._group(q, c, "}" if c == "{" else closing, state)[0]  # type: ignore[arg-type]
            elif c == "}" or c == closing:
                p = q + 1
                if c == closing:
                    break
                continue  # a closing brace that closes nothing here: dropped
            elif c == "$":
                delimiter = "$$" if self._display_dollars(q, state) else "$"
                p = q + len(delimiter)
                node = self._math(q, delimiter, stop_math, state)
                if node is True:
                    break
            else:  # `%`
                length, p = self._comment(q)
                node = _comment_node(state, s, q, length, p)
            if node is not None:
                nodes.append(node)
                p = q + node.len
        if chars >= 0 and p > chars:
            nodes.append(_chars(state, s[chars:p], chars, p - chars))
        return nodes, pos, p - pos

    def _group(
        self, start: int, opening: str, closing: str, state: ParsingState
    ) -> tuple[LatexGroupNode, int, int]:
        nodes, npos, nlen = self._nodes(start + 1, (opening, closing), None, None, state)
        size = npos + nlen - start
        node = _new(LatexGroupNode, _GROUP_FIELDS, state, start, size)
        node.__dict__.update(nodelist=nodes, delimiters=(opening, closing))
        return node, start, size

    def _math(
        self, start: int, delimiter: str, stop_math: str | None, state: ParsingState
    ) -> LatexMathNode | bool | None:
        """The math opened by `delimiter` at `start`; True if it closes the math being read
        (`stop_math`), None for a closing delimiter that closes nothing (dropped)."""
        if delimiter == stop_math:
            return True
        if delimiter in ("\\)", "\\]"):
            return None
        closing = _MATH_CLOSE[delimiter]
        inner = _substate(state, True, delimiter)
        body = start + len(delimiter)
        nodes, mpos, mlen = self._nodes(body, None, None, closing, inner)
        node = _new(LatexMathNode, _MATH_FIELDS, state, start, mpos + mlen - start)
        node.__dict__.update(
            displaytype="inline" if delimiter in ("\\(", "$") else "display",
            nodelist=nodes,
            delimiters=(delimiter, closing),
        )
        return node

    def _environment(
        self, start: int, after: int, name: str, state: ParsingState
    ) -> tuple[LatexEnvironmentNode, int, int]:
        spec = self._environments.get(name)
        if spec is None:
            spec = self._db.get_environment_spec(name) or macrospec.EnvironmentSpec("")
            self._environments[name] = spec
        argd, apos, alen, extra = self._args(spec, after, state)
        inner = extra.get("inner_parsing_state", state)
        if spec.is_math_mode:
            inner = _substate(state, True, "{" + name + "}")
        nodes, npos, nlen = self._nodes(apos + alen, None, name, None, inner)
        optional, rest = _legacy(argd)
        size = npos + nlen - start
        node = _new(LatexEnvironmentNode, _ENV_FIELDS, state, start, size)
        node.__dict__.update(
            environmentname=name,
            nodelist=nodes,
            nodeargd=argd,
            envname=name,
            optargs=[optional],
            args=rest,
        )
        return node, start, size

    def _macro_with_args(
        self, start: int, name: str, end: int, post: str, state: ParsingState
    ) -> tuple[LatexMacroNode, ParsingState]:
        """The macro at `start` with its arguments, and the parsing state after it (which an
        argument parser may change)."""
        spec = self._macros.get(name)
        if spec is None:
            spec = self._db.get_macro_spec(name) or _NO_ARGS
            self._macros[name] = spec
        argd, apos, alen, extra = self._args(spec, end, state)
        optional, rest = _legacy(argd)
        node = _macro(state, name, argd, optional, rest, post, start, apos + alen - start)
        return node, extra.get("new_parsing_state", state)

    def _specials_with_args(self, start: int, spec: Any, state: ParsingState) -> LatexNode:
        end = start + len(spec.specials_chars)
        argd = None
        if spec.args_parser is not None:
            argd, apos, alen, _ = self._args(spec, end, state)
            end = apos + alen
        return _specials(state, spec.specials_chars, argd, start, end - start)

    def _args(self, spec: Any, pos: int, state: ParsingState) -> tuple[Any, int, int, dict]:
        """A macro's, environment's or special's arguments after `pos`: (parsed, pos, len,
        extras). Arguments running past the end are none, read up to `pos` (pylatexenc's
        tolerant reading)."""
        parser = spec.args_parser
        try:
            if type(parser) is macrospec.MacroStandardArgsParser:
                return self._standard_args(parser, pos, state)
            result = spec.parse_args(w=self, pos=pos, parsing_state=state)
        except (LatexWalkerEndOfStream, LatexWalkerParseError) as e:
            self._report_ignore_parse_error(e)
            return None, pos, 0, {}
        return result if len(result) == 4 else (*result, {})

    def _standard_args(
        self, parser: macrospec.MacroStandardArgsParser, pos: int, state: ParsingState
    ) -> tuple[Any, int, int, dict]:
        """`MacroStandardArgsParser.parse_args`: `*` a star or None, `[` an optional argument
        or None, `{` one expression."""
        if not parser.argspec:  # most control words: `\\alpha`, `\\hline`, unknown macros
            return _parsed_args("", []), pos, 0, {}
        s = self.s
        argnlist: list[LatexNode | None] = []
        p = pos
        modes = parser.args_math_mode
        for j, kind in enumerate(parser.argspec):
            inner = state
            if modes is not None and modes[j] is not None and modes[j] != state.in_math_mode:
                math = bool(modes[j])
                inner = _substate(state, math, state.math_mode_delimiter if math else None)
            c = s[p : p + 1]
            if kind == "{":
                if c == "{":  # most arguments: a group right after the macro
                    node, npos, nlen = self._group(p, "{", "}", inner)
                else:
                    node, npos, nlen = self.get_latex_expression(p, False, inner)
                p = npos + nlen
                argnlist.append(node)
            elif kind == "[":
                found = None
                if c == "[":
                    found = self._group(p, "[", "]", inner)
                elif c.isspace() and not parser.optional_arg_no_space:
                    found = self.get_latex_maybe_optional_arg(p, inner)
                if found is None:
                    argnlist.append(None)
                else:
                    argnlist.append(found[0])
                    p = found[1] + found[2]
            else:  # `*`, read as pylatexenc reads it: a token in a fresh default state
                start = self._token_start(p)
                if start >= len(s) or (start >= 0 and s[start] == "\\" and start + 1 >= len(s)):
                    raise LatexWalkerEndOfStream()
                if start >= 0 and s[start] == "*":
                    argnlist.append(_chars(inner, "*", start, 1))
                    p = start + 1
                else:
                    argnlist.append(None)
        parsed = _parsed_args(parser.argspec, argnlist)
        return parsed, pos, p - pos, {}

    # Tokens.

    def _token_start(self, pos: int) -> int:
        """Where the next token starts after spaces; -1 if it is a paragraph break."""
        start = _SPACE.match(self.s, pos).end()  # type: ignore[union-attr]
        return -1 if self.s.find("\n\n", pos, start) >= 0 else start

    def _control(self, start: int, environments: bool) -> tuple[str, int, str]:
        """The control sequence at `start` (a `\\` with a character after it): its name, where
        it ends (after the spaces that follow a control word, up to a paragraph break) and those
        spaces. With `environments`, `\\begin` and `\\end` keep no spaces: a name follows."""
        s = self.s
        m = _WORD.match(s, start + 1)
        if m is None:
            return s[start + 1], start + 2, ""
        name, post = m.groups()
        if not name.isalpha():  # a digit of another script (`²`) ends the word
            name = name[: next(i for i, ch in enumerate(name) if not ch.isalpha())]
            if not name:
                return s[start + 1], start + 2, ""
            post = _SPACE.match(s, start + 1 + len(name)).group(0)  # type: ignore[union-attr]
        end = start + 1 + len(name)
        if environments and name in ("begin", "end"):
            return name, end, ""
        para = post.find("\n\n")
        if para >= 0:
            post = post[:para]
        return name, end + len(post), post

    def _comment(self, start: int) -> tuple[int, int]:
        """The `%` comment at `start`: its text's length (with the `%`) and where it ends (after
        the line end and the next line's indent, unless a blank line follows)."""
        s = self.s
        m = _COMMENT_END.search(s, start)
        if m is None:
            return len(s) - start, len(s)
        if m.group("extraspace").startswith(("\n", "\r")):
            return m.start() - start, m.start()
        return m.start() - start, m.end()

    def _display_dollars(self, start: int, state: ParsingState) -> bool:
        # Inside `$` math, `$$` is two closing-and-opening `$` (pylatexenc's issue #43).
        return self.s.startswith("$$", start) and not (
            state.in_math_mode and state.math_mode_delimiter == "$"
        )

    def _special(self, start: int) -> Any:
        return self._db.test_for_specials(self.s, start)

    def _run(self, brackets: tuple[str, str] | None) -> tuple[re.Pattern[str], frozenset[str]]:
        """Plain text from a character token on: characters that are tokens of their own
        (neither a control sequence, comment, brace, math, special nor space), and single
        spaces and line ends between them; and the characters that may start another token.
        A paragraph break or spaces before the next token stay outside the text: the loop
        reads them as pylatexenc does."""
        run = self._runs.get(brackets)
        if run is None:
            specials = _special_strings(self._db)
            run = (
                _run_pattern(tuple(sorted(specials)), brackets),
                frozenset("\\%{}$").union(brackets or (), (sp[0] for sp in specials)),
            )
            self._runs[brackets] = run
        return run

    def _error(self, pos: int, message: str) -> LatexWalkerParseError:
        return LatexWalkerParseError(
            s=self.s, pos=pos, msg=message, **self.pos_to_lineno_colno(pos, as_dict=True)
        )


def _special_strings(db: Any) -> set[str]:
    """Every special's characters in the context (`&`, `~`, `--`, ``` `` ```)."""
    return {chars for cat in db.category_list for chars in db.d[cat]["specials"]}


@cache
def _run_pattern(specials: tuple[str, ...], brackets: tuple[str, str] | None) -> re.Pattern[str]:
    """See `TreeBuilder._run`: built from the context's specials and the brackets that are
    braces where it is used."""
    never = set("\\%{}$") | set(brackets or ())
    starts = {sp[0] for sp in specials}
    # A special's first character is plain when what follows it makes no special.
    guarded = []
    for first in sorted(starts - never):
        tails = [sp[1:] for sp in specials if sp[0] == first]
        if "" not in tails:
            guarded.append(f"{re.escape(first)}(?!{'|'.join(re.escape(t) for t in tails)})")
    excluded = "".join(re.escape(ch) for ch in sorted(never | starts))
    plain = "|".join([rf"[^\s{excluded}]", *guarded])
    # The first character is the token already read, whatever it is.
    return re.compile(rf"[\s\S](?:(?:{plain})|[ \t]+(?={plain})|[ \t]*\n[ \t]*(?={plain}))*")


def _new(
    cls: type, fields: tuple[tuple[str, ...], tuple[str, ...]], state: Any, pos: int, size: int
) -> Any:
    """A node with pylatexenc's base fields, made without its keyword-argument constructor:
    the builder makes one for every few characters."""
    node = _NEW(cls)
    node.__dict__ = {
        "parsing_state": state,
        "pos": pos,
        "len": size,
        "_fields": fields[0],
        "_redundant_fields": fields[1],
    }
    return node


def _fields(node: LatexNode) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return node._fields, node._redundant_fields


_CHARS_FIELDS = _fields(LatexCharsNode(chars=""))
_GROUP_FIELDS = _fields(LatexGroupNode(nodelist=[]))
_MATH_FIELDS = _fields(LatexMathNode(displaytype="inline"))
_ENV_FIELDS = _fields(LatexEnvironmentNode(environmentname="", nodelist=[]))
_MACRO_FIELDS = _fields(LatexMacroNode(macroname=""))
_SPECIALS_FIELDS = _fields(LatexSpecialsNode(specials_chars=""))
_COMMENT_FIELDS = _fields(LatexCommentNode(comment=""))
_NO_ARGS = macrospec.MacroSpec("")
_NEW = object.__new__


def _substate(state: ParsingState, math: bool, delimiter: str | None) -> ParsingState:
    """`state.sub_context(in_math_mode=math, math_mode_delimiter=delimiter)` without its
    keyword-argument constructor and checks (a state per math, per `\\text` in math)."""
    inner = ParsingState.__new__(ParsingState)
    inner.__dict__ = {**state.__dict__, "in_math_mode": math, "math_mode_delimiter": delimiter}
    return inner


def _parsed_args(argspec: str, argnlist: list[LatexNode | None]) -> macrospec.ParsedMacroArgs:
    """`ParsedMacroArgs(argspec=argspec, argnlist=argnlist)`, its legacy fields included."""
    parsed = macrospec.ParsedMacroArgs.__new__(macrospec.ParsedMacroArgs)
    skip = _legacy_optional(argspec)
    legacy = (None, argnlist) if skip < 0 else (argnlist[skip], argnlist[skip + 1 :])
    parsed.__dict__ = {
        "argnlist": argnlist,
        "argspec": argspec,
        "legacy_nodeoptarg_nodeargs": legacy,
    }
    return parsed


@cache
def _legacy_optional(argspec: str) -> int:
    """Where pylatexenc 1's `nodeoptarg` is in an argspec (`*[{{` -> 1): an optional argument
    after the stars and before only mandatory ones; -1 for any other shape."""
    rest = argspec.lstrip("*")
    if rest[:1] == "[" and set(rest[1:]) <= {"{"}:
        return len(argspec) - len(rest)
    return -1


def _chars(state: Any, text: str, pos: int, size: int) -> LatexCharsNode:
    # The most frequent node: its fields in one dictionary, in `_new`'s order.
    node = _NEW(LatexCharsNode)
    node.__dict__ = {
        "parsing_state": state,
        "pos": pos,
        "len": size,
        "_fields": _CHARS_FIELDS[0],
        "_redundant_fields": _CHARS_FIELDS[1],
        "chars": text,
    }
    return node


def _macro(
    state: Any,
    name: str,
    argd: Any,
    optional: Any,
    rest: Any,
    post: str,
    pos: int,
    size: int,
) -> LatexMacroNode:
    node = _new(LatexMacroNode, _MACRO_FIELDS, state, pos, size)
    node.__dict__.update(
        macroname=name, nodeargd=argd, macro_post_space=post, nodeoptarg=optional, nodeargs=rest
    )
    return node


def _specials(state: Any, chars: str, argd: Any, pos: int, size: int) -> LatexSpecialsNode:
    node = _new(LatexSpecialsNode, _SPECIALS_FIELDS, state, pos, size)
    node.__dict__.update(specials_chars=chars, nodeargd=argd)
    return node


def _comment_node(state: Any, s: str, pos: int, length: int, end: int) -> LatexCommentNode:
    """The comment at `pos`: `length` characters of it (with the `%`), then spaces up to `end`."""
    node = _new(LatexCommentNode, _COMMENT_FIELDS, state, pos, end - pos)
    node.__dict__.update(
        comment=s[pos + 1 : pos + length], comment_post_space=s[pos + length : end]
    )
    return node


def _legacy(argd: Any) -> tuple[Any, list]:
    """pylatexenc 1's `nodeoptarg`/`nodeargs`, which pylatexenc 2 still sets on each node."""
    if argd is not None and argd.legacy_nodeoptarg_nodeargs:
        return argd.legacy_nodeoptarg_nodeargs
    return None, []

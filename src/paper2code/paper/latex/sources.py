"""Reading a paper's LaTeX files: find the main file, check each file is sound text, inline
`\\input`/`\\include`/`\\subfile`, and drop comments, keeping a map back to file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pylatexenc import latexwalker

from paper2code.acquire.folder import inside, is_file
from paper2code.acquire.settings import ENV_MAX_TEX_BYTES
from paper2code.errors import InputError, ParseError
from paper2code.paper.latex.context import check_nesting, latex_context, parse_nodes, walker
from paper2code.paper.latex.mainfile import BEGIN_DOC, choose_main
from paper2code.paper.latex.nodes import arg, children, inner_text, is_env, is_macro
from paper2code.paper.latex.packages import (
    PACKAGE_COMMANDS,
    is_authors_package,
    package_names,
    peek,
)
from paper2code.paper.latex.sourcemap import Builder, SourceMap
from paper2code.paper.latex.texscan import group_end
from paper2code.paper.model import MainFileChoice, ReaderWarning

MAX_INCLUDE_DEPTH = 16


@dataclass
class Flattened:
    text: str
    map: SourceMap
    root: Path  # the folder paths are relative to
    main: str  # the main file, relative to root
    files: list[str]  # every file read, relative to root
    warnings: list[ReaderWarning] = field(default_factory=list)  # inputs skipped or refused
    choice: MainFileChoice | None = None  # how the main file was chosen (folder input)


class Budget:
    """How much LaTeX one paper may make us read: each file and all of them together. A 50 MB
    `.tex` would take minutes and gigabytes to parse; no paper needs a fraction of that."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.used = 0

    def take(self, size: int, rel: str) -> None:
        self.used += size
        if self.used > self.max_bytes:
            alone = size > self.max_bytes
            total = f"takes the paper's LaTeX to {_size(self.used)}"
            what = f"is {_size(size)}" if alone else total
            raise InputError(
                f"{rel} {what}, over the limit of {_size(self.max_bytes)} of LaTeX per paper",
                hint=f"set {ENV_MAX_TEX_BYTES} to a larger number of bytes to read it",
            )


def _size(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB" if size >= 1 << 20 else f"{size / 1024:.0f} KB"


def read_text(path: Path, root: Path, budget: Budget) -> str:
    """A source file's text; binary junk is an error naming the file and line. Only files
    inside `root` are read: callers resolve names with `inside`, this is the last guard."""
    rel = _rel(path, root)
    if not inside(path, root):
        raise InputError(f"{rel}: outside the paper's folder; not read")
    try:
        budget.take(path.stat().st_size, rel)
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {rel}: {e.strerror}") from None
    bad = data.find(b"\x00")
    if bad < 0:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            # Old papers are often Latin-1; a real text file decodes, junk has control bytes.
            text = data.decode("latin-1")
            bad = e.start if _control_ratio(text) > 0.01 else -1
    if bad >= 0:
        line = data.count(b"\n", 0, bad) + 1
        raise ParseError(
            "not a text file (binary data)",
            file=rel,
            line=line,
            hint="give the LaTeX sources or a PDF",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(1, len(text))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


# Lexical tokens that matter for brace balance: \verb spans, escaped chars (\{ \} \%),
# comments, and the braces themselves (control words hold none: they are not matched). Only
# a balance check: parsing is pylatexenc's job.
_BRACE_TOKENS = re.compile(r"\\verb\*?([^a-zA-Z\s]).*?\1|\\[^a-zA-Z]|%[^\n]*|[{}]", re.DOTALL)


def brace_balance(text: str) -> tuple[list[int], list[int]]:
    """Where the `{` that are never closed stand, and the `}` that close nothing."""
    opened: list[int] = []
    strays: list[int] = []
    for m in _BRACE_TOKENS.finditer(text):
        tok = m.group(0)
        if tok == "{":
            opened.append(m.start())
        elif tok == "}":
            if opened:
                opened.pop()
            else:
                strays.append(m.start())
    return opened, strays


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def check_braces(text: str, file: str) -> None:
    """Unbalanced braces are reported at the brace, before tolerant parsing hides them."""
    opened, strays = brace_balance(text)
    if strays:
        raise ParseError(
            "unbalanced braces: '}' closes nothing", file=file, line=_line(text, strays[0])
        )
    if opened:
        raise ParseError(
            "unbalanced braces: '{' is never closed", file=file, line=_line(text, opened[-1])
        )


_END_DOC = re.compile(r"\\end\s*\{document\}")
_COMMENTED = re.compile(r"(?<!\\)%")  # a % earlier on the line comments the rest out


def close_groups(text: str, file: str, warn: Callable[[str, tuple[str, int]], None]) -> str:
    """A paper's text with its braces balanced as TeX balances them, each with a warning at
    the brace. A `}` that closes nothing (`$\\mathcal{Z}}$` in a held-out draft) is an error
    TeX reports and reads past, ignoring it: it is dropped (a space in its place, so every
    offset and line number stays the author's). A stray `{` in running text (`{We note ...`
    never closed) only makes TeX warn at `\\end{document}` and the paper prints whole: the
    groups close before `\\end{document}` (or at the end of an input file)."""
    opened, strays = brace_balance(text)
    for at in strays:
        warn("unbalanced braces: '}' closes nothing; ignored, as TeX does", (file, _line(text, at)))
    if strays:  # one pass over the text, however many there are
        chars = list(text)
        for at in strays:
            chars[at] = " "
        text = "".join(chars)
    if not opened:
        return text
    ends = [
        m.start()
        for m in _END_DOC.finditer(text, opened[-1])
        if not _COMMENTED.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())
    ]
    at = ends[0] if ends else len(text)  # TeX stops at the first \end{document}
    warn(
        "unbalanced braces: '{' is never closed; closed "
        + ("at \\end{document}" if ends else "at the end of the file"),
        (file, _line(text, opened[0])),
    )
    return text[:at] + "}" * len(opened) + text[at:]


def flatten(path: Path, *, budget: Budget) -> Flattened:
    """The paper as one text: includes inlined, comments dropped, each piece mapped back.
    No more LaTeX than `budget` allows is read, and nothing outside the paper's folder."""
    path = path.resolve()
    choice = None
    if path.is_dir():
        choice = choose_main(path, budget.max_bytes)
        root, main = path, choice.main
    elif path.is_file():
        root, main = path.parent, path
    else:
        raise InputError(f"no such file or folder: {path}")
    inliner = _Inliner(root, budget, main.parent)
    if choice is not None:
        inliner.warnings.extend(choice.warnings)
    inliner.inline(main, depth=0, stack=())
    main_rel = _rel(main, root)
    text = inliner.out.text()
    if not BEGIN_DOC.search(text):
        raise ParseError(
            "no \\begin{document}: this is not a main LaTeX file",
            file=main_rel,
            hint="give the folder, or the .tex file with \\documentclass",
        )
    return Flattened(
        text=text,
        map=inliner.out.map,
        root=root,
        main=main_rel,
        files=inliner.files,
        warnings=inliner.warnings,
        choice=choice.decision if choice else None,
    )


_INCLUDES = ("input", "include", "subfile")
_CONDITIONALS = ("IfFileExists", "InputIfFileExists")


class _Inliner:
    """Copies a main file and everything it reads into one text, refusing whatever lies
    outside the paper's folder (absolute paths, `..`, links) with a warning at the line."""

    def __init__(self, root: Path, budget: Budget, main_folder: Path) -> None:
        self.root = root
        self.main_folder = main_folder  # where LaTeX runs, and so looks for packages
        self.budget = budget
        self.out = Builder()
        self.files: list[str] = []
        self.warnings: list[ReaderWarning] = []
        self.packages: set[str] = set()  # packages loaded: LaTeX reads each once
        self.in_document = False  # past \\begin{document}: packages load only before it

    def resolve(
        self, name: str, including: Path, where: tuple[str, int], what: str, *, required: bool
    ) -> Path | None:
        """The file `name` means, as TeX looks for it (`name.tex`, then `name`; from the main
        file's folder, then the including file's), if the paper's folder holds it. A file
        outside the folder is refused with a warning; a missing one is warned about when the
        paper needs it (an `\\input`, not an `\\IfFileExists`)."""
        name = name.strip().strip('"')
        outside = False
        for base in (self.root, including.parent):
            for candidate in (base / f"{name}.tex", base / name):
                if not is_file(candidate):
                    continue
                if inside(candidate, self.root):
                    return candidate
                outside = True
        if outside:
            taken = "not read" if required else "taken as missing"
            self.warn(f"{what} refused: outside the paper's folder; {taken}", where)
        elif required:
            # Usually a generated file (a .bbl, a table): read on without it.
            self.warn(f"{what}: no such file in the paper's folder; skipped", where)
        return None

    def warn(self, message: str, where: tuple[str, int]) -> None:
        self.warnings.append(ReaderWarning(message, file=where[0], line=where[1]))

    def inline(
        self, path: Path, depth: int, stack: tuple[Path, ...], text: str | None = None
    ) -> None:
        root, out = self.root, self.out
        rel = _rel(path, root)
        text = read_text(path, root, self.budget) if text is None else text
        text = close_groups(text, rel, self.warn)
        self.files.append(rel)
        out.map.add_file(rel, text)
        stack = (*stack, path.resolve())
        if not _NEEDS_PARSE.search(text):
            self.scan(text, rel, path, depth, stack)
            return
        nodes = parse_nodes(text, latex_context())
        cursor = 0

        def where(node: latexwalker.LatexNode) -> tuple[str, int]:
            return rel, text.count("\n", 0, node.pos) + 1

        def include(target: Path, what: str, node: latexwalker.LatexNode) -> None:
            if target.resolve() in stack or depth >= MAX_INCLUDE_DEPTH:
                raise ParseError(f"{what} includes itself", file=rel, line=where(node)[1])
            out.copy("\n", rel, node.pos)
            self.inline(target, depth + 1, stack)
            out.copy("\n", rel, node.pos)

        def visit(node_list: list[latexwalker.LatexNode]) -> None:
            nonlocal cursor
            for node in node_list:
                if node is None:
                    continue
                if isinstance(node, latexwalker.LatexCommentNode):
                    out.copy(text[cursor : node.pos], rel, cursor)
                    cursor = node.pos + node.len
                    # TeX eats the newline after a comment, but not the blank line after it.
                    if text.startswith("\n", cursor):
                        out.copy("\n", rel, cursor)
                elif is_macro(node, *_INCLUDES):
                    found = _include_name(node, text)
                    if found is None:
                        continue
                    name, end = found
                    what = f"\\{node.macroname}{{{name}}}"
                    target = self.resolve(name, path, where(node), what, required=True)
                    if target is None:
                        continue
                    out.copy(text[cursor : node.pos], rel, cursor)
                    cursor = end
                    include(target, what, node)
                elif is_macro(node, *_CONDITIONALS):
                    picked = self.conditional(node, path, where(node))
                    if picked is None:
                        visit(children(node))
                        continue
                    # TeX reads one branch: it stands in place of the whole conditional.
                    branch, target = picked
                    out.copy(text[cursor : node.pos], rel, cursor)
                    if isinstance(branch, latexwalker.LatexGroupNode):
                        cursor = branch.pos + 1
                        visit(list(branch.nodelist))
                        out.copy(text[cursor : branch.pos + branch.len - 1], rel, cursor)
                    cursor = node.pos + node.len
                    if target is not None and node.macroname == "InputIfFileExists":
                        include(target, f"\\InputIfFileExists{{{target.name}}}", node)
                elif is_env(node, "comment"):
                    out.copy(text[cursor : node.pos], rel, cursor)
                    cursor = node.pos + node.len
                elif is_macro(node, *PACKAGE_COMMANDS) and not self.in_document:
                    # The packages are read where the command stands, which stays as written.
                    out.copy(text[cursor : node.pos], rel, cursor)
                    cursor = node.pos
                    after = node.pos + 1 + len(node.macroname)
                    self.load_packages(text, after, rel, node.pos, depth, stack)
                    visit(children(node))
                else:
                    self.in_document |= is_env(node, "document")
                    visit(children(node))

        visit(nodes)
        out.copy(text[cursor:], rel, cursor)

    def scan(self, text: str, rel: str, path: Path, depth: int, stack: tuple[Path, ...]) -> None:
        """`inline` for a file without file conditionals: a regex scan finds comments,
        includes, verbatim text and comment environments where pylatexenc would, at a fraction
        of the cost of building every node (the reader parses the flattened text anyway)."""
        out, cursor, pos = self.out, 0, 0
        check_nesting(text, None)
        while (m := _SCAN.search(text, pos)) is not None:
            pos = m.end()
            if m.group(0) == "%":
                # pylatexenc's comment: to the line end, plus the next line's indent unless
                # a blank line follows (TeX eats the newline, not the paragraph break).
                out.copy(text[cursor : m.start()], rel, cursor)
                end = _COMMENT_END.search(text, m.start())
                if end is None:
                    cursor = len(text)
                elif end.group("extra").startswith(("\n", "\r")):
                    cursor = end.start()
                else:
                    cursor = end.end()
                if text.startswith("\n", cursor):
                    out.copy("\n", rel, cursor)
                pos = cursor
                continue
            if m.group(1) == "verb":
                pos = _verb_end(text, pos)
                continue
            env = _BEGIN.match(text, pos) if m.group(1) == "begin" else None
            if env is not None and env.group(1) == "verbatim":
                pos = _verbatim_env_end(text, env.end())
                continue
            if env is not None and env.group(1) == "comment":
                out.copy(text[cursor : m.start()], rel, cursor)
                cursor = pos = m.start() + _environment_length(text, m.start())
                continue
            if m.group(1) in PACKAGE_COMMANDS and not self.in_document:
                out.copy(text[cursor : m.start()], rel, cursor)
                cursor = m.start()
                self.load_packages(text, m.end(), rel, m.start(), depth, stack)
                continue
            if m.group(1) == "begin" and _DOCUMENT.match(text, m.end()):
                self.in_document = True
            if m.group(1) not in _INCLUDES:
                continue
            found = _scanned_include(text, m.end())
            if found is None:
                continue
            name, end_pos = found
            what = f"\\{m.group(1)}{{{name}}}"
            line = text.count("\n", 0, m.start()) + 1
            target = self.resolve(name, path, (rel, line), what, required=True)
            if target is None:
                continue
            out.copy(text[cursor : m.start()], rel, cursor)
            cursor = pos = end_pos
            if target.resolve() in stack or depth >= MAX_INCLUDE_DEPTH:
                raise ParseError(f"{what} includes itself", file=rel, line=line)
            out.copy("\n", rel, m.start())
            self.inline(target, depth + 1, stack)
            out.copy("\n", rel, m.start())
        out.copy(text[cursor:], rel, cursor)

    def load_packages(
        self, text: str, after: int, rel: str, pos: int, depth: int, stack: tuple[Path, ...]
    ) -> None:
        """`\\usepackage[options]{a,b}` at `pos` of `rel`: each package that is the author's
        own and in the paper's folder (as LaTeX looks for it: from the main file's folder) is
        read once, in place, with `@` a letter, as LaTeX reads packages. A venue style or a
        copy of a distributed package is left to the reader (see `packages.py`)."""
        found = package_names(text, after)
        if found is None:
            return
        where = (rel, text.count("\n", 0, pos) + 1)
        for name in found[0]:
            if name in self.packages:
                continue
            self.packages.add(name)
            what = f"\\{text[pos + 1 : after]}{{{name}}}"
            path = self.main_folder / f"{name}.sty"
            if not is_file(path):
                continue  # the TeX installation's
            if not inside(path, self.root):
                self.warn(f"{what} refused: outside the paper's folder; not read", where)
                continue
            if depth >= MAX_INCLUDE_DEPTH:
                self.warn(f"{what}: packages nested too deep; not read", where)
                continue
            try:
                if not is_authors_package(peek(path)):
                    continue
                sty = read_text(path, self.root, self.budget)
                check_braces(sty, _rel(path, self.root))
            except OSError as e:
                self.warn(f"{what}: cannot read it ({e.strerror}); not read", where)
                continue
            except ParseError as e:
                # Definitions only: the paper reads on without them, as without a .bbl.
                self.warn(f"{what}: {e.message}; not read", where)
                continue
            # \\makeatother restores what LaTeX restores after a package, unless the main
            # file had made @ a letter itself before it (no paper does that and then uses
            # an @-name right after a package).
            self.out.copy("\n\\makeatletter\n", rel, pos)
            self.inline(path, depth + 1, stack, sty)
            self.out.copy("\n\\makeatother\n", rel, pos)

    def conditional(
        self, node: latexwalker.LatexMacroNode, path: Path, where: tuple[str, int]
    ) -> tuple[latexwalker.LatexNode, Path | None] | None:
        """The branch of `\\IfFileExists{file}{then}{else}` the paper's folder selects, and
        the file when it exists (None when macros compute the name: left to the reader)."""
        name_arg, then, otherwise = (arg(node, i) for i in range(3))
        name = inner_text(name_arg).strip()
        if not name or "\\" in name or then is None or otherwise is None:
            return None
        what = f"\\{node.macroname}{{{name}}}"
        target = self.resolve(name, path, where, what, required=False)
        return (then, target) if target is not None else (otherwise, None)


# What only a real parse gets right: file conditionals (their branches are parsed).
_NEEDS_PARSE = re.compile(r"IfFileExists")
# What the scan acts on: comments, `\verb`, `\begin`, package loading and includes, and escaped
# characters (`\%` starts no comment, `\\%` does). Other control words the regex passes over
# itself, without a step of the loop each.
_SCANNED = "|".join(sorted({"verb", "begin", *PACKAGE_COMMANDS, *_INCLUDES}))
_SCAN = re.compile(rf"\\((?:{_SCANNED})(?![A-Za-z])|[^A-Za-z])|%", re.DOTALL)
_COMMENT_END = re.compile(r"(\n|\r|\n\r)(?P<extra>\s*)")
_BRACED = re.compile(r"\s*\{")
# The rest of `\begin{name}` as the tokenizer reads it (context.py's _CONTROL).
_BEGIN = re.compile(r"\s*\{([\w* ._-]+)\}")


def _verb_end(text: str, after: int) -> int:
    """Where scanning resumes after `\\verb` ending at `after`: past its verbatim text,
    found as pylatexenc finds it (the next non-space character delimits it); `after` itself
    when there is none (tolerant parsing reads on as LaTeX)."""
    if text[after : after + 1].isalpha():  # `\verbé` is another control word to pylatexenc
        return after
    start = after
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find(text[start], start + 1) if start < len(text) else -1
    return after if end < 0 else end + 1


def _verbatim_env_end(text: str, after: int) -> int:
    """Where scanning resumes after `\\begin{verbatim}` ending at `after`: at its
    `\\end{verbatim}` (pylatexenc reads no comment or include before it), or `after` when
    the environment is never closed."""
    end = text.find("\\end{verbatim}", after)
    return after if end < 0 else end


def _environment_length(text: str, start: int) -> int:
    """The length of the environment beginning at `start`, as the full parse reads it (a
    comment environment is parsed, not skipped to its `\\end`: so its end is pylatexenc's)."""
    node, _, _ = walker(text, latex_context()).get_latex_environment(start)
    return node.len


_DOCUMENT = re.compile(r"\s*\{document\}")


def _scanned_include(text: str, after: int) -> tuple[str, int] | None:
    """The included file's name and where the include ends, from just after its macro name."""
    m = _BRACED.match(text, after)
    if m is not None:
        end = group_end(text, m.end() - 1)
        return (text[m.end() : end - 1], end) if end > 0 else None
    m = re.match(r"\s*([^\s{}\\%]+)", text[after:])
    return (m.group(1), after + m.end()) if m else None


def _include_name(node: latexwalker.LatexMacroNode, text: str) -> tuple[str, int] | None:
    """The included file's name and where the include command ends."""
    first = arg(node, 0)
    if isinstance(first, latexwalker.LatexGroupNode):
        return inner_text(first), node.pos + node.len
    # `\input file` without braces: TeX reads the name up to the next space.
    start = node.pos + len(node.macroname) + 1
    m = re.match(r"\s*([^\s{}\\%]+)", text[start:])
    return (m.group(1), start + m.end()) if m else None

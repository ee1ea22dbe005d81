"""Reading a paper's LaTeX files: find the main file, check each file is sound text, inline
`\\input`/`\\include`/`\\subfile`, and drop comments, keeping a map back to file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pylatexenc import latexwalker

from paper2code.errors import InputError, ParseError
from paper2code.paper.latex.context import latex_context, parse_nodes
from paper2code.paper.latex.nodes import children
from paper2code.paper.latex.sourcemap import Builder, SourceMap

MAX_INCLUDE_DEPTH = 16
_PREFERRED_MAIN = ("main.tex", "paper.tex", "ms.tex", "article.tex")
_DOCCLASS = re.compile(r"^[^%\n]*\\documentclass", re.MULTILINE)
_BEGIN_DOC = re.compile(r"^[^%\n]*\\begin\s*\{document\}", re.MULTILINE)


@dataclass
class Flattened:
    text: str
    map: SourceMap
    root: Path  # the folder paths are relative to
    main: str  # the main file, relative to root
    files: list[str]  # every file read, relative to root


def read_text(path: Path, root: Path) -> str:
    """A source file's text; binary junk is an error naming the file and line."""
    rel = _rel(path, root)
    try:
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


def find_main(root: Path) -> Path:
    """The main file of a folder: it has `\\begin{document}`, preferably `\\documentclass`
    too (some e-prints ship a main file whose preamble comes from elsewhere)."""
    full, partial = [], []
    for path in sorted(root.rglob("*.tex")):
        try:
            head = path.read_text("utf-8", errors="replace")
        except OSError:
            continue
        if _BEGIN_DOC.search(head):
            (full if _DOCCLASS.search(head) else partial).append(path)
    candidates = full or partial
    if not candidates:
        raise ParseError(
            "no main .tex file (one with \\documentclass and \\begin{document})",
            file=str(root),
            hint="point paper2code at the paper's source folder or its main .tex file",
        )
    for name in _PREFERRED_MAIN:
        for path in candidates:
            if path.name == name and path.parent == root:
                return path
    # Otherwise the shallowest, then the largest: drafts and templates tend to be small.
    return min(candidates, key=lambda p: (len(p.relative_to(root).parts), -p.stat().st_size))


# Lexical tokens that matter for brace balance: \verb spans, escaped chars (\{ \} \%),
# comments, and the braces themselves. Only a balance check: parsing is pylatexenc's job.
_BRACE_TOKENS = re.compile(r"\\verb\*?([^a-zA-Z\s]).*?\1|\\.|%[^\n]*|[{}]", re.DOTALL)


def check_braces(text: str, file: str) -> None:
    """Unbalanced braces are reported at the brace, before tolerant parsing hides them."""
    opened: list[int] = []
    for m in _BRACE_TOKENS.finditer(text):
        tok = m.group(0)
        if tok == "{":
            opened.append(m.start())
        elif tok == "}":
            if not opened:
                raise ParseError(
                    "unbalanced braces: '}' closes nothing",
                    file=file,
                    line=text.count("\n", 0, m.start()) + 1,
                )
            opened.pop()
    if opened:
        raise ParseError(
            "unbalanced braces: '{' is never closed",
            file=file,
            line=text.count("\n", 0, opened[-1]) + 1,
        )


def flatten(path: Path) -> Flattened:
    """The paper as one text: includes inlined, comments dropped, each piece mapped back."""
    path = path.resolve()
    if path.is_dir():
        root, main = path, find_main(path)
    elif path.is_file():
        root, main = path.parent, path
    else:
        raise InputError(f"no such file or folder: {path}")
    builder = Builder()
    files: list[str] = []
    _inline(main, root, builder, files, depth=0, stack=())
    main_rel = _rel(main, root)
    text = builder.text()
    if not _BEGIN_DOC.search(text):
        raise ParseError(
            "no \\begin{document}: this is not a main LaTeX file",
            file=main_rel,
            hint="give the folder, or the .tex file with \\documentclass",
        )
    return Flattened(text=text, map=builder.map, root=root, main=main_rel, files=files)


_INCLUDES = ("input", "include", "subfile")


def _resolve_include(name: str, including: Path, root: Path) -> Path | None:
    name = name.strip().strip('"')
    for base in (root, including.parent):
        for candidate in (base / name, base / f"{name}.tex"):
            if candidate.is_file():
                return candidate
    return None


def _inline(
    path: Path, root: Path, out: Builder, files: list[str], depth: int, stack: tuple[Path, ...]
) -> None:
    rel = _rel(path, root)
    text = read_text(path, root)
    files.append(rel)
    out.map.add_file(rel, text)
    check_braces(text, rel)
    nodes = parse_nodes(text, latex_context())
    cursor = 0

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
            elif isinstance(node, latexwalker.LatexMacroNode) and node.macroname in _INCLUDES:
                found = _include_name(node, text)
                if found is None:
                    continue
                name, end = found
                target = _resolve_include(name, path, root)
                if target is None:
                    # A missing \input is usually a generated file (a .bbl, a table); keep going.
                    continue
                out.copy(text[cursor : node.pos], rel, cursor)
                cursor = end
                if target.resolve() in stack or depth >= MAX_INCLUDE_DEPTH:
                    line = text.count("\n", 0, node.pos) + 1
                    raise ParseError(
                        f"\\{node.macroname}{{{name}}} includes itself", file=rel, line=line
                    )
                out.copy("\n", rel, node.pos)
                _inline(target, root, out, files, depth + 1, (*stack, path.resolve()))
                out.copy("\n", rel, node.pos)
            elif isinstance(node, latexwalker.LatexEnvironmentNode) and node.environmentname == (
                "comment"
            ):
                out.copy(text[cursor : node.pos], rel, cursor)
                cursor = node.pos + node.len
            else:
                visit(children(node))

    visit(nodes)
    out.copy(text[cursor:], rel, cursor)


def _include_name(node: latexwalker.LatexMacroNode, text: str) -> tuple[str, int] | None:
    """The included file's name and where the include command ends."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    arg = args[0] if args else None
    if isinstance(arg, latexwalker.LatexGroupNode):
        return "".join(n.latex_verbatim() for n in arg.nodelist), node.pos + node.len
    # `\input file` without braces: TeX reads the name up to the next space.
    start = node.pos + len(node.macroname) + 1
    m = re.match(r"\s*([^\s{}\\%]+)", text[start:])
    return (m.group(1), start + m.end()) if m else None

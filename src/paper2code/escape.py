"""Paper text into generated files: one escaping function per output context.

Every string that comes from a paper (titles, captions, quotes, section names, macro output,
table cells, equations, symbol names) is hostile until proven otherwise: a title that reads
`Tiny \"\"\"; import os; os.system("id") #` must stay text in every file it reaches. So paper text
reaches a generated file only through one of these functions, each for one context:

| context                                 | function          |
|-----------------------------------------|-------------------|
| Python string literal (a whole one)     | `py_string`       |
| inside a Python string literal          | `string_body`     |
| a whole docstring                       | `docstring`       |
| a Python `#` comment                    | `comment`         |
| a Python identifier                     | `identifier`      |
| a quote from the paper, in any prose    | `quoted`          |
| a YAML comment                          | `yaml_comment`    |
| Markdown text, heading, list item       | `md_inline`       |
| a Markdown table cell                   | `md_cell`         |
| LaTeX inside Markdown `$$...$$`          | `md_math`         |

YAML values, notebook JSON and file names need no function here: ruamel.yaml quotes every
scalar it writes, nbformat writes the JSON, and directory names are `slugify_title`'s.
Notebook code cells are Python: paper text goes there through `py_string` or `comment` only.
"""

from __future__ import annotations

import keyword
import re

# What any reader may take for the end of a line: str.splitlines' set (Python's tokenizer only
# ends a comment at \n or \r, but editors, YAML and Markdown have their own ideas).
_LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# `<` that could open raw HTML in Markdown: a tag, a closing tag, a comment, a declaration or a
# processing instruction. `a < b` stays as it is.
_HTML_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_PIPE = re.compile(r"\\(?=\|)")


def printable(text: str) -> str:
    """`text` with whitespace of every kind as a plain space and every other character that
    is not printable removed: control characters, NUL, lone surrogates, and format characters
    such as the bidirectional overrides that make code read differently from how it runs."""
    return "".join(" " if ch.isspace() else ch for ch in text if ch.isprintable() or ch.isspace())


def one_line(text: str) -> str:
    """Printable text on one line, runs of whitespace as one space."""
    return " ".join(printable(text).split())


def comment(text: str) -> str:
    """Text for the inside of a Python `#` comment: one line, so it cannot end the comment and
    start a statement."""
    return one_line(text)


def identifier(name: str) -> str:
    """`name` if it is a plain ASCII Python identifier that is not a keyword; ValueError
    otherwise. Names in generated code are never made from paper text without this."""
    if not _IDENTIFIER.fullmatch(name) or keyword.iskeyword(name):
        raise ValueError(f"not a usable Python identifier: {name!r}")
    return name


def py_string(text: str) -> str:
    """A Python string literal whose value is exactly `text` (ASCII-safe escapes for what is
    not printable, so the literal is one line)."""
    return repr(text)


def string_body(text: str, quote: str = '"""') -> str:
    """`text` escaped for the inside of a non-raw string literal delimited by `quote`: the
    literal's value is exactly `text`. Backslashes and quote characters are escaped; a
    triple-quoted literal keeps its newlines and tabs, every other non-printable character
    (NUL, CR, U+2028, a lone surrogate ...) becomes an escape sequence."""
    keep = "\n\t" if len(quote) == 3 else "\t"
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote[0]:
            out.append("\\" + ch)
        elif ch in keep or ch.isprintable():
            out.append(ch)
        else:
            out.append(repr(ch)[1:-1])  # \x00, \r, \u2028, \udc80 ...
    return "".join(out)


def raw_ok(content: str, quote: str = '"""') -> bool:
    """Whether `content` between `r` + `quote` and `quote` is a raw literal whose value is
    exactly `content`: it does not close the literal early (a backslash pairs with the next
    character, even in a raw literal), does not end in an odd backslash or in the quote
    character, and holds only printable characters, newlines and tabs (a NUL is a syntax
    error, a CR is read back as a newline)."""
    if any(not (ch.isprintable() or ch in "\n\t") for ch in content):
        return False
    if content.endswith(quote[0]):
        return False
    i = 0
    while i < len(content):
        if content[i] == "\\":
            i += 2
        elif content.startswith(quote, i) or (len(quote) == 1 and content[i] == "\n"):
            return False
        else:
            i += 1
    return i == len(content)


def docstring(text: str) -> str:
    """A whole triple-quoted docstring literal whose value is exactly `text`: raw (LaTeX reads
    as written) when it can be, else escaped."""
    if raw_ok(text):
        return f'r"""{text}"""'
    return f'"""{string_body(text)}"""'


def quoted(text: str) -> str:
    """A quote from the paper in the double quotes the checker reads as one quote: straight
    ones, or curly ones around text that holds a straight one (`“say "x"”`), so that a `"`
    inside cannot end the quote early."""
    if '"' in text and "”" not in text:
        return f"“{text}”"
    return f'"{text}"'


def yaml_comment(text: str) -> str:
    """Text for a YAML comment: one line of printable characters (YAML allows no control
    characters anywhere, and a line break would end the comment)."""
    return one_line(text)


def md_inline(text: str) -> str:
    """Text for Markdown prose, a heading or a list item: one line (no line break can start a
    heading, a list, a table or a code block), and no raw HTML (`<script>` shows as text)."""
    return _HTML_OPEN.sub(r"\\<", one_line(text))


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: `md_inline`, every `|` escaped as `\\|` (a backslash
    right before a pipe, as in LaTeX's norm `\\|`, escaped as `\\\\`); an empty cell is `—`."""
    s = _PIPE.sub(r"\\\\", md_inline(text)).replace("|", "\\|")
    return s or "—"


def md_math(latex: str) -> str:
    """LaTeX for a Markdown `$$...$$` display: one line (a blank line would end the display), no
    `$` to end it early, and `<`/`>` as MathJax's `\\lt`/`\\gt` so no HTML can open inside it."""
    latex = re.sub(r"\\*\$", r"\\$", one_line(latex))  # `\\$` (a line break, then `$`) too
    return latex.replace("<", r"\lt ").replace(">", r"\gt ")

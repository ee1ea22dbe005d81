"""The escaping functions, one per output context, and `fill`, which picks one per template
hole: hostile text round-trips exactly where the context can hold it, and never ends its
context (a literal, a comment, a line, a table cell, a math display) early."""

from __future__ import annotations

import ast
import io
import re
import tokenize

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from paper2code import escape
from paper2code.engines.base import ConfigEntry, slugify_title
from paper2code.engines.builtin.template import Code, fill
from paper2code.render.config_yaml import render_config
from paper2code.render.notes import split_row

# What a hostile paper puts in a title, a caption or an equation's \text{}.
NASTY = [
    '"""; import os; os.system("id") #',
    "'''; __import__('os').system('id') #",
    '"); open("/tmp/x", "w") #',
    "\\",
    "ends in a backslash \\",
    'a quote at the end "',
    '\\"""',
    '\\\\"""',
    "\\N{BULLET} \\N{NO SUCH NAME} \\u12 \\x",
    "line one\n# not a comment\nimport os",
    "cr\rlf\r\nff\x0cvt\x0bnul\x00esc\x1b[2J",
    "unicode breaks \u2028 \u2029 \x85 \x1c\x1d\x1e",
    "lone surrogate \ud800 and bidi override \u202e) #",
    "tab\there",
    "{braces} <<hole>> $math$ `code` | pipe \\| norm",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> <!-- x -->",
    "",
]


def docstring_of(source: str) -> str | None:
    return ast.get_docstring(ast.parse(source), clean=False)


# ---- Python ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", NASTY)
def test_a_python_string_literal_holds_exactly_the_text_on_one_line(text: str) -> None:
    literal = escape.py_string(text)
    assert ast.literal_eval(literal) == text
    assert len(literal.splitlines()) == 1


@given(st.text())
def test_any_text_round_trips_through_every_python_literal_form(text: str) -> None:
    assert ast.literal_eval(escape.py_string(text)) == text
    assert ast.literal_eval('"""' + escape.string_body(text) + '"""') == text
    assert ast.literal_eval("'''" + escape.string_body(text, "'''") + "'''") == text
    assert ast.literal_eval('"' + escape.string_body(text, '"') + '"') == text
    assert ast.literal_eval("'" + escape.string_body(text, "'") + "'") == text
    source = f"def f():\n    {escape.docstring(text)}\n"
    assert ast.get_docstring(ast.parse(source).body[0], clean=False) == text


@pytest.mark.parametrize("text", NASTY)
def test_a_docstring_holds_the_text_and_nothing_runs(text: str) -> None:
    source = f"{escape.docstring(text)}\n"
    tree = ast.parse(source)
    assert len(tree.body) == 1
    assert docstring_of(source) == text


def test_a_docstring_stays_raw_when_it_can_so_latex_reads_as_written() -> None:
    assert escape.docstring(r"\frac{a}{b}") == 'r"""\\frac{a}{b}"""'
    assert not escape.docstring('x """ y').startswith("r")
    assert not escape.docstring("odd backslash \\").startswith("r")
    assert not escape.docstring("nul \x00").startswith("r")


@given(st.text())
def test_raw_ok_never_lies(content: str) -> None:
    if escape.raw_ok(content):
        assert ast.literal_eval('r"""' + content + '"""') == content
    if escape.raw_ok(content, '"'):
        assert ast.literal_eval('r"' + content + '"') == content


@pytest.mark.parametrize("text", NASTY)
def test_a_comment_stays_one_comment(text: str) -> None:
    source = f"x = 1  # {escape.comment(text)}\ny = 2\n"
    assert len(ast.parse(source).body) == 2
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    assert [t.type for t in tokens].count(tokenize.COMMENT) == 1
    assert len(source.splitlines()) == 2


@given(st.text())
def test_any_comment_is_one_line_of_printable_text(text: str) -> None:
    line = escape.comment(text)
    assert line.splitlines() == ([line] if line else [])
    assert all(ch.isprintable() for ch in line)


@pytest.mark.parametrize("name", ["d_model", "W_q", "_private", "match", "x1"])
def test_identifiers_that_python_takes(name: str) -> None:
    assert escape.identifier(name) == name


@pytest.mark.parametrize(
    "name", ["class", "None", "lambda", "1st", "d-model", "d model", "é", "", "a\n", "os;x"]
)
def test_identifiers_that_python_refuses(name: str) -> None:
    with pytest.raises(ValueError, match="identifier"):
        escape.identifier(name)


# ---- fill: the context of each hole ---------------------------------------------------------

TEMPLATE = '''r"""<<title>>

The model.
"""

import math


class Model:
    r"""<<cite>> \\frac{a}{b}

    <<equation>>"""

    def forward(self, x):
        # <<line>>
        return x * math.pi  # <<end>>
<<code>>
'''


@pytest.mark.parametrize("text", NASTY)
def test_fill_puts_hostile_text_in_every_context_and_it_stays_text(text: str) -> None:
    filled = fill(
        TEMPLATE,
        title=text,
        cite=text,
        equation=text,
        line=text,
        end=text,
        code=Code("VALUE = 1\n"),
    )
    tree = ast.parse(filled)
    assert [type(n).__name__ for n in tree.body] == ["Expr", "Import", "ClassDef", "Assign"]
    assert ast.get_docstring(tree, clean=False) == f"{text}\n\nThe model.\n"
    model = tree.body[2]
    assert ast.get_docstring(model, clean=False) == f"{text} \\frac{{a}}{{b}}\n\n    {text}"
    assert len(model.body) == 2  # the docstring and forward: nothing else got in
    forward = model.body[1]
    assert [type(n).__name__ for n in forward.body] == ["Return"]


def test_fill_takes_only_code_where_the_hole_is_code() -> None:
    with pytest.raises(TypeError, match="Code"):
        fill("x = 1\n<<code>>\n", code="import os")
    assert fill("x = 1\n<<code>>\n", code=Code("y = 2")) == "x = 1\ny = 2\n"


def test_fill_refuses_a_hole_it_cannot_escape() -> None:
    with pytest.raises(ValueError, match="f-string"):
        fill('f"{x} <<title>>"\n', title="t")


# ---- YAML ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", NASTY)
def test_a_yaml_comment_and_value_cannot_change_the_config(text: str) -> None:
    entries = [
        ConfigEntry(("model", "name"), text, text),
        ConfigEntry(("model", "d_model"), 512, text),
        ConfigEntry(("model", "flag"), "yes", text),  # a string YAML 1.1 would read as True
    ]
    rendered = render_config(entries, title=text)
    assert yaml.safe_load(rendered) == {"model": {"name": text, "d_model": 512, "flag": "yes"}}


# ---- Markdown --------------------------------------------------------------------------------

_RAW_HTML = re.compile(r"(?<!\\)<[A-Za-z/!?]")


@pytest.mark.parametrize("text", NASTY)
def test_markdown_text_is_one_line_without_raw_html(text: str) -> None:
    line = escape.md_inline(text)
    assert len(line.splitlines()) <= 1
    assert not _RAW_HTML.search(line)


@given(st.text())
def test_a_table_cell_is_one_cell(text: str) -> None:
    cell = escape.md_cell(text)
    assert split_row(f"| a | {cell} | b |")[0::2] == ["a", "b"]
    assert len(split_row(f"| a | {cell} | b |")) == 3


@pytest.mark.parametrize("text", NASTY)
def test_latex_in_a_math_display_cannot_end_it(text: str) -> None:
    math = escape.md_math(text)
    assert len(math.splitlines()) <= 1
    assert not re.search(r"(?<!\\)\$", math)
    assert "<" not in math and ">" not in math


# ---- directory names ------------------------------------------------------------------------


@given(st.text())
def test_a_directory_name_from_any_title_is_letters_digits_and_underscores(title: str) -> None:
    assert re.fullmatch(r"[a-z0-9_]+", slugify_title(title))


@pytest.mark.parametrize("title", [*NASTY, "../../etc/passwd", "..", "/", "~root", "\u212a\u0130"])
def test_a_directory_name_from_a_hostile_title(title: str) -> None:
    slug = slugify_title(title)
    assert re.fullmatch(r"[a-z0-9_]+", slug)
    assert slug not in (".", "..")

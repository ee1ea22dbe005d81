"""Inside floats: which caption numbers which part, table cells, algorithm lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexNode,
    LatexSpecialsNode,
)

from paper2code.paper.latex.nodes import (
    ROW_BREAK,
    arg,
    args,
    children,
    inner_nodes,
    inner_text,
    is_env,
    is_macro,
    last_arg,
    split_at,
    walk,
)
from paper2code.paper.latex.printed import is_bold

# Captions inside these number sub-parts ("(a)"), not the float.
SUB_ENVS = frozenset({"subfigure", "subtable", "subfloat"})
_SUB_MACROS = ("subfigure", "subtable")  # the subfigure package's \subfigure[caption]{...}
# What sub-parts hold is theirs, not the float's: a walk for the float's own enters none.
_SUB_PARTS = frozenset({"subfloat", "subcaption", *_SUB_MACROS})
TABULARS = frozenset(
    {"tabular", "tabular*", "tabularx", "longtable", "tabulary", "array", "tblr", "longtblr"}
)
_RULES = {
    "hline",
    "toprule",
    "midrule",
    "bottomrule",
    "cline",
    "cmidrule",
    "addlinespace",
    "specialrule",
    "rowcolor",
    "cellcolor",
    "morecmidrules",
    "hhline",
    "noalign",
    "arrayrulecolor",
    "rule",
    "endhead",
    "endfirsthead",
    "endfoot",
    "endlastfoot",
    "hdashline",
    "cdashline",
    "Xhline",  # makecell's rules of a given width: \Xhline{6\arrayrulewidth}
    "Xcline",
}
# Rules drawn across the table between two rows: where they stand, the rows below are set
# apart from those above (the compared methods from the paper's own)
_ROW_RULES = ("hline", "midrule", "hdashline", "cdashline", "Xhline")

ToText = Callable[[list[LatexNode]], str]


@dataclass
class Scope:
    """One numbered float: its caption, label and body (a float, or one minipage of it)."""

    nodes: list[LatexNode]
    caption: LatexMacroNode
    # from \captionof{table} or a float nested in the float; None means the float's own kind
    kind: str | None
    labels: list[str]
    tables: list[LatexEnvironmentNode] = field(default_factory=list)  # the tabulars it numbers

    @property
    def label(self) -> str | None:
        return self.labels[0] if self.labels else None


def _captions(nodes: list[LatexNode]) -> list[LatexMacroNode]:
    """The captions that number: `\\caption*{(a) Limited motion range}` titles a part of its
    float, no float of its own."""
    return [
        n
        for n in walk(nodes, SUB_ENVS, _SUB_PARTS)
        if is_macro(n, "caption", "captionof") and inner_text(arg(n, 0)) != "*"
    ]


def sub_labels(nodes: list[LatexNode]) -> list[list[str]]:
    """The \\labels of each sub-figure of a float, in order ((a), (b), ...): `subfigure` and
    `subtable` environments, `\\subfloat[...]{...}` and `\\subfigure[...]{...}` macros."""
    parts = [
        n
        for n in walk(nodes, SUB_ENVS)
        if is_env(n, *SUB_ENVS) or is_macro(n, "subfloat", *_SUB_MACROS)
    ]
    return [
        [inner_text(last_arg(n)).strip() for n in walk(children(part)) if is_macro(n, "label")]
        for part in parts
    ]


def _labels_after(nodes: list[LatexNode], caption: LatexNode, next_pos: int | None) -> list[str]:
    """The float's \\labels: every one between its caption and the next caption (LaTeX gives
    them all the caption's number: two \\labels on one figure both print it), else the
    first one at all."""
    labels = [n for n in walk(nodes, SUB_ENVS, _SUB_PARTS) if is_macro(n, "label")]
    after = [n for n in labels if n.pos > caption.pos and (next_pos is None or n.pos < next_pos)]
    return [inner_text(last_arg(n)).strip() for n in (after or labels[:1])]


def _nested_kind(
    part: list[LatexNode], caption: LatexMacroNode, kinds: Mapping[str, str]
) -> str | None:
    """The kind of the innermost float environment inside the float that holds `caption`:
    a `table` set in a minipage of a `figure` captions a table, as LaTeX numbers it."""
    holders = [
        n
        for n in walk(part)
        if isinstance(n, LatexEnvironmentNode)
        and n.environmentname in kinds
        and n.pos <= caption.pos < n.pos + n.len
    ]
    return kinds[max(holders, key=lambda n: n.pos).environmentname] if holders else None


def scopes(float_nodes: list[LatexNode], kinds: Mapping[str, str]) -> list[Scope]:
    """Side-by-side minipages that each carry a caption are separate floats (Table 1 and
    Table 2 in one `table` environment); otherwise every caption numbers the whole float.
    `kinds` maps float environments to their kind: a float nested in another (a `table` in a
    `figure`'s minipage, an `algorithm` in a `wrapfigure`) numbers its own captions."""
    minipages = [
        n for n in walk(float_nodes, SUB_ENVS) if is_env(n, "minipage") and _captions(n.nodelist)
    ]
    parts = [mp.nodelist for mp in minipages] if len(minipages) >= 2 else [float_nodes]
    found = []
    for part in parts:
        caps = _captions(part)
        envs = tabulars(part)
        # Two captions over as many tabulars in one part number one each, in order
        # (fractalgen sets Tables 2 and 3 in one `table`).
        paired = len(caps) > 1 and len(envs) == len(caps)
        for i, cap in enumerate(caps):
            nxt = caps[i + 1].pos if i + 1 < len(caps) else None
            kind = _nested_kind(part, cap, kinds)
            if cap.macroname == "captionof":
                kind = inner_text(arg(cap, 1)).strip() or None
            tables = [envs[i]] if paired else envs
            found.append(Scope(part, cap, kind, _labels_after(part, cap, nxt), tables))
    _adopt_orphans(float_nodes, found)
    return found


def _adopt_orphans(float_nodes: list[LatexNode], found: list[Scope]) -> None:
    """Tabulars in no captioned minipage belong to the table captions that have none: a table
    set beside a figure, or a `\\captionof{table}` in a minipage of its own beside the
    caption-less minipage holding the tabular. One such caption takes them all; several take
    one each, in order."""
    orphans = unclaimed(float_nodes, found)
    bare = [s for s in found if not s.tables and s.kind == "table"]
    bare = bare or [s for s in found if not s.tables and s.kind is None]
    if orphans and len(bare) == 1:
        bare[0].tables = orphans
        return
    for scope, env in zip(bare, orphans, strict=False):
        scope.tables = [env]


def unclaimed(float_nodes: list[LatexNode], found: list[Scope]) -> list[LatexEnvironmentNode]:
    """The float's tabulars no caption's scope holds (a float without any caption holds
    only these): tables without a number."""
    claimed = {id(env) for scope in found for env in scope.tables}
    return [env for env in tabulars(float_nodes) if id(env) not in claimed]


# Where a figure's panels are set: the text in these prints beside the panels.
_PANEL_LAYOUT = frozenset({"minipage", "center", "flushleft", "flushright", *SUB_ENVS})
# Boxes around a panel: their content is the panel (a graphic, a tabular) and its text.
_PANEL_BOXES = ("raisebox", "resizebox", "scalebox", "rotatebox", "adjustbox", "makebox", "parbox")


def panel_nodes(
    nodes: list[LatexNode], tables: list[LatexEnvironmentNode], in_part: bool = False
) -> list[LatexNode]:
    """What a figure prints beside its caption, in order: the panels' captions
    (`\\subfloat[(a) Noisy]{...}`, `\\subfigure[...]{...}`, `\\subcaption{...}`, a
    `subfigure` environment's `\\caption`), the text set with its panels (`{\\footnotesize
    (a) Noisy: 35.71dB}` under a graphic) and the `tables` it holds (a grid of panels with
    their errors beside them: no table but the figure's own prints them). Never the float's own
    caption, nor the code of what is drawn (a tikzpicture's: other environments are left out)."""
    out: list[LatexNode] = []
    for node in nodes:
        if isinstance(node, LatexEnvironmentNode):
            if node.environmentname in _PANEL_LAYOUT:
                part = in_part or node.environmentname in SUB_ENVS
                out.extend(panel_nodes(node.nodelist, tables, part))
            elif any(node is t for t in tables):
                out.append(node)
        elif isinstance(node, LatexGroupNode):
            out.extend(panel_nodes(node.nodelist, tables, in_part))
        elif is_macro(node, "caption", "captionof", "subcaption"):
            if in_part or node.macroname == "subcaption":
                out.extend(_apart(node, inner_nodes(last_arg(node))))
        elif is_macro(node, "subfloat", *_SUB_MACROS):
            # \subfloat[list-of-figures entry][caption]{panel}: the caption is the last given
            given = [a for a in args(node)[:2] if a is not None]
            out.extend(_apart(node, inner_nodes(given[-1]) if given else []))
            out.extend(panel_nodes(inner_nodes(last_arg(node)), tables, True))
        elif is_macro(node, *_PANEL_BOXES):
            out.extend(panel_nodes(inner_nodes(last_arg(node)), tables, in_part))
        elif not is_macro(node, "label"):
            out.append(node)
    return out


def _apart(node: LatexNode, caption: list[LatexNode]) -> list[LatexNode]:
    """A panel's caption between spaces: "(a) Clean (b) Noisy", not "(a) Clean(b) Noisy"."""
    space = LatexCharsNode(parsing_state=node.parsing_state, chars=" ", pos=node.pos, len=0)
    return [space, *caption, space] if caption else []


def tabulars(nodes: list[LatexNode]) -> list[LatexEnvironmentNode]:
    """The outermost tabulars in `nodes`: a tabular nested in a cell (a header set on two
    lines) belongs to its cell, not a table of its own."""
    return [n for n in walk(nodes, TABULARS) if is_env(n, *TABULARS)]


@dataclass
class Cells:
    rows: list[list[str]] = field(default_factory=list)  # plain text, row by row
    bold: list[list[int]] = field(default_factory=list)  # [row, column] of each bold cell
    rules: list[int] = field(default_factory=list)  # the rows a rule stands above


def table_cells(nodes: list[LatexNode], to_text: ToText) -> Cells:
    """Cells of every tabular in `nodes`, as plain text, row by row, and which are bold."""
    out = Cells()
    for env in tabulars(nodes):
        for inner in _unstacked(env):
            for row, bold, ruled in _tabular_rows(inner, to_text):
                out.bold.extend([len(out.rows), j] for j in bold)
                if ruled:
                    out.rules.append(len(out.rows))
                out.rows.append(row)
    return out


def _unstacked(env: LatexEnvironmentNode) -> list[LatexEnvironmentNode]:
    """A tabular whose every row holds nothing but a tabular only stacks tables for layout
    (a header tabular over a body tabular): its rows are theirs."""
    inner: list[LatexEnvironmentNode] = []
    for row in split_at(list(env.nodelist), ROW_BREAK, "tabularnewline"):
        content = [n for n in row if not (_blank(n) or is_macro(n, *_RULES))]
        if not all(is_env(n, *TABULARS) for n in content):
            return [env]
        inner.extend(n for n in content if isinstance(n, LatexEnvironmentNode))
    return [e for table in inner for e in _unstacked(table)] or [env]


def _tabular_rows(
    env: LatexEnvironmentNode, to_text: ToText
) -> list[tuple[list[str], list[int], bool]]:
    """Each row's cells, the columns of its bold cells, and whether a rule stands above it
    (`\\hline`, `\\midrule`, `\\hdashline`, `\\cdashline` before its first cell)."""
    rows = []
    ruled = False  # a rule before a row left empty stands above the next row
    for row_nodes in split_at(_without_cmidrules(list(env.nodelist)), ROW_BREAK, "tabularnewline"):
        cells: list[list[LatexNode]] = [[]]
        for node in row_nodes:
            if is_macro(node, *_ROW_RULES) and len(cells) == 1 and all(map(_blank, cells[0])):
                ruled = True
            if isinstance(node, LatexSpecialsNode) and node.specials_chars == "&":
                cells.append([])
            elif not is_macro(node, *_RULES):
                cells[-1].append(node)
        row: list[str] = []
        bold: list[int] = []
        for cell in cells:
            span = 1
            if len([n for n in cell if not _blank(n)]) == 1:
                only = next(n for n in cell if not _blank(n))
                if is_macro(only, "multicolumn"):
                    count = inner_text(arg(only, 0)).strip()
                    span = int(count) if count.isdigit() else 1
            content = _unwrap_cell(cell)
            if is_bold(content):
                bold.append(len(row))
            row.append(" ".join(to_text(content).split()))
            row.extend([""] * (span - 1))
        if any(c for c in row):
            rows.append((row, bold, ruled))
            ruled = False
    return rows


def _blank(node: LatexNode) -> bool:
    return isinstance(node, LatexCharsNode) and not node.chars.strip()


def _unwrap_cell(cell: list[LatexNode]) -> list[LatexNode]:
    out: list[LatexNode] = []
    for node in cell:
        if is_macro(node, "multicolumn", "multirow"):
            out.extend(inner_nodes(last_arg(node)))
        else:
            out.append(node)
    return out


def _without_cmidrules(nodes: list[LatexNode]) -> list[LatexNode]:
    """Drop booktabs' `\\cmidrule(lr){2-3}` whole. Its `(trim)` is no argument the tokenizer
    knows: it takes `(` as the macro's argument and leaves `lr)` and `{2-3}` behind as text.
    (Stripping "(...)" from cell text instead ate cells written `(4e-3)`.)"""
    out: list[LatexNode] = []
    state = ""  # "trim": inside `(lr)`; "range": the `{2-3}` after it is still to come
    for node in nodes:
        if is_macro(node, "cmidrule"):
            state = "trim" if node.latex_verbatim().rstrip().endswith("(") else ""
        elif state == "trim" and isinstance(node, LatexCharsNode) and ")" in node.chars:
            state = "range"
            rest = node.chars[node.chars.index(")") + 1 :]
            if rest.strip():
                state = ""
                out.append(_chars_tail(node, rest))
        elif state == "range" and isinstance(node, LatexGroupNode):
            state = ""
        elif state == "trim" or (state == "range" and _blank(node)):
            continue
        else:
            state = ""
            out.append(node)
    return out


def _chars_tail(node: LatexCharsNode, rest: str) -> LatexCharsNode:
    return LatexCharsNode(
        parsing_state=node.parsing_state,
        chars=rest,
        pos=node.pos + len(node.chars) - len(rest),
        len=len(rest),
    )


# Algorithm lines: algorithmic(x) statements start a line; algorithm2e lines end with \;
_KEYWORDS = {
    "State": "",
    "STATE": "",
    "Statex": "",
    "Require": "Require:",
    "REQUIRE": "Require:",
    "Ensure": "Ensure:",
    "ENSURE": "Ensure:",
    "Input": "Input:",
    "Output": "Output:",
    "KwIn": "Input:",
    "KwOut": "Output:",
    "KwData": "Data:",
    "KwResult": "Result:",
    "If": "if",
    "IF": "if",
    "ElsIf": "else if",
    "ELSIF": "else if",
    "Else": "else",
    "ELSE": "else",
    "EndIf": "end if",
    "ENDIF": "end if",
    "For": "for",
    "FOR": "for",
    "ForAll": "for all",
    "FORALL": "for all",
    "EndFor": "end for",
    "ENDFOR": "end for",
    "While": "while",
    "WHILE": "while",
    "EndWhile": "end while",
    "ENDWHILE": "end while",
    "Repeat": "repeat",
    "REPEAT": "repeat",
    "Until": "until",
    "UNTIL": "until",
    "Loop": "loop",
    "LOOP": "loop",
    "EndLoop": "end loop",
    "ENDLOOP": "end loop",
    "Return": "return",
    "RETURN": "return",
    "KwRet": "return",
    "Procedure": "procedure",
    "EndProcedure": "end procedure",
    "Function": "function",
    "EndFunction": "end function",
}


def algorithm_lines(nodes: list[LatexNode], to_text: ToText) -> list[str]:
    body = next((n.nodelist for n in walk(nodes) if is_env(n, "algorithmic")), None)
    if body is None:  # algorithm2e: statements directly in the float, ended by \;
        body = [n for n in nodes if not is_macro(n, "caption", "label")]
    lines: list[list[LatexNode]] = [[]]
    for node in body:
        if isinstance(node, LatexMacroNode) and node.macroname in _KEYWORDS:
            lines.append([node])
        elif is_macro(node, ";"):
            lines.append([])
        else:
            lines[-1].append(node)
    out = []
    for line in lines:
        if not line:
            continue
        head = line[0]
        prefix = ""
        rest = line
        if isinstance(head, LatexMacroNode) and head.macroname in _KEYWORDS:
            prefix = _KEYWORDS[head.macroname]
            rest = [a for a in (head.nodeargd.argnlist if head.nodeargd else []) if a] + line[1:]
        text = " ".join(f"{prefix} {to_text(rest)}".split())
        if text:
            out.append(text)
    return out

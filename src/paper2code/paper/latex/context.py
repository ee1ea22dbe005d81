"""The macro and environment argument specs the tokenizer needs to read papers.

pylatexenc knows standard LaTeX; these add the packages papers use (amsmath, booktabs,
multirow, cleveref, algorithmic, conference styles), so that each macro's arguments are parsed
as its arguments and not as stray text. Author macros are added per paper (see `macros.py`).
"""

from __future__ import annotations

from pylatexenc import latexwalker
from pylatexenc.macrospec import EnvironmentSpec, MacroSpec

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
    # floats and tables
    "caption": "[{",
    "captionof": "*{[{",
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
    "bibliography": "{",
    "bibliographystyle": "{",
    "bibitem": "[{",
    "vspace": "*{",
    "hspace": "*{",
    "resizebox": "*{{{",
    "scalebox": "{[{",
    "rotatebox": "[{{",
    "adjustbox": "{{",
    "textcolor": "{{",
    "colorbox": "{{",
    "definecolor": "{{{",
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
}


def latex_context(extra_macros: dict[str, str] | None = None) -> latexwalker.LatexContextDb:
    """The default pylatexenc context plus our specs plus a paper's own macro specs."""
    db = latexwalker.get_default_latex_context_db()
    db.add_context_category(
        "paper2code",
        prepend=True,
        macros=[MacroSpec(name, spec) for name, spec in _MACROS.items()],
        environments=[EnvironmentSpec(name, spec) for name, spec in _ENVIRONMENTS.items()],
    )
    if extra_macros:
        db.add_context_category(
            "paper-macros",
            prepend=True,
            macros=[MacroSpec(name, spec) for name, spec in extra_macros.items()],
        )
    return db


def walker(text: str, db: latexwalker.LatexContextDb) -> latexwalker.LatexWalker:
    # Tolerant: a real paper always has something the tokenizer does not expect; structural
    # errors we must report (unbalanced braces) are checked separately, with a line number.
    return latexwalker.LatexWalker(text, latex_context=db, tolerant_parsing=True)


def parse_nodes(text: str, db: latexwalker.LatexContextDb) -> list[latexwalker.LatexNode]:
    nodes, _, _ = walker(text, db).get_latex_nodes()
    return nodes

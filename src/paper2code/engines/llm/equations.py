"""The compiled equations index (`.paper2code/equations.json`) of the LLM engine's files: the
functions the model says compute a numbered equation, each kept only when the paper numbers
that equation and the file defines that function at module level. The LaTeX is the paper's,
never the model's: the checker computes the paper's equation and compares (P2C020-P2C022), and
what does not agree goes back to the model with the other findings."""

from __future__ import annotations

import ast

from paper2code.engines.base import EquationEntry, EquationParam
from paper2code.engines.builtin.recognise import cite_anchor
from paper2code.engines.llm.answers import EquationArgument, EquationFunction
from paper2code.paper.model import Equation, Paper


def module_of(path: str) -> str:
    """`src/model.py` is `src.model`, as the index's callables name it."""
    return path.removesuffix(".py").replace("/", ".")


def index_entries(
    paper: Paper, path: str, listed: list[EquationFunction], content: str
) -> tuple[list[EquationEntry], list[str]]:
    """The index entries of one file, and a note for each listed function left out."""
    defined = _module_functions(content)
    entries: list[EquationEntry] = []
    notes: list[str] = []
    for item in listed:
        element = paper.find(item.anchor)
        if not isinstance(element, Equation) or not element.numbered:
            notes.append(
                f"The model listed {path}: {item.function} as computing {item.anchor}, which is "
                "not a numbered equation of the paper; it is not in the equations index."
            )
            continue
        if item.function not in defined:
            notes.append(
                f"The model listed {item.function} as computing {item.anchor}, but {path} "
                "defines no such module-level function; it is not in the equations index."
            )
            continue
        entries.append(
            EquationEntry(
                anchor=cite_anchor(element),
                latex=element.latex,
                status="implemented",
                callable=f"{module_of(path)}:{item.function}",
                params=[_param(a) for a in item.arguments],
            )
        )
    return entries, notes


def listed_in(path: str, entries: list[EquationEntry]) -> list[EquationEntry]:
    """The entries whose callable `path` defines."""
    module = module_of(path)
    return [e for e in entries if (e.callable or "").partition(":")[0] == module]


def as_answers(entries: list[EquationEntry]) -> list[dict]:
    """Entries as the model lists them (for the repair prompt)."""
    return [
        EquationFunction(
            anchor=e.anchor,
            function=(e.callable or "").partition(":")[2],
            arguments=[
                EquationArgument(name=p.name, symbol=p.symbol, role=p.role, shape=p.shape)  # type: ignore[arg-type]
                for p in e.params
            ],
        ).model_dump()
        for e in entries
    ]


def _param(argument: EquationArgument) -> EquationParam:
    return EquationParam(
        name=argument.name, symbol=argument.symbol, role=argument.role, shape=argument.shape
    )


def _module_functions(content: str) -> set[str]:
    try:
        tree = ast.parse(content)
    except SyntaxError:  # the checker reports the file; nothing in it is listed
        return set()
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}

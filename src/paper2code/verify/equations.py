"""The compiled equations index judged by computing: does each listed function compute the
paper's equation at its anchor?

For every `implemented` entry of `.paper2code/equations.json`: the anchor must name an equation
of the paper (in the section it names), the entry's LaTeX must be that equation's, and the
callable must exist. Then the paper's own LaTeX is read by the math reader and evaluated with
NumPy on seeded random inputs of the stated shapes, the callable runs on the same inputs in the
box (`equation_runner`), and the two must agree. What the reader cannot compute, or what is not
run (`--no-run`, no torch here), is a note in the results, not a finding.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from paper2code import layout
from paper2code.equations.tokens import tokenize
from paper2code.execute import Limits, missing_requirements
from paper2code.paper.model import Equation, Paper
from paper2code.verify.equation_index import Entry, IndexUnreadable, read_index
from paper2code.verify.equation_inputs import NotComputable, definitions, draw, reference
from paper2code.verify.equation_runner import Call, Outcome, module_file, reachable, run_calls
from paper2code.verify.report import RULES, EquationResult, Finding

RTOL, ATOL = 1e-4, 1e-6
SEED = 0


@dataclass
class EquationCheck:
    index: bool  # whether the implementation carries an index
    findings: list[Finding]
    results: list[EquationResult]
    implemented: set[int]  # ids of the paper's Equation elements the index lists as implemented


@dataclass
class _Pending:
    entry: Entry
    expected: list[np.ndarray]
    args: dict
    where: tuple[str, int]


# What only running the listed functions finds: a wrong value, a call that fails or is refused.
EQUATION_RUN_RULES = frozenset({"P2C020", "P2C022"})


def check_equations(
    directory: Path, paper: Paper, *, strict: bool = False, run: bool = True
) -> EquationCheck:
    """Judge the index under `directory`; `run=False` checks anchors and LaTeX only."""
    judge = _Judge(Path(directory), paper, strict)
    try:
        index = read_index(judge.root)
    except IndexUnreadable as e:
        judge.add(layout.EQUATIONS_INDEX, 1, "P2C021", str(e))
        return EquationCheck(True, judge.findings, [], set())
    if index is None:
        return EquationCheck(False, [], [], set())
    pending = [p for e in index.entries if (p := judge.prepare(e)) is not None]
    if pending and not run:
        for p in pending:
            judge.note(p.entry, "not_run", "not run (--no-run): only its anchor and LaTeX read")
    elif pending:
        judge.compare(pending)
    results = [judge.results[id(e)] for e in index.entries if id(e) in judge.results]
    return EquationCheck(True, judge.findings, results, judge.implemented)


class _Judge:
    def __init__(self, root: Path, paper: Paper, strict: bool) -> None:
        self.root = root
        self.paper = paper
        self.strict = strict
        self.findings: list[Finding] = []
        self.results: dict[int, EquationResult] = {}  # by id of the entry
        self.implemented: set[int] = set()
        self.definitions = definitions(e.latex for e in paper.numbered_equations)

    def add(self, file: str, line: int, code: str, message: str) -> None:
        severity = "error" if self.strict else RULES[code].severity
        self.findings.append(Finding(file, line, code, severity, message))

    def result(
        self, entry: Entry, status: str, message: str, difference: float | None = None
    ) -> None:
        self.results[id(entry)] = EquationResult(
            entry.anchor, entry.callable, status, message, difference
        )

    def note(self, entry: Entry, status: str, message: str) -> None:
        self.result(entry, status, message)

    def fail(self, entry: Entry, where: tuple[str, int], code: str, message: str) -> None:
        self.add(*where, code, message)
        self.result(entry, "failed" if code == "P2C022" else "invalid", message)

    # ---- before running -----------------------------------------------------------------

    def prepare(self, entry: Entry) -> _Pending | None:
        """The entry's reference values and inputs, or None (with its finding or note)."""
        at_index = (layout.EQUATIONS_INDEX, entry.line)
        equation = self._equation(entry)
        if equation is None:
            return None
        if not entry.implemented:
            self.note(entry, "not_implemented", entry.reason or "listed as not implemented")
            return None
        self.implemented.add(id(equation))
        where = self._definition(entry) or at_index
        if _tokens(entry.latex) != _tokens(equation.latex):
            message = f"the index's LaTeX for {entry.anchor} is not the paper's equation there"
            self.fail(entry, where, "P2C021", message)
            return None
        if (missing := self._missing_callable(entry)) is not None:
            self.fail(entry, at_index, "P2C022", missing)
            return None
        rng = np.random.default_rng(SEED)
        try:
            inputs = draw(entry, rng)
            expected = reference(equation.latex, inputs.symbols, self.definitions)
            if not all(np.isfinite(e).all() for e in expected):
                # log, sqrt, powers of noise: draw again, positive
                inputs = draw(entry, rng, positive=True)
                expected = reference(equation.latex, inputs.symbols, self.definitions)
        except NotComputable as e:
            self.note(entry, "not_computable", f"not compared: {e}")
            return None
        if not all(np.isfinite(e).all() for e in expected):
            self.note(entry, "not_computable", "not compared: not finite on random inputs")
            return None
        return _Pending(entry, expected, inputs.args, where)

    def _equation(self, entry: Entry) -> Equation | None:
        """The paper's equation at the entry's anchor, or None after saying why not."""
        found = self.paper.find(entry.anchor)
        sections = [p.strip() for p in entry.anchor.split(",")[:-1] if p.strip()]
        if not isinstance(found, Equation) or not found.numbered:
            numbered = self.paper.numbered_equations
            has = (
                f"equations {numbered[0].number}–{numbered[-1].number}"
                if numbered
                else "no numbered equations"
            )
            message = f"the index lists {entry.anchor}, not an equation of the paper (it has {has})"
            self.fail(entry, (layout.EQUATIONS_INDEX, entry.line), "P2C021", message)
            return None
        for section in sections:
            if not self.paper.in_section(found, section):
                actual = found.section or "no section"
                message = f"the index lists {entry.anchor}, but {found.anchor} is in {actual}"
                self.fail(entry, (layout.EQUATIONS_INDEX, entry.line), "P2C021", message)
                return None
        return found

    def _missing_callable(self, entry: Entry) -> str | None:
        name = entry.callable or ""
        module, _, attr = name.partition(":")
        if not module or not attr:
            return f"{entry.anchor}: callable {name!r} is not of the form 'module:function'"
        path = module_file(self.root, module)
        if path is None:
            return f"{entry.anchor}: {name} names a module the implementation does not have"
        if _defined_at(path, attr.split(".")[0]) is None:
            rel = path.relative_to(self.root).as_posix()
            return f"{entry.anchor}: {rel} defines no {attr.split('.')[0]} ({name})"
        return None

    def _definition(self, entry: Entry) -> tuple[str, int] | None:
        """Where the callable is defined: the place a finding about its result points to."""
        module, _, attr = (entry.callable or "").partition(":")
        path = module_file(self.root, module) if module else None
        line = _defined_at(path, attr.split(".")[0]) if path and attr else None
        return (path.relative_to(self.root).as_posix(), line) if path and line else None

    # ---- running ------------------------------------------------------------------------

    def compare(self, pending: list[_Pending]) -> None:
        from paper2code.policy import refusals  # policy reads verify's Finding: import late

        refused = refusals(self.root)
        runnable: list[_Pending] = []
        for p in pending:
            module = (p.entry.callable or "").partition(":")[0]
            files = set(reachable(self.root, module))
            why = next((f for f in refused if f.file in files and f.cell is None), None)
            if why is not None:
                message = f"{p.entry.anchor}: {p.entry.callable} not run: {why.where} {why.message}"
                self.fail(p.entry, p.where, "P2C022", message)
            else:
                runnable.append(p)
        if not runnable:
            return
        calls = [Call(p.entry.callable or "", p.args) for p in runnable]
        outcomes = run_calls(self.root, calls, Limits.from_env())
        for p, outcome in zip(runnable, outcomes, strict=True):
            self._judge(p, outcome)

    def _judge(self, p: _Pending, outcome: Outcome) -> None:
        entry = p.entry
        if not outcome.ok:
            if missing_requirements() and "No module named" in outcome.error:
                self.note(entry, "not_run", f"not run: {outcome.error} (install requirements.txt)")
                return
            what = {"import": "cannot be imported", "call": "raised"}.get(outcome.stage, "failed")
            message = f"{entry.anchor}: {entry.callable} {what}: {outcome.error}"
            self.fail(entry, p.where, "P2C022", message)
            return
        problem = _difference(p.expected, outcome.outputs)
        if isinstance(problem, str):
            message = f"code does not compute {entry.anchor}: {problem}"
            self.add(*p.where, "P2C020", message)
            self.result(entry, "mismatch", message)
            return
        if problem > ATOL + RTOL * max(float(np.abs(e).max(initial=0)) for e in p.expected):
            message = f"code does not compute {entry.anchor} (largest difference {problem:.2g})"
            self.add(*p.where, "P2C020", message)
            status = "mismatch"
        else:
            message, status = f"{entry.callable} computes {entry.anchor}", "match"
        self.result(entry, status, message, problem)


def _difference(expected: list[np.ndarray], got: list[np.ndarray]) -> float | str:
    """The largest absolute difference, or what makes the outputs incomparable."""
    if len(expected) != len(got):
        return f"it returns {len(got)} value(s), the equation gives {len(expected)}"
    largest = 0.0
    for e, g in zip(expected, got, strict=True):
        try:
            shape = np.broadcast_shapes(e.shape, g.shape)
        except ValueError:
            shape = None
        if shape != g.shape:
            return f"it returns shape {g.shape}, the equation gives {e.shape}"
        if not np.isfinite(g).all():
            return "it returns values that are not finite"
        largest = max(largest, float(np.abs(np.broadcast_to(e, shape) - g).max(initial=0)))
    return largest


def _tokens(latex: str) -> list[str]:
    """An equation's LaTeX without what only places ink (spacing, labels, sizes, `&`)."""
    return [t for t in tokenize(latex) if t not in {"&", "\\\\"}]


def _defined_at(path: Path, name: str) -> int | None:
    """The line where a module defines `name` at its top level (def, class or assignment)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except SyntaxError:
        return None
    for node in tree.body:
        if name in _names(node):
            return node.lineno
    return None


def _names(node: ast.stmt) -> set[str]:
    """The top-level names one statement binds."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {t.id for t in targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.ImportFrom | ast.Import):
        return {a.asname or a.name.split(".")[0] for a in node.names}
    return set()

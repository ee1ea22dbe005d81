"""Findings, coverage and the report `check` returns; the rule codes and their JSON schema.

JSON (`Report.to_dict`, schema "paper2code.check/1"):

    {"schema": "paper2code.check/1", "ok": bool, "strict": bool,
     "summary": {"files": int, "errors": int, "warnings": int},
     "coverage": {"equations": {"cited": int, "total": int, "share": float | null,
                                "missing": [str]},
                  "hyperparameters": {... same keys ...}},
     "findings": [{"file": str, "line": int, "cell": int | null, "rule": "P2C001",
                   "severity": "error" | "warning", "message": str}],
     "equations": {"index": bool,
                   "results": [{"anchor": str, "callable": str | null, "status": "match" |
                                "mismatch" | "failed" | "invalid" | "not_computable" |
                                "not_run" | "not_implemented", "message": str,
                                "largest_difference": float | null}]}}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA = "paper2code.check/1"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # without --strict; --strict turns every warning into an error
    summary: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("P2C000", "unreadable-file", "error", "a file is not valid Python, YAML or JSON"),
        Rule("P2C001", "malformed-tag", "error", "a citation or flag breaks the tag grammar"),
        Rule("P2C002", "dangling-anchor", "error", "the cited section or element does not exist"),
        Rule("P2C003", "misplaced-anchor", "error", "`§X, Eq. N` where Eq. N is not in §X"),
        Rule("P2C004", "quote-not-found", "error", "a quoted passage is not in the paper"),
        Rule("P2C005", "quote-misplaced", "error", "a quote is in the paper, not where cited"),
        Rule("P2C006", "value-mismatch", "error", "a cited value is not stated at the anchor"),
        Rule("P2C007", "silent-assumption", "warning", "a chosen value cites and flags nothing"),
        Rule("P2C008", "flag-without-reason", "warning", "a flag lacks its reason"),
        Rule("P2C009", "unverified", "error", "a line marked [UNVERIFIED]: its check failed"),
        # reported by `paper2code run` only (policy.py), on generated code, before it runs
        Rule("P2C010", "refused-code", "error", "generated code the execution policy refuses"),
        Rule("P2C011", "too-deep", "error", "a file nested too deeply to check"),
        Rule("P2C012", "quote-not-stating", "error", "a cited quote does not state the value"),
        Rule("P2C013", "stated-unspecified", "error", "[UNSPECIFIED] on a value the paper states"),
        Rule("P2C014", "contradicts-paper", "error", "a cited value the paper states otherwise"),
        # the compiled equations index (.paper2code/equations.json), judged by computing
        Rule("P2C020", "equation-mismatch", "error", "a listed function does not compute it"),
        Rule("P2C021", "index-mismatch", "error", "an index entry's anchor or LaTeX is wrong"),
        Rule("P2C022", "callable-failed", "error", "a listed function is missing or fails"),
        Rule("P2C023", "uncomputed-citation", "warning", "code cites an equation not computed"),
    )
}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    rule: str
    severity: str
    message: str
    cell: int | None = None  # notebooks: 1-based cell index; `line` is then within the cell

    @property
    def where(self) -> str:
        cell = f":cell {self.cell}" if self.cell is not None else ""
        return f"{self.file}{cell}:{self.line}"


@dataclass(frozen=True)
class EquationResult:
    """What the checker made of one index entry."""

    anchor: str
    callable: str | None
    # match | mismatch | failed (missing, not importable, raised, refused) | invalid (the
    # anchor or LaTeX is wrong) | not_computable | not_run | not_implemented
    status: str
    message: str = ""
    largest_difference: float | None = None

    @property
    def note(self) -> bool:
        """Neither proven nor refuted: said in the report, never an error."""
        return self.status in {"not_computable", "not_run", "not_implemented"}


@dataclass
class CoverageCount:
    cited: int
    total: int
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.cited / self.total if self.total else None


@dataclass
class Coverage:
    equations: CoverageCount
    hyperparameters: CoverageCount

    def to_dict(self) -> dict:
        return {
            name: {**asdict(count), "share": count.share}
            for name, count in (
                ("equations", self.equations),
                ("hyperparameters", self.hyperparameters),
            )
        }


@dataclass
class Report:
    findings: list[Finding]
    coverage: Coverage
    strict: bool = False
    files: int = 0
    equations_index: bool = False  # the implementation carries .paper2code/equations.json
    equations: list[EquationResult] = field(default_factory=list)  # one per index entry

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def ok(self) -> bool:
        """No errors; under strict, warnings were already promoted to errors."""
        return self.errors == 0

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "ok": self.ok,
            "strict": self.strict,
            "summary": {"files": self.files, "errors": self.errors, "warnings": self.warnings},
            "coverage": self.coverage.to_dict(),
            "findings": [
                {k: getattr(f, k) for k in ("file", "line", "cell", "rule", "severity", "message")}
                for f in self.findings
            ],
            "equations": {
                "index": self.equations_index,
                "results": [asdict(r) for r in self.equations],
            },
        }

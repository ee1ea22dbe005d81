"""Config values and the comment that cites or flags each one.

A value comes, in this order, from: a finding of the analysis (the paper states it: cite the
anchor and quote it); a conflict (several stated values: `[PARTIALLY_SPECIFIED]`, first one used);
the ambiguity audit (SPECIFIED / PARTIALLY_SPECIFIED / UNSPECIFIED with its rationale); or the
library's own default, flagged `[UNSPECIFIED]` (or `[ASSUMPTION]` when derived from another
value) with why and the alternatives. Nothing reaches `configs/base.yaml` without one of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from paper2code.analyse.model import Analysis, AuditItem, Finding, Status
from paper2code.engines.base import ConfigEntry


@dataclass(frozen=True)
class Default:
    """What the library uses when the paper is silent, and why."""

    value: Any
    choice: str  # "LayerNorm epsilon"
    rationale: str  # "PyTorch's default"
    alternatives: tuple[str, ...] = ()
    tag: str = "UNSPECIFIED"  # or "ASSUMPTION" for a value inferred from another one

    def __post_init__(self) -> None:
        # the checker requires an [UNSPECIFIED] value to name its alternatives
        if self.tag == "UNSPECIFIED" and not self.alternatives:
            raise ValueError(f"{self.choice}: an unspecified default needs alternatives")


SMOKE_COMMENT = "[ASSUMPTION] CPU-sized value for the smoke check, not from the paper"


def _alternatives(items: list[str] | tuple[str, ...]) -> str:
    return f" Alternatives: {', '.join(str(a) for a in items)}." if items else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _number(value: Any) -> Any:
    """Findings parse "100K" to 100000.0; a config reads better with 100000."""
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1:
        return int(value)
    return value


@dataclass
class Values:
    """Resolves config values for one paper and records each as a `ConfigEntry`."""

    analysis: Analysis
    context: str | None = None  # the model variant to prefer ("base") when findings differ
    entries: list[ConfigEntry] = field(default_factory=list)

    def finding(self, name: str) -> Finding | None:
        return self.analysis.value(name, self.context)

    def stated(self, name: str) -> bool:
        return self.finding(name) is not None

    def add(self, path: tuple[str, ...], value: Any, comment: str) -> Any:
        self.entries.append(ConfigEntry(path=path, value=value, comment=comment))
        return value

    def resolve(
        self,
        path: tuple[str, ...],
        default: Default,
        *,
        name: str | None = None,
        audit_key: str | None = None,
    ) -> Any:
        """The value for `path` (a finding `name`, else audit item `audit_key`, else the
        default), added to the config with its citation; returns the value."""
        name = name or path[-1]
        conflict = next((c for c in self.analysis.conflicts if c.name == name), None)
        if conflict is not None and conflict.findings:
            return self._conflict(path, conflict.findings, conflict.note)
        found = self.finding(name)
        if found is not None:
            return self.add(path, _number(found.value), f'{found.anchor} — "{found.quote}"')
        item = self.analysis.item(audit_key or name)
        if item is not None and item.value is not None:
            return self.add(path, _number(item.value), audit_comment(item))
        tag = f"[{default.tag}]"
        verb = "inferred" if default.tag == "ASSUMPTION" else "not stated in the paper"
        comment = (
            f"{tag} {default.choice} {verb}; {_sentence(default.rationale)}"
            f"{_alternatives(default.alternatives)}"
        )
        return self.add(path, default.value, comment)

    def resolve_all(
        self,
        table: list[tuple[tuple[str, ...], Default]],
        audit_keys: dict[str, str] | None = None,
    ) -> None:
        """`resolve` each (path, default) of a table; `audit_keys` maps a config key to the
        audit item that decides it when the two names differ."""
        for path, default in table:
            self.resolve(path, default, audit_key=(audit_keys or {}).get(path[-1]))

    def add_smoke(self, sizes: dict[tuple[str, ...], Any]) -> None:
        """The CPU-sized `smoke:` values: never the paper's, flagged as such."""
        for path, value in sizes.items():
            self.add(("smoke", *path), value, SMOKE_COMMENT)

    def _conflict(self, path: tuple[str, ...], findings: list[Finding], note: str) -> Any:
        first, others = findings[0], findings[1:]
        stated = "; ".join(f'{f.raw} ({f.anchor}, "{f.quote}")' for f in findings)
        comment = (
            f"[PARTIALLY_SPECIFIED] the paper states several values: {stated}; using the first."
            f"{' ' + _sentence(note) if note else ''}"
            f"{_alternatives([str(f.raw) for f in others])}"
        )
        return self.add(path, _number(first.value), comment)


def audit_comment(item: AuditItem) -> str:
    """The config comment for an audit item, in the tag conventions."""
    quote = f'"{item.quote}"' if item.quote else ""
    if item.status is Status.SPECIFIED and item.anchor:
        return f"{item.anchor} — {quote or item.choice}"
    if item.status is Status.PARTIALLY_SPECIFIED:
        where = f"{item.anchor} — {quote}; " if item.anchor and quote else ""
        return (
            f"[PARTIALLY_SPECIFIED] {item.choice}: {where}{_sentence(item.rationale)}"
            f"{_alternatives(item.alternatives)}"
        )
    return (
        f"[UNSPECIFIED] {item.choice} not stated in the paper; {_sentence(item.rationale)}"
        f"{_alternatives(item.alternatives)}"
    )

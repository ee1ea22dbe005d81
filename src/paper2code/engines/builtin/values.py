"""Config values and the comment that cites or flags each one.

A value comes, in this order, from: the value the config's setting of the method states
(`analyse.settings`: the main one for configs/base.yaml); a stated hyperparameter of the
analysis (cite its anchor and quote it), never one stated for a baseline or another setting;
a conflict (several stated values: `[PARTIALLY_SPECIFIED]`, first one used); the ambiguity
audit (SPECIFIED / PARTIALLY_SPECIFIED / UNSPECIFIED with its rationale); or the library's own
default, flagged `[UNSPECIFIED]` (or `[ASSUMPTION]` when derived from another value) with why
and the alternatives. Nothing reaches `configs/base.yaml` without one of these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from paper2code.analyse.hyperparams import find_conflicts
from paper2code.analyse.model import (
    Analysis,
    AuditItem,
    Conflict,
    StatedHyperparameter,
    StatedValue,
    Status,
)
from paper2code.analyse.settings import Setting, Settings
from paper2code.engines.base import ConfigEntry
from paper2code.escape import quoted
from paper2code.paper.numbers import parse_number

Convert = Callable[[Any], Any]  # an audit item's value -> the config value, None if unsupported


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
    context: str | None = None  # the model variant to prefer ("base") when stated values differ
    entries: list[ConfigEntry] = field(default_factory=list)
    deviations: list[str] = field(default_factory=list)  # the paper's choices we could not build
    # The method's settings and the one this config is for (None: the main one): its values
    # come first, and a value the paper states for another setting or a baseline is never used.
    settings: Settings = field(default_factory=Settings)
    setting: Setting | None = None

    def _own(self, name: str) -> StatedValue | None:
        """The one value this config's setting states for `name`, if it states one."""
        setting = self.setting or self.settings.main
        own = setting.value(name) if setting is not None else None
        return None if own is None or isinstance(own.value, list) else own

    def stated_value(self, name: str) -> StatedHyperparameter | None:
        own = self._own(name)
        if own is not None:
            return _as_hyperparameter(own, self.setting or self.settings.main)
        found = self._usable(self.analysis.values(name))
        if self.context is not None:
            found = [f for f in found if f.context == self.context] or found
        return found[0] if found else None

    def _usable(self, hyperparameters: list[StatedHyperparameter]) -> list[StatedHyperparameter]:
        """The stated values this setting's config may take: not a baseline's or another
        setting's."""
        return [f for f in hyperparameters if not self.settings.foreign(f, self.setting)]

    def _conflict(self, name: str) -> Conflict | None:
        """The paper's several values for `name`, once another setting's and the baselines'
        are set aside and when this setting does not state its own."""
        conflict = next((c for c in self.analysis.conflicts if c.name == name), None)
        if conflict is None or self._own(name) is not None:
            return None
        usable = self._usable(conflict.hyperparameters)
        if len(usable) == len(conflict.hyperparameters):
            return conflict
        kept = find_conflicts(usable)  # what is left may be one value, or still several
        return kept[0] if kept else None

    def stated(self, name: str) -> bool:
        return self.stated_value(name) is not None

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
        convert: Convert | None = None,
    ) -> Any:
        """The value for `path` (the stated hyperparameter `name`, else audit item `audit_key`,
        else the default), added to the config with its citation; returns the value.

        The audit speaks the knowledge base's words ("pre-norm", "sigma_t^2 = beta_t");
        `convert` turns them into what the generated code reads (default: a number when the
        default is one). A choice the library cannot build keeps the default, and says so."""
        name = name or path[-1]
        conflict = self._conflict(name)
        if conflict is not None:
            return self._several(path, conflict.hyperparameters, conflict.note, default, convert)
        found = self.stated_value(name)
        if found is not None:
            value = _usable(found.value, default, convert)
            if value is not None:
                comment = f"{found.anchor} — {quoted(found.quote)}{_renamed(value, found.raw)}"
                return self.add(path, _number(value), comment)
            comment = (
                f"[PARTIALLY_SPECIFIED] {default.choice}: {found.anchor} — {quoted(found.quote)} "
                f"is not a value the generated code can take; {default.value} is used. "
                f"Alternatives: {found.raw}."
            )
            return self.add(path, default.value, comment)
        item = self.analysis.item(audit_key or name)
        if item is not None and self._foreign_item(item, name):
            item = None
        if item is not None and item.value is not None:
            value = (convert or _like(default.value))(item.value)
            if value is not None:
                cited = item.status is Status.SPECIFIED and item.anchor
                renamed = _renamed(value, item.value) if cited else ""
                return self.add(path, _number(value), audit_comment(item) + renamed)
            if item.status is not Status.UNSPECIFIED:
                where = f" ({item.anchor})" if item.anchor else ""
                self.deviations.append(
                    f"{item.choice}: the paper uses {item.value}{where}; the built-in library "
                    f"implements {default.value} instead (`{'.'.join(path)}` in configs/base.yaml)."
                )
            return self.add(path, default.value, unsupported_comment(item, default))
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
        converts: dict[str, Convert] | None = None,
    ) -> None:
        """`resolve` each (path, default) of a table; `audit_keys` maps a config key to the
        audit item that decides it when the two names differ, `converts` to its conversion."""
        for path, default in table:
            key = path[-1]
            self.resolve(
                path,
                default,
                audit_key=(audit_keys or {}).get(key),
                convert=(converts or {}).get(key),
            )

    def _foreign_item(self, item: AuditItem, name: str) -> bool:
        """An audit item that settles a choice with another setting's or a baseline's value."""
        return item.status is Status.SPECIFIED and any(
            f.anchor == item.anchor and str(f.value) == str(item.value)
            for f in self.analysis.values(name)
            if self.settings.foreign(f, self.setting)
        )

    def add_smoke(self, sizes: dict[tuple[str, ...], Any]) -> None:
        """The CPU-sized `smoke:` values: never the paper's, flagged as such."""
        for path, value in sizes.items():
            self.add(("smoke", *path), value, SMOKE_COMMENT)

    def _several(
        self,
        path: tuple[str, ...],
        hyperparameters: list[StatedHyperparameter],
        note: str,
        default: Default,
        convert: Convert | None,
    ) -> Any:
        first, others = hyperparameters[0], hyperparameters[1:]
        stated = "; ".join(f"{f.raw} ({f.anchor}, {quoted(f.quote)})" for f in hyperparameters)
        # The first value in the form the code reads, like a single stated value: a word the
        # library has no code for ("cosine" for a schedule) keeps the default, and says so.
        value = _usable(first.value, default, convert)
        using, alternatives = "using the first", others
        if value is None:
            value, using, alternatives = default.value, f"{default.value} is used", hyperparameters
        comment = (
            f"[PARTIALLY_SPECIFIED] the paper states several values: {stated}; {using}."
            f"{' ' + _sentence(note) if note else ''}"
            f"{_alternatives([str(f.raw) for f in alternatives])}"
        )
        return self.add(path, _number(value), comment)


def _as_hyperparameter(v: StatedValue, setting: Setting | None) -> StatedHyperparameter:
    """A setting's stated value in the form the config is resolved from."""
    name = v.canonical or v.name
    context = setting.name if setting is not None else None
    return StatedHyperparameter(name, v.value, v.raw, v.quote, v.anchor, v.unit, context)  # type: ignore[arg-type]


def _renamed(value: Any, said: Any) -> str:
    """When the config names what the paper says in the library's word ("constant" runs as
    `linear_warmup`), the comment says so: the quote states the paper's word, not ours, and
    the checker takes a `derived` value as declared rather than compare it with the quote."""
    ours, theirs = _words(str(value)), _words(str(said))
    if not isinstance(value, str) or ours in (theirs, theirs[:1]):  # "pre" for "pre-norm"
        return ""
    return f"; {value} is derived: the library's name for {said}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _usable(value: Any, default: Default, convert: Convert | None) -> Any:
    """A stated value in the form the code reads: as is when it already has the default's
    kind, else converted (None: the code cannot use it)."""
    numeric = isinstance(default.value, int | float) and not isinstance(default.value, bool)
    if numeric and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if not numeric and convert is None and type(value) is type(default.value):
        return value
    return (convert or _like(default.value))(value)


def _like(example: Any) -> Convert:
    """The default conversion: numbers for a numeric default, nothing else."""
    if isinstance(example, bool) or not isinstance(example, int | float):
        return lambda value: None
    return lambda value: (
        value
        if isinstance(value, int | float) and not isinstance(value, bool)
        else parse_number(str(value))
    )


def choices(*pairs: tuple[str, Any]) -> Convert:
    """A conversion by regex on the audit's words: the first matching pattern's value."""

    def convert(value: Any) -> Any:
        text = str(value).lower()
        return next((ours for pattern, ours in pairs if re.search(pattern, text)), None)

    return convert


def unsupported_comment(item: AuditItem, default: Default) -> str:
    """The audit's choice is not something the library builds: the default stands, flagged."""
    if item.status is Status.UNSPECIFIED:
        return (
            f"[UNSPECIFIED] {_silent(item)}"
            f" The library's nearest choice is {default.value}."
            f"{_alternatives([str(item.value), *item.alternatives])}"
        )
    where = f" ({item.anchor} — {quoted(item.quote)})" if item.anchor and item.quote else ""
    return (
        f"[ASSUMPTION] {item.choice}: the paper's choice, {item.value}{where}, is not in the "
        f"built-in library, so {default.value} is used. Alternatives: {item.value}."
    )


def audit_comment(item: AuditItem) -> str:
    """The config comment for an audit item, in the tag conventions."""
    quote = quoted(item.quote) if item.quote else ""
    if item.status is Status.SPECIFIED and item.anchor:
        return f"{item.anchor} — {quote or item.choice}"
    if item.status is Status.PARTIALLY_SPECIFIED:
        where = f"{item.anchor} — {quote}; " if item.anchor and quote else ""
        return (
            f"[PARTIALLY_SPECIFIED] {item.choice}: {where}{_sentence(item.rationale)}"
            f"{_alternatives(item.alternatives)}"
        )
    return f"[UNSPECIFIED] {_silent(item)}{_alternatives(item.alternatives)}"


def _silent(item: AuditItem) -> str:
    """ "<choice> not stated in the paper; <why>." without saying "not stated" twice (the
    knowledge base's rationales often begin with it)."""
    why = _sentence(item.rationale)
    if why.lower().startswith("not stated in the paper"):
        why = why[len("not stated in the paper") :].lstrip(";,. ")
    return f"{item.choice} not stated in the paper; {why}" if why else f"{item.choice} not stated."

"""The knowledge base: what a reproduction must decide, and how a paper names its values.

Plain YAML data shipped inside the package (one file per group of component families, plus
`hyperparameters.yaml` for the vocabulary), read once into typed, frozen dataclasses:

- `Hyperparameter`: a canonical name (`learning_rate`), the phrases, count nouns and LaTeX
  symbols papers use for it, its value type, plausible range and unit.
- `Family`: a component family (`attention`, `diffusion`, ...) with the section titles,
  sentences and equations that show a paper uses it, and its `Choice`s.
- `Choice`: one implementation decision (`norm_position`, `adam_eps`) with our default, why,
  the alternatives, and the patterns that show a paper SPECIFIED it or only PARTIALLY did.
- `aliases.yaml`: the config keys implementations use for canonical names (`lr`,
  `num_encoder_layers`), so the checker knows which setting a config value is.

To add an entry, edit the YAML; `load_knowledge()` validates every file (regexes compile,
referenced hyperparameters exist, keys are unique) and raises `KnowledgeError` naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

Value = int | float | str | bool

VOCABULARY_FILE = "hyperparameters.yaml"
ALIASES_FILE = "aliases.yaml"


class KnowledgeError(ValueError):
    """A knowledge-base file is malformed: a bug in the package data, not the user's input."""


@dataclass(frozen=True)
class Hyperparameter:
    name: str
    family: str
    description: str
    type: str  # "int", "float" or "category"
    range: tuple[float, float] | None = None  # inclusive; values outside are not this name
    unit: str | None = None  # the unit every value has ("steps"), if fixed
    units: tuple[str, ...] = ()  # words that may follow a value and say what it counts
    names: tuple[str, ...] = ()  # phrases followed by their value
    counts: tuple[str, ...] = ()  # nouns preceded by their value
    symbols: tuple[str, ...] = ()  # LaTeX symbols set with "="
    weak_names: tuple[str, ...] = ()  # as above, only when the sentence matches `requires`
    weak_counts: tuple[str, ...] = ()
    weak_symbols: tuple[str, ...] = ()
    requires: re.Pattern[str] | None = None
    values: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)  # categories
    redirect: dict[str, str] = field(default_factory=dict)  # unit word -> other name

    @property
    def categorical(self) -> bool:
        return self.type == "category"

    def accepts(self, value: float) -> bool:
        """Whether a number can be this hyperparameter's value (type and range)."""
        if self.type == "int" and value != int(value):
            return False
        if self.range is None:
            return True
        low, high = self.range
        return low <= value <= high


@dataclass(frozen=True)
class Pattern:
    """A sentence pattern with the value it settles a choice to, or what it leaves open."""

    regex: re.Pattern[str]
    value: Value | None = None  # "stated": the matched text (its group `v` if it has one)
    note: str = ""


@dataclass(frozen=True)
class FamilyDefault:
    """A family's own default for a choice shared by several families: a diffusion U-Net's
    learning rate is not a small Transformer's."""

    family: str
    default: Value
    why: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    key: str
    family: str
    name: str
    default: Value
    why: str
    alternatives: tuple[str, ...] = ()
    hyperparameters: tuple[str, ...] = ()  # stated values of these make the choice SPECIFIED
    specified: tuple[Pattern, ...] = ()
    partial: tuple[Pattern, ...] = ()
    needs: Pattern | None = None  # a stated value is PARTIALLY specified unless this matches
    only_if: re.Pattern[str] | None = None  # the choice applies only to papers matching this
    for_families: tuple[FamilyDefault, ...] = ()  # defaults of the families that differ

    def under(self, families: Iterable[str]) -> Choice:
        """This choice with the default of the first of `families` that has its own: the
        audit and the library read the same one."""
        for name in families:
            own = next((d for d in self.for_families if d.family == name), None)
            if own is not None:
                return replace(
                    self, default=own.default, why=own.why, alternatives=own.alternatives
                )
        return self


@dataclass(frozen=True)
class Family:
    name: str
    title: str
    titles: tuple[re.Pattern[str], ...] = ()
    text: tuple[re.Pattern[str], ...] = ()
    equations: tuple[re.Pattern[str], ...] = ()
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True, eq=False)  # hashed by identity: analysis caches compiled patterns per KB
class KnowledgeBase:
    families: tuple[Family, ...]
    hyperparameters: tuple[Hyperparameter, ...]
    config_keys: dict[str, str] = field(default_factory=dict)  # config key -> canonical name

    def family(self, name: str) -> Family:
        for fam in self.families:
            if fam.name == name:
                return fam
        raise KeyError(name)

    def hyperparameter(self, name: str) -> Hyperparameter:
        for hp in self.hyperparameters:
            if hp.name == name:
                return hp
        raise KeyError(name)

    @property
    def choices(self) -> list[Choice]:
        return [c for fam in self.families for c in fam.choices]

    def choice(self, key: str) -> Choice:
        for c in self.choices:
            if c.key == key:
                return c
        raise KeyError(key)

    def canonical_key(self, key: str) -> str | None:
        """The hyperparameter or choice a config key sets (`lr` -> `learning_rate`), None
        when the knowledge base does not know the key."""
        return key if key in self._names else self.config_keys.get(key)

    @cached_property
    def _names(self) -> frozenset[str]:
        """Every hyperparameter name and choice key, for `canonical_key`'s many questions."""
        return frozenset(self.hyperparameter_names) | {c.key for c in self.choices}

    def value_words(self, name: str) -> dict[str, tuple[re.Pattern[str], ...]]:
        """The words that state each value of a named choice: a categorical hyperparameter's
        `values` (adam <- "Adam"), a choice's `specified` patterns that give a worded value
        (rope <- "rotary|RoPE"); both when a name is both."""
        words: dict[str, tuple[re.Pattern[str], ...]] = {}
        for hp in self.hyperparameters:
            if hp.name == name:
                words.update(hp.values)
        for c in self.choices:
            if c.key != name:
                continue
            for p in c.specified:
                if isinstance(p.value, str) and p.value != "stated":
                    words[p.value] = words.get(p.value, ()) + (p.regex,)
        return words

    @property
    def family_names(self) -> list[str]:
        return [fam.name for fam in self.families]

    @property
    def hyperparameter_names(self) -> list[str]:
        return [hp.name for hp in self.hyperparameters]


# ---- loading ------------------------------------------------------------------------------


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise KnowledgeError(f"{where}: bad regex {pattern!r}: {e}") from e


def _strings(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        raise KnowledgeError(f"{where}: expected a list of strings")
    return tuple(raw)


def _pattern(raw: object, where: str) -> Pattern:
    if not isinstance(raw, dict) or "pattern" not in raw:
        raise KnowledgeError(f"{where}: expected {{pattern: ..., value|note: ...}}")
    return Pattern(_compile(raw["pattern"], where), raw.get("value"), raw.get("note", ""))


def _hyperparameter(raw: dict, where: str) -> Hyperparameter:
    where = f"{where}: {raw.get('name', '?')}"
    if raw.get("type") not in ("int", "float", "category"):
        raise KnowledgeError(f"{where}: type must be int, float or category")
    rng = raw.get("range")
    values = {  # whole words only: "LAMB" is not the start of "\lambda"
        str(label): tuple(
            _compile(rf"(?<![A-Za-z\\])(?:{p})(?![A-Za-z])", where) for p in _strings(pats, where)
        )
        for label, pats in (raw.get("values") or {}).items()
    }
    return Hyperparameter(
        name=raw["name"],
        family=raw["family"],
        description=raw.get("description", ""),
        type=raw["type"],
        range=(float(rng[0]), float(rng[1])) if rng else None,
        unit=raw.get("unit"),
        units=_strings(raw.get("units"), where),
        names=_strings(raw.get("names"), where),
        counts=_strings(raw.get("counts"), where),
        symbols=_strings(raw.get("symbols"), where),
        weak_names=_strings(raw.get("weak_names"), where),
        weak_counts=_strings(raw.get("weak_counts"), where),
        weak_symbols=_strings(raw.get("weak_symbols"), where),
        requires=_compile(raw["requires"], where) if raw.get("requires") else None,
        values=values,
        redirect=dict(raw.get("redirect") or {}),
    )


def _choice(raw: dict, family: str, where: str) -> Choice:
    where = f"{where}: {raw.get('key', '?')}"
    for required in ("key", "name", "default", "why"):
        if required not in raw:
            raise KnowledgeError(f"{where}: missing {required!r}")
    hps = raw.get("hyperparameter")
    hps = (hps,) if isinstance(hps, str) else _strings(hps, where)
    return Choice(
        key=raw["key"],
        family=family,
        name=raw["name"],
        default=raw["default"],
        why=raw["why"],
        alternatives=_strings(raw.get("alternatives"), where),
        hyperparameters=hps,
        specified=tuple(_pattern(p, where) for p in raw.get("specified") or []),
        partial=tuple(_pattern(p, where) for p in raw.get("partial") or []),
        needs=_pattern(raw["needs"], where) if raw.get("needs") else None,
        only_if=_compile(raw["only_if"], where) if raw.get("only_if") else None,
        for_families=tuple(
            _family_default(name, own, where) for name, own in (raw.get("for") or {}).items()
        ),
    )


def _family_default(family: str, raw: object, where: str) -> FamilyDefault:
    where = f"{where}: for {family}"
    if not isinstance(raw, dict) or "default" not in raw or "why" not in raw:
        raise KnowledgeError(f"{where}: expected {{default: ..., why: ..., alternatives: ...}}")
    return FamilyDefault(
        family, raw["default"], raw["why"], _strings(raw.get("alternatives"), where)
    )


def _family(raw: dict, where: str) -> Family:
    name = raw.get("name")
    if not name:
        raise KnowledgeError(f"{where}: a family needs a name")
    detect = raw.get("detect") or {}
    return Family(
        name=name,
        title=raw.get("title", name),
        titles=tuple(_compile(p, where) for p in _strings(detect.get("titles"), where)),
        text=tuple(_compile(p, where) for p in _strings(detect.get("text"), where)),
        equations=tuple(_compile(p, where) for p in _strings(detect.get("equations"), where)),
        choices=tuple(_choice(c, name, where) for c in raw.get("choices") or []),
    )


def _read(name: str) -> dict:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as e:
        raise KnowledgeError(f"{name}: {e}") from e
    if not isinstance(data, dict):
        raise KnowledgeError(f"{name}: expected a mapping at the top")
    return data


def _config_keys(raw: object) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise KnowledgeError(f"{ALIASES_FILE}: keys must map a config key to a name")
    return {str(k): v for k, v in raw.items()}


def _validate(kb: KnowledgeBase) -> None:
    names = kb.hyperparameter_names
    if len(set(names)) != len(names):
        raise KnowledgeError(f"{VOCABULARY_FILE}: duplicate hyperparameter names")
    families = kb.family_names
    if len(set(families)) != len(families):
        raise KnowledgeError("duplicate family names")
    keys = [c.key for c in kb.choices]
    if len(set(keys)) != len(keys):
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        raise KnowledgeError(f"duplicate choice keys: {dupes}")
    for c in kb.choices:
        for hp in c.hyperparameters:
            if hp not in names:
                raise KnowledgeError(f"choice {c.key}: unknown hyperparameter {hp!r}")
        for own in c.for_families:
            if own.family not in families:
                raise KnowledgeError(f"choice {c.key}: default for unknown family {own.family!r}")
    for hp in kb.hyperparameters:
        if hp.family not in families:
            raise KnowledgeError(f"hyperparameter {hp.name}: unknown family {hp.family!r}")
        for target in hp.redirect.values():
            if target not in names:
                raise KnowledgeError(f"hyperparameter {hp.name}: unknown redirect {target!r}")
    for key, target in kb.config_keys.items():
        if target not in names and target not in keys:
            raise KnowledgeError(f"{ALIASES_FILE}: {key}: unknown name {target!r}")


@lru_cache(maxsize=1)
def load_knowledge() -> KnowledgeBase:
    """Every YAML file of the knowledge base, validated; cached for the process."""
    files = sorted(
        f.name
        for f in resources.files(__package__).iterdir()
        if f.name.endswith(".yaml") and f.name not in (VOCABULARY_FILE, ALIASES_FILE)
    )
    families: list[Family] = []
    for name in files:
        families.extend(_family(raw, name) for raw in _read(name).get("families") or [])
    vocab = _read(VOCABULARY_FILE).get("hyperparameters") or []
    kb = KnowledgeBase(
        families=tuple(families),
        hyperparameters=tuple(_hyperparameter(raw, VOCABULARY_FILE) for raw in vocab),
        config_keys=_config_keys(_read(ALIASES_FILE).get("keys") or {}),
    )
    _validate(kb)
    return kb


__all__ = [
    "Choice",
    "Family",
    "Hyperparameter",
    "KnowledgeBase",
    "KnowledgeError",
    "Pattern",
    "load_knowledge",
]

"""What the paper states for each canonical name, as the checker compares config values with it.

`paper_states` is the checker's one question to the analysis stage: every value the paper
states for `learning_rate`, `batch_size`, `optimizer` ..., wherever it stands, with the setting
of the method it is for (`analyse.settings`: a model size, a dataset) or the baseline it is a
value of. It reads both the vocabulary's findings and the stated values (issue 13) that carry a
canonical label, so a value only the open reading names ("the base learning rate is 2.5e-5")
counts too. Its answer does not depend on the implementation being checked, so a `Checker` asks
once per paper, and only when a config value needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paper2code.analyse.hyperparams import extract_hyperparameters
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.settings import Settings, method_settings
from paper2code.analyse.table_values import table_values
from paper2code.analyse.table_values.layout import method_names
from paper2code.analyse.values import extract_stated_values
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper
from paper2code.paper.numbers import same_value


@dataclass(frozen=True)
class Stated:
    """One value the paper states for a canonical name."""

    value: float | str  # a number, or the label of a named choice ("adam")
    raw: str  # as written: "3e-4", "Adam"
    anchor: str  # "§5.3", "Table 3"
    quote: str  # the paper's words that state it
    context: str | None  # the setting it is for ("big", "CIFAR10"); None: the method's own
    setting: str | None = None  # the slug of the method's setting it is for; None: every one
    baseline: bool = False  # a value of a method the paper compares with


# Kinds of stated values that set up the paper's own method: its settings and its data's
# (a picture size); a baseline's, a result, a sweep's or an example's value is not the method's.
_OWN_KINDS = (ValueKind.METHOD, ValueKind.DATA)


def _context(v: StatedValue) -> str | None:
    """None for a value of the method itself, else what it applies to."""
    model = v.context.model
    if v.kind in _OWN_KINDS and model in (None, "ours"):
        return None
    return model if model not in (None, "ours") else str(v.kind)


def _same(a: float | str, b: float | str) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return same_value(float(a), float(b))


@dataclass
class States:
    """What the paper states, by canonical name, and the method's settings: the main one is
    configs/base.yaml's, each other one configs/<slug>.yaml's."""

    values: dict[str, list[Stated]] = field(default_factory=dict)
    main: str | None = None  # the main setting's slug
    names: dict[str, str] = field(default_factory=dict)  # slug -> the setting's name

    def get(self, name: str) -> list[Stated]:
        return self.values.get(name, [])

    def for_setting(self, name: str, slug: str) -> tuple[str, list[Stated]]:
        """What the paper states for `name` in one setting: (what it is, the values). Its own
        values when it states some; else those stated for every setting; else none."""
        stated = [s for s in self.get(name) if not s.baseline]
        own = [s for s in stated if s.setting == slug]
        if own:
            return f"the setting {self.names[slug]}", own
        common = [s for s in stated if s.setting is None]
        return "every setting", common


def paper_states(paper: Paper, kb: KnowledgeBase) -> States:
    """Canonical name -> the values the paper states for it, in document order."""
    findings = extract_hyperparameters(paper, kb)
    values = extract_stated_values(paper, kb, findings, extra=table_values(paper, kb))
    settings: Settings = method_settings(values, method_names(paper))
    out = States(
        main=settings.main.slug if settings.main else None,
        names={s.slug: s.name for s in settings.settings},
    )
    for f in findings:
        setting = settings.setting_of(f)
        stated = Stated(
            f.value,
            f.raw,
            f.anchor,
            f.quote,
            f.context,
            setting.slug if setting else None,
            settings.place(f) is settings.baselines,
        )
        out.values.setdefault(f.name, []).append(stated)
    # a setting's values the vocabulary reading has no finding for ("Attention heads" of a
    # configuration matrix): a config for that setting takes them all the same
    for setting in settings.settings:
        for v in setting.values:
            if v.canonical and not isinstance(v.value, list):
                stated = Stated(v.value, v.raw, v.anchor, v.quote, setting.name, setting.slug)
                out.values.setdefault(v.canonical, []).append(stated)
    # the labelled stated values the vocabulary has no finding for at the same place
    for v in values:
        if v.canonical is None:
            continue
        known = out.values.setdefault(v.canonical, [])
        for item in v.value if isinstance(v.value, list) else [v.value]:
            if not isinstance(item, (int, float, str)):
                continue
            if any(s.anchor == v.anchor and _same(s.value, item) for s in known):
                continue  # the vocabulary's reading of the same statement
            setting = next((st for st in settings.settings if v in st.values), None)
            stated = Stated(
                item,
                v.raw,
                v.anchor,
                v.quote,
                _context(v),
                setting.slug if setting else None,
                v.kind is ValueKind.BASELINE,
            )
            known.append(stated)
    return out

"""What the paper states for each canonical name, as the checker compares config values with it.

`paper_states` is the checker's one question to the analysis stage: every value the paper
states for `learning_rate`, `batch_size`, `optimizer` ..., wherever it stands, with the setting
of the method it is for (`analyse.settings`: a model size, a dataset) or the baseline it is a
value of. Its answer does not depend on the implementation being checked, so a `Checker` asks
once per paper, and only when a config value needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paper2code.analyse.hyperparams import extract_hyperparameters
from paper2code.analyse.settings import Settings, method_settings
from paper2code.analyse.table_values import table_values
from paper2code.analyse.table_values.layout import method_names
from paper2code.analyse.values import extract_stated_values
from paper2code.knowledge import KnowledgeBase
from paper2code.paper.model import Paper


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
    return out

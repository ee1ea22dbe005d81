"""The method's settings: its stated values grouped by what they apply to, one chosen as main.

A paper runs its method in several settings (two model sizes, two datasets, an ablation); a
reproduction's config takes one of them, never a mix, and never a baseline's values. Each value
of kind `method` with a canonical name is placed by its context: a model size or variant
(`ValueContext.model`: "3B", "ScaleLM-1B", "base") and a dataset or an ablation
(`ValueContext.experiment`). A dimension the paper states only one way does not tell settings
apart ("ImageNet" throughout a paper on ImageNet). Values with no place apply to every setting.

The main setting is the paper's main experiment, never an ablation or an analysis: a value an
ablation states ("Model ablations ... a 4-layer transformer") is a setting of its own, beside
the main one. Among the others the main is, in this order of evidence: the one the paper's own
rows of its first results table name; the largest model; the setting with the most stated
values; the first described. `Setting.why` says which. When every setting is an ablation, none
is main: the main experiment is the values stated for no setting (`common`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paper2code.analyse.model import Number, StatedHyperparameter, StatedValue, ValueKind
from paper2code.analyse.values.kinds import DATASET
from paper2code.paper.numbers import same_value

# A model's size or variant inside a label: "3B" in "ScaleLM-3B (ours)", "base" in "base model".
_SIZE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*([MBT])(?![\w])|\b(tiny|small|base|medium|large|huge|big|giant|"
    r"XL|XXL)\b|-(S|B|L|XL|H|XXL)\b",
    re.IGNORECASE,
)
_SCALE = {"m": 1e6, "b": 1e9, "t": 1e12}
_WORD_SIZE = {
    "tiny": 1, "small": 2, "s": 2, "base": 3, "b": 3, "medium": 4, "large": 5, "l": 5,
    "big": 5, "xl": 6, "huge": 7, "h": 7, "giant": 8, "xxl": 8,
}  # fmt: skip
_BASELINE = re.compile(r"\bbaselines?\b", re.IGNORECASE)
# An experiment that varies the method rather than runs it: an ablation, a study of one part.
_ABLATION = re.compile(r"\bablat\w*", re.IGNORECASE)


@dataclass
class Setting:
    """One setting of the method: its name as the paper writes it, and the values stated for
    it (those stated for every setting are in `common`, not here)."""

    name: str  # "3B", "GLUE", "3B ImageNet"
    slug: str  # "3b", "glue": configs/<slug>.yaml
    values: list[StatedValue] = field(default_factory=list)
    main: bool = False
    why: str = ""  # the evidence that makes it main
    ablation: bool = False  # an ablation of the method: never its main setting

    def value(self, canonical: str) -> StatedValue | None:
        """The one value this setting states for `canonical`; None when it states none, or
        several that differ (not something the setting settles)."""
        found = [v for v in self.values if v.canonical == canonical]
        if not found or any(not _same(v.value, found[0].value) for v in found):
            return None
        return found[0]


@dataclass
class Settings:
    """Every setting of the method, the main one first, and what no setting owns."""

    settings: list[Setting] = field(default_factory=list)
    common: list[StatedValue] = field(default_factory=list)  # stated for every setting
    baselines: list[StatedValue] = field(default_factory=list)  # baselines' values

    @property
    def main(self) -> Setting | None:
        return next((s for s in self.settings if s.main), None)

    @property
    def others(self) -> list[Setting]:
        return [s for s in self.settings if not s.main]

    def foreign(self, f: StatedHyperparameter, setting: Setting | None) -> bool:
        """Whether a vocabulary reading restates a value a config for `setting` (the main one
        when None) must not take: a baseline's, or that of a setting other than `setting`
        and the main one (another setting's file inherits the main's values)."""
        placed = self.place(f)
        if placed is None or placed is self.common:
            return False
        allowed = {id(setting), id(self.main)}
        return placed is self.baselines or not any(
            placed is s.values and id(s) in allowed for s in self.settings
        )

    def place(self, f: StatedHyperparameter) -> list[StatedValue] | None:
        """The values a vocabulary reading is one of: `common`, a setting's, or `baselines`;
        None when no stated value restates it."""
        for group in (self.common, *(s.values for s in self.settings), self.baselines):
            if any(_restates(v, f) for v in group):
                return group
        return None

    def setting_of(self, f: StatedHyperparameter) -> Setting | None:
        """The setting a vocabulary reading is stated for; None when for every setting, for a
        baseline, or not known."""
        placed = self.place(f)
        return next((s for s in self.settings if placed is s.values), None)


def method_settings(values: list[StatedValue], names: list[str] | None = None) -> Settings:
    """The settings of the method's stated values (`values` of every kind, in document
    order); `names` are the paper's names for its own method ("ScaleLM"), which label no
    setting of their own."""
    names = names or []
    placed: list[tuple[StatedValue, str | None, str | None]] = []
    out = Settings()
    for v in values:
        if v.canonical is None or v.kind not in (ValueKind.METHOD, ValueKind.BASELINE):
            continue
        if v.kind is ValueKind.BASELINE or _BASELINE.search(v.context.model or ""):
            out.baselines.append(v)
        else:
            placed.append((v, _model_key(v.context.model, names), _experiment_key(v)))
    models = _merged({m for _, m, _ in placed if m})
    experiments = _merged({e for _, _, e in placed if e})
    unplaced = [v for v, m, e in placed if not m and not e]
    by_model = _distinguishes(models, [(v, m) for v, m, _ in placed], unplaced)
    by_experiment = _distinguishes(experiments, [(v, e) for v, _, e in placed], unplaced)
    groups: dict[str, Setting] = {}
    for v, m, e in placed:
        model = models[m] if by_model and m else None
        experiment = experiments[e] if by_experiment and e else None
        name = " ".join(p for p in (model, experiment) if p)
        if not name:
            out.common.append(v)
            continue
        ablation = experiment == "ablation"
        groups.setdefault(name, Setting(name, slugify(name), ablation=ablation)).values.append(v)
    out.settings = list(groups.values())
    taken: set[str] = set()
    for setting in out.settings:  # one file per setting, however alike two names slug
        slug, n = setting.slug, 2
        while setting.slug in taken:
            setting.slug, n = f"{slug}_{n}", n + 1
        taken.add(setting.slug)
    _choose_main(out, values)
    return out


def _distinguishes(
    keys: dict[str, str], placed: list[tuple[StatedValue, str | None]], unplaced: list[StatedValue]
) -> bool:
    """Whether a dimension (model or experiment) tells settings apart: it names two or more,
    or its one ("GLUE") states a value that the values stated for no setting contradict. A
    paper on ImageNet throughout has no ImageNet setting beside its main one."""
    if len(set(keys.values()) - {None}) > 1:
        return True
    return any(
        any(u.canonical == v.canonical and not _same(u.value, v.value) for u in unplaced)
        for v, key in placed
        if key and keys[key]
    )


def slugify(name: str) -> str:
    """`3B ImageNet 256` -> `3b_imagenet_256`; never `base` (configs/base.yaml is the main's)."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower())[:40].strip("_") or "setting"
    return f"{slug}_setting" if slug == "base" else slug


def _model_key(model: str | None, names: list[str]) -> str | None:
    """A model context as a setting's name: its size ("3B" of "ScaleLM-3B (ours)"); None
    for the method as a whole ("ours", "ScaleLM") or a baseline."""
    if not model:
        return None
    label = re.sub(r"\(\s*ours\s*\)|\bours\b|\bour\b|\bbaselines?\b", " ", model, flags=re.I)
    for n in names:
        label = re.sub(rf"(?<![\w-]){re.escape(n)}(?![A-Za-z0-9])", " ", label)
    label = " ".join(label.replace("-", " ").split())
    if not label:
        return None
    m = _SIZE.search(model)
    if m is not None and m.group(1):
        return f"{m.group(1)}{m.group(2).upper()}"
    if m is not None:
        return (m.group(3) or m.group(4)).lower()
    return label


def _experiment_key(v: StatedValue) -> str | None:
    """An experiment context as a setting's name: a dataset the paper names, or "ablation";
    a section's title ("Implementation Details") names no setting."""
    text = v.context.experiment or ""
    if _ABLATION.search(text):
        return "ablation"
    m = DATASET.search(text)
    return m.group(0) if m else None


def _merged(keys: set[str]) -> dict[str, str | None]:
    """Each key to the setting it names: "ImageNet" is "ImageNet 256" when that is the only
    ImageNet the paper has, and no setting (every ImageNet one) when it has several."""
    out: dict[str, str | None] = {}
    for k in keys:
        longer = [o for o in keys if o != k and o.lower().startswith(k.lower())]
        out[k] = k if not longer else longer[0] if len(longer) == 1 else None
    return out


def _choose_main(out: Settings, values: list[StatedValue]) -> None:
    candidates = [s for s in out.settings if not s.ablation]
    if not candidates:
        return
    main, why = _by_results(candidates, values)
    if main is None:
        main, why = _largest(candidates)
    if main is None:
        most = max(len(s.values) for s in candidates)
        main = next(s for s in candidates if len(s.values) == most)
        ties = sum(len(s.values) == most for s in candidates)
        why = "the paper describes it first" if ties > 1 else "the paper states most values for it"
    main.main, main.why = True, why
    out.settings.sort(key=lambda s: not s.main)


def _by_results(settings: list[Setting], values: list[StatedValue]) -> tuple[Setting | None, str]:
    """The setting the paper's own rows of its first results table name (those marked
    "ours", when some are), when they name only one."""
    results = [v for v in values if v.kind is ValueKind.RESULT and v.anchor.startswith("Table")]
    if not results:
        return None, ""
    first = results[0].anchor
    own = [v.context for v in results if v.anchor == first]
    # rows marked "(ours)" among rows of the method's other variants are the main ones
    marked = [c for c in own if re.search(r"\bours\b", c.model or "", re.IGNORECASE)]
    own = marked or own
    labels = " ".join(f"{c.model or ''} {c.experiment or ''}" for c in own)
    named = [s for s in settings if all(_mentions(labels, part) for part in s.name.split())]
    if len(named) != 1:
        return None, ""
    return named[0], f"the paper's main results ({first}) are for it"


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def _largest(settings: list[Setting]) -> tuple[Setting | None, str]:
    """The largest model, when the settings are model sizes."""
    sized = [(s, size) for s in settings if (size := _size(s.name)) is not None]
    if len(sized) < 2:
        return None, ""
    best = max(size for _, size in sized)
    top = [s for s, size in sized if size == best]
    return (top[0], "it is the largest model the paper trains") if len(top) == 1 else (None, "")


def _size(name: str) -> float | None:
    m = _SIZE.search(name)
    if m is None:
        return None
    if m.group(1):
        return float(m.group(1)) * _SCALE[m.group(2).lower()]
    return float(_WORD_SIZE.get((m.group(3) or m.group(4)).lower(), 0))


def _same(a: Number | str | list, b: Number | str | list) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return a == b
    if isinstance(a, str) or isinstance(b, str):
        return str(a).lower() == str(b).lower()
    return same_value(float(a), float(b))


def _restates(v: StatedValue, f: StatedHyperparameter) -> bool:
    """A vocabulary reading and a stated value are one statement: same name, anchor and
    value, one quote inside the other."""
    items = v.value if isinstance(v.value, list) else [v.value]
    return (
        v.canonical == f.name
        and v.anchor == f.anchor
        and any(_same(i, f.value) for i in items)
        and (f.quote in v.quote or v.quote in f.quote)
    )

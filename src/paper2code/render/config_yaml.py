"""`configs/base.yaml`: every value with the comment that cites or flags it; and each other
setting of the method as `configs/<setting>.yaml`, which inherits base.yaml and holds only the
values that differ.

Written with ruamel.yaml so the comments are real YAML comments on their keys (they survive a
round-trip), and floats are spelled the way any YAML 1.1 reader (PyYAML, which the generated
code uses) reads back as floats: `1.0e-09`, never `1e-09`.
"""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver

from paper2code import escape
from paper2code.engines.base import ConfigEntry, SettingConfig

HEADER = """base.yaml — every hyperparameter of {title}.
Each value cites the place in the paper that states it, with the paper's words in quotes, or
carries a flag in square brackets: UNSPECIFIED when the paper is silent, PARTIALLY_SPECIFIED
when it is ambiguous, ASSUMPTION when inferred. The smoke section holds CPU-sized stand-ins
for the smoke check only; a paper section, when there is one, keeps the other values the paper
states that the code does not read under that name (num_layers when the code has one count
per stack), so nothing stated is lost.
"""
MAIN = """The paper runs its method in several settings; this file is the main one, {setting}.
"""
# every named setting is an ablation: this file holds the values the paper states for no one
UNNAMED_MAIN = """This file is the paper's main experiment; the paper also runs its method in other
settings (ablations).
"""
OTHERS = """The others are configs/<setting>.yaml: {others}. Train one with
`python -m src.train --config configs/<setting>.yaml`.
"""
SETTING_HEADER = """{slug}.yaml — the setting "{name}" of {title}.
It inherits configs/base.yaml (the main setting) and holds only the values the paper states
otherwise for this setting, each citing the paper; every other value is base.yaml's.
Train it with `python -m src.train --config configs/{slug}.yaml`.
"""
INHERITS = ConfigEntry(
    ("inherits",),
    "base.yaml",
    "[ASSUMPTION] every value not listed here is the main setting's, from base.yaml: the paper "
    "states only these otherwise for this setting",
)


def _float(representer: RoundTripRepresenter, value: float):
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:
        text = re.sub(r"^(-?\d+)e", r"\1.0e", text)
    if text in ("inf", "-inf", "nan"):
        text = {"inf": ".inf", "-inf": "-.inf", "nan": ".nan"}[text]
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


_STR = "tag:yaml.org,2002:str"
_RESOLVERS = [VersionedResolver(version=v) for v in ((1, 1), (1, 2))]


def _str(representer: RoundTripRepresenter, value: str):
    """A string the paper states (`yes`, `off`, `1_000`, `12:30`) stays a string for every
    reader: quoted whenever YAML 1.1 (PyYAML, which the generated code uses) or 1.2 would read
    it plain as something else."""
    plain = all(r.resolve(ScalarNode, value, (True, False)) == _STR for r in _RESOLVERS)
    return representer.represent_scalar(_STR, value, style=None if plain else "'")


def _flow(value):
    """Lists on one line (`[1, 2, 2, 2]`) so the key's comment stays on the value's line."""
    if not isinstance(value, list):
        return value
    seq = CommentedSeq(value)
    seq.fa.set_flow_style()
    return seq


def render_config(
    entries: list[ConfigEntry],
    title: str,
    setting: str | None = None,
    others: list[SettingConfig] | None = None,
) -> str:
    """configs/base.yaml; `setting` names the main setting it holds and why (None: the
    values stated for no setting), `others` the settings beside it."""
    header = HEADER.format(title=escape.yaml_comment(title))
    if others:
        listed = ", ".join(f"{s.slug} ({escape.yaml_comment(s.name)})" for s in others)
        if setting is None:
            header += UNNAMED_MAIN
        else:
            header += MAIN.format(setting=escape.yaml_comment(setting))
        header += OTHERS.format(others=listed)
    return _render(entries, header)


def render_setting(setting: SettingConfig, title: str) -> str:
    """configs/<slug>.yaml of a setting other than the main one."""
    name, title = escape.yaml_comment(setting.name), escape.yaml_comment(title)
    header = SETTING_HEADER.format(name=name, slug=setting.slug, title=title)
    return _render([INHERITS, *setting.config], header)


def _render(entries: list[ConfigEntry], header: str) -> str:
    root = CommentedMap()
    for entry in entries:
        node = root
        for key in entry.path[:-1]:
            if key not in node:
                node[key] = CommentedMap()
            node = node[key]
        node[entry.path[-1]] = _flow(entry.value)
        comment = escape.yaml_comment(entry.comment)
        if comment:  # column=0: one space before every `#`, the same on every line
            node.yaml_add_eol_comment(comment, entry.path[-1], column=0)
    root.yaml_set_start_comment(header)
    yaml = YAML()
    yaml.width = 4096  # one comment per line, however long
    yaml.representer.add_representer(float, _float)
    yaml.representer.add_representer(str, _str)
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    return buffer.getvalue()

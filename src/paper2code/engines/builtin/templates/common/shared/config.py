"""How every framework's src/utils.py reads its config: plain Python and yaml, so one file serves
them all (utils.py's `# slot: config_loading` takes its definitions)."""

from pathlib import Path

import yaml

CONFIG = Path("configs") / "base.yaml"  # utils.py defines the real one, from its own place


def load_config(path: str | Path = CONFIG) -> dict:
    """A config as a dict; the citations are comments in its file. Another setting of the
    paper's method (configs/<setting>.yaml) names the config it `inherits` and holds only the
    values that differ from it."""
    with open(path, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    parent = cfg.pop("inherits", None)
    return _merged(load_config(Path(path).parent / parent), cfg) if parent else cfg


def _merged(base: dict, over: dict) -> dict:
    """`base` with the values of `over` in place of its own, section by section."""
    out = dict(base)
    for key, value in over.items():
        both = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merged(out[key], value) if both else value
    return out


def model_values(cfg: dict, smoke: bool = False) -> dict:
    """The `model:` values, with the tiny `smoke.model:` overrides when `smoke` is set."""
    values = dict(cfg["model"])
    if smoke:
        values.update(cfg["smoke"]["model"])
    return values

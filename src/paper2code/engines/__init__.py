"""Generation engines: a Paper and its Analysis in, a Project (plain data) out.

`ENGINES` names the engines `--engine` accepts; `get_engine` builds one (imports stay lazy so the
CLI starts fast and an engine's optional dependencies load only when it is chosen).
"""

from __future__ import annotations

from typing import Any

from paper2code.engines.base import Engine, Framework, Options
from paper2code.errors import InputError

ENGINES = ("builtin", "llm")
_FRAMEWORK_NAMES = {
    Framework.PYTORCH: "PyTorch",
    Framework.JAX: "JAX",
    Framework.TENSORFLOW: "TensorFlow",
    Framework.NUMPY: "NumPy",
}


def get_engine(name: str, **settings: Any) -> Engine:
    """The engine `name`; `settings` configure the LLM engine (`model`, `base_url`, `provider`,
    `progress`; the environment fills the rest, see `engines/llm/settings.py`)."""
    if name == "builtin":
        from paper2code.engines.builtin import BuiltinEngine

        return BuiltinEngine()
    if name == "llm":
        from paper2code.engines.llm import LLMEngine

        return LLMEngine.from_settings(**settings)
    raise InputError(f"unknown engine {name!r}", hint=f"choose one of: {', '.join(ENGINES)}")


def check_options(engine: Engine, options: Options) -> None:
    """InputError when `engine` cannot honour `options`: the pipeline asks before reading the
    paper, so a wrong `--framework` costs nothing."""
    if options.framework not in engine.frameworks:
        *others, last = [_FRAMEWORK_NAMES[f] for f in engine.frameworks]
        names = f"{', '.join(others)} and {last}" if others else last
        raise InputError(
            f"the {engine.name} engine writes {names} only, not {options.framework.value}",
            hint=f"use --framework {engine.frameworks[0].value}, or --engine llm to generate "
            f"{_FRAMEWORK_NAMES[options.framework]}",
        )

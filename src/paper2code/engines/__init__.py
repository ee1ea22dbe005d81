"""Generation engines: a Paper and its Analysis in, a Project (plain data) out.

`ENGINES` names the engines `--engine` accepts; `get_engine` builds one (imports stay lazy so the
CLI starts fast and an engine's optional dependencies load only when it is chosen).
"""

from __future__ import annotations

from typing import Any

from paper2code.engines.base import Engine
from paper2code.errors import InputError

ENGINES = ("builtin", "llm")


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

"""Generation engines: a Paper and its Analysis in, a Project (plain data) out.

`ENGINES` names the engines `--engine` accepts; `get_engine` builds one (imports stay lazy so the
CLI starts fast and an engine's optional dependencies load only when it is chosen).
"""

from __future__ import annotations

from paper2code.engines.base import Engine
from paper2code.errors import InputError

ENGINES = ("builtin",)


def get_engine(name: str) -> Engine:
    if name == "builtin":
        from paper2code.engines.builtin import BuiltinEngine

        return BuiltinEngine()
    raise InputError(f"unknown engine {name!r}", hint=f"choose one of: {', '.join(ENGINES)}")

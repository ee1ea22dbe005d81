"""Numbers read from PAPER2CODE_* environment variables, validated once for every reader.

`float("nan")`, `float("inf")` and `int("1e999")`-like values pass Python's own parsing or
crash later (a sleep of infinity, a comparison with NaN that is always false); every variable
therefore states its range, and a value outside it is refused with one line naming the variable
and what it accepts (exit 2), never a traceback.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import TypeVar

from paper2code.errors import InputError

N = TypeVar("N", int, float)


def env_number(
    name: str,
    kind: type[N],
    default: N,
    low: N,
    high: N,
    env: Mapping[str, str] | None = None,
) -> N:
    """The value of `name` as `kind` within [low, high]; `default` when unset or blank."""
    raw = (os.environ if env is None else env).get(name, "").strip()
    if not raw:
        return default
    what = "a whole number" if kind is int else "a number"
    accepted = f"{what} from {_show(low)} to {_show(high)}"
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or not low <= value <= high:
        raise InputError(f"{name}={raw!r} is not valid: use {accepted}")
    return value


def _show(x: float) -> str:
    return str(x) if isinstance(x, int) else f"{x:g}"

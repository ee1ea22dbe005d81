"""Later mentions of swept values: a value the paper varied, named again on its own.

"We show the change of Pearson $r$ when changing the $\\beta$ from 0.00 to 5.00" makes every
later "$\\beta = 1.0$" one of the values tried, not a setting of the method, however its own
sentence reads ("CharGREEN with $\\beta = 1.0$ gives unreasonably high scores"). The value the
paper chose stays the method's: one it states for the same symbol before it varies it (several
given it there, "$k = 8, 20, 40$ neighbors", are the values tried), or in a section that varies
none ("In our experiments, we employ $\\beta = 2.0$"). A symbol a sentence gives several values
side by side was varied in that section: its other values there are sweeps too.
"""

from __future__ import annotations

from paper2code.analyse.hyperparams import symbol_key
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.paper.numbers import same_value

_RESTATED = (ValueKind.METHOD, ValueKind.RESULT)


def _numbers(value: object) -> list[float] | None:
    items = value if isinstance(value, list) else [value]
    if all(isinstance(x, int | float) and not isinstance(x, bool) for x in items):
        return [float(x) for x in items]
    return None


def _tried(x: float, swept: list[float]) -> bool:
    """Whether a sweep tried `x`: one of its values, or between the two ends of a range."""
    if any(same_value(x, s) for s in swept):
        return True
    return len(swept) == 2 and min(swept) <= x <= max(swept)


def varied_in_section(values: list[StatedValue]) -> None:
    """A symbol a sentence gives several values side by side, each its own assignment ("The
    increase from $m=1$ to $m=5$ ...", "$m=2$ and $m=5$ are better": `reading` marks them
    sweeps), was varied in that section: its other mentions there of a value compared, for the
    same model and experiment ("using $m=1$ as a reference"), are values tried too."""
    varied: dict[tuple, list[float]] = {}
    for v in values:
        numbers = _numbers(v.value)
        if v.kind is ValueKind.SWEEP and v.symbol and numbers and len(numbers) == 1:
            key = (v.anchor, symbol_key(v.symbol), v.context.model, v.context.experiment)
            found = varied.setdefault(key, [])
            if not any(same_value(numbers[0], x) for x in found):
                found.append(numbers[0])
    for v in values:
        numbers = _numbers(v.value)
        if v.kind is not ValueKind.METHOD or not v.symbol or not numbers or len(numbers) != 1:
            continue
        key = (v.anchor, symbol_key(v.symbol), v.context.model, v.context.experiment)
        compared = varied.get(key, [])
        if len(compared) >= 2 and any(same_value(numbers[0], x) for x in compared):
            v.kind = ValueKind.SWEEP


def mark_swept(values: list[StatedValue]) -> None:
    """Mark, in place, the later mentions of swept values as sweeps (see the module's text)."""
    sweeps: dict[str, list[tuple[str, list[float]]]] = {}
    for v in values:
        numbers = _numbers(v.value)
        if v.kind is ValueKind.SWEEP and v.symbol and numbers:
            sweeps.setdefault(symbol_key(v.symbol), []).append((v.anchor, numbers))
    chosen: dict[str, list[float]] = {}
    varied: set[str] = set()  # the symbols varied so far, in document order
    for v in values:
        key = symbol_key(v.symbol) if v.symbol else None
        numbers = _numbers(v.value)
        if key not in sweeps or not numbers:
            continue
        before = key not in varied or v.anchor not in {a for a, _ in sweeps[key]}
        if v.kind is ValueKind.SWEEP:
            varied.add(key)
        elif v.kind is ValueKind.METHOD and v.anchor.startswith("§") and before:
            if len(numbers) > 1:
                continue  # several for one symbol ("$k = 8, 20, 40$"): the values it tries
            chosen.setdefault(key, []).extend(numbers)
    for v in values:
        key = symbol_key(v.symbol) if v.symbol else None
        numbers = _numbers(v.value)
        if key not in sweeps or not numbers or v.kind not in _RESTATED:
            continue
        tried = all(any(_tried(x, s) for _, s in sweeps[key]) for x in numbers)
        own = chosen.get(key, [])
        if tried and any(not any(same_value(x, c) for c in own) for x in numbers):
            v.kind = ValueKind.SWEEP

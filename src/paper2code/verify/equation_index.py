"""`.paper2code/equations.json` as the checker reads it: plain records, whoever wrote the file.

The checker never imports an engine, so it reads the index's JSON itself instead of the engines'
`EquationEntry`; the shape is the same (README: "Compiled equations"):

    {"equations": [{"anchor": "§2.1, Eq. 1", "latex": "...", "status": "implemented",
                    "callable": "src.equations:dyt",
                    "params": [{"name": "x", "symbol": "x", "role": "input",
                                "shape": "(B, T, C)", "value": null}],
                    "reason": "..."}]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from paper2code import layout


class IndexUnreadable(ValueError):
    """The index exists but is not the documented JSON shape; the message says where."""


@dataclass(frozen=True)
class Param:
    name: str
    symbol: str
    role: str
    shape: str | None = None
    value: float | None = None


@dataclass(frozen=True)
class Entry:
    anchor: str
    latex: str
    status: str
    callable: str | None
    params: tuple[Param, ...] = ()
    reason: str = ""
    line: int = 1  # where the entry starts in the index file, for findings

    @property
    def implemented(self) -> bool:
        return self.status == "implemented"


@dataclass
class Index:
    entries: list[Entry] = field(default_factory=list)


def read_index(directory: Path) -> Index | None:
    """The index `directory` carries; None when it has none. Raises IndexUnreadable."""
    path = Path(directory) / layout.EQUATIONS_INDEX
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(text)
        rows = data["equations"]
        if not isinstance(rows, list):
            raise TypeError("`equations` is not a list")
        return Index([_entry(row, _line_of(text, row)) for row in rows])
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        message = f"{layout.EQUATIONS_INDEX} is not a compiled equations index: {e}"
        raise IndexUnreadable(message) from e


def _entry(row: dict, line: int) -> Entry:
    params = tuple(
        Param(
            name=str(p["name"]),
            symbol=str(p.get("symbol") or p["name"]),
            role=str(p.get("role") or "input"),
            shape=p.get("shape") or None,
            value=None if p.get("value") is None else float(p["value"]),
        )
        for p in row.get("params") or []
    )
    return Entry(
        anchor=str(row["anchor"]),
        latex=str(row.get("latex") or ""),
        status=str(row.get("status") or "not_implemented"),
        callable=row.get("callable") or None,
        params=params,
        reason=str(row.get("reason") or ""),
        line=line,
    )


def _line_of(text: str, row: dict) -> int:
    """The line of the entry's anchor in the file (the first such line; 1 when not found)."""
    at = text.find(json.dumps(row.get("anchor", ""), ensure_ascii=False)[1:-1])
    if at < 0:
        at = text.find(json.dumps(row.get("anchor", ""))[1:-1])
    return text.count("\n", 0, at) + 1 if at >= 0 else 1

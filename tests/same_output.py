"""Whether two runs wrote the same output: every file byte for byte, except the accounting
in `.paper2code/run.json` (requests, answers from the cache, tokens, seconds), which records
how the run went rather than what it wrote."""

from __future__ import annotations

import json
from pathlib import Path

RUN_RECORD = ".paper2code/run.json"
ACCOUNTING = ("requests", "cached", "tokens_in", "tokens_out", "seconds")


def output_files(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def assert_same_output(first: Path, second: Path) -> None:
    a, b = output_files(first), output_files(second)
    assert sorted(a) == sorted(b)
    for name in a:
        if name != RUN_RECORD:
            assert a[name] == b[name], f"{name} differs between the two runs"
    if RUN_RECORD in a:
        ran, again = json.loads(a[RUN_RECORD]), json.loads(b[RUN_RECORD])
        assert without_accounting(ran) == without_accounting(again)


def without_accounting(record: dict) -> dict:
    def strip(usage: dict) -> dict:
        return {k: v for k, v in usage.items() if k not in ACCOUNTING}

    return {
        **record,
        "stages": [strip(s) for s in record["stages"]],
        "total": strip(record["total"]),
    }

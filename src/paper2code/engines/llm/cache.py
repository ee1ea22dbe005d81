"""Answers cached by what was asked, so a re-run sends no request and costs nothing.

The key hashes everything that shapes an answer: provider, server, model, messages, the answer
schema and the output budget. Only answers that parsed and validated are stored, so a cached
run replays exactly the conversation that succeeded. No configured API key is ever stored
(`redact`), whatever the answer or error quotes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from paper2code.redact import redact


def request_key(request: dict[str, Any]) -> str:
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


class ResponseCache:
    def __init__(self, root: Path | None) -> None:
        self.root = root  # None: caching off

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        if self.root is None:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or damaged: ask again

    def put(self, key: str, value: dict[str, Any]) -> None:
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(redact(json.dumps(value, ensure_ascii=False)), encoding="utf-8")
        tmp.replace(path)  # atomic: a crash never leaves half an answer behind

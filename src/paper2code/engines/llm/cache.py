"""Answers cached by what was asked, so a re-run sends no request and costs nothing.

Two kinds of key (see `LLMClient`): a request's (provider, server, model, messages, answer
schema), and a stage's (what the stage is about, whatever the context window made of its
prompts). Only answers that parsed and validated are stored, or the verdict that none could
be had. No configured API key is ever stored (`redact`), whatever the answer or error quotes.
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
    def __init__(self, root: Path | None, *, refresh: bool = False) -> None:
        self.root = root  # None: caching off
        # refresh: answers from earlier runs are ignored (and replaced); this run's own count
        self._refresh = refresh
        self._written: set[str] = set()

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        if self.root is None or (self._refresh and key not in self._written):
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
        self._written.add(key)

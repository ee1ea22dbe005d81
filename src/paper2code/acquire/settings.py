"""Where arXiv lives and how politely we talk to it: one dataclass, read from the environment.

Every value has a default that suits the real arXiv; tests (and mirrors) override them through
environment variables, so the same code runs against a local server on 127.0.0.1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from paper2code.env import env_number

ENV_API_URL = "PAPER2CODE_ARXIV_API_URL"
ENV_ARXIV_URL = "PAPER2CODE_ARXIV_URL"
ENV_INTERVAL = "PAPER2CODE_ARXIV_INTERVAL"
ENV_CACHE_DIR = "PAPER2CODE_CACHE_DIR"
ENV_TIMEOUT = "PAPER2CODE_HTTP_TIMEOUT"
ENV_RETRIES = "PAPER2CODE_HTTP_RETRIES"
ENV_MAX_WAIT = "PAPER2CODE_HTTP_MAX_WAIT"
ENV_MAX_BYTES = "PAPER2CODE_MAX_SOURCE_BYTES"
ENV_MAX_MEMBERS = "PAPER2CODE_MAX_SOURCE_FILES"
ENV_MAX_TEX_BYTES = "PAPER2CODE_MAX_TEX_BYTES"


@dataclass(frozen=True)
class Settings:
    api_url: str = "http://export.arxiv.org/api/query"
    arxiv_url: str = "https://arxiv.org"  # serves /abs/, /e-print/ and /pdf/
    interval: float = 3.0  # seconds between two requests to arXiv (its published limit)
    timeout: float = 300.0  # seconds one request may take in all: every byte, retries, waits
    retries: int = 3  # extra attempts after a 429, a 5xx or a dropped connection
    max_wait: float = 60.0  # longest sleep before a retry, whatever Retry-After asks
    # A download, or an archive unpacked (figures counted, though only sources are written),
    # may not exceed this: arXiv takes 50 MB per submission, a bomb takes the disk.
    max_bytes: int = 256 << 20
    max_members: int = 5000  # files in one source archive
    max_tex_bytes: int = 4 << 20  # LaTeX read for one paper; papers need well under 1 MB
    cache_dir: Path = Path()

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        cache = env.get(ENV_CACHE_DIR) or platformdirs.user_cache_dir("paper2code")
        return cls(
            api_url=env.get(ENV_API_URL) or cls.api_url,
            arxiv_url=(env.get(ENV_ARXIV_URL) or cls.arxiv_url).rstrip("/"),
            interval=env_number(ENV_INTERVAL, float, cls.interval, 0.0, 3600.0),
            timeout=env_number(ENV_TIMEOUT, float, cls.timeout, 0.1, 86400.0),
            retries=env_number(ENV_RETRIES, int, cls.retries, 0, 20),
            max_wait=env_number(ENV_MAX_WAIT, float, cls.max_wait, 0.0, 3600.0),
            max_bytes=env_number(ENV_MAX_BYTES, int, cls.max_bytes, 1, 1 << 40),
            max_members=env_number(ENV_MAX_MEMBERS, int, cls.max_members, 1, 10_000_000),
            max_tex_bytes=env_number(ENV_MAX_TEX_BYTES, int, cls.max_tex_bytes, 1, 1 << 40),
            cache_dir=Path(cache).expanduser(),
        )

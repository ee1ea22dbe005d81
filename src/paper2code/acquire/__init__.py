"""Acquire: turn what the user typed (arXiv ID, URL, local path) into local files to parse.

`acquire(spec)` is the one entry point: it resolves the spec (`ids`), serves it from the cache
(`cache`) or fetches it politely from arXiv (`client`, `metadata`, `arxiv`), unpacks archives
safely (`archive`), and notes links to the authors' code (`links`). It produces files and
metadata only; reading them into a `Paper` is the next stage's job.
"""

from __future__ import annotations

from paper2code.acquire.ids import ACCEPTED_FORMS, ArxivRef, LocalRef, resolve
from paper2code.acquire.links import (
    code_links_in_sources,
    find_code_links,
    merge_links,
    official_code_links,
)
from paper2code.acquire.metadata import ArxivMetadata
from paper2code.acquire.result import Acquired, Progress, quiet
from paper2code.acquire.settings import Settings
from paper2code.errors import InputError

__all__ = [
    "ACCEPTED_FORMS",
    "Acquired",
    "ArxivMetadata",
    "ArxivRef",
    "LocalRef",
    "Progress",
    "Settings",
    "acquire",
    "code_links_in_sources",
    "find_code_links",
    "merge_links",
    "official_code_links",
    "resolve",
]


def acquire(
    spec: str,
    *,
    offline: bool = False,
    refresh: bool = False,
    progress: Progress | None = None,
) -> Acquired:
    """Local files (and arXiv metadata) for `spec`: an arXiv ID or URL, or a local path.

    `offline` serves from the cache only (OfflineMissError when absent); `refresh` ignores the
    cache and downloads again. For an arXiv paper the PDF is fetched too (`pdf_path`).
    """
    if offline and refresh:
        raise InputError("--offline and --refresh cannot be used together")
    settings = Settings.from_env()
    report = progress or quiet
    ref = resolve(spec)
    if isinstance(ref, LocalRef):
        from paper2code.acquire.local import acquire_local

        return acquire_local(ref.path, settings, refresh=refresh, progress=report)
    from paper2code.acquire.arxiv import acquire_arxiv

    return acquire_arxiv(ref, settings, offline=offline, refresh=refresh, progress=report)

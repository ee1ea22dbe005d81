"""Fetch an arXiv paper: metadata from the API, then the e-print source (and the PDF).

The e-print is requested for the exact version the API reported, so source and metadata agree.
A PDF-only submission, or a source arXiv cannot serve, falls back to the PDF.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from paper2code.acquire import archive
from paper2code.acquire.archive import Content
from paper2code.acquire.cache import Cache, Entry, building, finish_entry, read_entry
from paper2code.acquire.client import ArxivHttp
from paper2code.acquire.ids import ArxivRef
from paper2code.acquire.links import code_links_in_sources, find_code_links, merge_links
from paper2code.acquire.metadata import ArxivMetadata, parse_feed
from paper2code.acquire.result import Acquired, Progress
from paper2code.acquire.settings import Settings
from paper2code.errors import (
    InputError,
    NetworkError,
    NotFoundError,
    OfflineMissError,
    RateLimitedError,
)

METADATA_FILE = "metadata.json"


def fetch_metadata(http: ArxivHttp, ref: ArxivRef) -> ArxivMetadata:
    xml = http.get_text(http.settings.api_url, params={"id_list": ref.versioned})
    return parse_feed(xml, ref)


def acquire_arxiv(
    ref: ArxivRef,
    settings: Settings,
    *,
    offline: bool,
    refresh: bool,
    progress: Progress,
) -> Acquired:
    cache = Cache(settings.cache_dir)
    if not refresh:
        hit = cache.lookup(ref)
        if hit is not None:
            progress(f"using cached {ref} ({hit.root})")
            return _from_entry(hit, from_cache=True)
    if offline:
        raise OfflineMissError(
            f"arXiv {ref} is not in the cache ({cache.paper_dir(ref.id)})",
            hint="run once without --offline to download it",
        )
    with ArxivHttp(settings) as http:
        progress(f"fetching arXiv metadata for {ref}")
        meta = fetch_metadata(http, ref)
        if meta.withdrawn:
            progress(f"warning: arXiv {meta.versioned_id} is marked withdrawn: {meta.comment}")
        final = cache.version_dir(meta.id, meta.version)
        hit = None if refresh else read_entry(final)
        if hit is None:
            with building(final) as work:
                _download(http, meta, work, progress=progress)
            hit = read_entry(final)
            assert hit is not None, "building() renamed a complete entry into place"
            from_cache = False
        else:
            from_cache = True
    cache.set_latest(meta.id, meta.version)
    return _from_entry(hit, from_cache=from_cache)


def _download(http: ArxivHttp, meta: ArxivMetadata, work: Path, *, progress: Progress) -> None:
    """Fill `work` with the source (or PDF), the PDF, metadata.json and entry.json."""
    base = http.settings.arxiv_url
    scratch = work / ".download"
    scratch.mkdir()
    eprint = scratch / "e-print"
    kind, path = "pdf", work / "paper.pdf"
    progress(f"downloading source {base}/e-print/{meta.versioned_id}")
    try:
        size = http.download(f"{base}/e-print/{meta.versioned_id}", eprint)
    except NotFoundError:
        if meta.withdrawn:
            raise _withdrawn(meta) from None
        size = 0
    content = archive.sniff(eprint) if size else Content.UNKNOWN
    if content is Content.PDF:
        shutil.move(eprint, path)
    elif content in (Content.TARBALL, Content.GZIP_FILE):
        progress(f"unpacking {size} bytes")
        source = work / "source"
        found = archive.unpack(
            eprint,
            source,
            max_bytes=http.settings.max_bytes,
            max_members=http.settings.max_members,
        )
        if found is Content.PDF:
            shutil.move(source / "paper.pdf", path)
            shutil.rmtree(source)
        else:
            kind, path = "latex", source
    elif content is Content.TEX:
        kind, path = "latex", archive.copy_tex(eprint, work / "source").parent
    else:
        if meta.withdrawn:
            raise _withdrawn(meta)
        progress("arXiv has no LaTeX source for this paper; using its PDF")
    if kind == "latex" and not any(path.rglob("*.tex")):
        progress("the source archive holds no .tex file; using the PDF")
        shutil.rmtree(path)
        kind, path = "pdf", work / "paper.pdf"
    pdf_path = _download_pdf(
        http, meta, work / "paper.pdf", required=kind == "pdf", progress=progress
    )
    shutil.rmtree(scratch)
    official = [find_code_links(meta.abstract), find_code_links(meta.comment)]
    if kind == "latex":
        official.append(code_links_in_sources(path))
    meta.official_code = merge_links(*official)
    (work / METADATA_FILE).write_text(json.dumps(meta.to_dict(), indent=1) + "\n", "utf-8")
    finish_entry(work, kind, path, pdf_path)


def _download_pdf(
    http: ArxivHttp, meta: ArxivMetadata, dest: Path, *, required: bool, progress: Progress
) -> Path | None:
    if dest.exists():
        return dest
    url = f"{http.settings.arxiv_url}/pdf/{meta.versioned_id}"
    progress(f"downloading PDF {url}")
    try:
        http.download(url, dest)
    except NotFoundError:
        dest.unlink(missing_ok=True)
        if required:
            raise NotFoundError(
                f"arXiv serves neither source nor PDF for {meta.versioned_id}"
            ) from None
        progress("arXiv has no PDF for this version; continuing with the source")
        return None
    except (NetworkError, RateLimitedError) as e:
        # With the LaTeX source in hand the PDF is a convenience: not worth failing over,
        # nor worth pressing a server that asks us to slow down.
        dest.unlink(missing_ok=True)
        if required:
            raise
        progress(f"could not fetch the PDF ({e}); continuing with the source")
        return None
    if archive.sniff(dest) is not Content.PDF:
        dest.unlink()
        if required:
            raise InputError(f"{url} did not return a PDF")
        return None
    return dest


def _withdrawn(meta: ArxivMetadata) -> NotFoundError:
    earlier = f"{meta.id}v{meta.version - 1}" if meta.version > 1 else None
    return NotFoundError(
        f"arXiv {meta.versioned_id} was withdrawn and has no source ({meta.comment})",
        hint=f"an earlier version may still have one: paper2code {earlier}" if earlier else None,
    )


def _from_entry(entry: Entry, *, from_cache: bool) -> Acquired:
    data = json.loads((entry.root / METADATA_FILE).read_text("utf-8"))
    return Acquired(
        kind="pdf" if entry.kind == "pdf" else "latex",
        path=entry.path,
        pdf_path=entry.pdf_path,
        metadata=ArxivMetadata.from_dict(data),
        from_cache=from_cache,
    )

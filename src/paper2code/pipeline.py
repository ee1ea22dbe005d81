"""Stage composition: the one module that may import every stage.

`open_paper` is what every command that takes a PAPER calls: acquire the files (download or
cache or local path), read them with the matching reader, and fold the arXiv metadata into the
`Paper` so later stages can cite the ID, the version and the authors' own code.
"""

from __future__ import annotations

from paper2code.acquire import Acquired, Progress, acquire, code_links_in_sources, merge_links
from paper2code.paper import Paper


def open_paper(
    spec: str,
    *,
    offline: bool = False,
    refresh: bool = False,
    progress: Progress | None = None,
) -> Paper:
    got = acquire(spec, offline=offline, refresh=refresh, progress=progress)
    return read_acquired(got, spec)


def read_acquired(got: Acquired, spec: str) -> Paper:
    """The `Paper` in what `acquire` produced, with its arXiv metadata merged in."""
    if got.kind == "pdf":
        from paper2code.paper.pdf import load_pdf

        paper = load_pdf(got.path)
    else:
        from paper2code.paper import load_paper

        paper = load_paper(got.path)
    meta = paper.meta
    meta.source = spec
    arxiv = got.metadata
    if arxiv is None:
        if got.kind == "latex":
            meta.official_code = merge_links(meta.official_code, code_links_in_sources(got.path))
        return paper
    meta.arxiv_id = arxiv.id
    meta.version = f"v{arxiv.version}"
    meta.official_code = merge_links(arxiv.official_code, meta.official_code)
    # The LaTeX reader's title and abstract are the paper's own; the PDF reader's are guesses
    # from the first lines, so arXiv's record wins there.
    guessed = got.kind == "pdf"
    meta.title = arxiv.title if guessed or not meta.title else meta.title
    meta.authors = list(arxiv.authors) if guessed or not meta.authors else meta.authors
    meta.abstract = arxiv.abstract if guessed or not meta.abstract else meta.abstract
    return paper

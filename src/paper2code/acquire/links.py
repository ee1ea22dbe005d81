"""Links to code: the GitHub/GitLab repositories a paper points at.

`find_code_links` extracts every repository URL from any text (plain, LaTeX with `\\url{}`,
`\\href{}{}`, escaped `\\_`, or a scheme-less `github.com/owner/repo`). `official_code_links`
is stricter for paper bodies: a paper cites other people's code too, so a link there counts as
the authors' own only when the sentence around it says so ("our code", "code is available",
"we release", ...). Links in the abstract and the arXiv comment are the authors' own by nature.
Bibliography files (.bib, .bbl) are never read for this.
"""

from __future__ import annotations

import re
from pathlib import Path

from paper2code.acquire.folder import list_files
from paper2code.acquire.settings import Settings

_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>github\.com|gitlab\.com)/"
    r"(?P<path>[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-/#~%]*)?)",
    re.IGNORECASE,
)
# Words that, near a link, say the code is the authors' own.
_OWN = re.compile(
    r"\b(?:our|we)\b[^.]{0,80}\b(?:code|implementation|repositor|release|open[- ]?source)"
    r"|\bcode\b[^.]{0,40}\b(?:is|are|will be)\b[^.]{0,20}\b(?:available|released|public)"
    r"|\b(?:available|released)\s+at\b|\bproject page\b|\bopen[- ]sourced?\b",
    re.IGNORECASE,
)
# GitHub pages that are not repositories.
_NOT_REPOS = {"features", "sponsors", "topics", "about", "pricing", "orgs", "settings", "login"}
_CONTEXT = 250  # at most this many characters either side of a link are its sentence
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\\])|\n\s*\n")


def find_code_links(text: str) -> list[str]:
    """Every GitHub/GitLab repository URL in `text`, normalised to https, first-seen order."""
    return [link for link, _ in _links_with_positions(_unescape(text))]


def official_code_links(text: str) -> list[str]:
    """Repository URLs in a paper's body that the surrounding words claim as the authors'."""
    plain = _unescape(text)
    found = []
    for link, (start, end) in _links_with_positions(plain):
        if _OWN.search(_sentence(plain, start, end)) and link not in found:
            found.append(link)
    return found


def code_links_in_sources(path: Path) -> list[str]:
    """`official_code_links` over a `.tex` file or every `.tex` file in a folder (bibliographies
    skipped; links leading out of the folder not followed). At most `PAPER2CODE_MAX_TEX_BYTES`
    are read over all files, as for the reader: a huge file cannot hold the run."""
    found: list[str] = []
    budget = Settings.from_env().max_tex_bytes
    for tex in list_files(path, (".tex",)).files if path.is_dir() else [path]:
        if budget <= 0:
            break
        with tex.open("rb") as f:
            data = f.read(budget)
        budget -= len(data)
        text = data.decode("utf-8", errors="replace")
        text = text.split("\\begin{thebibliography}", 1)[0]
        for link in official_code_links(_strip_comments(text)):
            if link not in found:
                found.append(link)
    return found


def merge_links(*groups: list[str]) -> list[str]:
    merged: list[str] = []
    for group in groups:
        merged.extend(link for link in group if link not in merged)
    return merged


def _links_with_positions(text: str) -> list[tuple[str, tuple[int, int]]]:
    seen: list[str] = []
    result = []
    for m in _LINK.finditer(text):
        path = m["path"].rstrip(".,;:)/#").removesuffix(".git")
        owner = path.split("/", 1)[0]
        if owner.lower() in _NOT_REPOS:
            continue
        link = f"https://{m['host'].lower()}/{path}"
        if link not in seen:
            seen.append(link)
            result.append((link, m.span()))
    return result


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] (periods inside the URL do not end it)."""
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    cuts = list(_SENTENCE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    stop = _SENTENCE_END.search(after)
    if stop:
        after = after[: stop.start()]
    return before + text[start:end] + after


def _unescape(text: str) -> str:
    # LaTeX escapes inside URLs: \_ \# \% \& and \~{} / \textasciitilde{}
    text = re.sub(r"\\(?:textasciitilde|~)\{\}", "~", text)
    return re.sub(r"\\([_#%&~])", r"\1", text)


def _strip_comments(tex: str) -> str:
    return re.sub(r"(?<!\\)%.*", "", tex)

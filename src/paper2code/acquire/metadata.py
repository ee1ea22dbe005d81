"""Paper metadata from the arXiv API's Atom feed (`/api/query?id_list=ID`).

Traps handled here: a malformed ID comes back as HTTP 200 with one entry titled "Error"
(author "arXiv api core"); an unknown but well-formed ID comes back as a feed with no entry
(older API versions: an entry with an ID and nothing else); titles and abstracts are hard-wrapped;
the entry ID carries the version (`.../abs/1706.03762v7`). A withdrawn version says so in its
comment ("This paper has been withdrawn ...") or in the abstract.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field

import defusedxml
import defusedxml.ElementTree as SafeET

from paper2code.acquire.ids import ArxivRef
from paper2code.errors import NetworkError, NotFoundError

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_VERSION = re.compile(r"v(\d+)$")
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)


@dataclass
class ArxivMetadata:
    id: str  # without version: "1706.03762"
    version: int
    title: str
    authors: list[str]
    abstract: str
    categories: list[str]  # primary first
    published: str  # ISO 8601, first version
    updated: str  # ISO 8601, this version
    abs_url: str
    pdf_url: str
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    withdrawn: bool = False
    official_code: list[str] = field(default_factory=list)

    @property
    def versioned_id(self) -> str:
        return f"{self.id}v{self.version}"

    @property
    def primary_category(self) -> str:
        return self.categories[0] if self.categories else ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ArxivMetadata:
        return cls(**data)


def parse_feed(xml_text: str, ref: ArxivRef) -> ArxivMetadata:
    """The one entry of an `id_list` answer; NotFoundError when arXiv has no such paper."""
    try:
        # untrusted XML: defusedxml refuses entity declarations (billion laughs, external files)
        root = SafeET.fromstring(xml_text)
    except ET.ParseError as e:
        raise NetworkError(f"the arXiv API answered with something not Atom ({e})") from None
    except defusedxml.DefusedXmlException as e:
        raise NetworkError(f"the arXiv API answer declares XML entities; refused ({e})") from None
    entries = root.findall("atom:entry", NS)
    if not entries:
        raise NotFoundError(f"arXiv has no paper {ref}")
    entry = entries[0]
    title = _text(entry, "atom:title")
    if title == "Error" or not title:
        detail = _text(entry, "atom:summary")
        reason = f": {detail}" if detail and title == "Error" else ""
        raise NotFoundError(f"arXiv has no paper {ref}{reason}")
    entry_id = _text(entry, "atom:id")
    version = _VERSION.search(entry_id)
    abstract = _text(entry, "atom:summary")
    comment = _text(entry, "arxiv:comment")
    primary = entry.find("arxiv:primary_category", NS)
    categories = [c.get("term", "") for c in entry.findall("atom:category", NS)]
    if primary is not None and primary.get("term"):
        first = primary.get("term", "")
        categories = [first, *[c for c in categories if c != first]]
    links = {
        (link.get("title") or link.get("rel") or ""): link.get("href", "")
        for link in entry.findall("atom:link", NS)
    }
    return ArxivMetadata(
        id=ref.id,
        version=int(version.group(1)) if version else (ref.version or 1),
        title=title,
        authors=[_text(a, "atom:name") for a in entry.findall("atom:author", NS)],
        abstract=abstract,
        categories=[c for c in categories if c],
        published=_text(entry, "atom:published"),
        updated=_text(entry, "atom:updated"),
        abs_url=links.get("alternate", entry_id),
        pdf_url=links.get("pdf", ""),
        comment=comment,
        journal_ref=_text(entry, "arxiv:journal_ref"),
        doi=_text(entry, "arxiv:doi"),
        withdrawn=is_withdrawn(comment, abstract),
    )


def is_withdrawn(comment: str, abstract: str) -> bool:
    """arXiv marks a withdrawal in the comment; some authors replace the abstract instead."""
    head = abstract.strip().lower()[:200]
    return bool(_WITHDRAWN.search(comment)) or head.startswith(
        ("this paper has been withdrawn", "this article has been withdrawn", "withdrawn")
    )


def _text(node: ET.Element, path: str) -> str:
    found = node.find(path, NS)
    if found is None or found.text is None:
        return ""
    return " ".join(found.text.split())  # undo the feed's hard wrapping

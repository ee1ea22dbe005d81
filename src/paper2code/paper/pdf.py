"""The PDF reader: best-effort structure from a PDF's text layer, for papers without LaTeX.

A PDF keeps no structure, only positioned text; pypdf gives it back as lines. From those lines
this reader recognises what a person citing the paper would: numbered headings (`3 Method`,
`3.2 Attention`, `A.1 Proofs` once the appendix starts), table and figure captions
(`Table 3: ...`), display equations by the number printed at the end of their line (`... (4)`),
and paragraphs of running text. Numbers must run in order (a heading `3.2` follows `3.1` or
`3`), which keeps wrapped lines that start with a digit from passing as headings.

What it cannot do, and says so in the model: equations carry their extracted text rather than
LaTeX (`env="pdf"`), multi-line equations keep only the numbered line, table rows are whole
lines (cells are not separated), and authors are left to the arXiv metadata. Every element's
location is the PDF's name and the page number (`SourceLoc(file, line=page)`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from paper2code.errors import InputError
from paper2code.paper.model import (
    Element,
    Equation,
    Figure,
    Kind,
    Metadata,
    Paper,
    Paragraph,
    Section,
    SourceLoc,
    Table,
    slugify,
)

# "3 Method", "3.2. Attention", "A.1 Proofs"; a letter takes no trailing dot ("A. Smith" is
# a reference, not an appendix).
_HEADING = re.compile(
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-Z](?:\.\d{1,2}){0,3})\s+(?P<title>\S.*)"
)
_APPENDIX_HEADING = re.compile(
    r"Appendix\s+(?P<num>[A-Z](?:\.\d{1,2}){0,3})\s*[:.\-–]?\s*(?P<title>.*)"
)
_CAPTION = re.compile(
    r"(?P<kind>Table|Figure|Fig\.)\s+(?P<num>[A-Z]?\.?\d{1,3})\s*[:.|]\s*(?P<rest>.*)"
)
_EQ_NUMBER = re.compile(r"^(?P<body>.*\S)\s*\((?P<num>\d{1,3}[a-z]?|[A-Z]\.?\d{1,3}|\d+\.\d+)\)$")
_EQ_ALONE = re.compile(r"\((?P<num>\d{1,3}[a-z]?|[A-Z]\.?\d{1,3}|\d+\.\d+)\)")
_MATH = re.compile(r"[=≤≥<>∑∏∫√∈∼≈∝·×⊙∇∂]|\b(?:softmax|exp|log|max|min|arg)\b")
_PROSE_BEFORE_NUMBER = re.compile(
    r"\b(?:eq|eqs|eqn|equation|equations|in|and|of|see|by|to)\.?$", re.I
)
_PAGE_NUMBER = re.compile(r"\d{1,4}|[ivxlc]{1,6}")
_ARXIV_STAMP = re.compile(r"arXiv:\d{4}\.\d{4,5}")
# Unnumbered headings worth a section of their own; "references" ends the body.
_NAMED_HEADINGS = {
    "abstract",
    "references",
    "bibliography",
    "acknowledgments",
    "acknowledgements",
    "acknowledgment",
    "acknowledgement",
    "broader impact",
    "broader impacts",
    "impact statement",
    "ethics statement",
    "reproducibility statement",
    "limitations",
    "appendix",
    "appendices",
    "supplementary material",
}
_MAX_TITLE_CHARS = 70
_MAX_TITLE_WORDS = 10
_MIN_TEXT_PER_PAGE = 40  # characters; less than this on average means a scan


@dataclass(frozen=True)
class _Line:
    page: int
    text: str


def load_pdf(path: str | Path) -> Paper:
    """Read a paper's PDF into a `Paper` (best effort; see the module notes)."""
    path = Path(path)
    pages = _page_texts(path)
    if sum(len(t.strip()) for t in pages) < _MIN_TEXT_PER_PAGE * max(1, len(pages)):
        raise InputError(
            f"{path.name}: the PDF has no extractable text (a scan?)",
            hint="give paper2code the paper's LaTeX source or its arXiv ID instead",
        )
    return _Builder(path.name).build(_clean_lines(pages))


def _page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError(f"{path.name}: the PDF is encrypted")
        return [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, OSError) as e:
        raise InputError(f"{path.name}: not a readable PDF ({e})") from None


def _clean_lines(pages: list[str]) -> list[_Line]:
    """Lines of every page without running headers/footers, page numbers and arXiv stamps."""
    per_page = [
        [" ".join(line.split()) for line in text.splitlines() if line.strip()] for text in pages
    ]
    # A line printed on most pages (a running header, a venue footer) is not the paper's text.
    seen = Counter(line for lines in per_page for line in set(lines))
    repeated = {line for line, n in seen.items() if len(pages) >= 3 and n > len(pages) / 2}
    result = []
    for page, lines in enumerate(per_page, start=1):
        for line in lines:
            if line in repeated or _PAGE_NUMBER.fullmatch(line) or _ARXIV_STAMP.match(line):
                continue
            result.append(_Line(page, line))
    return result


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.elements: list[Element] = []
        self.meta = Metadata()
        self.numbers: list[tuple[str, ...]] = []  # the numbered headings so far
        self.sections: list[Section] = []  # the open sections, outermost first
        self.appendix = False
        self.in_references = False
        self.in_abstract = False
        self.abstract: list[str] = []
        self.paragraph: list[_Line] = []
        self.last_equation = 0
        self.equation_numbers: set[str] = set()
        self.captions: set[tuple[str, str]] = set()
        self.typical_width = 0

    def build(self, lines: list[_Line]) -> Paper:
        long = [len(x.text) for x in lines if len(x.text) >= 30]
        self.typical_width = int(statistics.median(long)) if long else 80
        if lines:
            self.meta.title = lines[0].text
        i = 0
        while i < len(lines):
            i = self._take(lines, i)
        self._end_paragraph()
        self.meta.abstract = _join(self.abstract)
        return Paper(meta=self.meta, elements=self.elements)

    # ---- one line (or a caption with its continuation) -----------------------------------

    def _take(self, lines: list[_Line], i: int) -> int:
        line = lines[i]
        if self._heading(line):
            return i + 1
        if self.in_references:
            return i + 1  # the bibliography is not body text
        caption = _CAPTION.fullmatch(line.text)
        if caption:
            return self._caption(lines, i, caption)
        if self._equation(line):
            return i + 1
        if self.in_abstract:
            self.abstract.append(line.text)
        elif self.sections:
            self.paragraph.append(line)
            if _ends_paragraph(line.text, self.typical_width):
                self._end_paragraph()
        return i + 1

    def _heading(self, line: _Line) -> bool:
        text = line.text
        named = text.rstrip(":").strip().lower()
        if named in _NAMED_HEADINGS:
            self._end_paragraph()
            self.in_abstract = named == "abstract" and not self.sections
            self.in_references = named in {"references", "bibliography"}
            if named in {"appendix", "appendices", "supplementary material"}:
                self.appendix = True
                return True
            if named != "abstract" and not self.in_references:
                self._open(line, None, text.rstrip(":").strip(), level=1)
            return True
        match = _APPENDIX_HEADING.fullmatch(text) or _HEADING.fullmatch(text)
        if not match:
            return False
        number, title = match["num"].rstrip("."), match["title"].strip() or text
        if not _plausible_title(title) or not self._next_number(number, text):
            return False
        self._end_paragraph()
        self.in_abstract = False
        self.in_references = False
        self.numbers.append(tuple(number.split(".")))
        self.appendix = self.appendix or number[0].isalpha()
        self._open(line, number, title, level=number.count(".") + 1)
        return True

    def _next_number(self, number: str, text: str) -> bool:
        """Whether `number` can follow the headings seen so far (1, 1.1, 1.2, 2, ..., A, A.1)."""
        parts = tuple(number.split("."))
        letter = parts[0].isalpha()
        if letter and not (self.appendix or self.in_references or text.startswith("Appendix")):
            return False
        if not letter and any(p[0].isalpha() for p in self.numbers):
            return False  # body numbering does not resume after appendix A
        previous = [p for p in self.numbers if p[0].isalpha() == letter]
        if not previous:
            return parts == ("A",) if letter else parts in {("1",), ("0",)}
        last = previous[-1]
        if len(parts) <= len(last):  # the next sibling of this heading or of an ancestor
            return parts == (*last[: len(parts) - 1], _successor(last[len(parts) - 1]))
        return parts == (*last, "1")  # the first child

    def _open(self, line: _Line, number: str | None, title: str, *, level: int) -> None:
        while self.sections and self.sections[-1].level >= level:
            self.sections.pop()
        parent = self.sections[-1].anchor if self.sections else None
        anchor = f"§{number}" if number else f"§{slugify(title)}"
        section = Section(
            kind=Kind.SECTION,
            number=number,
            anchor=anchor,
            section=parent,
            loc=SourceLoc(self.file, line.page),
            title=title,
            level=level,
            appendix=self.appendix,
        )
        self.sections.append(section)
        self.elements.append(section)

    def _caption(self, lines: list[_Line], i: int, match: re.Match[str]) -> int:
        self._end_paragraph()
        kind = "table" if match["kind"] == "Table" else "figure"
        number = match["num"]
        parts = [match["rest"]]
        j = i + 1
        # A caption runs on until a sentence ends; four lines is plenty for a caption.
        while j < len(lines) and j - i < 4 and not parts[-1].rstrip().endswith("."):
            nxt = lines[j].text
            if _CAPTION.fullmatch(nxt) or _EQ_NUMBER.match(nxt) or _HEADING.fullmatch(nxt):
                break
            parts.append(nxt)
            j += 1
        caption = _join(parts)
        if (kind, number) in self.captions:  # "Table 3:" again, e.g. a continued table
            return j
        self.captions.add((kind, number))
        common = {
            "number": number,
            "section": self._current(),
            "loc": SourceLoc(self.file, lines[i].page),
            "caption": caption,
        }
        if kind == "figure":
            self.elements.append(Figure(kind=Kind.FIGURE, anchor=f"Figure {number}", **common))
            return j
        rows = []
        # Rows of a table printed below its caption: short lines, not prose.
        while j < len(lines) and len(rows) < 60 and _row_like(lines[j].text, self.typical_width):
            if _CAPTION.fullmatch(lines[j].text) or _HEADING.fullmatch(lines[j].text):
                break
            rows.append([lines[j].text])
            j += 1
        self.elements.append(Table(kind=Kind.TABLE, anchor=f"Table {number}", rows=rows, **common))
        return j

    def _equation(self, line: _Line) -> bool:
        match = _EQ_NUMBER.match(line.text)
        alone = _EQ_ALONE.fullmatch(line.text)
        if match:
            body, number, taken = match["body"], match["num"], None
        elif alone and self.paragraph:
            # The number on a line of its own: the display is the line before it.
            taken = self.paragraph[-1]
            body, number = taken.text, alone["num"]
        else:
            return False
        if _PROSE_BEFORE_NUMBER.search(body) or not _MATH.search(body):
            return False
        if number in self.equation_numbers:
            return False  # "(3)" at a line's end after Eq. 3 is a reference to it
        if number[0].isdigit() and "." not in number:
            value = int(number.rstrip("abcdefghijklmnopqrstuvwxyz"))
            # Equation numbers rise, with small gaps where a display was not recognised.
            rises = self.last_equation < value <= self.last_equation + 5
            if not (rises or (value == self.last_equation and number[-1].isalpha())):
                return False
            self.last_equation = value
        self.equation_numbers.add(number)
        if taken is not None:
            self.paragraph.pop()
        self._end_paragraph()
        self.elements.append(
            Equation(
                kind=Kind.EQUATION,
                number=number,
                anchor=f"Eq. {number}",
                section=self._current(),
                loc=SourceLoc(self.file, (taken or line).page),
                text=body,
                latex=body,
                env="pdf",
            )
        )
        return True

    def _current(self) -> str | None:
        return self.sections[-1].anchor if self.sections else None

    def _end_paragraph(self) -> None:
        if not self.paragraph or not self.sections:
            self.paragraph = []
            return
        anchor = self.sections[-1].anchor
        self.elements.append(
            Paragraph(
                kind=Kind.PARAGRAPH,
                number=None,
                anchor=anchor,
                section=anchor,
                loc=SourceLoc(self.file, self.paragraph[0].page),
                text=_join([x.text for x in self.paragraph]),
            )
        )
        self.paragraph = []


def _successor(part: str) -> str:
    return chr(ord(part) + 1) if part.isalpha() else str(int(part) + 1)


def _plausible_title(title: str) -> bool:
    words = title.split()
    if not words or len(title) > _MAX_TITLE_CHARS or len(words) > _MAX_TITLE_WORDS:
        return False
    if not title[0].isupper() or title[-1] in ".,;:" or ". " in title or "=" in title:
        return False
    # A free-standing number ("4 GPUs and 2 CPUs") marks a wrapped line of prose or a table
    # row; names like "3D", "GPT-2" or "ResNet50" are fine.
    bare_number = re.search(r"(?<![\w.\-])\d+(?:\.\d+)?(?![\w.])", title)
    return bare_number is None and sum(c.isalpha() for c in title) >= 3


def _ends_paragraph(text: str, width: int) -> bool:
    """The last line of a paragraph ends a sentence and stops short of the column's width."""
    return text[-1] in ".!?:" and len(text) < 0.8 * width


def _row_like(text: str, width: int) -> bool:
    """A table row: short, or mostly numbers; never a sentence of prose."""
    words = text.split()
    numeric = sum(bool(re.fullmatch(r"[-+±]?[\d.,%]+\S?", w)) for w in words)
    short = len(text) < 0.7 * width and (numeric > 0 or len(words) <= 6)
    return text[-1] != "." and (short or numeric / len(words) >= 0.3)


def _join(lines: list[str]) -> str:
    """Lines to running text; a word hyphenated across a line break is joined again."""
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text.strip()

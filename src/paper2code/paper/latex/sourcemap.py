"""Where each character of the text we parse came from.

The reader never parses the files as written: `\\input`s are inlined, comments dropped, author
macros expanded. A `SourceMap` keeps, for each stretch of the rewritten text, the file and the
offset it was copied from, so every element can still say `sections/method.tex:42`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_LINE_END = re.compile("\n")


@dataclass(frozen=True)
class Segment:
    start: int  # offset in the rewritten text
    file: str
    src_start: int  # offset in `file`
    exact: bool  # False for text a macro expansion produced: every char maps to the call site


@dataclass
class SourceMap:
    segments: list[Segment] = field(default_factory=list)
    line_starts: dict[str, list[int]] = field(default_factory=dict)

    def add_file(self, name: str, text: str) -> None:
        self.line_starts[name] = [0, *(m.end() for m in _LINE_END.finditer(text))]

    def starts(self) -> list[int]:
        # Segments are only appended while building; recompute the index when that happened.
        if len(getattr(self, "_starts", ())) != len(self.segments):
            self._starts = [s.start for s in self.segments]
        return self._starts

    def origin(self, pos: int) -> tuple[str, int]:
        """(file, offset in that file) of rewritten-text offset `pos`."""
        if not self.segments:
            return "", 0
        i = max(0, bisect.bisect_right(self.starts(), pos) - 1)
        seg = self.segments[i]
        return seg.file, seg.src_start + (pos - seg.start if seg.exact else 0)

    def location(self, pos: int) -> tuple[str, int]:
        """(file, 1-based line) of rewritten-text offset `pos`."""
        file, offset = self.origin(pos)
        starts = self.line_starts.get(file, [0])
        return file, bisect.bisect_right(starts, offset)


class Builder:
    """Accumulates rewritten text piece by piece, recording each piece's origin."""

    def __init__(self, line_starts: dict[str, list[int]] | None = None) -> None:
        self.parts: list[str] = []
        self.map = SourceMap(line_starts=dict(line_starts or {}))
        self.length = 0

    def copy(self, text: str, file: str, src_start: int) -> None:
        """Append text copied verbatim from `file` at `src_start`."""
        self._append(text, Segment(self.length, file, src_start, True))

    def insert(self, text: str, file: str, src_start: int) -> None:
        """Append text that stands for the source at `src_start` (a macro's expansion)."""
        self._append(text, Segment(self.length, file, src_start, False))

    def copy_mapped(self, text: str, start: int, source: SourceMap) -> None:
        """Append `text[...]`, which sits at `start` in a text `source` maps, keeping its map."""
        if not text:
            return
        segs = source.segments
        starts = source.starts()
        end = start + len(text)
        i = max(0, bisect.bisect_right(starts, start) - 1)
        pos = start
        while pos < end:
            seg = segs[i]
            seg_end = segs[i + 1].start if i + 1 < len(segs) else end
            piece_end = min(end, seg_end)
            src = seg.src_start + (pos - seg.start if seg.exact else 0)
            self._append(
                text[pos - start : piece_end - start],
                Segment(self.length, seg.file, src, seg.exact),
            )
            pos = piece_end
            i += 1

    def _append(self, text: str, seg: Segment) -> None:
        if not text:
            return
        self.parts.append(text)
        self.map.segments.append(seg)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)

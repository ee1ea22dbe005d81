"""What acquisition hands to the readers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from paper2code.acquire.metadata import ArxivMetadata

Progress = Callable[[str], None]


@dataclass
class Acquired:
    kind: Literal["latex", "pdf"]
    path: Path  # a folder of LaTeX sources, a .tex file, or a .pdf
    pdf_path: Path | None  # the paper's PDF when we have it (for the PDF reader and the user)
    metadata: ArxivMetadata | None  # None for local inputs
    from_cache: bool


def quiet(_message: str) -> None:
    """The default progress sink."""

"""A paper's folder is the whole of its sources: what is inside it, and nothing else.

Symlinks are followed only while they stay inside the folder; a link (or `..`, or an absolute
path) that leads elsewhere on the machine is refused, so a paper can never make paper2code read
a file it does not hold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, every symlink followed, lies within `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop leads nowhere, and so not inside
        return False


def is_file(path: Path) -> bool:
    """`path.is_file()`, false for a name the system refuses: an `\\input` of 300 characters
    names no file, and is no crash (`is_file` raises ENAMETOOLONG)."""
    try:
        return path.is_file()
    except OSError:
        return False


@dataclass
class Listing:
    files: list[Path] = field(default_factory=list)  # inside the folder, in sorted order
    refused: list[Path] = field(default_factory=list)  # symlinks that lead outside it


def list_files(root: Path, suffixes: tuple[str, ...]) -> Listing:
    """Files under `root` whose name ends with one of `suffixes`, following symlinks that stay
    inside `root` (each folder once, however many links lead to it)."""
    root = root.resolve()
    listing = Listing()
    seen: set[Path] = set()
    for top, dirs, names in os.walk(root, followlinks=True):
        here = Path(top)
        seen.add(here.resolve())
        kept = []
        for name in sorted(dirs):
            sub = here / name
            if not inside(sub, root):
                listing.refused.append(sub)
            elif sub.resolve() not in seen:
                seen.add(sub.resolve())
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            path = here / name
            if not name.lower().endswith(suffixes):
                continue
            if inside(path, root):
                if path.is_file():
                    listing.files.append(path)
            else:
                listing.refused.append(path)
    return listing

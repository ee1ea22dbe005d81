"""Time `load_paper` on every fixture paper and every paper of the shared corpus
(../shared/corpus, when present): per paper its LaTeX size, best time and time per 100 KB,
then the largest fixture and the whole set. A paper the reader refuses is listed with its error.

    python bench/parse_speed.py [--repeat N] [--corpus-only]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import CORPUS  # noqa: E402

from paper2code.errors import Paper2CodeError  # noqa: E402
from paper2code.paper import load_paper  # noqa: E402


def source_size(folder: Path) -> int:
    """Bytes of LaTeX under a paper's folder (every .tex, read or not)."""
    return sum(p.stat().st_size for p in folder.rglob("*.tex"))


def papers(corpus_only: bool) -> list[Path]:
    """Paper folders: every fixture folder holding a main .tex directly, and every corpus paper."""
    found: set[Path] = set()
    if not corpus_only:
        found = {
            p.parent
            for p in FIXTURES.rglob("*.tex")
            if "\\begin{document}" in p.read_text(errors="replace") and "bad" not in p.parts
        }
    if CORPUS is not None:
        found |= {p for p in CORPUS.iterdir() if p.is_dir()}
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus-only", action="store_true", help="skip the fixture papers")
    args = parser.parse_args()
    rows: list[tuple[Path, int, float]] = []
    failed: list[tuple[Path, str]] = []
    for folder in papers(args.corpus_only):
        try:
            best = min(_timed(folder) for _ in range(args.repeat))
        except Paper2CodeError as e:
            failed.append((folder, str(e)))
            continue
        rows.append((folder, source_size(folder), best))
    print(f"{'paper':40s} {'KB':>7s} {'seconds':>8s} {'s/100KB':>8s}")
    for folder, size, secs in sorted(rows, key=lambda r: -r[1]):
        print(f"{folder.name:40s} {size / 1024:7.1f} {secs:8.3f} {secs / (size / 102400):8.3f}")
    for folder, error in failed:
        print(f"{folder.name:40s} refused: {error}")
    fixtures = [r for r in rows if FIXTURES in r[0].parents]
    if fixtures:
        folder, size, secs = max(fixtures, key=lambda r: r[1])
        print(
            f"\nlargest fixture: {folder.relative_to(ROOT)} — "
            f"{secs / (size / 102400):.3f} s per 100 KB"
        )
    groups = [("corpus", [r for r in rows if FIXTURES not in r[0].parents])]
    if fixtures:
        groups.append(("all", rows))
    for name, group in groups:
        if group:
            kb = sum(r[1] for r in group) / 1024
            secs = sum(r[2] for r in group)
            slowest = max(group, key=lambda r: r[2])
            print(
                f"{name}: {len(group)} papers, {kb:.0f} KB in {secs:.2f} s — "
                f"{secs / (kb / 100):.3f} s per 100 KB; slowest {slowest[0].name} "
                f"{slowest[2]:.2f} s"
            )


def _timed(folder: Path) -> float:
    start = time.perf_counter()
    load_paper(folder)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()

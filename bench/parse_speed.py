"""Time `load_paper` on every fixture paper and every paper of the shared corpus
(../shared/corpus, when present): per paper its LaTeX size, best CPU time (in process, after a
first reading that loads the modules) and time per 100 KB, then the largest fixture and the
whole set, and whether issue 19's target is met: under 0.5 s per paper of up to 300 KB of
LaTeX (the largest paper's time, and 300 KB on the least-squares line through the corpus), and
linear in size (time grows as size to a power near 1; the largest paper costs no more per KB
than the median one). A paper the reader refuses is listed with its error.

    python bench/parse_speed.py [--repeat N] [--corpus-only]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import statistics
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

TARGET_SECONDS = 0.5  # per paper of up to TARGET_KB
TARGET_KB = 300
# Linear enough: time grows as size^k with k below this, and the largest paper's time per KB
# is at most this many times the median paper's.
MAX_EXPONENT = 1.2
MAX_PER_KB_RATIO = 1.5


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
    found = papers(args.corpus_only)
    # Imports, regex compiling and pylatexenc's tables are no paper's time.
    with contextlib.suppress(Paper2CodeError, IndexError):
        _timed(found[0])
    for folder in found:
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
    corpus = [r for r in rows if FIXTURES not in r[0].parents]
    if len(corpus) >= 3:
        print()
        for line in target(corpus):
            print(line)
    groups = [("corpus", corpus)]
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


def target(rows: list[tuple[Path, int, float]]) -> list[str]:
    """Issue 19's target, checked on the corpus papers' (folder, bytes, seconds)."""
    kb = [r[1] / 1024 for r in rows]
    secs = [r[2] for r in rows]
    slope, intercept = statistics.linear_regression(kb, secs)
    at_target = intercept + slope * TARGET_KB
    exponent, _ = statistics.linear_regression(
        [math.log(k) for k in kb], [math.log(s) for s in secs]
    )
    folder, size, largest = max(rows, key=lambda r: r[1])
    ratio = (largest / size) / statistics.median(r[2] / r[1] for r in rows)

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    linear = exponent < MAX_EXPONENT and ratio <= MAX_PER_KB_RATIO
    return [
        f"target (issue 19): under {TARGET_SECONDS} s per paper of up to {TARGET_KB} KB, "
        "linear in size",
        f"  largest paper: {folder.name}, {size / 1024:.0f} KB in {largest:.3f} s — "
        f"{verdict(largest < TARGET_SECONDS)}",
        f"  {TARGET_KB} KB on the fitted line ({intercept:.3f} s + {slope * 100:.3f} s per "
        f"100 KB): {at_target:.3f} s — {verdict(at_target < TARGET_SECONDS)}",
        f"  linearity: time ~ size^{exponent:.2f}; the largest paper's time per KB is "
        f"{ratio:.2f}x the median paper's — {verdict(linear)} (power < {MAX_EXPONENT}, "
        f"ratio <= {MAX_PER_KB_RATIO})",
    ]


def _timed(folder: Path) -> float:
    """CPU seconds of one reading: on a shared machine, wall time measures the neighbours."""
    start = time.process_time()
    load_paper(folder)
    return time.process_time() - start


if __name__ == "__main__":
    main()

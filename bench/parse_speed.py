"""Time `load_paper` on the largest fixture paper (and on ../shared/corpus when present);
print seconds per 100 KB of LaTeX source.

    python bench/parse_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from paper2code.paper import load_paper

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


def source_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.tex"))


def papers() -> list[Path]:
    """Paper folders: every folder holding a main .tex directly."""
    found = {
        p.parent
        for p in FIXTURES.rglob("*.tex")
        if "\\begin{document}" in p.read_text(errors="replace") and "bad" not in p.parts
    }
    if CORPUS.is_dir():
        found |= {p for p in CORPUS.iterdir() if p.is_dir()}
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for folder in papers():
        size = source_size(folder)
        best = min(_timed(folder) for _ in range(args.repeat))
        rows.append((folder, size, best))
    largest_fixture = max((r for r in rows if FIXTURES in r[0].parents), key=lambda r: r[1])
    print(f"{'paper':40s} {'KB':>7s} {'seconds':>8s} {'s/100KB':>8s}")
    for folder, size, secs in sorted(rows, key=lambda r: -r[1]):
        print(f"{folder.name:40s} {size / 1024:7.1f} {secs:8.3f} {secs / (size / 102400):8.3f}")
    folder, size, secs = largest_fixture
    print(
        f"\nlargest fixture: {folder.relative_to(ROOT)} — {secs / (size / 102400):.3f} s per 100 KB"
    )
    total_kb = sum(r[1] for r in rows) / 1024
    total_s = sum(r[2] for r in rows)
    print(
        f"all papers: {total_kb:.0f} KB in {total_s:.2f} s — {total_s / (total_kb / 100):.3f} s "
        "per 100 KB"
    )


def _timed(folder: Path) -> float:
    start = time.perf_counter()
    load_paper(folder)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()

"""Time `paper2code check` on large generated files against the verifier's fixture paper: a
20,000-line Python file, a Markdown file that is one 50 MB line, and 50 MB of Markdown in
ordinary lines; print seconds (wall and CPU) and MB per second for each.

    python bench/check_speed.py [--repeat N] [--mb 50]

`tests/verify/test_verify_hostile.py` checks the same files against generous bounds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from paper2code.paper import load_paper
from paper2code.verify import check_files

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "tests" / "fixtures" / "verify" / "paper"

# Prose with a citation, a flag, a quote attached to a citation and an unclosed quote: every
# kind of token the checker looks for, then plain words.
_PROSE = (
    "The model follows §3.2 closely, see Table 1 and Eq. 4; [ASSUMPTION] the rest is ours "
    'because it is simple. §4.2 — "We train with Adam" and “open quotes stay open '
    + "plain words of prose here "
    * 30
)


def big_python(lines: int = 20_000) -> str:
    """`lines` assignments, each with a literal and a comment citing §4.2 (which states 0.1
    and 0.9; 0.5 needs no citation: the other literals are mismatches, one finding a line)."""
    rows = [f"v{i} = f(a{i}, b{i}) + 0.{i % 9 + 1}  # §4.2 — dropout" for i in range(lines)]
    return "\n".join(rows) + "\n"


def markdown_line(size: int = 50_000_000) -> str:
    """One line of at least `size` characters, ending in a dangling `§7`."""
    return _PROSE * (size // len(_PROSE) + 1) + "UNSPECIFIED §7\n"


def markdown_lines(size: int = 50_000_000) -> str:
    """`size` characters of the same prose in lines and paragraphs, as a long README."""
    paragraph = _PROSE.replace(". ", ".\n") + "\n\n"
    return paragraph * (size // len(paragraph) + 1)


def _timed(name: str, label: str, content: Callable[[], str], repeat: int) -> None:
    paper = load_paper(PAPER)
    text = content()
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        check_files({name: text}, paper)
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    mb = len(text.encode()) / 1e6
    print(f"{label:24s} {mb:8.1f} {best[0]:9.2f} {best[1]:9.2f} {mb / best[0]:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--mb", type=float, default=50, help="size of the Markdown files")
    args = parser.parse_args()
    size = int(args.mb * 1e6)
    print(f"{'file':24s} {'MB':>8s} {'wall s':>9s} {'cpu s':>9s} {'MB/s':>9s}")
    _timed("big.py", "Python, 20,000 lines", big_python, args.repeat)
    _timed("one_line.md", "Markdown, one line", lambda: markdown_line(size), args.repeat)
    _timed("many_lines.md", "Markdown, many lines", lambda: markdown_lines(size), args.repeat)


if __name__ == "__main__":
    main()

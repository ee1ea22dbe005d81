"""How many numbered equations of each corpus paper the math reader parses, how many of them
compile to code (issue 14: a function the generated project can call, with the paper's prose
as its symbol table and no stated values), and overall, with the constructs that stop the rest
from parsing and the reasons the parsed ones do not compile (most frequent first).

    python bench/equations.py [--top N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import ABSENT, CORPUS  # noqa: E402

from paper2code.equations import UnsupportedConstruct, parse_equation  # noqa: E402
from paper2code.equations.codegen import compile_equations  # noqa: E402
from paper2code.equations.symbols import build_symbols, defined_quantities  # noqa: E402
from paper2code.errors import Paper2CodeError  # noqa: E402
from paper2code.paper import load_paper  # noqa: E402


def tally(folder: Path) -> tuple[int, int, int, Counter[str], Counter[str]]:
    """(numbered equations, how many parse, how many compile, what stopped the others from
    parsing, why the parsed ones that do not compile do not)."""
    paper = load_paper(folder)
    equations = paper.numbered_equations
    stoppers: Counter[str] = Counter()
    for equation in equations:
        try:
            parse_equation(equation.latex)
        except UnsupportedConstruct as e:
            stoppers[e.construct] += 1
    prose = [paper.meta.abstract, *(p.text for p in paper.paragraphs)]
    table = build_symbols(defined_quantities(e.latex for e in equations), prose, {})
    compiled = compile_equations([(e.anchor, e.latex) for e in equations], table)
    made = sum(entry.status == "implemented" for entry in compiled.entries)
    reasons = Counter(
        _kind(entry.reason)
        for entry in compiled.entries
        if entry.status != "implemented" and not entry.reason.startswith("cannot read")
    )
    return len(equations), len(equations) - sum(stoppers.values()), made, stoppers, reasons


def _kind(reason: str) -> str:
    """A reason without its particulars: the symbol's name, the shapes, the exception's text."""
    reason = re.sub(r"\s*\(.*", "", reason)
    reason = re.sub(
        r"^cannot compile \S+?(?=, an operation|, a name|: an element)", "cannot compile X", reason
    )
    return re.sub(
        r"'[^']*'|the sum bound \S+",
        lambda m: "'f'" if m[0][0] == "'" else "the sum bound b",
        reason,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=15, help="how many stopping constructs to list")
    args = parser.parse_args()
    if CORPUS is None:
        sys.exit(ABSENT)
    total, parsed, made, stoppers, reasons = 0, 0, 0, Counter[str](), Counter[str]()
    print(f"{'paper':40s} {'numbered':>8s} {'parse':>6s} {'share':>6s} {'compile':>7s}")
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        try:
            count, ok, compiled, stopped, why = tally(folder)
        except Paper2CodeError as e:
            print(f"{folder.name:40s} refused: {e}")
            continue
        total, parsed, made = total + count, parsed + ok, made + compiled
        stoppers.update(stopped)
        reasons.update(why)
        share = f"{ok / count:6.0%}" if count else "     -"
        print(f"{folder.name:40s} {count:8d} {ok:6d} {share} {compiled:7d}")
    print(f"\noverall: {parsed} of {total} numbered equations parse ({parsed / max(total, 1):.0%})")
    print(f"         {made} of {total} compile to code ({made / max(total, 1):.0%})")
    print(f"constructs that stop the rest (top {args.top}):")
    for construct, count in stoppers.most_common(args.top):
        print(f"  {count:5d}  {construct}")
    print(f"why the parsed ones do not compile (top {args.top}):")
    for reason, count in reasons.most_common(args.top):
        print(f"  {count:5d}  {reason}")


if __name__ == "__main__":
    main()

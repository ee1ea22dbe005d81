"""Precision and recall of hyperparameter extraction against hand-written answer files.

    python bench/extraction.py [ANSWER.yaml ...]     (default: bench/answers/*.yaml)

Each answer file names a paper (a path relative to the repository, or `corpus:NAME/FILE` for a
paper of the shared corpus, skipped when absent) and lists every value it states: name, value,
anchor and, where the paper says what the value applies to, context; `scope` limits scoring to
some anchors. A finding counts as correct when all four match (numbers up to float noise).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paper2code.analyse import analyse  # noqa: E402
from paper2code.paper import load_paper  # noqa: E402
from paper2code.paper.numbers import same_value  # noqa: E402


@dataclass
class Score:
    paper: str
    correct: int
    found: int
    expected: int
    missed: list[dict]
    wrong: list[tuple]

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return same_value(float(a), float(b))


# Real papers' sources live beside the checkout (…/shared/corpus), never in the repo.
CORPUS = next((p / "shared" / "corpus" for p in ROOT.parents if (p / "shared").is_dir()), None)


def paper_path(name: str) -> Path | None:
    """`corpus:NAME/FILE` is a paper of the shared corpus; anything else is repo-relative."""
    if name.startswith("corpus:"):
        return CORPUS / name.removeprefix("corpus:") if CORPUS else None
    return ROOT / name


def score(answer_file: Path) -> Score | None:
    """The score for one answer file; None when its paper is not on this machine."""
    answers = YAML(typ="safe").load(answer_file.read_text(encoding="utf-8"))
    path = paper_path(answers["paper"])
    if path is None or not path.exists():
        return None
    paper = load_paper(path)
    scope = answers.get("scope")  # score only these anchors when the answer covers part
    found = [
        (f.name, f.value, f.anchor, f.context)
        for f in analyse(paper).hyperparameters
        if scope is None or f.anchor in scope
    ]
    expected = list(answers["findings"])
    unmatched = list(expected)
    wrong = []
    for name, value, anchor, context in found:
        match = next(
            (
                e
                for e in unmatched
                if e["name"] == name
                and _same(e["value"], value)
                and e["anchor"] == anchor
                and e.get("context") == context
            ),
            None,
        )
        if match is None:
            wrong.append((name, value, anchor, context))
        else:
            unmatched.remove(match)
    correct = len(found) - len(wrong)
    return Score(answers["paper"], correct, len(found), len(expected), unmatched, wrong)


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "bench" / "answers").glob("*.yaml"))
    total = Score("all", 0, 0, 0, [], [])
    print(f"{'paper':48} {'precision':>9} {'recall':>7}  found/expected")
    for f in files:
        s = score(f)
        if s is None:
            print(f"{f.name:48} skipped: paper not present")
            continue
        print(f"{s.paper:48} {s.precision:9.3f} {s.recall:7.3f}  {s.found}/{s.expected}")
        for m in s.missed:
            print(f"    missed: {m}")
        for w in s.wrong:
            print(f"    wrong:  {w}")
        total.correct += s.correct
        total.found += s.found
        total.expected += s.expected
    counts = f"{total.found}/{total.expected}"
    print(f"{'overall':48} {total.precision:9.3f} {total.recall:7.3f}  {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Which component families each paper's own method uses, and its paper type, against answer
keys written by reading the papers (issues 13, 15).

    python bench/components.py                 (bench/answers/components/*.yaml on the corpus)
    python bench/components.py --heldout [DIR] (bench/heldout/components/*.yaml on DIR)

A key lists the families the method `uses`, those it only `mentions` (related work, baselines)
and those left `unscored` (too close to call); its `type` is one paper type or a list of the
acceptable ones when the paper fits none of them cleanly. A family found counts as right when
the key says `uses`, wrong otherwise (unless unscored): precision is right / found, recall is
right / used. The held-out papers sit beside `shared/` in `heldout/`, never in the repository.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import CORPUS  # noqa: E402

from paper2code.analyse.components import detect_components  # noqa: E402
from paper2code.analyse.contribution import identify_contribution  # noqa: E402
from paper2code.analyse.hyperparams import extract_hyperparameters  # noqa: E402
from paper2code.knowledge import load_knowledge  # noqa: E402
from paper2code.paper import Paper, load_paper  # noqa: E402

KEYS = ROOT / "bench" / "answers" / "components"
HELDOUT_KEYS = ROOT / "bench" / "heldout" / "components"


@dataclass(frozen=True)
class Key:
    paper: str
    types: tuple[str, ...]
    uses: frozenset[str]
    mentions: frozenset[str]
    unscored: frozenset[str]


@dataclass(frozen=True)
class Score:
    paper: str
    found: tuple[str, ...]
    right: frozenset[str]  # found and used
    wrong: frozenset[str]  # found, not used, not unscored
    missed: frozenset[str]  # used, not found
    type_found: str
    type_right: bool


def load_key(path: Path) -> Key:
    raw = yaml.safe_load(path.read_text())
    types = raw["type"] if isinstance(raw["type"], list) else [raw["type"]]
    return Key(
        paper=path.stem,
        types=tuple(types),
        uses=frozenset(raw.get("uses") or ()),
        mentions=frozenset(raw.get("mentions") or ()),
        unscored=frozenset(raw.get("unscored") or ()),
    )


def score(key: Key, paper: Paper) -> Score:
    kb = load_knowledge()
    findings = extract_hyperparameters(paper, kb)
    found = tuple(detect_components(paper, kb, findings))
    ptype = str(identify_contribution(paper, findings).paper_type)
    return Score(
        paper=key.paper,
        found=found,
        right=key.uses & set(found),
        wrong=frozenset(set(found) - key.uses - key.unscored),
        missed=key.uses - set(found),
        type_found=ptype,
        type_right=ptype in key.types,
    )


@dataclass(frozen=True)
class Totals:
    precision: float
    recall: float
    types: float


def totals(scores: list[Score]) -> Totals:
    right = sum(len(s.right) for s in scores)
    found = right + sum(len(s.wrong) for s in scores)
    used = right + sum(len(s.missed) for s in scores)
    return Totals(
        precision=right / found if found else 1.0,
        recall=right / used if used else 1.0,
        types=sum(s.type_right for s in scores) / len(scores) if scores else 1.0,
    )


def score_folder(papers: Path, keys: Path) -> list[Score]:
    """Every key whose paper is in `papers`, scored."""
    return [
        score(key, load_paper(papers / key.paper))
        for key in map(load_key, sorted(keys.glob("*.yaml")))
        if (papers / key.paper).is_dir()
    ]


def heldout_folder() -> Path | None:
    """`heldout/` beside the real `shared/` that holds the corpus."""
    return CORPUS.resolve().parents[1] / "heldout" if CORPUS is not None else None


def _names(families: frozenset[str]) -> str:
    return ", ".join(sorted(families)) or "-"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--heldout"]:
        papers, keys = (Path(argv[1]) if len(argv) > 1 else heldout_folder()), HELDOUT_KEYS
    else:
        papers, keys = CORPUS, KEYS
    if papers is None or not papers.is_dir():
        print(f"papers absent ({papers or 'no shared/ found'}): nothing to score")
        return 0
    scores = score_folder(papers, keys)
    print(f"{'paper':28s} {'precision':>9s} {'recall':>7s}  type")
    for s in scores:
        found = len(s.right) + len(s.wrong)
        used = len(s.right) + len(s.missed)
        precision = f"{len(s.right)}/{found}" if found else "-"
        recall = f"{len(s.right)}/{used}" if used else "-"
        verdict = "right" if s.type_right else "WRONG"
        print(f"{s.paper:28s} {precision:>9s} {recall:>7s}  {verdict} ({s.type_found})")
        if s.wrong:
            print(f"    found, not used: {_names(s.wrong)}")
        if s.missed:
            print(f"    used, not found: {_names(s.missed)}")
    t = totals(scores)
    print(
        f"\n{len(scores)} papers: precision {t.precision:.0%}, recall {t.recall:.0%}, "
        f"type right {t.types:.0%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

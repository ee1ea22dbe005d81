"""Where the shared corpus of real papers is: `shared/corpus` beside the checkout.

Real papers' sources are never copied into the repository; tests, benches and the reading
harness find them by walking up from here to the first folder holding `shared/corpus`, so a CI
clone next to `shared/` finds them too. Tests skip with a reason when the corpus is absent.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from paper2code.paper import Paper, load_paper


def _find_corpus() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "corpus"
        if candidate.is_dir():
            return candidate
    return None


CORPUS: Path | None = _find_corpus()
ABSENT = "the shared corpus of real papers (../shared/corpus) is not present"


def corpus_papers() -> list[str]:
    """Names of the corpus papers (one folder each), sorted; empty when the corpus is absent."""
    if CORPUS is None:
        return []
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


@cache
def corpus_paper(name: str) -> Paper:
    """A corpus paper, read once per test session: the harness, the analysis and the checker's
    corpus tests share one reading (each read costs about a second of the suite)."""
    assert CORPUS is not None
    return load_paper(CORPUS / name)


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_papers() -> list[Path]:
    """The folders of the repository's own LaTeX fixtures that hold a whole document (files
    under a `bad` folder are broken on purpose and left out)."""
    return sorted(
        {
            p.parent
            for p in FIXTURES.rglob("*.tex")
            if "\\begin{document}" in p.read_text(errors="replace") and "bad" not in p.parts
        }
    )

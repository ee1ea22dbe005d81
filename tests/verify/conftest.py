"""The fixture paper every verifier test checks against, parsed once from its LaTeX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paper2code.paper import load_paper
from paper2code.paper.model import Paper

FIXTURES = Path(__file__).parent.parent / "fixtures" / "verify"
PAPER_DIR = FIXTURES / "paper"
IMPLS = FIXTURES / "impls"


def _load() -> Paper:
    try:
        return load_paper(PAPER_DIR)
    except ModuleNotFoundError:  # TEMPORARY until the LaTeX reader lands on main
        return Paper.from_dict(json.loads(Path("/tmp/vp/paper.json").read_text()))


@pytest.fixture(scope="session")
def paper() -> Paper:
    return _load()


@pytest.fixture(scope="session")
def paper_arg(paper, tmp_path_factory) -> Path:
    """What `--paper` gets in command-line tests."""
    try:
        import paper2code.paper.latex  # noqa: F401
    except ModuleNotFoundError:  # TEMPORARY until the LaTeX reader lands on main
        path = tmp_path_factory.mktemp("paper") / "paper.json"
        path.write_text(json.dumps(paper.to_dict()))
        return path
    return PAPER_DIR

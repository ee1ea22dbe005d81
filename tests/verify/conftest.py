"""The fixture paper every verifier test checks against, parsed once from its LaTeX."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2code.paper import load_paper
from paper2code.paper.model import Paper

PAPER_DIR = Path(__file__).parent.parent / "fixtures" / "verify" / "paper"


@pytest.fixture(scope="session")
def paper() -> Paper:
    return load_paper(PAPER_DIR)


@pytest.fixture(scope="session")
def paper_arg() -> Path:
    """What `--paper` gets in command-line tests: the fixture's LaTeX folder."""
    return PAPER_DIR

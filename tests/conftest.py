"""Fixtures every test folder shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real papers; the test is skipped when it is absent."""
    if CORPUS is None:
        pytest.skip(ABSENT)
    return CORPUS

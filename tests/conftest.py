"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import warm_python
from corpus import ABSENT, CORPUS
from trickle_server import trickling_server


@pytest.fixture
def trickle() -> Iterator[Callable[[str], str]]:
    """`trickle("body")` (or "headers") starts a server on 127.0.0.1 that sends that part of
    every answer one byte a second, and returns its base URL; it stops after the test."""
    with ExitStack() as stack:
        yield lambda part: stack.enter_context(trickling_server(part))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real papers; the test is skipped when it is absent."""
    if CORPUS is None:
        pytest.skip(ABSENT)
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _warm_python() -> Iterator[None]:
    """The warm interpreter of `warm_python` (started by the first test that runs generated
    code) is stopped with the session, not left to the interpreter's exit."""
    yield
    warm_python.stop()

"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from trickle_server import trickling_server


@pytest.fixture
def trickle() -> Iterator[Callable[[str], str]]:
    """`trickle("body")` (or "headers") starts a server on 127.0.0.1 that sends that part of
    every answer one byte a second, and returns its base URL; it stops after the test."""
    with ExitStack() as stack:
        yield lambda part: stack.enter_context(trickling_server(part))

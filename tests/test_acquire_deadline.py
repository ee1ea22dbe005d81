"""`fetch` against servers that trickle bytes: PAPER2CODE_HTTP_TIMEOUT bounds the whole call,
not each read, and a failed fetch leaves nothing in the cache."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from arxiv_fake import atom_entry
from pytest_httpserver import HTTPServer

from paper2code.cli import main

ID = "1706.03762"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("PAPER2CODE_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("PAPER2CODE_HTTP_TIMEOUT", "2")
    monkeypatch.setenv("PAPER2CODE_HTTP_RETRIES", "3")
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _fetch_within(seconds: float, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    started = time.monotonic()
    code = main(["fetch", ID])
    assert time.monotonic() - started < seconds
    return code, capsys.readouterr().err


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_trickling_api_ends_fetch_at_the_deadline(
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    trickle: Callable[[str], str],
    part: str,
) -> None:
    url = trickle(part)
    monkeypatch.setenv("PAPER2CODE_ARXIV_API_URL", f"{url}/api/query")
    code, err = _fetch_within(4.0, capsys)
    assert code == 4
    (line,) = [x for x in err.splitlines() if x.startswith("error: ")]
    assert "did not complete within 2 s" in line
    assert "PAPER2CODE_HTTP_TIMEOUT" in line and "Traceback" not in err


def test_a_trickling_download_leaves_no_cache_folder(
    env: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    trickle: Callable[[str], str],
) -> None:
    httpserver.expect_request("/api/query").respond_with_data(atom_entry(ID, 7))
    monkeypatch.setenv("PAPER2CODE_ARXIV_API_URL", httpserver.url_for("/api/query"))
    url = trickle("body")
    monkeypatch.setenv("PAPER2CODE_ARXIV_URL", url)
    code, err = _fetch_within(4.0, capsys)
    assert code == 4 and f"{url}/e-print/{ID}v7 did not complete within 2 s" in err
    assert not env.exists() or list(env.rglob("*")) == []

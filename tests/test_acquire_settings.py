from pathlib import Path

import pytest

from paper2code.acquire.settings import Settings
from paper2code.cli import main
from paper2code.errors import InputError

ENV = (
    "PAPER2CODE_ARXIV_API_URL",
    "PAPER2CODE_ARXIV_URL",
    "PAPER2CODE_ARXIV_INTERVAL",
    "PAPER2CODE_CACHE_DIR",
    "PAPER2CODE_HTTP_RETRIES",
)


def test_defaults_are_arxivs(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    s = Settings.from_env()
    assert s.api_url == "http://export.arxiv.org/api/query"
    assert s.arxiv_url == "https://arxiv.org"
    assert s.interval == 3.0  # arXiv's published limit for automated clients
    assert s.cache_dir.name == "paper2code"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAPER2CODE_ARXIV_URL", "http://127.0.0.1:8000/")
    monkeypatch.setenv("PAPER2CODE_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PAPER2CODE_HTTP_RETRIES", "1")
    s = Settings.from_env()
    assert (s.arxiv_url, s.interval, s.cache_dir, s.retries) == (
        "http://127.0.0.1:8000",
        0.0,
        tmp_path,
        1,
    )


@pytest.mark.parametrize("value", ["soon", "-1"])
def test_bad_values_are_input_errors(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("PAPER2CODE_ARXIV_INTERVAL", value)
    with pytest.raises(InputError, match="PAPER2CODE_ARXIV_INTERVAL"):
        Settings.from_env()


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("PAPER2CODE_HTTP_RETRIES", "1e999", "a whole number from 0 to 20"),
        ("PAPER2CODE_HTTP_RETRIES", "2.5", "a whole number from 0 to 20"),
        ("PAPER2CODE_HTTP_TIMEOUT", "nan", "a number from 0.1 to 86400"),
        ("PAPER2CODE_HTTP_TIMEOUT", "0", "a number from 0.1 to 86400"),
        ("PAPER2CODE_ARXIV_INTERVAL", "inf", "a number from 0 to 3600"),
        ("PAPER2CODE_HTTP_MAX_WAIT", "-inf", "a number from 0 to 3600"),
        ("PAPER2CODE_MAX_SOURCE_BYTES", "0", "a whole number from 1 to 1099511627776"),
        ("PAPER2CODE_MAX_SOURCE_FILES", "many", "a whole number from 1 to 10000000"),
    ],
)
def test_bad_numbers_end_in_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    value: str,
    accepted: str,
) -> None:
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(tmp_path))
    assert main(["fetch", "1706.03762"]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {name}={value!r} is not valid: use {accepted}\n"

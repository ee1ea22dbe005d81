"""The LLM engine's bounds: time per request and per run against servers that trickle bytes,
answer size, bodies that are not the API's JSON, bad limit values, and API keys that a server
echoes back (never shown, cached or written)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scripted_llm import FIXTURES, transcript
from werkzeug import Request, Response

from paper2code.analyse.model import Analysis
from paper2code.cli import main
from paper2code.engines.base import Options
from paper2code.engines.llm import LLMEngine, Settings
from paper2code.errors import NetworkError

PAPER = str(FIXTURES / "paper.tex")
KEY = "sk-test-0123456789abcdef-SECRET"


def run(base_url: str, out: Path, *extra: str) -> int:
    return main(
        ["run", PAPER, "--engine", "llm", "--model", "test-model", "--base-url", base_url,
         "--out", str(out), *extra]
    )  # fmt: skip


def error_line(err: str) -> str:
    (line,) = [x for x in err.splitlines() if x.startswith("error: ")]
    assert "Traceback" not in err
    return line


def base_url(url: str, provider: str) -> str:
    return f"{url}/v1" if provider == "openai" else url


@pytest.mark.parametrize("part", ["headers", "body"])
@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_trickling_server_ends_the_engine_at_the_request_timeout(paper, trickle, provider, part):
    url = base_url(trickle(part), provider)
    settings = Settings.resolve("test-model", provider=provider, base_url=url, timeout=2)
    engine = LLMEngine(settings, sleep=lambda _s: None)
    started = time.monotonic()
    with pytest.raises(NetworkError, match="sent no complete answer within 2 s") as e:
        engine.generate(paper, Analysis(), Options())
    # openai asks the server for its window first: that question is bounded too
    assert time.monotonic() - started < 2 + 2 + 3
    assert e.value.exit_code == 4


def test_the_run_deadline_bounds_all_requests_together(paper, trickle):
    url = f"{trickle('body')}/v1"
    settings = Settings.resolve("test-model", base_url=url, timeout=60, deadline=3)
    engine = LLMEngine(settings, sleep=lambda _s: None)
    started = time.monotonic()
    with pytest.raises(NetworkError, match="took longer than 3 s in all"):
        engine.generate(paper, Analysis(), Options())
    assert time.monotonic() - started < 3 + 3


def test_a_trickling_server_is_one_line_and_exit_4(monkeypatch, tmp_path, capsys, trickle):
    monkeypatch.setenv("PAPER2CODE_LLM_TIMEOUT", "2")
    assert run(f"{trickle('body')}/v1", tmp_path / "out", "--no-run") == 4
    line = error_line(capsys.readouterr().err)
    assert "sent no complete answer within 2 s" in line and "PAPER2CODE_LLM_TIMEOUT" in line


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/html", "<html><body>Welcome to nginx!</body></html>"), ("application/json", "{oops")],
)
@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_body_that_is_not_the_apis_json_is_one_line(
    httpserver, monkeypatch, tmp_path, capsys, provider, content_type, body
):
    monkeypatch.setenv("PAPER2CODE_PROVIDER", provider)
    httpserver.expect_request("/v1/chat/completions").respond_with_data(
        body, 200, None, None, content_type
    )
    httpserver.expect_request("/v1/messages").respond_with_data(body, 200, None, None, content_type)
    url = httpserver.url_for("/").rstrip("/")
    assert run(base_url(url, provider), tmp_path / "out", "--no-run") == 9
    line = error_line(capsys.readouterr().err)
    assert f"did not answer like the {provider} API" in line and "--base-url" in line


@pytest.mark.parametrize("chunked", [False, True])
def test_an_oversized_answer_is_refused_as_unusable(httpserver, monkeypatch, paper, chunked):
    """Content-Length over the cap is refused before reading; a chunked body is cut at it."""
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "x" * 5000},
                           "finish_reason": "stop"}], "usage": None}  # fmt: skip
    data = json.dumps(answer).encode()

    def handler(request: Request) -> Response:
        if not chunked:
            return Response(data, content_type="application/json")

        def parts():
            for start in range(0, len(data), 500):
                yield data[start : start + 500]

        return Response(parts(), content_type="application/json")

    httpserver.expect_request("/v1/chat/completions").respond_with_handler(handler)
    monkeypatch.setenv("PAPER2CODE_LLM_MAX_ANSWER_BYTES", "2000")
    settings = Settings.resolve("test-model", base_url=httpserver.url_for("/v1"))
    project = LLMEngine(settings, sleep=lambda _s: None).generate(paper, Analysis(), Options())
    note = project.fallbacks[0]
    assert note.startswith("The model gave no usable contribution (") and "2000 bytes" in note
    assert f"{httpserver.url_for('/v1')} sent a contribution answer too large to use" in note
    assert "raise PAPER2CODE_LLM_MAX_ANSWER_BYTES" in note


def test_the_summary_states_the_limits(llm_server, monkeypatch, tmp_path, capsys):
    llm_server.script(transcript("repair"))
    monkeypatch.setenv("PAPER2CODE_LLM_TIMEOUT", "90")
    run(f"{llm_server.url}/v1", tmp_path / "out", "--no-run")
    out = capsys.readouterr().out
    assert "  limits     90 s per request, 3600 s for all requests of the run\n" in out
    record = tmp_path / "out" / "gated_residual_attention" / ".paper2code" / "run.json"
    assert json.loads(record.read_text())["limits"]["request_timeout_s"] == 90


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("PAPER2CODE_LLM_TIMEOUT", "inf", "a number from 1 to 86400"),
        ("PAPER2CODE_LLM_DEADLINE", "nan", "a number from 1 to 604800"),
        ("PAPER2CODE_LLM_MAX_ANSWER_BYTES", "1.5", "a whole number from 1000 to 1000000000"),
        ("PAPER2CODE_CONTEXT_TOKENS", "-5", "a whole number from 512 to 100000000"),
        ("PAPER2CODE_MAX_TOKENS", "1e999", "a whole number from 16 to 10000000"),
    ],
)
def test_bad_limits_end_in_one_line_naming_the_variable(
    monkeypatch, tmp_path, capsys, name, value, accepted
):
    monkeypatch.setenv(name, value)
    assert run("http://127.0.0.1:9/v1", tmp_path / "out") == 2
    assert error_line(capsys.readouterr().err) == (
        f"error: {name}={value!r} is not valid: use {accepted}"
    )


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_401_that_echoes_the_key_shows_it_nowhere(httpserver, tmp_path, provider):
    def refuse(request: Request) -> Response:
        given = request.headers.get("Authorization") or request.headers.get("x-api-key")
        body = {"error": {"message": f"Incorrect API key provided: {given}", "type": "auth"}}
        return Response(json.dumps(body), status=401, content_type="application/json")

    httpserver.expect_request("/v1/chat/completions").respond_with_handler(refuse)
    httpserver.expect_request("/v1/messages").respond_with_handler(refuse)
    url = base_url(httpserver.url_for("/").rstrip("/"), provider)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "PAPER2CODE_PROVIDER": provider,
        "PAPER2CODE_CACHE_DIR": str(tmp_path / "cache"),
        "OPENAI_API_KEY" if provider == "openai" else "ANTHROPIC_API_KEY": KEY,
    }
    args = [sys.executable, "-m", "paper2code", "run", PAPER, "--engine", "llm", "--model",
            "test-model", "--base-url", url, "--out", str(tmp_path / "out"), "-v"]  # fmt: skip
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr
    assert httpserver.log, "the request reached the server"
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("error: ")]
    assert "refused the API key" in line and "Incorrect API key provided: " in line
    assert "provided: [redacted]" in line or "provided: Bearer [redacted]" in line
    written = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    for text in [done.stdout, done.stderr, *map(bytes.decode, written)]:
        assert KEY not in text and KEY[-12:] not in text

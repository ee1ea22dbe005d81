"""Fixtures of the LLM engine tests: the scripted server, a clean environment, the paper."""

from __future__ import annotations

import pytest
from scripted_llm import ScriptedLLM, fixture_paper

from paper2code.paper.model import Paper


@pytest.fixture
def llm_server(httpserver):
    server = ScriptedLLM()
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(
        server.openai
    )
    httpserver.expect_request("/v1/messages", method="POST").respond_with_handler(server.anthropic)
    server.url = httpserver.url_for("/").rstrip("/")
    return server


@pytest.fixture(autouse=True)
def llm_env(monkeypatch, tmp_path):
    """No real key, base URL or user cache leaks into a test."""
    for var in (
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "OPENAI_BASE_URL",
        "ANTHROPIC_BASE_URL",
        "PAPER2CODE_MODEL",
        "PAPER2CODE_PROVIDER",
        "PAPER2CODE_PRICES",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def paper() -> Paper:
    return fixture_paper()

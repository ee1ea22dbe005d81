"""A re-run answers from the cache with no request, even after the first run learned the
server's context window midway (issue 18): a fake llama.cpp-like server on 127.0.0.1 refuses
prompts longer than its window, as llama-cpp-python does, and answers the rest the same way
every time; two `paper2code run`s on a real paper of the corpus must write the same files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from same_output import RUN_RECORD, assert_same_output
from werkzeug import Request, Response

from paper2code.cli import main
from paper2code.engines.llm.cache import ResponseCache

# Real papers' sources live beside the checkout (…/shared/corpus), never in the repo.
CORPUS = next(
    (p / "shared" / "corpus" for p in Path(__file__).resolve().parents if (p / "shared").is_dir()),
    None,
)
PAPER = CORPUS / "tanh-init" / "paper.tex" if CORPUS else None
WINDOW = 14_000  # tokens: the whole paper does not fit, half of it does
CHARS_PER_TOKEN = 3  # how this server counts (a real tokenizer gives 3 to 4 on LaTeX prose)

pytestmark = pytest.mark.skipif(
    PAPER is None or not PAPER.is_file(), reason="the paper corpus (../shared/corpus) is absent"
)

MODEL = '''"""The initialisation the paper proposes (§3)."""


def scale(fan_in: int) -> float:
    """The weight scale for a layer with `fan_in` inputs (§3)."""
    return 1.0 / max(fan_in, 1) ** 0.5
'''
UTILS = '''"""Shared helpers and the smoke check (§3)."""

import sys


def main() -> None:
    """Build every component at toy size and check it (§3)."""
    from src.model import scale

    print("scale", scale(4))


if __name__ == "__main__" and "--smoke" in sys.argv:
    main()
'''


def answer_for(stage: str, file: str | None) -> dict:
    """The same answer to the same stage, whatever the prompt's size, as a model at
    temperature 0 would give it."""
    if stage == "contribution":
        return {
            "paper_type": "architecture",
            "summary": "A weight initialisation for tanh networks (§3).",
            "anchors": ["§2", "§3", "§4", "§5"],  # most of the paper: more than the window
            "components": [],
        }
    if stage == "audit":
        return {"items": []}
    if stage == "plan":
        return {
            "summary": "The proposed initialisation (§3).",
            "files": [
                {"path": "src/model.py", "purpose": "the initialisation", "anchors": ["§2", "§3"]}
            ],
            "config": [],
        }
    if stage == "notebook" or file == "notebooks/walkthrough.ipynb":
        return {"cells": [{"kind": "markdown", "source": "The initialisation (§3)."}]}
    if file == "configs/base.yaml":
        return {"config": []}
    return {"content": UTILS if file == "src/utils.py" else MODEL}


class SmallWindowServer:
    """An OpenAI-compatible server with a `window`-token context: a longer prompt is refused
    with llama-cpp-python's error (400, context_length_exceeded, naming the window)."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.refused = 0
        self.answered = 0

    def __call__(self, request: Request) -> Response:
        body = request.get_json()
        prompt = "\n".join(m["content"] for m in body["messages"])
        tokens = len(prompt) // CHARS_PER_TOKEN
        if tokens >= self.window:
            self.refused += 1
            asked = body.get("max_tokens") or 0
            error = {
                "message": f"This model's maximum context length is {self.window} tokens. "
                f"However, you requested {tokens + asked} tokens ({tokens} in the messages, "
                f"{asked} in the completion). Please reduce the length of the messages or "
                "completion.",
                "type": "invalid_request_error",
                "param": "messages",
                "code": "context_length_exceeded",
            }
            return Response(json.dumps({"error": error}), 400, content_type="application/json")
        self.answered += 1
        stage = re.search(r"^Stage: (\S+)", prompt, re.MULTILINE)
        file = re.search(r"^File: (\S+)", prompt, re.MULTILINE)
        text = json.dumps(answer_for(stage[1] if stage else "", file[1] if file else None))
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": tokens, "completion_tokens": len(text) // 4},
        }
        return Response(json.dumps(payload), 200, content_type="application/json")


@pytest.fixture
def small_window(httpserver) -> tuple[SmallWindowServer, str]:
    server = SmallWindowServer(WINDOW)
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(server)
    return server, httpserver.url_for("/v1")


def run(url: str, out: Path, *extra: str) -> int:
    return main(
        [
            "run",
            str(PAPER),
            "--engine",
            "llm",
            "--model",
            "local",
            "--base-url",
            url,
            "--out",
            str(out),
            "--no-run",
            *extra,
        ]
    )


def test_a_rerun_after_the_window_was_learned_sends_nothing_and_writes_the_same(
    small_window, httpserver, tmp_path, capsys
):
    server, url = small_window
    first = run(url, tmp_path / "first")
    assert server.refused >= 1 and server.answered >= 5  # the window was learned midway
    memory = json.loads((tmp_path / "cache" / "llm" / "servers.json").read_text())
    assert memory[f"window openai {url} local"] == WINDOW
    requests_before = len(httpserver.log)
    capsys.readouterr()

    second = run(url, tmp_path / "second")
    assert len(httpserver.log) == requests_before  # not one request, not even a probe
    assert second == first
    summary = capsys.readouterr().out
    assert re.search(r"\n    total +0 request\(s\), \d+ cached", summary), summary

    [one] = (tmp_path / "first").iterdir()
    [two] = (tmp_path / "second").iterdir()
    assert_same_output(one, two)
    # run.json differs only in where the answers came from (requests and their tokens, or
    # the cache) and the time taken, as it should
    replayed = json.loads((two / RUN_RECORD).read_text())
    assert replayed["total"]["requests"] == replayed["total"]["tokens_in"] == 0
    assert replayed["total"]["cached"] >= len(replayed["stages"]) > 0


def test_refresh_asks_again_with_what_was_learned(small_window, tmp_path, capsys):
    server, url = small_window
    run(url, tmp_path / "first")
    answered, refused = server.answered, server.refused
    capsys.readouterr()
    run(url, tmp_path / "again", "--refresh")
    # every stage asked again, sized by the window learned (kept in servers.json): no refusal
    assert server.refused == refused
    [again] = (tmp_path / "again").iterdir()
    stages = json.loads((again / RUN_RECORD).read_text())["stages"]
    assert stages and all(s["requests"] >= 1 and s["cached"] == 0 for s in stages)
    summary = capsys.readouterr().out
    total = re.search(r"\n    total +(\d+) request\(s\)(, \d+ cached)?", summary)
    assert total and int(total[1]) == server.answered - answered and not total[2], summary


def test_refresh_ignores_earlier_answers_but_keeps_its_own(tmp_path):
    ResponseCache(tmp_path).put("k" * 64, {"answer": 1})
    refreshing = ResponseCache(tmp_path, refresh=True)
    assert refreshing.get("k" * 64) is None
    refreshing.put("k" * 64, {"answer": 2})
    assert refreshing.get("k" * 64) == {"answer": 2}
    assert ResponseCache(tmp_path).get("k" * 64) == {"answer": 2}  # replaced for later runs

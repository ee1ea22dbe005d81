"""A scripted model server speaking the OpenAI chat-completions and the Anthropic messages
protocols (served on 127.0.0.1 by pytest-httpserver, so the real SDKs are exercised end to
end), the transcripts it answers from, and the fixture paper."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug import Request, Response

from paper2code.paper import load_paper
from paper2code.paper.model import Paper

FIXTURES = Path(__file__).parent.parent / "fixtures" / "llm"


def transcript(name: str) -> list[dict[str, Any]]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["turns"]


def fault(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / "faults.json").read_text(encoding="utf-8"))[name]


@dataclass
class Seen:
    protocol: str  # "openai" | "anthropic"
    stage: str
    file: str | None
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class ScriptedLLM:
    """Answers each request with the first unused scripted turn for its stage (and file):
    the stage and file are read from the `Stage:` / `File:` lines every prompt starts with."""

    turns: list[dict[str, Any]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def script(self, turns: list[dict[str, Any]]) -> None:
        self.turns = [copy.deepcopy(t) for t in turns]  # a repeated turn is used once each

    def openai(self, request: Request) -> Response:
        return self._answer("openai", request)

    def anthropic(self, request: Request) -> Response:
        return self._answer("anthropic", request)

    def _answer(self, protocol: str, request: Request) -> Response:
        body = request.get_json()
        prompt = "\n".join(_text(m["content"]) for m in body["messages"])
        stage = _field("Stage", prompt)
        file = _field("File", prompt)
        self.seen.append(Seen(protocol, stage or "?", file, body, dict(request.headers)))
        turn = next(
            (
                t
                for t in self.turns
                if t["stage"] == stage and t.get("file") in (None, file) and not t.get("used")
            ),
            None,
        )
        if turn is None:
            return _error(protocol, 400, f"no scripted answer for stage {stage} file {file}")
        turn["used"] = True
        if "status" in turn:
            return _error(protocol, turn["status"], turn["message"], turn.get("headers", {}))
        text = turn["text"] if "text" in turn else json.dumps(turn["json"])
        tokens_in, tokens_out = len(prompt) // 4, len(text) // 4
        truncated = bool(turn.get("truncated"))
        if protocol == "openai":
            payload = {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "length" if truncated else "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": tokens_in,
                    "completion_tokens": tokens_out,
                    "total_tokens": tokens_in + tokens_out,
                },
            }
        else:
            payload = {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": body["model"],
                "content": [{"type": "text", "text": text}],
                "stop_reason": "max_tokens" if truncated else "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out},
            }
        return Response(json.dumps(payload), status=200, content_type="application/json")

    def stages(self) -> list[str]:
        return [s.stage if not s.file else f"{s.stage}:{s.file}" for s in self.seen]


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "\n".join(part.get("text", "") for part in content)


def _field(name: str, prompt: str) -> str | None:
    m = re.search(rf"^{name}: (\S+)", prompt, re.MULTILINE)
    return m.group(1) if m else None


def _error(protocol: str, status: int, message: str, headers: dict | None = None) -> Response:
    if protocol == "openai":
        body = {"error": {"message": message, "type": "error", "code": None}}
    else:
        body = {"type": "error", "error": {"type": "error", "message": message}}
    return Response(
        json.dumps(body), status=status, headers=headers or {}, content_type="application/json"
    )


def fixture_paper() -> Paper:
    """tests/fixtures/llm/paper.tex, parsed."""
    return load_paper(FIXTURES / "paper.tex")


def run_cli(llm_server, tmp_path, *extra: str, paper=None) -> int:
    """`paper2code run PAPER --engine llm` against the scripted server, into `tmp_path/out`."""
    from paper2code.cli import main

    paper = FIXTURES / "paper.tex" if paper is None else paper
    args = ["run", str(paper), "--engine", "llm", "--model", "test-model"]
    return main(
        [*args, "--base-url", f"{llm_server.url}/v1", "--out", str(tmp_path / "out"), *extra]
    )

"""A scripted model server speaking the OpenAI chat-completions and the Anthropic messages
protocols (served on 127.0.0.1 by pytest-httpserver, so the real SDKs are exercised end to
end), the transcripts it answers from, and the fixture paper as the parser reads it."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug import Request, Response

from paper2code.paper.model import (
    Equation,
    Metadata,
    Paper,
    Paragraph,
    Section,
    SourceLoc,
    Table,
)

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


def _loc(line: int) -> SourceLoc:
    return SourceLoc("paper.tex", line)


def fixture_paper() -> Paper:
    """The fixture paper tests/fixtures/llm/paper.tex, as the parser reads it."""
    return Paper(
        meta=Metadata(
            title="Gated Residual Attention",
            authors=["A. Author", "B. Author"],
            abstract="We add a learned gate between an attention layer and its residual input.",
        ),
        elements=[
            Section("section", "1", "§1", None, _loc(11), title="Introduction"),
            Paragraph(
                "paragraph",
                None,
                "§1",
                "§1",
                _loc(12),
                text="Attention layers add their output to their input. "
                "We let the model learn how much to add.",
            ),
            Section("section", "2", "§2", None, _loc(14), label="sec:method", title="Method"),
            Section(
                "section",
                "2.1",
                "§2.1",
                "§2",
                _loc(17),
                label="sec:attention",
                title="Scaled dot-product attention",
                level=2,
            ),
            Paragraph(
                "paragraph",
                None,
                "§2.1",
                "§2.1",
                _loc(19),
                text="We compute attention over queries $Q$, keys $K$ and values $V$ as",
            ),
            Equation(
                "equation",
                "1",
                "Eq. 1",
                "§2.1",
                _loc(20),
                label="eq:attention",
                latex=r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}"
                r"{\sqrt{d_k}}\right) V",
            ),
            Paragraph(
                "paragraph",
                None,
                "§2.1",
                "§2.1",
                _loc(24),
                text="with $h$ heads of dimension $d_k = d_{model} / h$.",
            ),
            Section(
                "section",
                "2.2",
                "§2.2",
                "§2",
                _loc(26),
                label="sec:gate",
                title="The residual gate",
                level=2,
            ),
            Paragraph(
                "paragraph",
                None,
                "§2.2",
                "§2.2",
                _loc(28),
                text="The layer output mixes attention and input through a sigmoid gate:",
            ),
            Equation(
                "equation",
                "2",
                "Eq. 2",
                "§2.2",
                _loc(29),
                label="eq:gate",
                latex=r"y = g \odot \mathrm{Attention}(x, x, x) + (1 - g) \odot x, "
                r"\quad g = \sigma(W_g x)",
            ),
            Paragraph(
                "paragraph",
                None,
                "§2.2",
                "§2.2",
                _loc(33),
                text="The gate is computed per feature from the layer input.",
            ),
            Section(
                "section", "3", "§3", None, _loc(35), label="sec:experiments", title="Experiments"
            ),
            Paragraph(
                "paragraph",
                None,
                "§3",
                "§3",
                _loc(37),
                text="We use a model dimension of $d_{model} = 64$ and $h = 4$ heads. "
                "We train with Adam and a learning rate of $3 \\times 10^{-4}$.",
            ),
            Table(
                "table",
                "1",
                "Table 1",
                "§3",
                _loc(40),
                label="tab:hparams",
                caption="Hyperparameters.",
                rows=[["$d_{model}$", "64"], ["heads", "4"], ["dropout", "0.1"]],
            ),
        ],
    )

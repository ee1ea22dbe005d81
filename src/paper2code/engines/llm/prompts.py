"""The prompt templates (prompts/*.txt, `$name` placeholders) and the messages built from them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from string import Template

from paper2code.engines.llm.providers import Message


@cache
def template(name: str) -> Template:
    text = resources.files("paper2code.engines.llm").joinpath(f"prompts/{name}.txt")
    return Template(text.read_text(encoding="utf-8"))


def messages(stage: str, schema: dict, *, framework: str, **values: str) -> list[Message]:
    """System rules, then the stage's prompt ending with the answer's JSON schema (sent in the
    text as well, for servers that ignore structured-output parameters)."""
    body = template(stage).substitute(values, framework=framework).rstrip()
    body += "\n\nAnswer with one JSON object matching this JSON schema:\n" + json.dumps(schema)
    return [
        Message("system", template("system").substitute(framework=framework).rstrip()),
        Message("user", body),
    ]

"""Secrets never leave the process in what paper2code says or writes.

A server that refuses a key often echoes it ("Incorrect API key provided: sk-..."), and that
text travels into error messages, progress lines, cached answers and notes. `redact` removes
every configured secret from a string: the API keys in the environment variables the providers
read, and any key handed over in another way (`add_secret`). It is applied where such text is
built: every `Paper2CodeError` message, the CLI's progress lines, the LLM answer cache.
"""

from __future__ import annotations

import os

SECRET_VARS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")
MASK = "[redacted]"
# Shorter values ("x", "none", a placeholder for a local server) would mask ordinary words,
# and are no secret worth the name.
_MIN_LENGTH = 8
_given: set[str] = set()


def add_secret(value: str) -> None:
    """Treat `value` (a key given as an option rather than in the environment) as secret."""
    if len(value.strip()) >= _MIN_LENGTH:
        _given.add(value.strip())


def secrets() -> list[str]:
    """Every configured secret, longest first (so a key that contains another goes whole)."""
    found = {os.environ.get(name, "").strip() for name in SECRET_VARS} | _given
    return sorted((s for s in found if len(s) >= _MIN_LENGTH), key=len, reverse=True)


def redact(text: str) -> str:
    for secret in secrets():
        text = text.replace(secret, MASK)
    return text

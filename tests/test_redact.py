"""`redact`: configured API keys never travel on in errors or cache entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2code.engines.llm.cache import ResponseCache
from paper2code.engines.llm.settings import KEY_VAR, Settings
from paper2code.errors import ProviderError
from paper2code.redact import MASK, SECRET_VARS, redact

KEY = "sk-ant-0123456789-very-secret"


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SECRET_VARS:
        monkeypatch.delenv(name, raising=False)


def test_every_provider_key_variable_is_masked() -> None:
    assert set(KEY_VAR.values()) <= set(SECRET_VARS)


def test_keys_from_the_environment_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    assert redact(f"invalid x-api-key {KEY}; try again") == f"invalid x-api-key {MASK}; try again"
    error = ProviderError(f"refused {KEY}", hint=f"check {KEY}")
    assert KEY not in str(error) and error.message == f"refused {MASK}"


def test_short_placeholders_are_not_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "none")
    assert redact("none of the above") == "none of the above"


def test_a_key_given_another_way_is_masked_too() -> None:
    # a key read through an explicit mapping (as an --api-key option would give it)
    settings = Settings.resolve("gpt-4o", env={"OPENAI_API_KEY": "sk-proj-given-not-exported"})
    assert settings.api_key({"OPENAI_API_KEY": "sk-proj-given-not-exported"})
    assert redact("key sk-proj-given-not-exported") == f"key {MASK}"


def test_cache_entries_never_hold_a_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    cache = ResponseCache(tmp_path)
    cache.put("ab" * 32, {"unusable": f"the server said: bad key {KEY}"})
    (stored,) = tmp_path.rglob("*.json")
    assert KEY not in stored.read_text() and cache.get("ab" * 32) == {
        "unusable": f"the server said: bad key {MASK}"
    }

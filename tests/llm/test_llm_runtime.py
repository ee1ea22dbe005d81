"""The LLM engine's project runs with what its framework needs: the smoke check and the
notebook import the requested framework (its backend's runtime), not PyTorch by default."""

from __future__ import annotations

import pytest
from scripted_llm import transcript

from paper2code.analyse.model import Analysis
from paper2code.engines.backends import available, get_backend
from paper2code.engines.base import Framework, Options
from paper2code.engines.llm import LLMEngine


@pytest.mark.parametrize("framework", available(), ids=lambda f: f.value)
def test_project_runtime_is_the_frameworks(llm_server, paper, framework: Framework) -> None:
    llm_server.script(transcript("happy"))
    engine = LLMEngine.from_settings(
        "test-model", provider="openai", base_url=f"{llm_server.url}/v1"
    )
    project = engine.generate(paper, Analysis(), Options(framework=framework))
    assert project.runtime is not None
    assert project.runtime == get_backend(framework).runtime
    if framework is Framework.NUMPY:  # a NumPy project's smoke check never asks for torch
        assert "torch" not in project.runtime.needs and "numpy" in project.runtime.needs

"""The LLM engine: model providers grounded in the parsed paper, gated by the verifier.

engine = LLMEngine.from_settings("gpt-4o", base_url=None)   # or env PAPER2CODE_MODEL
project = engine.generate(paper, analysis, options)
project = engine.repair(paper, analysis, project, problems)
"""

from paper2code.engines.llm.engine import LLMEngine
from paper2code.engines.llm.settings import Settings

__all__ = ["LLMEngine", "Settings"]

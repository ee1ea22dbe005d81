"""What `paper2code run` is asked to do, as one value, and whom it tells how it goes.

The command line, the Python API and the MCP server each build a `RunRequest`;
`pipeline.run(request, progress)` does it. The request holds what the user chose (the paper,
where to write, the engine and its model, the mode); `RunProgress` holds where progress goes,
which only the caller knows (the CLI draws it, the API and the MCP server say nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paper2code.acquire import Progress
from paper2code.engines.base import Framework, Mode, Options
from paper2code.errors import InputError
from paper2code.paper import Paper

StageProgress = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class RunProgress:
    # a stage begins ("parse", "analyse", "generate", "repair", "mark", "write", "smoke",
    # "notebook", "verify"), or one of the LLM engine's steps
    stage: StageProgress = _quiet
    note: Progress | None = None  # downloads, unpacking, what the reader skipped (warnings)
    detail: Callable[[str], None] | None = None  # --verbose: the LLM engine's server details


QUIET = RunProgress()  # what the API and the MCP server report: nothing


@dataclass(frozen=True)
class RunRequest:
    source: str  # the PAPER argument: arXiv ID or URL, LaTeX folder, .tex, archive, PDF
    out_dir: Path = Path(".")  # the implementation goes to out_dir/<title_slug>/
    framework: str = Framework.PYTORCH  # a `Framework` value, as the CLI and the API spell it
    mode: str = Mode.MINIMAL  # a `Mode` value
    engine: str = "builtin"
    model: str | None = None  # --engine llm; its key comes from the environment
    base_url: str | None = None  # --engine llm: an OpenAI- or Anthropic-compatible server
    force: bool = False  # replace an existing output directory
    execute: bool = True  # run the smoke check, the notebook and the compiled equations
    offline: bool = False  # the download cache only
    refresh: bool = False  # download again; with --engine llm, ask the model again too
    max_repairs: int = 2  # rounds a repairing engine gets (gate.run_gate)
    paper: Paper | None = field(default=None, compare=False)  # `source` already read

    @property
    def options(self) -> Options:
        """The framework and mode as the engines take them; InputError for an unknown one."""
        try:
            return Options(framework=Framework(self.framework), mode=Mode(self.mode))
        except ValueError as e:
            raise InputError(str(e), hint="see `paper2code run --help`") from e

    def engine_settings(self, progress: RunProgress) -> dict[str, Any]:
        """What `engines.get_engine` takes besides the name: the LLM engine's model, server and
        progress (the built-in engine takes nothing)."""
        if self.engine != "llm":
            return {}
        return {
            "model": self.model,
            "base_url": self.base_url,
            "refresh": self.refresh,
            "progress": progress.stage,
            "detail": progress.detail,
        }

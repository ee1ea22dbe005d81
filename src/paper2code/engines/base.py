"""The one interface every generation engine implements, and the data it returns.

An engine reads a `Paper` and its `Analysis` and returns a `Project`: file contents, config
entries with their citations, notebook cells. It never writes files; `render/` does that, and
`verify/` judges the result the same way whichever engine made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from paper2code.analyse.model import Analysis
from paper2code.paper.model import Paper


class Framework(StrEnum):
    PYTORCH = "pytorch"
    JAX = "jax"
    TENSORFLOW = "tensorflow"
    NUMPY = "numpy"


class Mode(StrEnum):
    MINIMAL = "minimal"
    FULL = "full"
    EDUCATIONAL = "educational"


@dataclass
class Options:
    framework: Framework = Framework.PYTORCH
    mode: Mode = Mode.MINIMAL


@dataclass
class ConfigEntry:
    """One value of `configs/base.yaml` and the comment that cites or flags it."""

    path: tuple[str, ...]  # ("model", "d_model")
    value: Any
    comment: str  # '§3.3, Table 1 — "d_model = 512"' or '[UNSPECIFIED] ... Alternatives: ...'


@dataclass
class NotebookCell:
    kind: str  # "markdown" | "code"
    source: str


@dataclass
class Component:
    """A part of the paper and what the project does with it."""

    name: str
    anchor: str
    implemented: bool  # False: a skeleton that raises NotImplementedError
    note: str = ""


@dataclass
class Project:
    title: str
    slug: str  # output directory name
    options: Options
    files: dict[str, str] = field(default_factory=dict)  # "src/model.py" -> content
    config: list[ConfigEntry] = field(default_factory=list)
    notebook: list[NotebookCell] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)  # pinned: "torch==2.13.0"
    deviations: list[str] = field(default_factory=list)  # "Known deviations" entries
    summary: str = ""  # what this project is, for README and the final report


@dataclass
class Problem:
    """A verifier finding or smoke-run failure, handed back to an engine that can repair."""

    file: str  # "src/model.py"
    line: int | None
    message: str


class Engine(Protocol):
    name: str

    def generate(self, paper: Paper, analysis: Analysis, options: Options) -> Project: ...


class RepairingEngine(Engine, Protocol):
    """An engine that can revise its own output given the problems the verifier found.
    The pipeline, not the engine, runs the verifier: engines never import `verify/`."""

    def repair(
        self, paper: Paper, analysis: Analysis, project: Project, problems: list[Problem]
    ) -> Project: ...

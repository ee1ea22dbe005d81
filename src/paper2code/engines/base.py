"""The one interface every generation engine implements, and the data it returns.

An engine reads a `Paper` and its `Analysis` and returns a `Project`: file contents, config
entries with their citations, notebook cells. It never writes files; `render/` does that, and
`verify/` judges the result the same way whichever engine made it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from paper2code.analyse.model import Analysis, AuditItem
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
class SettingConfig:
    """A setting of the method other than the main one (another model size, dataset,
    ablation): `configs/<slug>.yaml`, which inherits `configs/base.yaml`."""

    name: str  # as the paper names it: "1B", "GLUE"
    slug: str
    config: list[ConfigEntry]  # only the values that differ from configs/base.yaml, each cited


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
class StageUsage:
    """What one stage of an engine spent: requests sent, answers replayed from the cache,
    tokens billed, wall time, and cost in US dollars when the model's price is known."""

    stage: str  # "contribution", "audit", "plan", "code", "notebook", "repair"
    requests: int = 0
    cached: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    cost_usd: float | None = None


@dataclass
class Usage:
    """The accounting of one engine run, saved by the renderer as `.paper2code/run.json`."""

    engine: str
    model: str | None = None
    provider: str | None = None
    stages: list[StageUsage] = field(default_factory=list)
    # the bounds the engine ran under, e.g. {"request_timeout_s": 600, "deadline_s": 3600}
    limits: dict[str, float] = field(default_factory=dict)

    def stage(self, name: str) -> StageUsage:
        found = next((s for s in self.stages if s.stage == name), None)
        if found is None:
            found = StageUsage(name)
            self.stages.append(found)
        return found

    def total(self) -> StageUsage:
        costs = [s.cost_usd for s in self.stages]
        return StageUsage(
            "total",
            requests=sum(s.requests for s in self.stages),
            cached=sum(s.cached for s in self.stages),
            tokens_in=sum(s.tokens_in for s in self.stages),
            tokens_out=sum(s.tokens_out for s in self.stages),
            seconds=round(sum(s.seconds for s in self.stages), 3),
            # One stage of unknown price makes the total unknown, not an undercount.
            cost_usd=None if None in costs else round(sum(c or 0.0 for c in costs), 6),
        )

    def to_dict(self) -> dict:
        """The JSON document of `.paper2code/run.json`."""
        return {
            "engine": self.engine,
            "model": self.model,
            "provider": self.provider,
            "stages": [asdict(s) for s in self.stages],
            "total": asdict(self.total()),
            "limits": self.limits,
        }


@dataclass
class EquationParam:
    """One argument of a compiled equation's function."""

    name: str  # the Python argument name: "x", "alpha"
    symbol: str  # the paper's LaTeX for it: "\\mathbf{x}", "\\alpha"
    role: str  # "input" | "parameter" (learnable) | "hyperparameter" | "constant" | "function"
    shape: str | None = None  # "(B, T, C)"; None for a scalar
    value: float | None = None  # a hyperparameter's or constant's value, when known


@dataclass
class EquationEntry:
    """One equation of the paper and the function that computes it, as
    `.paper2code/equations.json` lists it (README: "Compiled equations")."""

    anchor: str  # "§4, Eq. 2"
    latex: str  # the equation as the paper writes it (macros expanded)
    status: str  # "implemented" | "not_implemented"
    callable: str | None = None  # "src.equations:dyt", importable with the output dir on sys.path
    params: list[EquationParam] = field(default_factory=list)
    reason: str = ""  # not_implemented: which construct stopped it; else what it assumes


@dataclass(frozen=True)
class Runtime:
    """What running a generated project needs (execute.py): the modules its code imports
    beyond the standard library, each with the package that provides it."""

    needs: dict[str, str]  # {"torch": "torch", "yaml": "pyyaml"}


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
    # What the engine could not produce and replaced with a stand-in (a skeleton file, its own
    # analysis instead of the model's): such a run never counts as a success.
    fallbacks: list[str] = field(default_factory=list)
    summary: str = ""  # what this project is, for README and the final report
    # The ambiguity audit the project follows: the Analysis's items plus any an engine added
    # (checked against the paper); empty means the Analysis's audit as it stands.
    audit: list[AuditItem] = field(default_factory=list)
    usage: Usage | None = None  # requests, tokens, time, cost: `.paper2code/run.json`
    # What the engine vouches it wrote (`engines.shape.declare`): the shape of each .py file
    # ("src/model.py") and notebook code cell ("notebooks/walkthrough.ipynb:cell 3", counted
    # over all cells). Code whose shape differs is not run; what is not listed is not compared.
    declared: dict[str, str] = field(default_factory=dict)
    # The paper's equations this project computes, or says why not: `.paper2code/equations.json`.
    equations: list[EquationEntry] = field(default_factory=list)
    # The method's setting `config` holds and why it is the main one ("3B: it is the largest
    # model the paper trains"), and its other settings; None and [] when the paper has one.
    setting: str | None = None
    settings: list[SettingConfig] = field(default_factory=list)
    # What the smoke check and the notebook need to run (its framework's backend); None: what
    # PyTorch code needs.
    runtime: Runtime | None = None


@dataclass
class Problem:
    """A verifier finding or smoke-run failure, handed back to an engine that can repair."""

    file: str  # "src/model.py"
    line: int | None
    message: str


def slugify_title(title: str, limit: int = 60) -> str:
    """`Attention Is All You Need` -> `attention_is_all_you_need`; a `Name: subtitle` title
    gives the name (`BERT: Pre-training of ...` -> `bert`); long slugs end at a word boundary."""
    title = title.split(":", 1)[0] if ":" in title.strip(":") else title
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "paper"
    while len(slug) > limit and "_" in slug:
        slug = slug.rsplit("_", 1)[0]
    return slug


class Engine(Protocol):
    name: str

    def generate(self, paper: Paper, analysis: Analysis, options: Options) -> Project: ...


class RepairingEngine(Engine, Protocol):
    """An engine that can revise its own output given the problems the verifier found.
    The pipeline, not the engine, runs the verifier: engines never import `verify/`."""

    def repair(
        self, paper: Paper, analysis: Analysis, project: Project, problems: list[Problem]
    ) -> Project: ...

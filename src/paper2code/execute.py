"""Run a generated project: its smoke check and its notebook, each in the box of `box.py`.

The generated code is untrusted (a model may have written it), so it runs in a child process
with a scrubbed environment, from the project root, with a timeout per run and a budget for the
whole `paper2code run` (repair rounds included), and only its exit status and the tail of its
output come back. Both limits come from the environment:

    PAPER2CODE_RUN_TIMEOUT   seconds one smoke check or notebook may take (default 300)
    PAPER2CODE_RUN_BUDGET    seconds all of them together may take in one run (default 900)
"""

from __future__ import annotations

import importlib.util
import os
import site
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from paper2code import layout
from paper2code.box import run_boxed
from paper2code.engines.base import Runtime
from paper2code.errors import InputError

ENV_RUN_TIMEOUT = "PAPER2CODE_RUN_TIMEOUT"
ENV_RUN_BUDGET = "PAPER2CODE_RUN_BUDGET"

# Executes the notebook with nbclient in a child process, from the notebook's own folder (as a
# user opening it in Jupyter would), on the python3 kernel of this interpreter.
_RUN_NOTEBOOK = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=int(sys.argv[2]), kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[3]}})
client.execute()
print(f"executed {sum(c.cell_type == 'code' for c in nb.cells)} code cells")
"""


# What generated code imports beyond the standard library when its engine does not say
# (`Project.runtime`): PyTorch code's.
GENERATED_CODE_NEEDS = {"torch": "torch", "yaml": "pyyaml"}
# What the box imports: the generated code's requirements (the frameworks of engines/backends/),
# what runs the notebook (and numpy, which the checker's equation runner imports)
IMPORTED_IN_THE_BOX = (*GENERATED_CODE_NEEDS, "numpy", "nbclient", "nbformat", "ipykernel")


def package_paths() -> list[str]:
    """The folders this interpreter imports IMPORTED_IN_THE_BOX from that a fresh interpreter
    would not search (an install reached through PYTHONPATH): the box gets those, and no more
    of PYTHONPATH (the generated project's `src` must not meet another `src`)."""
    defaults = {str(Path(p)) for p in site.getsitepackages()}
    found: list[str] = []
    for name in IMPORTED_IN_THE_BOX:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin)
        folder = str(origin.parent.parent if spec.submodule_search_locations else origin.parent)
        if folder not in defaults and folder not in found:
            found.append(folder)
    return found


@dataclass
class RunResult:
    ok: bool
    output: str  # the last lines of stdout/stderr
    what: str  # "smoke check" | "notebook"
    skipped: bool = False  # not run: this environment lacks what the generated code needs
    refused: bool = False  # not run: the execution policy refused the code (policy.py)

    @property
    def headline(self) -> str:
        """What the run reported first (the forward pass), or how it failed (the last line)."""
        lines = [line for line in self.output.strip().splitlines() if line.strip()]
        if not lines:
            return ""
        return lines[0] if self.ok else lines[-1]


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@dataclass
class Limits:
    """How long generated code may run: each run, and all runs of one `paper2code run`."""

    per_run: float = 300.0
    budget: float = 900.0
    spent: float = 0.0  # seconds the runs so far took

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            per_run=_seconds(ENV_RUN_TIMEOUT, cls.per_run),
            budget=_seconds(ENV_RUN_BUDGET, cls.budget),
        )

    def next_timeout(self) -> float:
        """The timeout of the next run: the per-run limit, or what is left of the budget."""
        return min(self.per_run, self.budget - self.spent)


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise InputError(f"{name}={raw!r} is not a number of seconds > 0", hint=f"unset {name}")
    return value


def _run(args: list[str], cwd: Path, limits: Limits, what: str) -> RunResult:
    timeout = limits.next_timeout()
    if timeout <= 0:
        return RunResult(
            False, f"not run: the {limits.budget:.0f}s budget ({ENV_RUN_BUDGET}) is spent", what
        )
    started = time.monotonic()
    try:
        done = run_boxed(args, cwd, timeout, package_paths())
    finally:
        limits.spent += time.monotonic() - started
    if done.returncode is None:
        out = done.stdout + done.stderr
        return RunResult(False, _tail(out) + f"\ntimed out after {timeout:.0f}s", what)
    ok = done.returncode == 0
    # on success stdout says what ran; on failure the traceback on stderr is what matters
    return RunResult(ok, _tail(done.stdout if ok else done.stdout + done.stderr), what)


def missing_requirements(runtime: Runtime | None = None) -> list[str]:
    """Packages the generated code needs that this interpreter cannot import."""
    needs = runtime.needs if runtime is not None else GENERATED_CODE_NEEDS
    return [pkg for mod, pkg in needs.items() if importlib.util.find_spec(mod) is None]


def _skip(project_dir: Path, what: str, missing: list[str]) -> RunResult:
    hint = f"pip install -r {Path(project_dir) / layout.REQUIREMENTS}"
    return RunResult(True, f"skipped: {', '.join(missing)} not installed ({hint})", what, True)


def run_smoke(
    project_dir: Path, limits: Limits | None = None, runtime: Runtime | None = None
) -> RunResult:
    """`python -m src.utils --smoke` in the project root (skipped, and said so, when this
    environment lacks the generated code's requirements, `runtime`'s: paper2code itself needs
    no torch)."""
    if missing := missing_requirements(runtime):
        return _skip(project_dir, "smoke check", missing)
    args = [sys.executable, "-m", "src.utils", "--smoke"]
    return _run(args, Path(project_dir), limits or Limits.from_env(), "smoke check")


def run_notebook(
    project_dir: Path, limits: Limits | None = None, runtime: Runtime | None = None
) -> RunResult:
    """Execute notebooks/walkthrough.ipynb top to bottom (outputs are not saved)."""
    if missing := missing_requirements(runtime):
        return _skip(project_dir, "notebook", missing)
    limits = limits or Limits.from_env()
    path = Path(project_dir).resolve() / layout.NOTEBOOK
    cell_timeout = str(max(1, int(limits.per_run)))  # the box's timeout bounds the whole run
    args = [sys.executable, "-c", _RUN_NOTEBOOK, str(path), cell_timeout, str(path.parent)]
    return _run(args, Path(project_dir), limits, "notebook")

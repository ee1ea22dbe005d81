"""Run a generated project: its smoke check and its notebook, each in a subprocess.

The generated code is untrusted from paper2code's point of view (it is ours, but a bug in it must
not take the tool down), so it runs in a child interpreter with a timeout, from the project root,
and only its exit status and the tail of its output come back.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

NOTEBOOK = "notebooks/walkthrough.ipynb"

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


# What the generated code imports beyond the standard library (its requirements.txt).
GENERATED_CODE_NEEDS = {"torch": "torch", "yaml": "pyyaml"}


@dataclass
class RunResult:
    ok: bool
    output: str  # the last lines of stdout/stderr
    what: str  # "smoke check" | "notebook"
    skipped: bool = False  # not run: this environment lacks what the generated code needs

    @property
    def headline(self) -> str:
        """What the run reported first (the forward pass), or how it failed (the last line)."""
        lines = [line for line in self.output.strip().splitlines() if line.strip()]
        if not lines:
            return ""
        return lines[0] if self.ok else lines[-1]


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _run(args: list[str], cwd: Path, timeout: float, what: str) -> RunResult:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or "") + (e.stderr or "")
        out = out.decode() if isinstance(out, bytes) else out
        return RunResult(False, _tail(out) + f"\ntimed out after {timeout:.0f}s", what)
    ok = proc.returncode == 0
    # on success stdout says what ran; on failure the traceback on stderr is what matters
    return RunResult(ok, _tail(proc.stdout if ok else proc.stdout + proc.stderr), what)


def missing_requirements() -> list[str]:
    """Packages the generated code needs that this interpreter cannot import."""
    return [
        pkg for mod, pkg in GENERATED_CODE_NEEDS.items() if importlib.util.find_spec(mod) is None
    ]


def _skip(project_dir: Path, what: str, missing: list[str]) -> RunResult:
    hint = f"pip install -r {Path(project_dir) / 'requirements.txt'}"
    return RunResult(True, f"skipped: {', '.join(missing)} not installed ({hint})", what, True)


def run_smoke(project_dir: Path, timeout: float = 300) -> RunResult:
    """`python -m src.utils --smoke` in the project root (skipped, and said so, when this
    environment lacks the generated code's requirements: paper2code itself needs no torch)."""
    if missing := missing_requirements():
        return _skip(project_dir, "smoke check", missing)
    return _run(
        [sys.executable, "-m", "src.utils", "--smoke"], Path(project_dir), timeout, "smoke check"
    )


def run_notebook(project_dir: Path, timeout: float = 300) -> RunResult:
    """Execute notebooks/walkthrough.ipynb top to bottom (outputs are not saved)."""
    if missing := missing_requirements():
        return _skip(project_dir, "notebook", missing)
    path = Path(project_dir).resolve() / NOTEBOOK
    args = [sys.executable, "-c", _RUN_NOTEBOOK, str(path), str(int(timeout)), str(path.parent)]
    return _run(args, Path(project_dir), timeout + 30, "notebook")

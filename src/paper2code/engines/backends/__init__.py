"""One backend per framework: what is framework-specific about a generated project.

A `Backend` is data: the project's requirements, what the run box must import to run it, the
notebook's first code cell (imports, seed, config), how the smoke check calls an unimplemented
skeleton, and the operations table compiled equations are written with. The code itself lives
in template files, `engines/builtin/templates/<family>/<framework>/` (seeding and device in
`common/<framework>/utils.py`); `families` says which families have them.

Adding a framework: one module here defining its `BACKEND`, listed in `_MODULES`, and its
template files (README: "Frameworks: one backend each").
"""

from __future__ import annotations

from dataclasses import dataclass

from paper2code.engines.base import Framework, Runtime
from paper2code.equations.codegen import Ops


@dataclass(frozen=True)
class Backend:
    framework: Framework
    label: str  # "PyTorch": how messages name it
    requirements: tuple[str, ...]  # pinned; render/requirements.py re-pins to installed ones
    runtime: Runtime  # what the smoke check and the notebook need to run (execute.py)
    families: frozenset[str]  # the library families with template files for this framework
    imports: str  # the notebook's import of the framework
    seed: str  # the statement that seeds the notebook's random draws
    skeleton_method: str  # what a user writes of the unimplemented `CoreContribution`
    skeleton_call: str  # an expression calling it
    ops: Ops  # how compiled equations spell operations (equations/codegen.py)

    def notebook_setup(self) -> str:
        """The notebook's first code cell: the project root on sys.path, the framework, the
        generated modules, a fixed seed and the config."""
        return f"""import sys
from pathlib import Path

# the project root holds src/; the notebook may run from the root or from notebooks/
ROOT = Path.cwd() if (Path.cwd() / "src").is_dir() else Path.cwd().parent
sys.path.insert(0, str(ROOT))

{self.imports}

from src import model as model_py, utils

{self.seed}
cfg = utils.load_config(ROOT / "configs" / "base.yaml")"""


# The modules defining a `BACKEND`, in `Framework` order.
_MODULES = ("pytorch", "jax", "tensorflow", "numpy")


def _backends() -> dict[Framework, Backend]:
    # imported on use: each module imports `Backend` from this package
    from importlib import import_module

    found = [import_module(f"{__name__}.{name}").BACKEND for name in _MODULES]
    return {b.framework: b for b in found}


def get_backend(framework: Framework) -> Backend:
    """The backend of `framework`; KeyError for one that has none yet."""
    return _backends()[framework]


def available() -> tuple[Framework, ...]:
    """The frameworks with a backend, in `Framework` order."""
    backends = _backends()
    return tuple(f for f in Framework if f in backends)

"""Call an implementation's equation functions on given inputs, in the box of `box.py`.

The implementation is untrusted (a model may have written it): its functions run only in a
child process started by `run_boxed`, from the implementation's directory, after the static
policy passed on every file their import can reach (`reachable`). Inputs go in as `.npz` files
in a temporary folder, outputs come back the same way, with one status file per call, so one
call that hangs or crashes costs only its own result.
"""

from __future__ import annotations

import ast
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from paper2code.box import run_boxed
from paper2code.execute import Limits, package_paths

# Tensors for a function whose code names torch (naming neither torch nor numpy: whose module
# imports torch), NumPy arrays otherwise; scalars as Python numbers (the index promises
# functions accept them); outputs as float64 (or complex) arrays.
_RUNNER = r"""
import importlib, json, sys
import numpy as np
work = sys.argv[1]
sys.path.insert(0, sys.argv[2])
jobs = json.load(open(f"{work}/jobs.json", encoding="utf-8"))

def names(code):
    found = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            found |= names(const)
    return found

def uses_torch(fn, module):
    # torch (or numpy) named in the function's own code (torch, F, np ...); else whether
    # its module imported torch
    code = getattr(fn, "__code__", None)
    scope = getattr(fn, "__globals__", vars(module))
    used = names(code) if code is not None else set()
    libraries = {getattr(scope.get(n), "__name__", "").split(".")[0] for n in used}
    if "torch" in libraries or "numpy" in libraries:
        return "torch" in libraries
    return any(getattr(v, "__name__", "").split(".")[0] == "torch" for v in vars(module).values())
for i, job in enumerate(jobs):
    status = {"ok": False, "stage": "import"}
    try:
        module_name, _, attr = job["callable"].partition(":")
        module = importlib.import_module(module_name)
        fn = module
        for part in attr.split("."):
            fn = getattr(fn, part)
        status["stage"] = "call"
        torch = sys.modules.get("torch") if uses_torch(fn, module) else None
        data = np.load(f"{work}/in_{i}.npz")
        kwargs = {}
        for name, kind in job["args"].items():
            value = data[name]
            if kind == "int":
                kwargs[name] = int(value)
            elif kind == "float":
                kwargs[name] = float(value)
            else:
                kwargs[name] = torch.from_numpy(value) if torch is not None else value
        out = fn(**kwargs)
        outs = out if isinstance(out, (tuple, list)) else (out,)
        arrays = [np.asarray(o.detach().cpu().numpy() if hasattr(o, "detach") else o)
                  for o in outs]
        # complex values (`e^{i\\theta}`) stay complex: their imaginary part is compared too
        arrays = [a if np.iscomplexobj(a) else a.astype(float) for a in arrays]
        np.savez(f"{work}/out_{i}.npz", *arrays)
        status = {"ok": True}
    except BaseException as e:
        status["error"] = f"{type(e).__name__}: {e}"[:2000]
    with open(f"{work}/status_{i}.json", "w", encoding="utf-8") as f:
        json.dump(status, f)
"""


@dataclass
class Call:
    callable: str  # "src.equations:dyt"
    args: dict[str, Any]


@dataclass
class Outcome:
    ok: bool
    outputs: list[np.ndarray]
    stage: str = ""  # "import" | "call" | "run": where it failed
    error: str = ""


def run_calls(directory: Path, calls: list[Call], limits: Limits) -> list[Outcome]:
    """Each call's outputs or failure, in order; one boxed process for them all."""
    with tempfile.TemporaryDirectory(prefix="paper2code-eq-") as scratch:
        work = Path(scratch)
        jobs = []
        for i, call in enumerate(calls):
            kinds = {name: _kind(value) for name, value in call.args.items()}
            jobs.append({"callable": call.callable, "args": kinds})
            np.savez(work / f"in_{i}.npz", **{k: np.asarray(v) for k, v in call.args.items()})
        (work / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
        root = Path(directory).resolve()
        timeout = limits.next_timeout()
        done = run_boxed(
            [sys.executable, "-c", _RUNNER, str(work), str(root)], root, timeout, package_paths()
        )
        why = "timed out" if done.returncode is None else _last_line(done.stderr)
        return [_outcome(work, i, why) for i in range(len(calls))]


def _kind(value: Any) -> str:
    if isinstance(value, int):
        return "int"
    return "float" if isinstance(value, float) else "array"


def _outcome(work: Path, i: int, why: str) -> Outcome:
    status_path = work / f"status_{i}.json"
    if not status_path.is_file():
        return Outcome(False, [], "run", f"the call did not finish ({why or 'no output'})")
    try:  # written by the child, next to code that is not ours: read it as untrusted too
        status = json.loads(status_path.read_text(encoding="utf-8"))
        if not status["ok"]:
            return Outcome(False, [], str(status["stage"]), str(status["error"]))
        with np.load(work / f"out_{i}.npz") as data:
            return Outcome(True, [data[f"arr_{k}"] for k in range(len(data.files))])
    except (OSError, ValueError, KeyError, TypeError) as e:
        return Outcome(False, [], "run", f"its result cannot be read ({e})")


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def module_file(directory: Path, module: str) -> Path | None:
    """The file of a dotted module inside `directory` (`src.equations` -> src/equations.py)."""
    base = Path(directory).joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def reachable(directory: Path, module: str) -> list[str]:
    """The implementation's own files importing `module` executes: its packages' `__init__`
    files, the module, and (transitively) the local modules they import. Relative paths."""
    root = Path(directory)
    seen: dict[str, None] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for k in range(1, len(parts) + 1):
            path = module_file(root, ".".join(parts[:k]))
            if path is None:
                continue
            rel = path.relative_to(root).as_posix()
            if rel in seen:
                continue
            seen[rel] = None
            todo.extend(_imports(path, path.parent.relative_to(root).parts))
    return list(seen)


def _imports(path: Path, package: tuple[str, ...]) -> list[str]:
    """Dotted names a file imports (relative ones resolved against its `package`)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except SyntaxError:
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: max(0, len(package) - node.level + 1)]
                base = ".".join(p for p in [*anchor, base] if p)
            found.append(base)
            found += [f"{base}.{a.name}" for a in node.names]  # `from src import model`
    return [name for name in found if name]

"""The held-out papers' compiled equations against their authors' code (issue 14): each paper
of bench/heldout/equations.yaml is run offline with the built-in engine, and each case calls
the function `.paper2code/equations.json` lists for its anchor and the authors' code on the
same random inputs, and prints match or mismatch with the largest difference. A case where the
paper and its authors' code differ (`differs`) is compared with what the paper says (`says`,
computed with the authors' code), prints "match*" or "mismatch*" and the authors' own value's
difference, and is counted apart. Prints "absent" and exits 0 when /work/heldout (or a paper's
`_authors/` file) is missing.

    python bench/heldout_equations.py [--heldout DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import torch
import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "bench" / "heldout" / "equations.yaml"
TOLERANCE = 1e-6  # relative: float64 on both sides


def _heldout() -> Path:
    """/work/heldout: the nearest parent's `heldout/` folder of papers (not a checkout of this
    project named heldout, as a worktree beside this one may be)."""
    for parent in ROOT.parents:
        folder = parent / "heldout"
        if folder.is_dir() and not (folder / "pyproject.toml").exists():
            return folder
    return ROOT.parent / "heldout"


def _import(path: Path) -> ModuleType:
    """The authors' file, imported by path with its folder on sys.path (it may import its
    neighbours, as `from dist_utils import ...`)."""
    sys.path.insert(0, str(path.parent))
    name = f"authors_{path.parent.parent.name}_{path.stem}".replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a dataclass in the file looks its module up there
    spec.loader.exec_module(module)
    return module


def _draw(spec: Any, rng: np.random.Generator) -> Any:
    if isinstance(spec, dict):
        lo, hi = spec["uniform"]
        return rng.uniform(lo, hi, tuple(spec["shape"]))
    return rng.normal(size=tuple(spec))


def _run(paper: Path, out: Path) -> dict[str, dict[str, Any]]:
    """Run the built-in engine on `paper` offline; its equations index by anchor."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "paper2code", str(paper), "--out", str(out), "--force"]
    subprocess.run([*command, "--offline"], env=env, capture_output=True, check=False)
    found = sorted(out.glob("**/.paper2code/equations.json"))
    if not found:  # the engine wrote no index: no equation of the paper compiled or is listed
        return {}
    index = found[0]
    return {
        e["anchor"]: {**e, "root": index.parent.parent}
        for e in json.loads(index.read_text())["equations"]
    }


def _compiled(entry: dict[str, Any]) -> Any:
    module, name = entry["callable"].split(":")
    path = entry["root"] / (module.replace(".", "/") + ".py")
    spec = importlib.util.spec_from_file_location(f"compiled_{entry['root'].name}", path)
    assert spec is not None and spec.loader is not None
    compiled = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(compiled)
    return getattr(compiled, name)


def _argument(value: Any) -> Any:
    """A float64 tensor for an array, a Python number as it is (a sum's bound, a scalar)."""
    return (
        value
        if isinstance(value, int | float)
        else torch.as_tensor(np.asarray(value, dtype=np.float64))
    )


def compare(case: dict[str, Any], entry: dict[str, Any], heldout: Path, seed: int) -> str:
    """One line: match or mismatch (with the largest difference), or why it was not compared."""
    label = f"{case['paper']} {case['anchor']}" + (f" ({case['id']})" if "id" in case else "")
    if entry.get("status") != "implemented":
        return f"not compiled  {label}: {entry.get('reason', 'not in the index')}"
    file = heldout / case["paper"] / "_authors" / case["file"]
    if not file.is_file():
        return f"absent        {label}: {file} (fetch it from {case['source']})"
    try:
        authors_module = _import(file)
    except ImportError as error:  # the authors' file needs a package this machine lacks
        return f"not importable {label}: {file.name} needs {error.name or error}, not installed"
    rng = np.random.default_rng(seed)
    scope: dict[str, Any] = {"np": np, "torch": torch, "authors": authors_module}
    scope |= {name: _draw(spec, rng) for name, spec in case["inputs"].items()}
    exec(case.get("setup", ""), scope)  # the case's own set-up of the authors' objects
    with torch.no_grad():
        authors = np.asarray(torch.as_tensor(eval(case["authors"], scope)), dtype=np.float64)
        want = authors
        if "differs" in case:  # the compiled function computes the paper: compare with that
            want = np.asarray(torch.as_tensor(eval(case["says"], scope)), dtype=np.float64)
        arguments = {
            name: _argument(eval(text, scope) if isinstance(text, str) else text)
            for name, text in case["arguments"].items()
        }
        try:
            got = np.asarray(_compiled(entry)(**arguments), dtype=np.float64)
        except Exception as error:  # the compiled function failed on the authors' inputs
            return f"mismatch      {label}: the compiled function raised {error!r}"
    if got.shape != want.shape:
        return f"mismatch      {label}: shape {got.shape} against the authors' {want.shape}"
    largest = float(np.max(np.abs(got - want), initial=0.0))
    scale = float(np.max(np.abs(want), initial=0.0)) or 1.0
    verdict = "match" if largest <= TOLERANCE * scale else "mismatch"
    if "differs" not in case:
        return f"{verdict:14}{label}: largest difference {largest:.3g} (authors' up to {scale:.3g})"
    code = float(np.max(np.abs(got - authors), initial=0.0))
    return (
        f"{verdict + '*':14}{label}: largest difference {largest:.3g} from what the paper says "
        f"(up to {scale:.3g}); {code:.3g} from the authors' code, which differs: {case['differs']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", type=Path, default=_heldout())
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.heldout.is_dir():
        print(f"absent: {args.heldout} (the held-out papers) is not present")
        return 0
    cases = yaml.safe_load(CASES.read_text())["cases"]
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        indexes: dict[str, dict[str, dict[str, Any]]] = {}
        for case in cases:
            paper = case["paper"]
            if paper not in indexes:
                indexes[paper] = _run(args.heldout / paper, Path(scratch) / paper)
            lines.append(
                compare(case, indexes[paper].get(case["anchor"], {}), args.heldout, args.seed)
            )
    print("\n".join(lines))
    matched = sum(line.startswith("match") for line in lines)
    compared = sum(line.startswith(("match", "mismatch")) for line in lines)
    differ = sum(line.split(" ", 1)[0].endswith("*") for line in lines)
    print(
        f"{matched} matched of {compared} compared, over {len({c['paper'] for c in cases})} papers"
        f" (*: {differ} where the paper and its authors' code differ, compared with the paper)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

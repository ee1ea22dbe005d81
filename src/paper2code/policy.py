"""The static policy every generated project passes before any of it is executed.

`refusals(directory, declared)` parses every `.py` file and every code cell of the walkthrough
notebook of a written project and returns a finding (rule P2C010) for each thing that may not
run: the smoke check and the notebook then do not run at all. The policy is the same for every
engine; what a model writes is held to it exactly as what the built-in library writes.

What generated code may do:

- import only the modules of `ALLOWED_MODULES` (harmless standard library, the numerical
  frameworks, the project's own `src` package and relative imports); of `os` and `sys` only the
  attributes of `MODULE_ATTRIBUTES` (`os.path`, `sys.path`, ... — never `os.environ`);
- never call `eval`, `exec`, `compile`, `__import__`, `globals`, `locals`, `vars`,
  `breakpoint`, nor name `__builtins__`; `getattr`/`setattr`/`delattr`/`hasattr` only with a
  literal attribute name; no dunder attribute outside `SAFE_DUNDERS` (`x.__class__.__bases__`
  and `f.__globals__` are how sandboxes are escaped);
- no attribute of `FORBIDDEN_ATTRIBUTES` on anything (`torch.os.environ`, `torch.hub.load`,
  `torch.utils.cpp_extension`, `yaml.UnsafeLoader`, `typing.get_type_hints`, ...), and no
  loading that unpickles (`allow_pickle=True`, `weights_only=False`);
- write files (`open(..., "w")`, `Path.write_text`, `torch.save`, `np.save`, `savefig`, ...)
  only to a relative literal path without `..` (`"checkpoints/last.pt"`, `Path("out") / "x"`),
  or to a path the user gives on the command line (`args.out`);
- a notebook cell must be plain Python (no `!shell` escapes or `%%magics`).

An engine may also declare what it wrote (`Project.declared`, see `engines.shape`):
a file whose shape differs from the declared one carries statements the engine did not write,
and is refused whatever they are.

This is a static check, not a proof: it raises the bar for code that would leak or damage, and
the box of `box.py` (no secrets in the environment, a temporary HOME, a timeout, nothing left
alive) limits what slips through.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from paper2code import layout
from paper2code.engines.shape import first_difference
from paper2code.verify.report import Finding

RULE = "P2C010"

ALLOWED_MODULES = frozenset(
    {
        # standard library without process, network, file-system or interpreter access
        "__future__", "abc", "argparse", "cmath", "collections", "contextlib", "copy",
        "dataclasses", "decimal", "enum", "fractions", "functools", "itertools", "json", "math",
        "numbers", "os", "pathlib", "random", "re", "statistics", "string", "sys", "textwrap",
        "time", "typing", "typing_extensions", "warnings", "datetime", "heapq", "bisect",
        # the frameworks generated code is written for (requirements.txt pins them)
        "torch", "numpy", "yaml", "jax", "jaxlib", "flax", "optax", "tensorflow", "keras",
        "einops", "matplotlib", "tqdm",
        # the generated project's own package
        "src",
    }
)  # fmt: skip

# Of these modules, only these attributes (and names imported from them).
MODULE_ATTRIBUTES = {
    "os": frozenset({"path", "sep", "linesep", "getcwd", "listdir", "cpu_count", "makedirs"}),
    "sys": frozenset(
        {"path", "argv", "exit", "stdout", "stderr", "version", "version_info", "platform",
         "maxsize", "float_info"}
    ),
}  # fmt: skip

FORBIDDEN_CALLS = frozenset(
    {"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "breakpoint"}
)
ATTRIBUTE_CALLS = frozenset({"getattr", "setattr", "delattr", "hasattr"})
FORBIDDEN_NAMES = frozenset({"__builtins__", "__loader__", "__spec__"})
SAFE_DUNDERS = frozenset(
    {"__init__", "__name__", "__qualname__", "__doc__", "__file__", "__module__",
     "__dataclass_fields__", "__class__", "__call__", "__len__", "__repr__", "__version__"}
)  # fmt: skip
FORBIDDEN_ATTRIBUTES = frozenset(
    {"os", "sys", "subprocess", "shutil", "socket", "ctypes", "importlib", "builtins",
     "environ", "environb", "getenv", "putenv", "system", "popen", "spawnv", "execv",
     "execve", "fork", "kill", "hub", "cpp_extension", "load_library", "load_op_library",
     "ctypeslib", "f2py", "urlopen",
     # these evaluate text as code: YAML's Python tags, annotations in strings
     "Loader", "UnsafeLoader", "FullLoader", "unsafe_load", "unsafe_load_all", "full_load",
     "full_load_all", "get_type_hints"}
)  # fmt: skip
# Keyword arguments that make a loader unpickle, which runs whatever the file says.
_UNPICKLING = {"allow_pickle": True, "weights_only": False}

# Calls that write to a path: attribute name -> position of the path among the arguments
# (`torch.save(obj, path)` is the exception handled in `_write_target`).
_PATH_WRITERS = {"save": 0, "savez": 0, "savez_compressed": 0, "savetxt": 0, "savefig": 0}
# Path methods that write or delete the path they are called on.
_PATH_METHODS = frozenset(
    {"write_text", "write_bytes", "unlink", "rmdir", "touch", "mkdir", "rename", "chmod",
     "symlink_to", "hardlink_to"}
)  # fmt: skip
_WRITE_MODES = set("wax+")
_UNDECLARED = "statements the engine did not write (the shape differs from its declaration)"
_OUTSIDE = (
    "a file write outside the project (the path must be a relative literal without `..`, "
    "or a command-line argument `args.NAME`)"
)


def refusals(directory: Path, declared: dict[str, str] | None = None) -> list[Finding]:
    """Every reason the project in `directory` may not be executed (empty: it may)."""
    declared = declared or {}
    found: list[Finding] = []
    for rel, source, cell in _code_units(Path(directory)):
        key = f"{rel}:cell {cell}" if cell is not None else rel
        try:
            tree = ast.parse(source)
        except SyntaxError as e:
            # A file that does not parse cannot run (the checker reports it, P2C000); a cell
            # that does not parse may be IPython's `!shell` or `%%magic`, which would.
            if cell is not None:
                why = f"a shell escape, magic or syntax error: {e.msg}"
                found.append(_finding(rel, e.lineno or 1, cell, why))
            continue
        if key in declared and (line := first_difference(source, declared[key])) is not None:
            found.append(_finding(rel, line, cell, _UNDECLARED))
        found.extend(_finding(rel, line, cell, why) for line, why in _Policy().check(tree))
    return found


def _finding(rel: str, line: int, cell: int | None, message: str) -> Finding:
    return Finding(rel, line, RULE, "error", f"refused, not executed: {message}", cell)


def _code_units(directory: Path) -> Iterator[tuple[str, str, int | None]]:
    """(relative path, source, notebook cell or None) for each piece of code that may run."""
    for path in sorted(directory.rglob("*.py")):
        rel = path.relative_to(directory).as_posix()
        yield rel, path.read_text(encoding="utf-8", errors="replace"), None
    notebook = directory / layout.NOTEBOOK
    if notebook.is_file():
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        except (ValueError, KeyError, TypeError):
            return  # not a notebook: nbclient cannot run it (and `check` reports P2C000)
        for n, cell in enumerate(cells, start=1):  # 1-based over all cells, as `check` counts
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                yield layout.NOTEBOOK, "".join(source) if isinstance(source, list) else source, n


class _Policy(ast.NodeVisitor):
    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self.modules: dict[str, str] = {}  # local name -> the restricted module bound to it

    def check(self, tree: ast.AST) -> list[tuple[int, str]]:
        """(line, reasons) for each line with something refused."""
        self.visit(tree)
        lines: dict[int, list[str]] = {}
        for line, why in self.problems:
            if why not in lines.setdefault(line, []):
                lines[line].append(why)
        return [(line, "; ".join(whys)) for line, whys in sorted(lines.items())]

    def refuse(self, node: ast.AST, why: str) -> None:
        self.problems.append((getattr(node, "lineno", 1), why))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            if top not in ALLOWED_MODULES:
                self.refuse(node, f"import of `{alias.name}` (not in the allowed modules)")
            elif top in MODULE_ATTRIBUTES:
                parts = alias.name.split(".")
                if len(parts) > 1 and parts[1] not in MODULE_ATTRIBUTES[top]:
                    self.refuse(node, f"import of `{alias.name}`")
                if alias.asname is None or alias.name == top:  # the name is bound to `top`
                    self.modules[alias.asname or top] = top
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        top = (node.module or "").split(".")[0]
        if node.level == 0 and top not in ALLOWED_MODULES:
            self.refuse(node, f"import from `{node.module}` (not in the allowed modules)")
        elif node.level == 0 and top in MODULE_ATTRIBUTES:
            allowed = MODULE_ATTRIBUTES[top]
            parts = (node.module or "").split(".")
            for alias in node.names:
                name = parts[1] if len(parts) > 1 else alias.name  # os.path.join: os.path
                if name not in allowed:
                    self.refuse(node, f"`from {node.module} import {alias.name}`")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in FORBIDDEN_NAMES:
            self.refuse(node, f"use of `{node.id}`")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        dunder = attr.startswith("__") and attr.endswith("__")
        if isinstance(node.value, ast.Name) and node.value.id in self.modules:
            module = self.modules[node.value.id]
            if attr not in MODULE_ATTRIBUTES[module]:
                self.refuse(node, f"`{module}.{attr}`")
        elif (dunder and attr not in SAFE_DUNDERS) or attr in FORBIDDEN_ATTRIBUTES:
            self.refuse(node, f"attribute `{attr}`")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else None
        if name in FORBIDDEN_CALLS:
            self.refuse(node, f"call of `{name}`")
        elif name in ATTRIBUTE_CALLS and not _literal_attribute(node):
            self.refuse(node, f"`{name}` without a literal, non-dunder attribute name")
        if (target := _write_target(node)) is not None and not _safe_path(target):
            self.refuse(node, _OUTSIDE)
        for k in node.keywords:
            if k.arg in _UNPICKLING and not (
                isinstance(k.value, ast.Constant) and k.value.value != _UNPICKLING[k.arg]
            ):
                self.refuse(node, f"`{k.arg}={ast.unparse(k.value)}` (unpickling runs code)")
        self.generic_visit(node)


def _literal_attribute(call: ast.Call) -> bool:
    if len(call.args) < 2 or not isinstance(call.args[1], ast.Constant):
        return False
    value = call.args[1].value
    return isinstance(value, str) and not value.startswith("__")


def _write_target(call: ast.Call) -> ast.expr | None:
    """The path a call writes to, or None when it writes none (or is not a write)."""
    func = call.func
    if isinstance(func, ast.Name) and func.id == "open":
        mode = call.args[1] if len(call.args) > 1 else _keyword(call, "mode")
        return call.args[0] if call.args and _writes(mode) else None
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr == "open":  # Path(...).open("w")
        mode = call.args[0] if call.args else _keyword(call, "mode")
        return func.value if _writes(mode) else None
    if func.attr in _PATH_METHODS:
        return func.value
    if func.attr == "makedirs":
        return call.args[0] if call.args else _keyword(call, "name")
    if func.attr in _PATH_WRITERS:
        index = _PATH_WRITERS[func.attr]
        if func.attr == "save" and isinstance(func.value, ast.Name) and func.value.id == "torch":
            index = 1  # torch.save(obj, f)
        if len(call.args) > index:
            return call.args[index]
        return _keyword(call, "f") or _keyword(call, "fname") or _keyword(call, "file")
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _writes(mode: ast.expr | None) -> bool:
    """True when a file mode writes; a mode that is not a literal counts as writing."""
    if mode is None:
        return False
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return bool(_WRITE_MODES & set(mode.value))
    return True


def _safe_path(expr: ast.expr) -> bool:
    """A relative literal path without `..`, `Path(...)` of one, `/` joins of them, or a
    command-line argument (`args.out`)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        path = PurePosixPath(expr.value.replace("\\", "/"))
        return not path.is_absolute() and ".." not in path.parts and ":" not in expr.value
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "Path":
        return len(expr.args) >= 1 and all(_safe_path(a) for a in expr.args)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        return _safe_path(expr.left) and _safe_path(expr.right)
    return (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Name)
        and expr.value.id == "args"
    )

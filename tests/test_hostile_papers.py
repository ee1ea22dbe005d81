"""Hostile papers, end to end: `paper2code run` with the smoke check and the notebook executed.

Each fixture is a real paper of the library's families (encoder-decoder Transformer, DDPM, and a
contribution the library lacks, which becomes a skeleton quoting its equations), rewritten so
that every place paper text can come from carries a payload: the title, an author macro used in
the title, the abstract, section names, captions, a table cell, a sentence the analysis quotes,
a macro's output, and equations (`\\text{...}`, `\\mathrm{...}`). Run as Python, each payload
writes its own canary file; none may ever be written, and every output must still parse.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from warm_python import python

from paper2code.engines.llm.answers import PlannedFile
from paper2code.engines.llm.engine import _safe_files, _skeleton
from paper2code.paper.anchors import uncite

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "transformer": ROOT / "examples" / "tiny_transformer" / "main.tex",
    "diffusion": ROOT / "tests" / "fixtures" / "engine" / "ddpm" / "main.tex",
    "skeleton": ROOT / "tests" / "fixtures" / "engine" / "spectral" / "main.tex",
}
# Python that, were it ever executed, writes the canary `{c}`: breaking out of a docstring, of a
# ''' string, of a one-line string, of a comment (U+2028: a line break to some readers), and a
# \N{...} escape that a non-raw literal would choke on. `\#` is LaTeX for `#`.
STYLES = [
    '"""; import os; os.system("touch {c}") \\#',
    "'''; __import__('os').system('touch {c}') \\#",
    '"); open("{c}", "w") \\# \u2028__import__("os").system("touch {c}")',
    "\\textbackslash N\\{NO SUCH NAME\\} <script>alert(1)</script> \\textbackslash",
]
_RAW_HTML = re.compile(r"(?<!\\)<script", re.IGNORECASE)


def hostile(source: str, canaries: Path) -> str:
    """`source` with a payload at every place paper text comes from; payload k of place w
    writes `canaries/w` when run."""
    count = iter(range(1000))

    def p(where: str) -> str:
        style = STYLES[next(count) % len(STYLES)]
        return style.replace("{c}", str(canaries / where))

    title = re.search(r"\\title\{([^}]*)\}", source).group(1)
    source = source.replace(
        "\\begin{document}",
        f"\\newcommand{{\\hostilename}}{{{p('title_macro')}}}\n"
        f"\\newcommand{{\\hostilemethod}}{{{p('macro')}}}\n\\begin{{document}}",
    )
    source = source.replace(
        f"\\title{{{title}}}",
        # [/] would end a rich markup tag in the run's summary on the terminal
        f"\\title{{{title} \\hostilename{{}} {p('title')} [/]}}",
    )
    source = source.replace("\\begin{abstract}", f"\\begin{{abstract}}\n{p('abstract')}\n")
    source = re.sub(
        r"\\section\{([^}]*)\}", lambda m: f"\\section{{{m.group(1)} {p('section')}}}", source
    )
    equations = iter(["text", "mathrm", "text", "mathrm", "text"])
    source = re.sub(
        r"\\end\{equation\}",
        lambda m: f"\\{(e := next(equations, 'text'))}{{{p('equation_' + e)}}}\n\\end{{equation}}",
        source,
    )
    source = re.sub(
        r"\\caption\{([^}]*)\}", lambda m: f"\\caption{{{m.group(1)} {p('caption')}}}", source
    )
    extra = f"""
\\section{{Training details {p("section_added")}}}
We train with a learning rate of 0.001 {p("quote")}. The \\hostilemethod{{}} layer uses a
dropout rate of 0.1.
\\begin{{table}}[h]
\\caption{{Settings {p("table_caption")}}}
\\begin{{tabular}}{{lc}}
Batch size & 64 \\\\
{p("table_cell")} & 8 \\\\
\\end{{tabular}}
\\end{{table}}
\\begin{{figure}}[h]
\\caption{{Overview {p("figure_caption")}}}
\\end{{figure}}
"""
    return source.replace("\\end{document}", extra + "\\end{document}")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    return subprocess.run(
        [sys.executable, "-m", "paper2code", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def python_sources(out: Path) -> dict[str, str]:
    """Every Python text of the output: each .py file and each notebook code cell."""
    found = {str(py.relative_to(out)): py.read_text(encoding="utf-8") for py in out.rglob("*.py")}
    nb = json.loads((out / "notebooks" / "walkthrough.ipynb").read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] == "code":
            found[f"walkthrough.ipynb cell {n}"] = "".join(cell["source"])
    return found


def markdown_texts(out: Path) -> dict[str, str]:
    found = {str(md.relative_to(out)): md.read_text(encoding="utf-8") for md in out.rglob("*.md")}
    nb = json.loads((out / "notebooks" / "walkthrough.ipynb").read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] == "markdown":
            found[f"walkthrough.ipynb cell {n}"] = "".join(cell["source"])
    return found


@pytest.mark.parametrize(
    ("family", "mode"),
    # Full mode writes every file minimal mode writes, and train.py and data.py besides: each
    # library family in full mode, the skeleton in minimal and educational (PAPER_GUIDE.md:
    # section titles and opening sentences) covers every template and every mode.
    [(family, "full") for family in sorted(SOURCES) if family != "skeleton"]
    + [("skeleton", "minimal"), ("skeleton", "educational")],
)
def test_a_hostile_paper_never_runs_and_every_output_parses(
    tmp_path: Path, family: str, mode: str
) -> None:
    canaries = tmp_path / "canaries"
    canaries.mkdir()
    paper = tmp_path / "paper"
    paper.mkdir()
    (paper / "main.tex").write_text(hostile(SOURCES[family].read_text(), canaries))
    out = tmp_path / "out"

    proc = run_cli("run", str(paper), "--out", str(out), "--mode", mode, cwd=tmp_path)

    # verified or not (10: verified, but a skeleton), never a crash
    assert proc.returncode in (0, 1, 10), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    for run in ("smoke     ", "notebook  "):  # a skeleton's runs read "ran (skeleton: ...)"
        assert re.search(rf"{run} (passed|ran \(skeleton)", proc.stdout), proc.stdout + proc.stderr
    (project,) = out.iterdir()
    assert re.fullmatch(r"[a-z0-9_]+", project.name)
    # importing every module runs whatever sits at module level, docstrings included
    modules = sorted(f"src.{py.stem}" for py in (project / "src").glob("*.py"))
    assert {"src.data", "src.evaluate", "src.model", "src.loss", "src.utils"} <= set(modules)
    imported = python("-c", "; ".join(f"import {m}" for m in modules), cwd=project, timeout=300)
    assert imported.returncode == 0, imported.stderr
    # evaluate.py is in every mode's contract, and runs without train.py (full mode's addition)
    evaluated = python("-m", "src.evaluate", "--smoke", cwd=project, timeout=300)
    assert evaluated.returncode == 0, evaluated.stderr
    assert sorted(os.listdir(canaries)) == []
    for name, source in python_sources(project).items():
        ast.parse(source, filename=name)
    assert yaml.safe_load((project / "configs" / "base.yaml").read_text(encoding="utf-8"))
    for name, text in markdown_texts(project).items():
        assert not _RAW_HTML.search(text), name
    # the payloads are still there, as text: escaped, not dropped
    assert "os.system" in (project / "src" / "model.py").read_text(encoding="utf-8")


# ---- the LLM engine's own assembly -----------------------------------------------------------


# A file's purpose as the model (or, in a fallback, the paper's title) says it.
PURPOSES = [s.replace("\\#", "#").replace("{c}", "/tmp/canary") for s in STYLES] + [
    "\\N{NO SUCH NAME} and \\x, then a trailing backslash \\"
]


@pytest.mark.parametrize("purpose", PURPOSES)
def test_the_llm_engines_skeleton_file_keeps_the_purpose_as_text(purpose: str) -> None:
    source = _skeleton("src/model.py", purpose)
    tree = ast.parse(source)
    assert [type(n).__name__ for n in tree.body] == ["Expr", "FunctionDef"]
    # uncite: prose that cites nothing, its double quotes single
    assert ast.get_docstring(tree, clean=False).startswith(f"src/model.py: {uncite(purpose)}\n")


def test_the_llm_engine_writes_no_module_that_import_refuses() -> None:
    planned = [
        PlannedFile(path=p, purpose="x", anchors=[])
        for p in ("src/class.py", "src/model.py", "src/import/x.py", "src/a-b.py")
    ]
    deviations: list[str] = []
    kept = [f.path for f in _safe_files(planned, deviations)]
    assert kept == ["src/model.py", "src/utils.py"]
    assert len(deviations) == 3

"""`[UNVERIFIED]` marks: every line the checker rejected is marked on that line, the files stay
valid, and the checker reports each mark (P2C009), so a marked directory never passes."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from ruamel.yaml import YAML

from paper2code.marks import mark_unverified
from paper2code.verify import check_directory

IMPLS = Path(__file__).parent.parent / "fixtures" / "verify" / "impls"


def _marked(paper, tree: Path, moved: tuple[str, ...] = ()):
    before = check_directory(tree, paper, strict=True)
    paths = [p for p in tree.rglob("*") if p.is_file()]
    lines = {p: p.read_text().count("\n") for p in paths}
    files = {p.relative_to(tree).as_posix(): p.read_text() for p in paths}
    for rel, text in mark_unverified(files, before.findings).items():
        (tree / rel).write_text(text)
    after = check_directory(tree, paper, strict=True)
    # marks move no line (the notes' file:line references stay right), except a mark at the
    # top of a file, where no line could take one
    for p, n in lines.items():
        assert p.read_text().count("\n") == n + (p.name in moved), p
    return before, after


def test_every_rejected_line_is_marked_where_it_is(paper, tmp_path):
    tree = tmp_path / "impl"
    shutil.copytree(IMPLS / "defective", tree)
    before, after = _marked(paper, tree, moved=("broken.yaml",))
    places = {(f.file, f.cell, f.line) for f in before.findings if f.rule != "P2C000"}
    marks = {(f.file, f.cell, f.line): f.message for f in after.findings if f.rule == "P2C009"}
    assert set(marks) == places
    assert marks[("configs/base.yaml", None, 7)] == "marked [UNVERIFIED]: P2C006 value-mismatch"
    assert marks[("model.py", None, 57)] == "marked [UNVERIFIED]: P2C005 quote-misplaced"
    assert not after.ok and after.errors > before.errors - 2

    # A flag on the line ends the value's comparison (P2C006) and its silence (P2C007); the
    # anchors and quotes are still judged, so the reader sees both the mark and the reason.
    rules = {(f.file, f.line, f.rule) for f in after.findings}
    assert ("configs/base.yaml", 7, "P2C006") not in rules
    assert ("model.py", 63, "P2C007") not in rules
    assert {("model.py", 17, "P2C003"), ("README.md", 13, "P2C002")} <= rules

    # Every file still reads as what it is.
    model = (tree / "model.py").read_text()
    compile(model, "model.py", "exec")
    assert "# [UNVERIFIED] P2C007 silent-assumption" in model.splitlines()[62]
    assert "# [UNVERIFIED] P2C003 misplaced-anchor; §3.2, Eq. 1 — h" in model.splitlines()[16]
    YAML(typ="safe", pure=True).load((tree / "configs" / "base.yaml").read_text())
    nb = nbformat.read(tree / "walkthrough.ipynb", as_version=4)
    nbformat.validate(nb)
    assert "[UNVERIFIED] P2C008 flag-without-reason" in nb.cells[2].source.splitlines()[2]
    # A file the checker cannot read gets its mark at the top.
    broken = (tree / "extra" / "broken.yaml").read_text()
    assert broken.startswith("# [UNVERIFIED] this file cannot be read: P2C000 unreadable-file")


def test_docstrings_and_continued_lines(paper, tmp_path):
    tree = tmp_path / "impl"
    tree.mkdir()
    source = '''"""Token mixing.

Averaged over the window as in §3.1, Eq. 9.
See §9."""

width = (
    64
)
'''
    (tree / "mix.py").write_text(source)
    before, after = _marked(paper, tree)
    assert {(f.line, f.rule) for f in before.findings} == {
        (3, "P2C002"),
        (4, "P2C002"),
        (7, "P2C007"),
    }
    marked = (tree / "mix.py").read_text()
    compile(marked, "mix.py", "exec")
    rows = marked.splitlines()
    # inside a docstring the mark is part of its text; on its closing line, in front
    assert rows[2].endswith("Eq. 9. [UNVERIFIED] P2C002 dangling-anchor")
    assert rows[3] == '[UNVERIFIED] P2C002 dangling-anchor; See §9."""'
    assert rows[6] == "    64  # [UNVERIFIED] P2C007 silent-assumption"
    assert {f.line for f in after.findings if f.rule == "P2C009"} == {3, 4, 7}


def test_a_line_continued_with_a_backslash_is_marked_at_the_top(paper, tmp_path):
    tree = tmp_path / "impl"
    tree.mkdir()
    (tree / "scale.py").write_text("ratio = 3 * \\\n    17\n")
    _, after = _marked(paper, tree, moved=("scale.py",))
    marked = (tree / "scale.py").read_text()
    compile(marked, "scale.py", "exec")
    assert marked.startswith("# [UNVERIFIED] line(s) 1: P2C007 silent-assumption; see ")
    assert marked.splitlines()[2] == "    17  # [UNVERIFIED] P2C007 silent-assumption"
    assert [(f.line, f.rule) for f in after.findings] == [(1, "P2C009"), (3, "P2C009")]


def test_a_file_too_deep_to_check_is_marked_on_top(paper, tmp_path):
    tree = tmp_path / "impl"
    (tree / "configs").mkdir(parents=True)
    (tree / "configs" / "deep.yaml").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (tree / "deep.ipynb").write_text("[" * 100_000 + "]" * 100_000)
    before, _ = _marked(paper, tree, moved=("deep.yaml",))
    assert {(f.file, f.rule) for f in before.findings} >= {
        ("configs/deep.yaml", "P2C011"),
        ("deep.ipynb", "P2C011"),
    }
    deep = (tree / "configs" / "deep.yaml").read_text()
    assert deep.startswith("# [UNVERIFIED] this file cannot be checked: P2C011 too-deep")
    assert (tree / "deep.ipynb").read_text() == "[" * 100_000 + "]" * 100_000  # left as it is

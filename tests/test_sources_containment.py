"""A paper reads nothing outside its folder: absolute inputs, `..`, links to files or folders
elsewhere, `\\IfFileExists` and a `.bbl` through a link are refused with a warning naming the
line, and a canary planted outside appears in no output, no written project, no cache entry.
Also: the byte budget on LaTeX, and links inside the folder still followed."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest

from paper2code.cli import main
from paper2code.paper import Paper, load_paper

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tiny_transformer" / "main.tex"
CANARY = "CANARY-7f3a-never-read"
SECRET_VALUE = "7919"  # a stated value: the audit would copy it into configs and notes

HOSTILE = r"""
\input{%(absolute)s}
\input{../outside/secret}
\include{sections/leak}
\input{styles/evil}
\IfFileExists{../outside/secret.tex}{\section{Leaked Branch}}{\section{Folder Branch}}
\IfFileExists{sections/method}{\input{sections/method}}{\section{Missing Method}}
"""


def plant_outside(tmp_path: Path) -> Path:
    """Files outside the paper that a hostile paper points at, each holding the canary."""
    outside = tmp_path / "outside"
    (outside / "styles").mkdir(parents=True)
    secret = outside / "secret.tex"
    # A sentence the audit would quote, as the secret in issue 17 was: stated values.
    secret.write_text(
        f"\\section{{Training {CANARY}}}\nWe train the {CANARY} model with a learning rate "
        f"of $7 \\times 10^{{-4}}$ and a batch size of {SECRET_VALUE} for 3000 steps.\n"
    )
    (outside / "styles" / "evil.tex").write_text(f"{CANARY} from a linked folder\n")
    bbl = f"\\begin{{thebibliography}}{{1}}\n\\bibitem{{k}} {CANARY}.\n\\end{{thebibliography}}\n"
    (outside / "refs.bbl").write_text(bbl)
    return outside


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A real small paper (the bundled example) with every kind of escape added to it."""
    outside = plant_outside(tmp_path)
    paper = tmp_path / "paper"
    (paper / "sections").mkdir(parents=True)
    text = EXAMPLE.read_text()
    body = HOSTILE % {"absolute": (outside / "secret").as_posix()}
    head, tail = text.split("\\begin{document}", 1)
    (paper / "main.tex").write_text(f"{head}\\begin{{document}}\n{body}{tail}")
    (paper / "sections" / "method.tex").write_text("\\section{Inside Method}\nKept text.\n")
    (paper / "sections" / "leak.tex").symlink_to(outside / "secret.tex")
    (paper / "styles").symlink_to(outside / "styles", target_is_directory=True)
    (paper / "main.bbl").symlink_to(outside / "refs.bbl")
    return paper


def test_parse_json_reads_nothing_outside_and_warns_at_each_line(
    hostile, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["parse", "--json", str(hostile)]) == 0
    captured = capsys.readouterr()
    assert CANARY not in captured.out and CANARY not in captured.err
    paper = Paper.from_dict(json.loads(captured.out))
    titles = [s.title for s in paper.sections]
    assert "Folder Branch" in titles and "Inside Method" in titles  # the folder decides
    assert "Leaked Branch" not in titles and "Missing Method" not in titles
    assert paper.bibliography == []  # main.bbl is a link to outside
    warned = {(w.file, w.line): w.message for w in paper.warnings}
    for line, what in [
        (7, "\\input{" + str(tmp_path / "outside" / "secret") + "}"),
        (8, "\\input{../outside/secret}"),
        (9, "\\include{sections/leak}"),
        (10, "\\input{styles/evil}"),
        (11, "\\IfFileExists{../outside/secret.tex}"),
    ]:
        assert warned[("main.tex", line)].startswith(f"{what} refused: outside"), line
    assert "warning: main.tex:8: \\input{../outside/secret} refused" in captured.err
    links = {w.file for w in paper.warnings if w.line is None}
    assert links == {"sections/leak.tex", "styles", "main.bbl"}  # each link to outside


def test_run_no_run_output_and_cache_never_hold_the_canary(hostile, tmp_path, monkeypatch, capsys):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(cache))
    out = tmp_path / "out"
    assert main(["run", str(hostile), "--no-run", "--out", str(out)]) in (0, 1)
    written = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "base.yaml" for p in written)
    for path in written:
        text = path.read_text(errors="replace")
        assert CANARY not in text and SECRET_VALUE not in text, path
    # The same paper as an e-print unpacked in the cache: its absolute \input is refused
    # there too; an archive holding a link to outside is refused whole (exit 6).
    tarball = tmp_path / "paper.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(hostile / "main.tex", arcname="main.tex")
        tar.add(hostile / "sections" / "method.tex", arcname="sections/method.tex")
    capsys.readouterr()
    assert main(["parse", "--json", str(tarball)]) == 0
    assert "secret} refused: outside" in capsys.readouterr().err
    linked = tmp_path / "linked.tar.gz"
    with tarfile.open(linked, "w:gz") as tar:
        tar.add(hostile / "main.tex", arcname="main.tex")
        tar.add(hostile / "sections" / "leak.tex", arcname="sections/leak.tex")
    assert main(["parse", "--json", str(linked)]) == 6
    captured = capsys.readouterr()
    assert CANARY not in captured.out + captured.err
    for path in cache.rglob("*"):
        if path.is_file():
            assert CANARY not in path.read_text(errors="replace"), path


def test_links_that_stay_inside_are_followed(tmp_path):
    paper = tmp_path / "paper"
    (paper / "shared").mkdir(parents=True)
    (paper / "shared" / "method.tex").write_text("\\section{Shared Method}\nBody.\n")
    (paper / "sections").symlink_to(paper / "shared", target_is_directory=True)
    (paper / "loop").symlink_to(paper, target_is_directory=True)  # a cycle: walked once
    (paper / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\input{sections/method}\n\\end{document}\n"
    )
    loaded = load_paper(paper)
    assert [s.title for s in loaded.sections] == ["Shared Method"]
    assert loaded.warnings == []


def test_a_missing_input_is_a_warning_not_an_error(tmp_path):
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{A}\n\\input{tables/gen}\n"
        "\\end{document}\n"
    )
    paper = load_paper(tmp_path)
    assert [str(w) for w in paper.warnings] == [
        "main.tex:4: \\input{tables/gen}: no such file in the paper's folder; skipped"
    ]


def test_input_if_file_exists_reads_the_file_from_the_folder(tmp_path):
    (tmp_path / "extra.tex").write_text("\\section{Extra}\n")
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n"
        "\\InputIfFileExists{extra}{\\section{Before}}{\\section{Absent}}\n\\end{document}\n"
    )
    assert [s.title for s in load_paper(tmp_path).sections] == ["Before", "Extra"]


@pytest.mark.parametrize("single_line", [False, True])
def test_latex_over_the_byte_limit_is_one_line_exit_2(tmp_path, monkeypatch, capsys, single_line):
    monkeypatch.setenv("PAPER2CODE_MAX_TEX_BYTES", "100000")
    filler = "word " * 30000 if single_line else "A line of prose.\n" * 9000
    (tmp_path / "body.tex").write_text(filler)
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\input{body}\n\\end{document}\n"
    )
    assert main(["parse", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert "body.tex is 1" in err and "over the limit of 98 KB" in err
    assert "PAPER2CODE_MAX_TEX_BYTES" in err
    monkeypatch.setenv("PAPER2CODE_MAX_TEX_BYTES", "1000000")
    assert main(["parse", str(tmp_path)]) == 0


@pytest.mark.parametrize("value", ["0", "-5", "lots"])
def test_byte_limit_variable_is_validated(tmp_path, monkeypatch, capsys, value):
    monkeypatch.setenv("PAPER2CODE_MAX_TEX_BYTES", value)
    shutil.copy(EXAMPLE, tmp_path / "main.tex")
    assert main(["parse", str(tmp_path)]) == 2
    assert "PAPER2CODE_MAX_TEX_BYTES" in capsys.readouterr().err

"""Whole implementations against the fixture paper, through the API and the command line."""

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from warm_python import python

from paper2code.cli import main
from paper2code.verify import check_directory

IMPLS = Path(__file__).parent.parent / "fixtures" / "verify" / "impls"

# Each defect of impls/defective, exactly once: (file, cell, line, rule).
DEFECTS = [
    ("README.md", None, 13, "P2C002"),  # §7 in a six-section paper
    ("configs/base.yaml", None, 7, "P2C006"),  # dropout 0.3, §4.2 says 0.1
    ("configs/base.yaml", None, 16, "P2C004"),  # a quote the paper does not contain
    ("extra/broken.yaml", None, 3, "P2C000"),  # unclosed flow list
    ("model.py", None, 17, "P2C003"),  # §3.2, Eq. 1 while Eq. 1 is in §3.1
    ("model.py", None, 19, "P2C001"),  # "§ 3.2"
    ("model.py", None, 57, "P2C005"),  # a §3.3 quote cited to §4.1
    ("model.py", None, 63, "P2C007"),  # ignore_index=-100, uncited
    ("walkthrough.ipynb", 3, 3, "P2C008"),  # [UNSPECIFIED] without alternatives
]


def test_fixture_paper_has_what_the_defects_rely_on(paper):
    tops = [s.number for s in paper.sections if s.level == 1 and s.number]
    assert tops == ["1", "2", "3", "4", "5", "6", "A"]
    assert [e.anchor for e in paper.numbered_equations] == [f"Eq. {n}" for n in range(1, 8)]
    assert paper.find("Eq. 1").section == "§3.1"
    assert paper.find("§broader-impact") is not None


def test_clean_implementation_passes_strict(paper):
    report = check_directory(IMPLS / "clean", paper, strict=True)
    assert report.findings == []
    assert report.ok and report.files == 4
    assert (report.coverage.equations.cited, report.coverage.equations.total) == (7, 7)
    hp = report.coverage.hyperparameters
    assert (hp.cited, hp.total) == (11, 11)


def test_each_defect_found_once_and_nothing_else(paper):
    report = check_directory(IMPLS / "defective", paper)
    assert [(f.file, f.cell, f.line, f.rule) for f in report.findings] == DEFECTS
    assert (report.errors, report.warnings) == (7, 2)
    strict = check_directory(IMPLS / "defective", paper, strict=True)
    assert (strict.errors, strict.warnings) == (9, 0)


@pytest.mark.parametrize(("defect"), DEFECTS, ids=lambda d: d[3])
def test_each_defect_alone_in_the_clean_implementation(paper, tmp_path, defect):
    """Carry one defective file over the clean tree: only that file's defects appear."""
    file = defect[0]
    shutil.copytree(IMPLS / "clean", tmp_path / "impl")
    (tmp_path / "impl" / file).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(IMPLS / "defective" / file, tmp_path / "impl" / file)
    report = check_directory(tmp_path / "impl", paper)
    expected = [d for d in DEFECTS if d[0] == file]
    assert [(f.file, f.cell, f.line, f.rule) for f in report.findings] == expected


# ---- command line ------------------------------------------------------------------------


def run(capsys, *args):
    code = main(["check", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_clean_exits_zero(capsys, paper_arg):
    code, out, _ = run(capsys, IMPLS / "clean", "--paper", paper_arg, "--strict")
    assert code == 0
    assert "ok (strict): 0 error(s), 0 warning(s) in 4 file(s)" in out
    assert "equations: 7/7 cited (100%)" in out


def test_cli_findings_exit_one_grouped_by_file(capsys, paper_arg):
    code, out, err = run(capsys, IMPLS / "defective", "--paper", paper_arg)
    assert code == 1
    assert "does not verify" in err
    lines = out.splitlines()
    assert lines[0] == "README.md"
    assert "P2C002" in lines[1] and "README.md:13" in lines[1] and "§7 does not exist" in lines[1]
    assert any("walkthrough.ipynb:cell 3:3" in line for line in lines)


def test_cli_json_schema(capsys, paper_arg):
    code, out, _ = run(capsys, IMPLS / "defective", "--paper", paper_arg, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["schema"] == "paper2code.check/1"
    assert set(data) == {"schema", "ok", "strict", "summary", "coverage", "findings", "equations"}
    assert data["equations"] == {"index": False, "results": []}  # it has no equations index
    assert data["summary"] == {"files": 5, "errors": 7, "warnings": 2}
    assert set(data["coverage"]) == {"equations", "hyperparameters"}
    assert set(data["coverage"]["equations"]) == {"cited", "total", "share", "missing"}
    first = data["findings"][0]
    assert first == {
        "file": "README.md",
        "line": 13,
        "cell": None,
        "rule": "P2C002",
        "severity": "error",
        "message": first["message"],
    }
    assert [(f["file"], f["cell"], f["line"], f["rule"]) for f in data["findings"]] == DEFECTS


def test_cli_warnings_fail_only_when_strict(capsys, tmp_path, paper_arg):
    (tmp_path / "m.py").write_text("lr = 3e-4\n")
    assert run(capsys, tmp_path, "--paper", paper_arg)[0] == 0
    assert run(capsys, tmp_path, "--paper", paper_arg, "--strict")[0] == 1


def test_cli_paper_json_from_parse(capsys, tmp_path, paper):
    path = tmp_path / "paper.json"
    path.write_text(json.dumps(paper.to_dict()))
    assert run(capsys, IMPLS / "clean", "--paper", path, "--strict")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-dir", "--paper", "PAPER"], "no such directory"),
        ([IMPLS / "clean", "--paper", "no-such-paper.tex"], "no-such-paper.tex"),
        ([IMPLS / "clean", "--paper", "no-such-paper.json"], "cannot read paper JSON"),
        ([IMPLS / "clean"], "--paper"),
    ],
)
def test_cli_input_errors_exit_two(capsys, paper_arg, args, message):
    code, out, err = run(capsys, *[paper_arg if a == "PAPER" else a for a in args])
    assert code == 2
    assert message in out + err


def test_cli_unreadable_paper_json(capsys, tmp_path):
    bad = tmp_path / "paper.json"
    bad.write_text("{not json")
    code, _, err = run(capsys, IMPLS / "clean", "--paper", bad)
    assert code == 2 and "cannot read paper JSON" in err and len(err.strip().splitlines()) == 1


def test_clean_implementation_is_real_code(tmp_path):
    """The clean fixture is a working implementation, not just well-commented text."""
    impl = shutil.copytree(IMPLS / "clean", tmp_path / "impl")
    python("model.py", cwd=impl, check=True, timeout=120)
    nb = nbformat.read(impl / "walkthrough.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(impl)}}).execute()

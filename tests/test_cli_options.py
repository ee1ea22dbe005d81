"""A newcomer's first hour with the command line: options are checked before the paper is read,
options may come before PAPER, messages print as written, every mistake ends in one line and a
documented exit code, and shell completion works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from engine_support import EXAMPLE, example

from paper2code import pipeline
from paper2code.cli import main

ROOT = Path(__file__).resolve().parents[1]
# Fails to parse (exit 2, "unbalanced braces"): an option error must come instead of that.
UNPARSABLE = str(ROOT / "tests" / "fixtures" / "papers" / "bad" / "binary.tex")
AUDITED = str(ROOT / "tests" / "fixtures" / "analysis" / "diffusion.tex")


def one_line_error(capsys) -> str:
    """The error line, which must end the output: progress lines may come before it."""
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert "Traceback" not in err and last.startswith("error: "), err
    return last


@pytest.fixture
def no_llm_environment(monkeypatch):
    for var in ("PAPER2CODE_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "PAPER2CODE_PROVIDER"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--framework", "cuda"], 2, "Invalid value for '--framework'"),
        (["--mode", "huge"], 2, "Invalid value for '--mode'"),
        (["--engine", "llm"], 9, "no model chosen for the LLM engine"),
        (["--engine", "llm", "--model", "gpt-4o"], 9, "set OPENAI_API_KEY"),
    ],
)
def test_option_errors_come_before_the_paper_is_read(
    args, code, says, tmp_path, capsys, no_llm_environment
) -> None:
    assert main([UNPARSABLE, "--out", str(tmp_path), *args]) == code
    err = capsys.readouterr().err
    assert says in err and "binary" not in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_directory_is_refused_before_the_analysis(
    tmp_path, capsys, monkeypatch
) -> None:
    (tmp_path / "tiny_transformer").mkdir()

    def analysis_must_not_run(paper):
        raise AssertionError("the analysis ran before the output directory was checked")

    monkeypatch.setattr(pipeline, "analyse", analysis_must_not_run)
    assert main([str(EXAMPLE), "--out", str(tmp_path)]) == 8
    assert "tiny_transformer already exists (use --force to replace it)" in one_line_error(capsys)


def test_options_may_come_before_the_paper(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "analyse", lambda paper: example()[1])
    assert main(["--mode", "full", "--no-run", "--out", str(tmp_path), str(EXAMPLE)]) == 0
    assert (tmp_path / "tiny_transformer" / "src" / "train.py").is_file()
    assert "full, framework pytorch" in capsys.readouterr().out
    # the group's own options keep their meaning
    assert main(["--version"]) == 0
    assert "paper2code, version" in capsys.readouterr().out
    assert main(["--help"]) == 0
    assert "Commands:" in capsys.readouterr().out


def test_a_message_with_brackets_prints_as_written(tmp_path, capsys, monkeypatch) -> None:
    """The install hint of a missing SDK names the extra in brackets, which Rich would read as
    markup and drop."""
    monkeypatch.setitem(sys.modules, "openai", None)  # `import openai` raises ImportError
    args = ["--engine", "llm", "--model", "m", "--base-url", "http://127.0.0.1:9/v1"]
    assert main([UNPARSABLE, "--out", str(tmp_path), *args]) == 9
    assert "pip install 'paper2code[llm]'" in one_line_error(capsys)


@pytest.fixture
def read_only(tmp_path: Path):
    """A folder this user cannot write to: mode 0555, and for root, who writes there anyway,
    also immutable (chattr +i) where the file system allows it."""
    folder = tmp_path / "read_only"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    if os.access(folder, os.W_OK):
        chattr = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if chattr.returncode != 0:
            pytest.skip("this user writes into read-only folders and cannot chattr +i")
        immutable = True
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_out_on_a_read_only_folder_is_one_line(read_only, capsys) -> None:
    # a paper that parses: root learns only when it writes (other users before the parse)
    assert main([str(EXAMPLE), "--no-run", "--out", str(read_only)]) == 2
    assert f"cannot write to {read_only}" in one_line_error(capsys)
    assert list(read_only.iterdir()) == []


def test_out_below_a_file_is_one_line(tmp_path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("a file where a folder should be")
    out = tmp_path / "notes.txt" / "impl"
    assert main([UNPARSABLE, "--out", str(out)]) == 2
    assert f"{tmp_path / 'notes.txt'} is not a folder" in one_line_error(capsys)


def test_out_where_the_system_refuses_to_write_is_one_line(tmp_path, capsys) -> None:
    """/sys takes no new folders, not even from root: the failure comes from the write itself
    (or from the check before it, for other users) and still ends in one line."""
    if not Path("/sys/kernel").is_dir():
        pytest.skip("needs Linux's /sys")
    assert main([str(EXAMPLE), "--no-run", "--out", "/sys/paper2code-test"]) == 2
    assert "cannot write to /sys/paper2code-test" in one_line_error(capsys)


def test_audit_into_a_missing_folder_is_one_line(tmp_path, capsys) -> None:
    target = tmp_path / "missing" / "NOTES.md"
    assert main(["audit", UNPARSABLE, "-o", str(target)]) == 2  # before the paper is read
    err = one_line_error(capsys)
    assert f"folder {tmp_path / 'missing'} does not exist" in err and "binary" not in err


def test_audit_into_a_read_only_folder_is_one_line(read_only, capsys) -> None:
    assert main(["audit", AUDITED, "-o", str(read_only / "NOTES.md")]) == 2
    assert f"cannot write {read_only / 'NOTES.md'}" in one_line_error(capsys)


def test_audit_where_the_write_itself_fails_is_one_line(capsys) -> None:
    if not Path("/sys/kernel").is_dir():
        pytest.skip("needs Linux's /sys")
    assert main(["audit", AUDITED, "-o", "/sys/NOTES.md"]) == 2
    assert "cannot write /sys/NOTES.md" in one_line_error(capsys)


def _complete(words: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env_extra}
    env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split(" ")) - 1))
    return subprocess.run(
        [sys.executable, "-m", "paper2code"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_shell_completion_as_documented() -> None:
    script = _complete("paper2code", {"_PAPER2CODE_COMPLETE": "bash_source"})
    assert script.returncode == 0 and "_paper2code_completion()" in script.stdout
    commands = _complete("paper2code ", {"_PAPER2CODE_COMPLETE": "bash_complete"})
    assert {"plain,audit", "plain,check", "plain,run"} <= set(commands.stdout.split())
    # run's options complete before PAPER too, since that is where they may be typed
    options = _complete("paper2code --mo", {"_PAPER2CODE_COMPLETE": "bash_complete"})
    assert "plain,--mode" in options.stdout.split()

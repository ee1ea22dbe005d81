"""tests/warm_python.py does what `python ARGS` does, as far as the tests that use it can see:
the same exit status, streams, `sys.argv`, `sys.path[0]`, working directory and environment
as a fresh interpreter, for `-c`, `-m` and a script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from warm_python import python

SHOW = "import os, sys; print(sys.argv, sys.path[0] == os.getcwd(), os.environ.get('WARM_X'))"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "__init__.py").write_text("")
    (tmp_path / "src" / "tool.py").write_text(
        f"import sys\n{SHOW}\nif __name__ == '__main__':\n"
        "    print('main', file=sys.stderr)\n    sys.exit(int(sys.argv[1]))\n"
    )
    (tmp_path / "script.py").write_text(f"{SHOW}\nraise ValueError('from the script')\n")
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["-c", "import sys; print(sys.argv, repr(sys.path[0])); sys.exit(3)", "a", "b"],
        ["-c", "import sys; sys.exit('a message')"],
        ["-c", "print(__name__, __import__('sys').modules['__main__'].__name__)"],
        ["-m", "src.tool", "0"],
        ["-m", "src.tool", "2"],
        ["script.py", "x"],
    ],
)
def test_a_run_is_what_a_fresh_interpreter_does(
    args: list[str], project: Path, monkeypatch
) -> None:
    monkeypatch.setenv("WARM_X", "seen")
    real = subprocess.run(
        [sys.executable, *args], cwd=project, capture_output=True, text=True, timeout=60
    )
    warm = python(*args, cwd=project, timeout=60)
    assert (warm.returncode, warm.stdout) == (real.returncode, real.stdout)
    # a traceback's frames are the same from the script on; its last line is the error
    assert warm.stderr.splitlines()[-1:] == real.stderr.splitlines()[-1:]
    assert ("Traceback" in warm.stderr) == ("Traceback" in real.stderr)


def test_a_run_past_its_timeout_is_killed(tmp_path: Path) -> None:
    with pytest.raises(subprocess.TimeoutExpired):
        python("-c", "import time; time.sleep(60)", cwd=tmp_path, timeout=1)
    assert python("-c", "print('next')", cwd=tmp_path).stdout == "next\n"


def test_check_raises_as_subprocess_does(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError) as failed:
        python("-c", "raise SystemExit(4)", cwd=tmp_path, check=True)
    assert failed.value.returncode == 4

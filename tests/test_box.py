"""The box generated code runs in: what it sees of the environment, and what survives it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from paper2code.box import run_boxed
from paper2code.errors import InputError
from paper2code.execute import Limits, run_notebook, run_smoke

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")

SECRETS = {
    "OPENAI_API_KEY": "sk-test-secret-1",
    "ANTHROPIC_API_KEY": "sk-ant-test-secret-2",
    "GITHUB_TOKEN": "ghp_test_secret_3",
    "AWS_SECRET_ACCESS_KEY": "aws-test-secret-4",
    "HTTPS_PROXY": "http://proxy.invalid:3128",
    "PYTHONPATH": "/somewhere/else",
}


def python(tmp_path: Path, code: str) -> list[str]:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    return [sys.executable, str(script)]


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it counts as dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def gone(pids: list[int], within: float = 5.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def test_boxed_code_sees_no_secret_and_a_home_of_its_own(tmp_path, monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    work = tmp_path / "project"
    work.mkdir()
    args = python(
        tmp_path,
        """
        import json, os
        raw = open("/proc/self/environ", "rb").read().decode()
        json.dump({"env": dict(os.environ), "raw": raw, "cwd": os.getcwd()}, open("seen.json", "w"))
        """,
    )
    done = run_boxed(args, work, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads((work / "seen.json").read_text())
    for name, value in SECRETS.items():
        assert name not in seen["env"] and value not in seen["raw"]
    assert seen["cwd"] == str(work)
    home = Path(seen["env"]["HOME"])
    assert home != Path.home() and not home.exists()  # a temporary folder, gone afterwards
    assert seen["env"]["TMPDIR"].startswith(str(home.parent))
    assert seen["env"]["LC_ALL"] == "C.UTF-8" and seen["env"]["MPLBACKEND"] == "Agg"


SPAWNER = """
import json, os, subprocess, sys, time
grouped = subprocess.Popen(["sleep", "1000"])  # stays in the box's process group
escaped = subprocess.Popen(["setsid", "sleep", "1000"])  # a session of its own
orphan = subprocess.Popen(["sh", "-c", "sleep 1000 & echo $!"], stdout=subprocess.PIPE)
orphaned = int(orphan.stdout.readline())  # its parent shell exits: re-parented
orphan.wait()
pids = [grouped.pid, escaped.pid, orphaned]
json.dump({"pgid": os.getpgid(0), "pids": pids}, open("spawned.json", "w"))
print("spawned", flush=True)
if sys.argv[1] == "hang":
    time.sleep(1000)
"""


@pytest.mark.parametrize("ending", ["hang", "exit"])
def test_nothing_the_code_spawned_survives_the_box(tmp_path, ending):
    """A timeout (or a normal exit) ends every process the code started: in its group, in a
    session of its own, or orphaned."""
    started = time.monotonic()
    done = run_boxed([*python(tmp_path, SPAWNER), ending], tmp_path, timeout=4)
    assert time.monotonic() - started < 30
    assert done.stdout.strip() == "spawned", done.stderr
    assert done.returncode == (None if ending == "hang" else 0)
    spawned = json.loads((tmp_path / "spawned.json").read_text())
    assert gone(spawned["pids"]), [p for p in spawned["pids"] if alive(p)]
    with pytest.raises(ProcessLookupError):
        os.killpg(spawned["pgid"], 0)


def test_a_hanging_smoke_check_times_out_and_the_budget_caps_all_runs(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "__init__.py").write_text("")
    (tmp_path / "src" / "utils.py").write_text("import time\ntime.sleep(1000)\n")
    limits = Limits(per_run=2, budget=3)
    first = run_smoke(tmp_path, limits)
    assert not first.ok and first.output.endswith("timed out after 2s")
    second = run_smoke(tmp_path, limits)  # 1 s of the budget left
    assert not second.ok and second.output.endswith("timed out after 1s")
    third = run_smoke(tmp_path, limits)
    assert not third.ok and "budget (PAPER2CODE_RUN_BUDGET) is spent" in third.output


@pytest.mark.parametrize("value", ["soon", "0", "-5", "inf"])
def test_a_bad_limit_is_one_line_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("PAPER2CODE_RUN_TIMEOUT", value)
    with pytest.raises(InputError) as e:
        Limits.from_env()
    assert str(e.value).startswith(f"PAPER2CODE_RUN_TIMEOUT={value!r} is not a number")
    assert e.value.exit_code == 2


def test_limits_from_the_environment(monkeypatch):
    monkeypatch.setenv("PAPER2CODE_RUN_TIMEOUT", "12.5")
    monkeypatch.setenv("PAPER2CODE_RUN_BUDGET", "40")
    limits = Limits.from_env()
    assert (limits.per_run, limits.budget) == (12.5, 40)
    assert 12 < limits.next_timeout() <= 12.5


def test_a_hanging_notebook_takes_its_kernel_with_it(tmp_path):
    """nbclient starts the kernel in a session of its own: the timeout still ends it."""
    import nbformat

    cell = (
        "import json, time\n"
        "me = int(open('/proc/self/stat').read().split()[0])\n"
        "json.dump([me], open('kernel.json', 'w'))\n"
        "time.sleep(1000)"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(cell))
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / "walkthrough.ipynb")
    result = run_notebook(tmp_path, Limits(per_run=20, budget=20))
    assert not result.ok and "timed out after 20s" in result.output
    [kernel] = json.loads((tmp_path / "notebooks" / "kernel.json").read_text())
    assert gone([kernel])


def test_packages_reached_through_pythonpath_are_found_and_nothing_else(tmp_path, monkeypatch):
    """paper2code run from a PYTHONPATH install: the box gets the folders of the packages it
    needs, not the rest of PYTHONPATH."""
    from paper2code import execute

    lib = tmp_path / "lib"
    (lib / "p2c_probe").mkdir(parents=True)
    (lib / "p2c_probe" / "__init__.py").write_text("VALUE = 'found'\n")
    monkeypatch.syspath_prepend(str(lib))
    monkeypatch.setattr(execute, "IMPORTED_IN_THE_BOX", (*execute.IMPORTED_IN_THE_BOX, "p2c_probe"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(lib), str(tmp_path / "elsewhere")]))
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "src" / "__init__.py").write_text("")
    (project / "src" / "utils.py").write_text(
        "import sys\nimport p2c_probe\n"
        "print(p2c_probe.VALUE, [p for p in sys.path if p.endswith('elsewhere')])\n"
    )
    result = run_smoke(project, Limits())
    assert result.ok and result.output == "found []", result.output


def test_killing_paper2code_outright_still_ends_the_box(tmp_path):
    """SIGKILL leaves paper2code no chance to clean up: the launcher learns of it (the parent
    death signal) and ends the code itself."""
    hang = python(
        tmp_path,
        """
        import json, os, time
        json.dump([os.getpid()], open("pid.json", "w"))
        time.sleep(1000)
        """,
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", "import sys; from paper2code.box import run_boxed; "
         f"run_boxed({hang!r}, __import__('pathlib').Path({str(tmp_path)!r}), 1000)"],
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
    )  # fmt: skip
    pid_file = tmp_path / "pid.json"
    deadline = time.monotonic() + 60
    while not pid_file.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    [code] = json.loads(pid_file.read_text())
    parent.kill()
    parent.wait()
    assert gone([code])

"""Run one command of generated code in a box: its own session, a scrubbed environment, a
working directory inside the output, a timeout, and nothing left alive afterwards.

What the box does:

- **Environment built from nothing.** The child gets `PATH`, a UTF-8 locale, `HOME` and
  `TMPDIR` inside a temporary folder that is deleted afterwards, deterministic Python settings,
  and the user site-packages folder of this interpreter on `PYTHONPATH` (it would be lost with
  the real `HOME`), plus the folders the caller names (`execute.package_paths`). Nothing else:
  no `*_API_KEY`, tokens, proxies, cloud credentials, nor the rest of the caller's `PYTHONPATH`.
- **Its own session and process group** (`start_new_session`). On a timeout, an interrupt, and
  after a normal exit, every process of that group and every descendant still alive is killed.
- **A launcher between us and the command.** On Linux it makes itself a *child subreaper*, so a
  process the command spawns and abandons (an orphan, or Jupyter's kernel, which starts in a
  session of its own) is re-parented to the launcher instead of to init; when the command ends,
  the launcher kills all that is left before it exits itself. It also asks to be killed with
  SIGTERM when paper2code dies (`PR_SET_PDEATHSIG`), and cleans up then too.

What it does not do: no network or filesystem namespace (the code can open sockets and write
wherever the user may write; the static policy in `policy.py` is what refuses such code before
it runs), no memory or CPU limits. On other POSIX systems than Linux the subreaper is
unavailable: only the process group is killed. Windows is not supported.
"""

from __future__ import annotations

import contextlib
import os
import signal
import site
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# The launcher: become a subreaper, run the command, then kill and reap whatever is left.
_LAUNCHER = r"""
import ctypes, os, signal, subprocess, sys
try:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans below us come back to us
    libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG: told when paper2code dies
except (OSError, AttributeError):
    pass

def children():
    me, found = str(os.getpid()), []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = f.read().rsplit(b")", 1)[1].split()[1].decode()
        except (OSError, IndexError):
            continue
        if ppid == me:
            found.append(int(entry))
    return found

def clean_up(*_):
    while kids := children():
        for pid in kids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for _ in kids:
            try:
                os.waitpid(-1, 0)
            except ChildProcessError:
                break

def stop(*_):
    clean_up()
    os._exit(143)

signal.signal(signal.SIGTERM, stop)
code = subprocess.Popen(sys.argv[1:]).wait()
clean_up()
sys.exit(code)
"""

# Variables the boxed command gets from paper2code's own environment, when set: where programs
# and shared libraries are (some Python builds need the latter to start at all).
_KEPT = ("PATH", "LD_LIBRARY_PATH")


@dataclass
class Finished:
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str


def box_environment(home: Path, tmp: Path, paths: Sequence[str] = ()) -> dict[str, str]:
    """The whole environment of a boxed command; `paths` go on its PYTHONPATH."""
    env = {name: os.environ[name] for name in _KEPT if name in os.environ}
    env.setdefault("PATH", os.defpath)
    env.update(
        HOME=str(home),
        TMPDIR=str(tmp),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
        PYTHONUNBUFFERED="1",
        MPLBACKEND="Agg",
        JUPYTER_PLATFORM_DIRS="1",
        # TensorFlow's C++ start-up lines (CPU features, oneDNN) would drown the run's output
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else ""
    # packages installed with `pip install --user` live under the real HOME
    found = [user_site] if user_site and Path(user_site).is_dir() else []
    if python_path := os.pathsep.join(dict.fromkeys([*found, *paths])):
        env["PYTHONPATH"] = python_path
    return env


def run_boxed(args: list[str], cwd: Path, timeout: float, paths: Sequence[str] = ()) -> Finished:
    """Run `args` (a command line; `args[0]` is an executable) in the box, from `cwd`, with
    `paths` (folders of packages it needs) on its PYTHONPATH."""
    with tempfile.TemporaryDirectory(prefix="paper2code-box-") as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        (root / "tmp").mkdir()
        out_path, err_path = root / "stdout", root / "stderr"
        # Files, not pipes: a grandchild holding a pipe open could otherwise block the read.
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, *args],
                cwd=cwd,
                env=box_environment(root / "home", root / "tmp", paths),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                close_fds=True,
            )
            returncode: int | None = None
            try:
                with _terminate_raises_interrupt():
                    returncode = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
            finally:
                kill_tree(proc.pid)
                proc.wait()
        return Finished(
            returncode,
            out_path.read_text(encoding="utf-8", errors="replace"),
            err_path.read_text(encoding="utf-8", errors="replace"),
        )


def kill_tree(pid: int) -> None:
    """SIGKILL every descendant of `pid`, then its whole process group (`pid` leads it)."""
    for _ in range(10):  # processes may fork while we look; a few passes catch them
        found = descendants(pid)
        for child in found:
            _kill(child)
        if not found:
            break
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    """The processes below `pid` (Linux: read from /proc; elsewhere: none known)."""
    parents: dict[int, list[int]] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


class _terminate_raises_interrupt:
    """While a boxed command runs, SIGTERM to paper2code raises KeyboardInterrupt (as Ctrl-C
    does), so the box is cleaned up on the way out instead of being left running."""

    def __enter__(self) -> None:
        # signal handlers can only be set from the main thread; elsewhere SIGTERM stays as is
        self.installed = threading.current_thread() is threading.main_thread()
        if self.installed:
            self.previous = signal.getsignal(signal.SIGTERM)
            signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc: object) -> None:
        if self.installed:
            signal.signal(signal.SIGTERM, self.previous or signal.SIG_DFL)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

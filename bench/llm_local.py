"""Tokens and seconds per stage of the LLM engine against a real local model.

    python bench/llm_local.py [PAPER] [--max-tokens N]

Sets up what the integration test uses (tests/local_model.py: SmolLM2-135M-Instruct under
llama.cpp's OpenAI-compatible server on 127.0.0.1; the first time on a machine this builds
llama-cpp-python, about 5 minutes), runs `paper2code PAPER --engine llm --mode minimal` against
it with a fresh cache, prints requests, tokens and seconds per stage from `.paper2code/run.json`
beside the totals the server reported, then runs it again and prints what the re-run sent.
PAPER defaults to the NeurIPS-style fixture paper.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import local_model as lm  # noqa: E402


def _run(paper: Path, url: str, cache: Path, out: Path, max_tokens: int) -> tuple[int, float]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        PAPER2CODE_CACHE_DIR=str(cache),
        PAPER2CODE_CONTEXT_TOKENS=str(lm.N_CTX),
        PAPER2CODE_MAX_TOKENS=str(max_tokens),
        NO_COLOR="1",
    )
    args = [str(paper), "--engine", "llm", "--model", lm.ALIAS, "--base-url", url]
    args += ["--mode", "minimal", "--out", str(out), "--force"]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "paper2code", *args], env=env, capture_output=True, check=False
    )
    return done.returncode, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paper", nargs="?", type=Path, default=ROOT / "tests/fixtures/papers/neurips_style"
    )
    parser.add_argument("--max-tokens", type=int, default=1024, help="PAPER2CODE_MAX_TOKENS")
    ns = parser.parse_args()
    model = lm.ensure_installed()
    with (
        tempfile.TemporaryDirectory() as tmp,
        lm.llama_server(model) as base,
        lm.counting_proxy(base) as (url, traffic),
    ):
        cache, out = Path(tmp) / "cache", Path(tmp) / "out"
        code, seconds = _run(ns.paper, url, cache, out, ns.max_tokens)
        (project,) = [p for p in out.iterdir() if p.is_dir()]
        run = lm.run_json(project)
        print(f"paper {ns.paper}, model {lm.ALIAS} on llama.cpp, window {lm.N_CTX}")
        print(
            f"{'stage':<14}{'requests':>9}{'tokens in':>11}{'tokens out':>11}"
            f"{'seconds':>9}{'out tok/s':>10}"
        )
        for s in [*run["stages"], run["total"]]:
            rate = s["tokens_out"] / s["seconds"] if s["seconds"] else 0.0
            print(
                f"{s['stage']:<14}{s['requests']:>9}{s['tokens_in']:>11}{s['tokens_out']:>11}"
                f"{s['seconds']:>9.1f}{rate:>10.1f}"
            )
        print(
            f"server usage: {traffic.completions()} completions, {traffic.prompt_tokens} in, "
            f"{traffic.completion_tokens} out ({len(traffic.requests)} HTTP requests)"
        )
        print(f"first run: exit {code}, {seconds:.1f} s wall")
        sent = len(traffic.requests)
        code, seconds = _run(ns.paper, url, cache, out, ns.max_tokens)
        print(f"re-run: exit {code}, {seconds:.1f} s wall, {len(traffic.requests) - sent} requests")


if __name__ == "__main__":
    main()

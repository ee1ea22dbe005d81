"""`paper2code mcp` started as a subprocess and driven by the MCP SDK's own client
(`ClientSession` over `stdio_client`): every tool on a fixture paper and on a real paper."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from corpus import ABSENT, CORPUS

pytest.importorskip("mcp", reason="the mcp extra is not installed")

from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402
from mcp.types import CallToolResult  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "papers" / "neurips_style"
TOOLS = {"outline", "lookup", "check_quote", "audit", "check", "run", "equations"}


def serve(
    session_work: Callable[[ClientSession], Awaitable[None]], *args: str, cwd: Path = ROOT
) -> None:
    """Start `python -m paper2code mcp` with this checkout's code and run `session_work`."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PAPER2CODE_CACHE_DIR": str(cwd / "cache")}
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "paper2code", "mcp", *args], env=env, cwd=str(cwd)
    )

    async def main() -> None:
        # the server's log goes to the null device; the test reads the protocol
        with open(os.devnull, "w") as errlog:
            async with (
                stdio_client(params, errlog=errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                await session_work(session)

    anyio.run(main)


async def call(session: ClientSession, tool: str, **arguments: Any) -> dict[str, Any]:
    """A tool's structured content; the call must succeed and carry a one-line-ish text."""
    result = await session.call_tool(tool, arguments)
    assert isinstance(result, CallToolResult)
    assert not result.is_error, result.content
    assert result.content and result.content[0].type == "text" and result.content[0].text
    assert result.structured_content is not None
    return result.structured_content


async def error_of(session: ClientSession, tool: str, **arguments: Any) -> str:
    result = await session.call_tool(tool, arguments)
    assert isinstance(result, CallToolResult) and result.is_error
    return result.content[0].text  # type: ignore[union-attr]


def broken_implementation(root: Path) -> Path:
    """An implementation of the fixture paper with one defect per line the checker must find."""
    impl = root / "impl"
    impl.mkdir()
    (impl / "model.py").write_text(
        "# §2.2, Eq. 2 — routes each query to its top-k experts\n"  # line 1: fine
        "# §2.1, Eq. 2 — the gate\n"  # line 2: Eq. 2 is in §2.2, not §2.1
        "# Eq. 9 — a mixing weight\n"  # line 3: the paper has no Eq. 9
        '# §3 — "We train with SGD and momentum"\n'  # line 4: not the paper's words
        "DROPOUT = 0.3  # Table 2 — dropout\n",  # line 5: Table 2 states 0.1
        encoding="utf-8",
    )
    return impl


def test_every_tool_on_a_fixture_paper(tmp_path: Path) -> None:
    paper = str(FIXTURE)
    impl = broken_implementation(tmp_path)
    indexed = tmp_path / "indexed"
    (indexed / ".paper2code").mkdir(parents=True)
    index = {"Eq. 1": {"function": "attention", "file": "src/model.py", "line": 12}}
    (indexed / ".paper2code" / "equations.json").write_text(json.dumps(index), encoding="utf-8")
    source = (FIXTURE / "main.tex").read_text(encoding="utf-8").splitlines()

    async def work(session: ClientSession) -> None:
        listed = (await session.list_tools()).tools
        assert {t.name for t in listed} == TOOLS
        assert all(t.output_schema and t.description for t in listed)

        outline = await call(session, "outline", paper=paper)
        assert outline["title"] == "Sparse Mixture Attention for Long Sequences"
        sections = {s["anchor"]: s for s in outline["sections"]}
        assert sections["§2.2"]["equations"] == ["Eq. 2"]
        assert sections["§3"]["tables"] == ["Table 1"] and sections["§3"]["figures"] == ["Figure 1"]
        assert sections["§A.1"]["algorithms"] == ["Algorithm 1"]

        eq = await call(session, "lookup", paper=paper, anchor="Equation (1)")
        assert eq["anchor"] == "Eq. 1" and eq["section"] == "§2.1"
        assert eq["latex"].startswith(r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}")
        assert r"\frac{QK^\top}{\sqrt{d_k}}" in eq["latex"]
        assert eq["file"] == "main.tex" and r"\label{eq:attention}" in source[eq["line"] - 1]
        table = await call(session, "lookup", paper=paper, anchor="Table 2")
        assert ["Dropout", "0.1"] in table["rows"] and table["caption"] == "All hyperparameters."
        section = await call(session, "lookup", paper=paper, anchor="§2.2")
        assert "Eq. 2" in section["contains"] and "routed by a gate" in section["text"]
        assert "no Eq. 9" in await error_of(session, "lookup", paper=paper, anchor="Eq. 9")
        misplaced = await error_of(session, "lookup", paper=paper, anchor="§2.1, Eq. 2")
        assert misplaced.startswith("Eq. 2 is not in §2.1")

        real = await call(session, "check_quote", paper=paper, quote="We train with  Adam")
        assert real["found"] and [p["anchor"] for p in real["places"]] == ["§3"]
        altered = await call(session, "check_quote", paper=paper, quote="We train with SGD")
        assert not altered["found"] and altered["places"] == []
        assert altered["closest"]["anchor"] == "§3"
        assert altered["closest"]["text"].startswith("We train with Adam")
        elsewhere = await call(
            session, "check_quote", paper=paper, quote="We train with Adam", within="§2"
        )
        assert not elsewhere["found"] and elsewhere["places"][0]["anchor"] == "§3"

        audit = await call(session, "audit", paper=paper, section="§3")
        stated = {f["name"]: f for f in audit["hyperparameters"]}
        assert stated["learning_rate"]["value"] == pytest.approx(3e-4)
        assert stated["batch_size"]["value"] == 256
        assert {f["anchor"] for f in audit["hyperparameters"]} == {"§3"}
        whole = await call(session, "audit", paper=paper)
        assert len(whole["hyperparameters"]) > len(audit["hyperparameters"])  # Table 2 too

        report = await call(session, "check", paper=paper, directory=str(impl))
        assert not report["ok"] and report["schema"] == "paper2code.check/1"
        found = {(f["file"], f["line"], f["rule"]) for f in report["findings"]}
        assert found == {
            ("model.py", 2, "P2C003"),
            ("model.py", 3, "P2C002"),
            ("model.py", 4, "P2C004"),
            ("model.py", 5, "P2C006"),
        }
        one_file = await call(
            session,
            "check",
            paper=paper,
            file_name="train.py",
            file_text='# §3 — "We train with Adam"\nBETA2 = 0.98  # §3\n',
        )
        assert one_file["ok"] and one_file["findings"] == [] and one_file["strict"]
        both = await error_of(session, "check", paper=paper)
        assert both == "give either directory or file_text (with file_name)"

        absent = await call(session, "equations", directory=str(impl))
        assert not absent["present"] and absent["index"] is None
        assert "no compiled equations index" in absent["message"]
        present = await call(session, "equations", directory=str(indexed))
        assert present["present"] and present["index"] == index

        written = await call(
            session, "run", paper=paper, out_dir=str(tmp_path / "out"), execute=False
        )
        directory = Path(written["directory"])
        assert directory.parent == tmp_path / "out" and (directory / "src" / "model.py").is_file()
        assert "configs/base.yaml" in written["files"] and written["verify"]["ok"]
        assert written["smoke"] is None and written["skeletons"][0]["anchor"] == "§2.2, Eq. 2"
        again = await error_of(session, "run", paper=paper, out_dir=str(tmp_path / "out"))
        assert "--force" in again  # the CLI's one-line message, exit 8's

        missing = await error_of(session, "outline", paper=str(tmp_path / "nowhere"))
        assert "nowhere" in missing and "\n" not in missing

    serve(work, cwd=tmp_path)


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
def test_a_real_paper(tmp_path: Path) -> None:
    """Robust weight initialization for tanh networks (LaTeX from arXiv): its Eq. 1, a sentence of
    its abstract and the same sentence altered, and a file citing what it does not have."""
    assert CORPUS is not None
    paper = str(CORPUS / "tanh-init")
    sentence = "This paper presents a novel weight initialization method for neural networks"

    async def work(session: ClientSession) -> None:
        outline = await call(session, "outline", paper=paper)
        assert outline["title"].startswith("Robust Weight Initialization for Tanh")
        eq = await call(session, "lookup", paper=paper, anchor="Eq. 1")
        assert eq["section"] == "§3.2"
        assert r"x_i^{k+1} = \tanh\left( a_i^{k+1} x_i^{k} \right)" in eq["latex"]

        real = await call(session, "check_quote", paper=paper, quote=sentence)
        assert real["found"] and real["places"][0]["anchor"] == "§abstract"
        altered = sentence.replace("tanh", "x").replace("novel", "new")
        altered = altered.replace("neural networks", "sigmoid networks")
        miss = await call(session, "check_quote", paper=paper, quote=altered)
        assert not miss["found"] and miss["closest"]["anchor"] == "§abstract"
        assert miss["closest"]["text"].startswith(sentence)

        report = await call(
            session,
            "check",
            paper=paper,
            file_name="init.py",
            file_text="# §3.2, Eq. 7 — the fixed point\n# §3.2, Eq. 1 — the recursion\n",
        )
        assert [(f["line"], f["rule"]) for f in report["findings"]] == [(1, "P2C002")]

    serve(work, cwd=tmp_path)


def test_stdout_carries_only_the_protocol_while_generated_code_runs(tmp_path: Path) -> None:
    """Raw JSON-RPC, no SDK client: every byte on stdout is a protocol message, also while the
    `run` tool executes the written smoke check and notebook in child processes."""
    from mcp_types.version import LATEST_HANDSHAKE_VERSION

    example = ROOT / "examples" / "tiny_transformer"
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": LATEST_HANDSHAKE_VERSION,
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "run", "arguments": {"paper": str(example), "out_dir": "out"}},
        },
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "paper2code", "mcp", "--offline"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env=env,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    replies: dict[int, dict[str, Any]] = {}
    try:
        for message in messages:
            proc.stdin.write(json.dumps(message) + "\n")
            proc.stdin.flush()
            if "id" in message:  # answer before the next request, as a client waits
                while message["id"] not in replies:
                    line = proc.stdout.readline()
                    assert line, "the server closed stdout"
                    reply = json.loads(line)  # a stray print would fail here
                    assert reply["jsonrpc"] == "2.0"
                    if "id" in reply:
                        replies[reply["id"]] = reply
        proc.stdin.close()
        rest = proc.stdout.read()
    finally:
        proc.wait(timeout=60)
    assert all(json.loads(line)["jsonrpc"] == "2.0" for line in rest.splitlines())
    assert replies[1]["result"]["serverInfo"]["name"] == "paper2code"
    summary = replies[2]["result"]["structuredContent"]
    assert summary["smoke"]["ok"] and summary["notebook"]["ok"], summary
    assert summary["directory"] == str(tmp_path / "out" / "tiny_transformer")

"""`paper2code mcp`: the Python API as an MCP server over stdio, for coding agents.

Each tool returns structured content matching its declared output schema, plus one short line
of text for the model to read. Papers are named as on the command line (arXiv ID or URL, LaTeX
folder, .tex, archive, PDF, parse JSON) and read once per server. A failure the user can fix is
a tool error carrying the CLI's one-line message. Nothing but the protocol reaches stdout: the
SDK's stdio transport points fd 1 at stderr while it serves, so even a child process's output
(the smoke check, the notebook) cannot corrupt the stream.

Needs the optional `mcp` extra (`pip install 'paper2code[mcp]'`).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, ParamSpec

from pydantic import Field
from typing_extensions import TypedDict  # pydantic reads only this one's schema on Python < 3.12

from paper2code import __version__, api
from paper2code.analyse.model import Analysis, Status
from paper2code.errors import InputError, Paper2CodeError
from paper2code.paper import Paper

try:
    from mcp.server.mcpserver import MCPServer
    from mcp.types import CallToolResult, TextContent
except ImportError as e:  # the extra is optional: say how to get it, in one line
    raise InputError(
        "the MCP server needs the mcp package", hint="pip install 'paper2code[mcp]'"
    ) from e

INSTRUCTIONS = """\
paper2code reads a machine-learning paper with its printed numbering (§3.2, Eq. 4, Table 2) and
checks implementations against it. Name a paper as on the command line: an arXiv ID (1706.03762),
an arXiv URL, or a local LaTeX folder, .tex file, e-print archive or PDF. Start with `outline`;
look anchors up with `lookup` instead of recalling them; confirm every quote with `check_quote`;
read stated values with `audit`; run `check` on your implementation until it reports no findings.
"""


class CheckFinding(TypedDict):
    file: str
    line: int
    cell: int | None
    rule: str
    severity: str
    message: str


class CheckSummary(TypedDict):
    files: int
    errors: int
    warnings: int


class CheckReport(TypedDict):
    """`Report.to_dict()`: schema paper2code.check/1, as `paper2code check --json` prints."""

    schema: str
    ok: bool
    strict: bool
    summary: CheckSummary
    coverage: dict[str, dict[str, Any]]
    findings: list[CheckFinding]


P = ParamSpec("P")

# What the agent sees of the arguments every tool shares (the tools' input schemas).
PaperArg = Annotated[
    str,
    Field(
        description="The paper as on the command line: arXiv ID (1706.03762) or URL, LaTeX "
        "folder, .tex file, e-print archive, PDF, or a `paper2code parse --json` file."
    ),
]
AnchorArg = Annotated[
    str, Field(description="As the paper prints it: §3.2, Eq. 4, Table 2, Figure 1, Algorithm 1.")
]


def _user_errors(tool: Callable[P, CallToolResult]) -> Callable[P, CallToolResult]:
    """A failure the user can fix becomes a tool error whose text is the CLI's one-line message,
    as is (a raised `ToolError` would get the SDK's "Error executing tool" prefix). Anything else
    is a bug: the SDK's generic error, with the traceback in the server's log on stderr."""

    @functools.wraps(tool)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> CallToolResult:
        try:
            return tool(*args, **kwargs)
        except Paper2CodeError as e:
            return CallToolResult(content=[TextContent(type="text", text=str(e))], is_error=True)

    return wrapper


def _result(data: dict[str, Any], text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def build_server(*, offline: bool = False) -> MCPServer:
    """The server with its tools; `offline` never touches the network (cache only)."""
    server = MCPServer(
        name="paper2code", title="paper2code", version=__version__, instructions=INSTRUCTIONS
    )
    papers: dict[str, Paper] = {}
    # The SDK runs each (synchronous) tool call in a worker thread: two calls naming the same
    # paper at once must not both read it.
    reading = threading.Lock()

    def paper_of(spec: str) -> Paper:
        with reading:
            if spec not in papers:
                papers[spec] = api.load_paper(spec, offline=offline)
            return papers[spec]

    @server.tool()
    @_user_errors
    def outline(paper: PaperArg) -> Annotated[CallToolResult, api.Outline]:
        """The paper's title and numbered sections, each with the equations, tables, figures
        and algorithms it holds, as anchors to look up. Call this first."""
        got = api.outline(paper_of(paper))
        text = (
            f"{got.title or '(untitled)'}: {_plural(len(got.sections), 'section')}, "
            f"{_plural(got.counts['equations'], 'equation')}, "
            f"{_plural(got.counts['tables'], 'table')}"
        )
        return _result(api.as_data(got), text)

    @server.tool()
    @_user_errors
    def lookup(paper: PaperArg, anchor: AnchorArg) -> Annotated[CallToolResult, api.AnchorInfo]:
        """What an anchor names, as the paper prints it: `§3.2` (the section's text), `Eq. 4`
        (its LaTeX), `Table 2` (caption and cells), `Figure 1`, `Algorithm 1` (its lines);
        `§3.2, Eq. 4` also checks that Eq. 4 is in §3.2. With the source file and line."""
        got = api.lookup(paper_of(paper), anchor)
        body = got.latex if got.latex is not None else got.text
        return _result(api.as_data(got), f"{got.anchor} ({got.file}:{got.line}): {body}")

    @server.tool()
    @_user_errors
    def check_quote(
        paper: PaperArg, quote: str, within: AnchorArg | None = None
    ) -> Annotated[CallToolResult, api.QuoteMatch]:
        """Whether the paper contains `quote` (tolerant of whitespace, LaTeX markup and unicode
        math, never of a different value), optionally within one anchor (`§3.2`); where it is;
        when it is nowhere, the closest sentence so you can quote the paper's own words."""
        got = api.find_quote(paper_of(paper), quote, within)
        where = ", ".join(p.anchor for p in got.places)
        if got.found:
            text = f"found in {where}"
        elif got.places:
            text = f"not in {within}; found in {where}"
        elif got.closest is not None:
            c = got.closest
            text = f"not found; closest ({c.similarity:.2f}) in {c.anchor}: {c.text}"
        else:
            text = "not found"
        return _result(api.as_data(got), text)

    @server.tool()
    @_user_errors
    def audit(
        paper: PaperArg, section: AnchorArg | None = None
    ) -> Annotated[CallToolResult, Analysis]:
        """Every value the paper states (name, value, verbatim quote, anchor) and every
        implementation choice classified SPECIFIED / PARTIALLY_SPECIFIED / UNSPECIFIED with the
        default to use and its alternatives; `section` (`§5.3`) keeps what that section says."""
        got = api.audit(paper_of(paper), section)
        specified = sum(a.status == Status.SPECIFIED for a in got.audit)
        text = (
            f"{_plural(len(got.hyperparameters), 'stated value')}; "
            f"{_plural(len(got.audit), 'choice')}: {specified} specified, "
            f"{len(got.audit) - specified} partially or not specified; "
            f"{_plural(len(got.conflicts), 'conflict')}"
        )
        return _result(api.as_data(got), text)

    @server.tool()
    @_user_errors
    def check(
        paper: PaperArg,
        directory: str | None = None,
        file_name: str | None = None,
        file_text: str | None = None,
        strict: bool = True,
    ) -> Annotated[CallToolResult, CheckReport]:
        """The checker on an implementation: every citation (§3.2, Eq. 4), quote and cited
        value must hold in the paper; each finding has file, line, rule and message. Give a
        `directory`, or one file's text as `file_text` with its `file_name` (`model.py`).
        `strict` (default) counts warnings (uncited values, flags without reasons) as errors."""
        if (directory is None) == (file_text is None):
            raise InputError("give either directory or file_text (with file_name)")
        target: Any = directory
        if file_text is not None:
            target = {file_name or "implementation.py": file_text}
        report = api.check(target, paper_of(paper), strict=strict)
        lines = [f"{f.where}: {f.rule} {f.message}" for f in report.findings[:20]]
        head = "clean" if report.ok else f"{_plural(len(report.findings), 'finding')}"
        return _result(report.to_dict(), "\n".join([head, *lines]))

    @server.tool()
    @_user_errors
    def run(
        paper: PaperArg,
        out_dir: str,
        mode: Literal["minimal", "full", "educational"] = "minimal",
        force: bool = False,
        execute: bool = True,
    ) -> Annotated[CallToolResult, api.RunSummary]:
        """The built-in engine (offline, PyTorch, transformer and diffusion families; anything
        else becomes a skeleton) writes an implementation to out_dir/<title_slug>/, runs its
        smoke check and notebook (unless `execute` is false) and verifies it. `mode`: minimal,
        full or educational; `force` replaces an existing directory."""
        request = api.RunRequest(
            paper,
            out_dir=Path(out_dir),
            mode=mode,
            force=force,
            execute=execute,
            offline=offline,
            paper=paper_of(paper),
        )
        report = api.run(request)
        got = api.summarize(report)
        verdict = "passed" if got.ok else "did not pass its own checks"
        text = (
            f"wrote {got.directory} ({len(got.files)} files, "
            f"{_plural(len(got.skeletons), 'skeleton')}): {verdict}"
        )
        return _result(api.as_data(got), text)

    @server.tool()
    @_user_errors
    def equations(directory: str) -> Annotated[CallToolResult, api.EquationsIndex]:
        """The compiled equations index of an implementation directory
        (`.paper2code/equations.json`), or a clear statement that it has none."""
        got = api.equations_index(directory)
        return _result(api.as_data(got), got.message)

    return server


def serve(*, offline: bool = False) -> None:
    """Serve over stdio until the client closes the stream."""
    build_server(offline=offline).run("stdio")

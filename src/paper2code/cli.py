"""The command line: the only module that reads argv or prints.

`paper2code PAPER` is short for `paper2code run PAPER`. Every failure a user can cause ends in a
one-line message and the exit code documented in `paper2code.errors`; never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem
from rich.console import Console
from rich.markup import escape as markup_escape

from paper2code import __version__, escape
from paper2code.engines import ENGINES
from paper2code.errors import Paper2CodeError
from paper2code.redact import redact

# emoji=False: `src/model.py:100:` is a place, not the 💯 emoji code
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


class DefaultGroup(click.Group):
    """A group whose first argument, when it is neither a command nor one of the group's own
    options (--help, --version), goes to `run`: `paper2code --mode full PAPER` is
    `paper2code run --mode full PAPER`."""

    default_command = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        own = {name for param in self.get_params(ctx) for name in param.opts + param.secondary_opts}
        if args and args[0] not in self.commands and args[0] not in own:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """The first word may also be one of run's options (`paper2code --mo` -> --mode)."""
        found = super().shell_complete(ctx, incomplete)
        if incomplete.startswith("-"):
            found += self.commands[self.default_command].shell_complete(ctx, incomplete)
        return found


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paper2code")
def cli() -> None:
    """Turn a machine-learning paper into a runnable, citation-anchored implementation.

    PAPER is an arXiv ID (1706.03762, hep-th/9901001v2), an arXiv URL, or a local LaTeX
    folder, .tex file, e-print .tar.gz, or .pdf. `paper2code PAPER` is `paper2code run PAPER`.

    \b
    Examples:
      paper2code 1706.03762                      write attention_is_all_you_need/
      paper2code ./paper/ --mode educational     from local LaTeX sources
      paper2code parse paper.tex                 show what the parser read
      paper2code check ./impl --paper 1706.03762 verify citations of any implementation
    """


def _plain(text: str) -> str:
    """Paper text or a run's output in a line printed with markup: one line, no control
    characters (terminal escapes), its `[` shown, never read as a rich tag."""
    return markup_escape(escape.one_line(text))


def show(console: Console, template: str, *values: object, **options: Any) -> None:
    """Print `template`, our own Rich markup, with each value in its `{}` escaped: a message,
    title or path that holds brackets (`pip install 'paper2code[llm]'`) prints as written
    instead of being read as markup. Every print that mixes markup with text from outside
    goes through here; text from outside printed alone goes with `markup=False`."""
    console.print(template.format(*(_plain(str(v)) for v in values)), **options)


def progress(message: str) -> None:
    """Progress lines for slow steps (downloads, unpacking): stderr, dimmed, never markup."""
    err.print(redact(message), style="dim", markup=False)


def cache_options(command: Callable[..., None]) -> Callable[..., None]:
    """`--offline` and `--refresh` for any command that takes a PAPER (passed as keywords)."""
    command = click.option(
        "--refresh",
        is_flag=True,
        help="Ignore the download cache: fetch the paper (and its newest version) again; "
        "with `run --engine llm`, ask the model again too instead of replaying cached answers.",
    )(command)
    return click.option(
        "--offline",
        is_flag=True,
        help="Never touch the network: use the download cache only (exit 7 if missing).",
    )(command)


@cli.command("parse")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Paper model as JSON.")
@cache_options
def parse_cmd(paper: str, as_json: bool, offline: bool, refresh: bool) -> None:
    """Show what paper2code read from PAPER: numbered sections, equations, tables, figures.

    PAPER is an arXiv ID or URL (downloaded and cached) or a local LaTeX folder, .tex file,
    e-print archive or PDF.
    """
    from paper2code.pipeline import open_paper

    model = open_paper(paper, offline=offline, refresh=refresh, progress=progress)
    _print_reading(model)
    if as_json:
        out.print_json(json.dumps(model.to_dict()))
        return
    from paper2code.paper.outline import outline

    out.print(outline(model), markup=False)


def _print_reading(paper) -> None:
    """On stderr: which file was read as the paper and why, when a folder offered a choice,
    and what the reader skipped or refused."""
    choice = paper.main_file
    if choice is not None and len(choice.candidates) > 1:
        err.print(f"main file: {choice.file} (of {len(choice.candidates)})", markup=False)
        for reason in choice.reasons:
            err.print(f"  {reason}", markup=False, highlight=False)
    for warning in paper.warnings:
        err.print(f"warning: {warning}", markup=False, highlight=False)


@cli.command("fetch")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True, help="Print metadata and file paths as JSON.")
@cache_options
def fetch_cmd(paper: str, as_json: bool, offline: bool, refresh: bool) -> None:
    """Download PAPER (or find it in the cache) and show its arXiv metadata and local files.

    \b
    PAPER forms:
      1706.03762  2106.09685v2  arXiv:1706.03762  hep-th/9901001v2
      https://arxiv.org/abs/1706.03762  arxiv.org/pdf/2006.11239
      ./paper/  paper.tex  source.tar.gz  paper.pdf   (local; nothing is downloaded)

    \b
    Examples:
      paper2code fetch 1706.03762              download once, then served from the cache
      paper2code fetch 1706.03762 --offline    cache only; exit 7 if not downloaded yet
      paper2code fetch 1706.03762 --refresh    download again (picks up a newer version)
    """
    from paper2code.acquire import acquire

    got = acquire(paper, offline=offline, refresh=refresh, progress=progress)
    meta = got.metadata
    if as_json:
        data = {
            "kind": got.kind,
            "path": str(got.path),
            "pdf_path": str(got.pdf_path) if got.pdf_path else None,
            "from_cache": got.from_cache,
            "metadata": meta.to_dict() if meta else None,
        }
        out.print_json(json.dumps(data))
        return
    if meta is None:
        out.print(f"local {got.kind} input (no arXiv metadata)", markup=False)
    else:
        dates = f"published {meta.published[:10]}, updated {meta.updated[:10]}"
        lines = [
            meta.title,
            f"arXiv {meta.versioned_id} | {', '.join(meta.categories)} | {dates}",
            f"authors: {', '.join(meta.authors)}",
            "official code: " + (", ".join(meta.official_code) or "none found"),
        ]
        if meta.withdrawn:
            lines.append(f"status: WITHDRAWN ({meta.comment})")
        elif meta.comment:
            lines.append(f"comment: {meta.comment}")
        if meta.journal_ref:
            lines.append(f"journal: {meta.journal_ref}")
        out.print("\n".join(lines), markup=False)
    what = "LaTeX sources" if got.kind == "latex" else "PDF"
    out.print(f"{what}: {got.path}" + (" (cached)" if got.from_cache else ""), markup=False)
    if got.pdf_path and got.pdf_path != got.path:
        out.print(f"PDF: {got.pdf_path}", markup=False)


@cli.command("check")
@click.argument("directory", type=click.Path())
@click.option(
    "--paper",
    "paper_spec",
    required=True,
    help="The paper the implementation claims to follow: any PAPER form (arXiv ID or URL, "
    "LaTeX folder or .tex, archive, PDF), or a Paper JSON written by `paper2code parse --json`.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (for CI/tools).")
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (uncited values, flags without reasons) as errors.",
)
@click.option(
    "--no-run",
    is_flag=True,
    help="Do not run the functions .paper2code/equations.json lists (their anchors and "
    "LaTeX are still checked).",
)
@cache_options
def check_cmd(
    directory: str,
    paper_spec: str,
    as_json: bool,
    strict: bool,
    no_run: bool,
    offline: bool,
    refresh: bool,
) -> None:
    """Verify that an implementation's citations hold in the paper.

    Reads every .py, .yaml/.yml, .md and .ipynb under DIRECTORY and reports, with file and
    line: malformed tags, anchors the paper does not have, quotes it does not contain, cited
    values it does not state, and hyperparameter-like values that cite nothing (see the
    README for the tag grammar and the rule codes). When DIRECTORY carries a compiled
    equations index (.paper2code/equations.json), each function it lists is run in a box on
    random inputs and compared with the paper's equation, computed by paper2code itself.
    Works on any implementation, generated or hand-written.

    \b
    Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 2 bad input.

    \b
    Examples:
      paper2code check ./my_impl --paper 1706.03762
      paper2code check ./my_impl --paper ./paper/ --strict --json > report.json
    """
    from paper2code import api
    from paper2code.verify.terminal_report import render_report

    paper = api.load_paper(paper_spec, offline=offline, refresh=refresh, progress=progress)
    with err.status(f"checking {markup_escape(directory)}"):
        report = api.check(Path(directory), paper, strict=strict, run=not no_run)
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        render_report(report, out)
    if not report.ok:
        from paper2code.errors import VerificationFailed

        raise VerificationFailed(f"{directory} does not verify against the paper")


@cli.command("audit")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Analysis as JSON instead.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@cache_options
def audit_cmd(paper: str, as_json: bool, output: str | None, offline: bool, refresh: bool) -> None:
    """Audit PAPER: every value it states and every implementation choice it leaves open.

    Prints REPRODUCTION_NOTES.md: what the paper specifies (with verbatim quotes and anchors
    such as §5.3 or Table 3), what it only partially specifies (and the decision taken), what it
    leaves unspecified (and the default used), and any contradictions between places.

    \b
    PAPER is an arXiv ID or URL (downloaded and cached) or a local LaTeX folder, .tex file,
    e-print archive or PDF.

    \b
    Examples:
      paper2code audit 1706.03762                         notes to the terminal
      paper2code audit paper/ -o REPRODUCTION_NOTES.md    notes to a file
      paper2code audit paper/main.tex --json              findings and audit as JSON
    """
    from paper2code import api
    from paper2code.render.notes import render_reproduction_notes
    from paper2code.render.write import check_output_file, write_file

    if output is not None:  # before the paper is read: a bad -o costs nothing
        check_output_file(Path(output))
    model = api.load_paper(paper, offline=offline, refresh=refresh, progress=progress)
    progress(f"analysing {model.meta.title or paper}")
    analysis = api.audit(model)
    if as_json:
        text = json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_reproduction_notes(model, analysis)
    if output is None:
        out.print(text, markup=False, end="")
        return
    write_file(Path(output), text)
    progress(f"wrote {output}")


@cli.command("run")
@click.argument("paper")
@click.option(
    "--framework",
    type=click.Choice(["pytorch", "jax", "tensorflow", "numpy"]),
    default="pytorch",
    show_default=True,
    help="Framework of the generated code (the built-in engine writes all four; NumPy is "
    "forward passes and the loss, for study).",
)
@click.option(
    "--mode",
    type=click.Choice(["minimal", "full", "educational"]),
    default="minimal",
    show_default=True,
    help="minimal: architecture + loss; full: plus training loop, data skeleton, evaluation; "
    "educational: minimal plus explanatory comments, a longer notebook and PAPER_GUIDE.md.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="builtin",
    show_default=True,
    help="builtin: offline reference library, no API key. llm: a language model writes the "
    "code for any paper, grounded in the parsed paper and repaired until it passes the "
    "checker (needs --model; see README for OpenAI, Anthropic and local servers).",
)
@click.option(
    "--model",
    envvar="PAPER2CODE_MODEL",
    help="Model for --engine llm: gpt-4o, claude-sonnet-4-5, or a local server's model name "
    "(qwen2.5-coder:14b). Env: PAPER2CODE_MODEL. claude-* models use the Anthropic API "
    "unless PAPER2CODE_PROVIDER=openai.",
)
@click.option(
    "--base-url",
    help="OpenAI- or Anthropic-compatible server for --engine llm, e.g. "
    "http://localhost:11434/v1 for Ollama. Env: OPENAI_BASE_URL / ANTHROPIC_BASE_URL. "
    "API keys are read from OPENAI_API_KEY / ANTHROPIC_API_KEY; a local server needs none.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Parent directory; the implementation goes to OUT/<title_slug>/. Default: here.",
)
@click.option("--force", is_flag=True, help="Replace an existing output directory.")
@click.option(
    "--no-run",
    is_flag=True,
    help="Do not execute the generated smoke check and notebook (the verifier still runs).",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Say more about what the LLM engine does: the structured-output mode the server "
    "accepts (json_schema, json_object, or the schema in the prompt), context-window limits.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the summary as one JSON object (directory, files, flags, implemented and "
    "skeleton parts, smoke, notebook, verify, usage) instead of text.",
)
@cache_options
def run_cmd(
    paper: str,
    framework: str,
    mode: str,
    engine: str,
    model: str | None,
    base_url: str | None,
    out_dir: Path,
    force: bool,
    no_run: bool,
    verbose: bool,
    as_json: bool,
    offline: bool,
    refresh: bool,
) -> None:
    """Write a runnable, citation-anchored implementation of PAPER.

    \b
    Stages: parse, analyse, generate, smoke, notebook, verify (repair), write.
    The output directory holds README.md, REPRODUCTION_NOTES.md, requirements.txt, src/,
    configs/base.yaml and notebooks/walkthrough.ipynb. Exit code 1 when the smoke check,
    the notebook or the verifier fails on the written directory; 10 when all passed but the
    output is a skeleton (the paper's contribution raises NotImplementedError).

    \b
    Examples:
      paper2code examples/tiny_transformer            write ./tiny_transformer/
      paper2code 2006.11239 --mode full --out impl/   DDPM with training loop and data skeleton
      paper2code paper/ --mode educational --force    replace an earlier output
      paper2code paper.tex --no-run                   write and verify, do not execute
      paper2code 1706.03762 --engine llm --model gpt-4o   any paper, written by a model
    """
    from paper2code import api
    from paper2code.errors import VerificationFailed

    labels = {
        "parse": "reading the paper",
        "analyse": "analysing hyperparameters and ambiguities",
        "generate": f"generating with the {engine} engine",
        "write": "writing the output directory",
        "smoke": "running the smoke check",
        "notebook": "executing the walkthrough notebook",
        "verify": "verifying citations",
        "repair": f"asking the {engine} engine to repair what failed",
        "mark": "marking each line that did not verify [UNVERIFIED]",
    }
    with err.status("starting") as status:

        def stage(name: str) -> None:
            status.update(markup_escape(labels.get(name, name)))
            show(err, "[dim]·[/] {}", labels.get(name, name))

        request = api.RunRequest(
            paper,
            out_dir=out_dir,
            framework=framework,
            mode=mode,
            engine=engine,
            model=model,
            base_url=base_url,
            force=force,
            execute=not no_run,
            offline=offline,
            refresh=refresh,
        )
        report = api.run(
            request, api.RunProgress(stage, note=progress, detail=progress if verbose else None)
        )
    if as_json:
        out.print_json(json.dumps(api.as_data(api.summarize(report))))
    else:
        _print_report(report)
    if report.status == "failed":
        raise VerificationFailed(
            f"the output in {report.directory} did not pass its own checks (see above)"
        )
    if report.status == "skeleton":
        from paper2code.errors import SkeletonOnly

        raise SkeletonOnly(
            f"{report.directory} is a skeleton: the paper's contribution is not implemented",
            hint="fill in the skeleton from the equations its docstring quotes, "
            "or try --engine llm",
        )


def _print_report(report) -> None:
    project = report.project
    if report.skeletons:  # said first: a skeleton must not read as a working implementation
        show(
            out,
            "[bold]{}[/] — [bold yellow]SKELETON[/]: the contribution is not implemented",
            project.title,
        )
    else:
        show(out, "[bold]{}[/]", project.title)
    out.print(f"  directory  {report.directory}", markup=False)
    out.print(f"  mode       {project.options.mode}, framework {project.options.framework}")
    out.print(f"  files      {len(report.files)}: {', '.join(report.files)}", markup=False)
    tags = ", ".join(f"{n} [{t}]" for t, n in report.tags.items() if n)
    out.print(f"  flags      {tags or 'none'}", markup=False)
    done = [c.name for c in project.components if c.implemented]
    todo = [c for c in project.components if not c.implemented]
    out.print(f"  implements {len(done)} parts: {', '.join(done) or 'nothing'}", markup=False)
    for c in todo:
        show(out, "  [yellow]skeleton[/]   {} ({}) — raises NotImplementedError", c.name, c.anchor)
    for name, result in (("smoke", report.smoke), ("notebook", report.notebook)):
        if result is None:
            continue
        mark = "[green]passed[/]" if result.ok else "[red]FAILED[/]"
        if result.ok and report.skeletons:
            mark = "[yellow]ran[/] (skeleton: the contribution is not implemented)"
        if result.skipped:
            mark = "[yellow]skipped[/]"
        elif result.refused:
            mark = "[red]REFUSED[/]"
        show(out, f"  {name:<10} {mark}  {{}}", result.headline, highlight=False)
        if not result.ok:
            err.print(result.output, markup=False)
    if report.smoke is None:
        out.print("  smoke      not run (--no-run)")
    cited = ", ".join(f"{n} {c}/{t}" for n, (c, t) in report.coverage.items() if t)
    if cited:
        out.print(f"  coverage   {cited} cited")
    for note in project.fallbacks:
        show(out, "  [red]fallback[/]   {}", note, highlight=False)
    if report.verified:
        out.print("  verify     [green]passed[/]")
    else:
        _print_findings(report.findings)
    if project.usage is not None and project.usage.engine != "builtin":
        _print_usage(project.usage)


def _print_findings(findings) -> None:
    """The checker's errors, file by file on stdout (the summary); each one on stderr."""
    from paper2code.verify import RULES

    files = Counter(f.file for f in findings)
    out.print(f"  verify     [red]{len(findings)} error(s)[/] in {len(files)} file(s)")
    for name, count in sorted(files.items()):
        rules = Counter(f.rule for f in findings if f.file == name)
        shown = ", ".join(f"{RULES[r].name} ×{n}" for r, n in sorted(rules.items()))
        out.print(f"    {name}: {count} — {shown}", markup=False, highlight=False)
    for f in findings:
        err.print(f"    {f.where}: {f.rule} {f.message}", markup=False, highlight=False)


def _print_usage(usage) -> None:
    """Requests, tokens, time and cost per stage: what `.paper2code/run.json` records."""
    out.print(f"  model      {usage.model} ({usage.provider})", markup=False)
    if usage.limits:
        bounds = usage.limits
        out.print(
            f"  limits     {bounds['request_timeout_s']:g} s per request, "
            f"{bounds['deadline_s']:g} s for all requests of the run",
            highlight=False,
        )
    for s in [*usage.stages, usage.total()]:
        cost = "cost unknown" if s.cost_usd is None else f"${s.cost_usd:.4f}"
        cached = f", {s.cached} cached" if s.cached else ""
        out.print(
            f"    {s.stage:<13}{s.requests:>3} request(s){cached}, {s.tokens_in} in / "
            f"{s.tokens_out} out tokens, {s.seconds:.1f} s, {cost}",
            highlight=False,
        )


@cli.command("mcp")
@click.option(
    "--offline",
    is_flag=True,
    help="Never touch the network: papers from the download cache or local files only.",
)
def mcp_cmd(offline: bool) -> None:
    """Serve paper2code to coding agents: an MCP server over stdio.

    Tools: outline, lookup (an anchor's text or LaTeX), check_quote, audit, check, run,
    equations. Needs `pip install 'paper2code[mcp]'`.

    \b
    Register it:
      claude mcp add paper2code -- paper2code mcp        Claude Code
      {"mcpServers": {"paper2code": {"command": "paper2code", "args": ["mcp"]}}}
    """
    from paper2code.mcp_server import serve

    serve(offline=offline)


@cli.group("skill")
def skill_group() -> None:
    """The paper2code skill for coding agents (Claude Code, Agent Skills format)."""


@skill_group.command("install")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write SKILL.md into. Default: .claude/skills/paper2code (this project; "
    "~/.claude/skills/paper2code for every project).",
)
def skill_install_cmd(directory: Path | None) -> None:
    """Write SKILL.md: how an agent implements a paper with paper2code as its ground truth."""
    from paper2code.skill import DEFAULT_DIR, install_skill

    path = install_skill(directory or DEFAULT_DIR)
    out.print(f"wrote {path}", markup=False)


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="paper2code", standalone_mode=False)
    except Paper2CodeError as e:
        show(err, "[bold red]error:[/] {}", e)
        return e.exit_code
    except click.exceptions.Abort:
        err.print("aborted")
        return 130
    except click.ClickException as e:
        e.show()
        return 2
    except click.exceptions.Exit as e:
        return e.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())

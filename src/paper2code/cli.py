"""The command line: the only module that reads argv or prints.

`paper2code PAPER` is short for `paper2code run PAPER`. Every failure a user can cause ends in a
one-line message and the exit code documented in `paper2code.errors`; never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from paper2code import __version__
from paper2code.errors import Paper2CodeError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a command, goes to `run`."""

    default_command = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


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


@cli.command("parse")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Paper model as JSON.")
def parse_cmd(paper: str, as_json: bool) -> None:
    """Show what paper2code read from PAPER: numbered sections, equations, tables, figures."""
    from paper2code.paper import load_paper

    model = load_paper(Path(paper))
    if as_json:
        out.print_json(json.dumps(model.to_dict()))
        return
    from paper2code.paper.outline import outline

    out.print(outline(model), markup=False)


@cli.command("run")
@click.argument("paper")
@click.option(
    "--framework",
    type=click.Choice(["pytorch", "jax", "tensorflow", "numpy"]),
    default="pytorch",
    show_default=True,
    help="Framework of the generated code. The built-in engine writes PyTorch.",
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
    type=click.Choice(["builtin"]),
    default="builtin",
    show_default=True,
    help="builtin: offline reference library, no API key.",
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
def run_cmd(
    paper: str, framework: str, mode: str, engine: str, out_dir: Path, force: bool, no_run: bool
) -> None:
    """Write a runnable, citation-anchored implementation of PAPER.

    \b
    Stages: parse, analyse, generate, write, smoke, notebook, verify.
    The output directory holds README.md, REPRODUCTION_NOTES.md, requirements.txt, src/,
    configs/base.yaml and notebooks/walkthrough.ipynb. Exit code 1 when the smoke check,
    the notebook or the verifier fails on the written directory.
    """
    from paper2code.engines.base import Framework, Mode, Options
    from paper2code.errors import VerificationFailed
    from paper2code.pipeline import run

    options = Options(framework=Framework(framework), mode=Mode(mode))
    labels = {
        "parse": "reading the paper",
        "analyse": "analysing hyperparameters and ambiguities",
        "generate": f"generating with the {engine} engine",
        "write": "writing the output directory",
        "smoke": "running the smoke check",
        "notebook": "executing the walkthrough notebook",
        "verify": "verifying citations",
    }
    with err.status("starting") as status:

        def progress(stage: str) -> None:
            status.update(labels.get(stage, stage))
            err.print(f"[dim]·[/] {stage}")

        report = run(
            paper,
            options=options,
            engine=engine,
            out_dir=out_dir,
            force=force,
            execute=not no_run,
            progress=progress,
        )
    _print_report(report)
    if not report.ok:
        raise VerificationFailed(
            f"the output in {report.directory} did not pass its own checks (see above)"
        )


def _print_report(report) -> None:
    project = report.project
    out.print(f"[bold]{project.title}[/]")
    out.print(f"  directory  {report.directory}")
    out.print(f"  mode       {project.options.mode}, framework {project.options.framework}")
    out.print(f"  files      {len(report.files)}: {', '.join(report.files)}")
    tags = ", ".join(f"{n} [{t}]" for t, n in report.tags.items() if n)
    out.print(f"  flags      {tags or 'none'}", markup=False)
    done = [c.name for c in project.components if c.implemented]
    todo = [c for c in project.components if not c.implemented]
    out.print(f"  implemented {len(done)}: {', '.join(done) or 'nothing'}")
    for c in todo:
        out.print(f"  [yellow]skeleton[/]   {c.name} ({c.anchor}) — raises NotImplementedError")
    for result in (report.smoke, report.notebook):
        if result is None:
            continue
        mark = "[green]passed[/]" if result.ok else "[red]FAILED[/]"
        out.print(f"  {result.what:<10} {mark}  {result.last_line}", highlight=False)
        if not result.ok:
            err.print(result.output, markup=False)
    if report.smoke is None:
        out.print("  smoke      not run (--no-run)")
    if report.verified is None:
        out.print("  verify     skipped: no verifier installed")
    elif report.verified:
        out.print("  verify     [green]passed[/]")
    else:
        out.print(f"  verify     [red]{len(report.problems)} error(s)[/]")
        for problem in report.problems:
            err.print(f"    {problem}", markup=False)


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="paper2code", standalone_mode=False)
    except Paper2CodeError as e:
        err.print(f"[bold red]error:[/] {e}")
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

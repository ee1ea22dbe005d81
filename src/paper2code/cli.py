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


@cli.command("audit")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True, help="Print the whole Analysis as JSON instead.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
def audit_cmd(paper: str, as_json: bool, output: Path | None) -> None:
    """Audit PAPER: every value it states and every implementation choice it leaves open.

    Prints REPRODUCTION_NOTES.md: what the paper specifies (with verbatim quotes and anchors
    such as §5.3 or Table 3), what it only partially specifies (and the decision taken), what it
    leaves unspecified (and the default used), and any contradictions between places.

    \b
    Examples:
      paper2code audit paper/main.tex                     notes to the terminal
      paper2code audit paper/ -o REPRODUCTION_NOTES.md    notes to a file
      paper2code audit paper/ --json                      findings and audit as JSON
    """
    from paper2code.analyse import analyse
    from paper2code.paper import load_paper
    from paper2code.render.notes import render_reproduction_notes

    model = load_paper(Path(paper))
    err.print(f"analysing {model.meta.title or paper}", markup=False)
    analysis = analyse(model)
    if as_json:
        text = json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_reproduction_notes(model, analysis)
    if output is None:
        out.print(text, markup=False, end="")
        return
    output.write_text(text, encoding="utf-8")
    err.print(f"wrote {output}", markup=False)


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

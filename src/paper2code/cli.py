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


@cli.command("check")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--paper",
    "paper_path",
    required=True,
    help="The paper the implementation claims to follow: a LaTeX folder or .tex file, "
    "or a Paper JSON written by `paper2code parse --json`.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (for CI/tools).")
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (uncited values, flags without reasons) as errors.",
)
def check_cmd(directory: Path, paper_path: str, as_json: bool, strict: bool) -> None:
    """Verify that an implementation's citations hold in the paper.

    Reads every .py, .yaml/.yml, .md and .ipynb under DIRECTORY and reports, with file and
    line: malformed tags, anchors the paper does not have, quotes it does not contain, cited
    values it does not state, and hyperparameter-like values that cite nothing (see the
    README for the tag grammar and the rule codes). Works on any implementation, generated
    or hand-written.

    \b
    Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 2 bad input.
    \b
    Examples:
      paper2code check ./my_impl --paper ./paper/
      paper2code check ./my_impl --paper paper.tex --strict --json > report.json
    """
    from paper2code.verify import check_directory
    from paper2code.verify.render import render_report

    with err.status(f"reading {paper_path}"):
        paper = _load_paper_for_check(Path(paper_path))
    with err.status(f"checking {directory}"):
        report = check_directory(directory, paper, strict=strict)
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        render_report(report, out)
    if not report.ok:
        from paper2code.errors import VerificationFailed

        raise VerificationFailed(f"{directory} does not verify against the paper")


def _load_paper_for_check(path: Path):
    from paper2code.errors import InputError
    from paper2code.paper import load_paper
    from paper2code.paper.model import Paper

    if not path.exists():
        raise InputError(f"no such paper: {path}")
    if path.suffix.lower() == ".json":
        try:
            return Paper.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise InputError(f"cannot read paper JSON {path}: {e}") from e
    return load_paper(path)


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

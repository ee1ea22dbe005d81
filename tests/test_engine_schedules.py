"""Every learning-rate schedule the analysis can name goes through the built-in engine: stated
once, stated twice differently (a contradiction, which once ended a held-out paper's run in
`KeyError: 'constant'`), or settled by the audit. The config names a schedule the training loop
has code for, the output passes the strict checker, and the training loop runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from engine_support import FIXTURES, config, decoder_lm, finding

from paper2code.analyse.model import AuditItem, Conflict, Status
from paper2code.engines.base import Mode, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.builtin.library.transformer import SCHEDULES
from paper2code.knowledge import load_knowledge
from paper2code.paper import load_paper
from paper2code.render.write import write_project
from paper2code.verify import check_directory

ANCHOR = "§2"


def schedule_words() -> list[str]:
    """What the analysis may say: the vocabulary's categories, and the audit choice's default,
    alternatives and the values its patterns settle it to."""
    kb = load_knowledge()
    choice = kb.choice("lr_schedule")
    words = {*kb.hyperparameter("lr_schedule").values, str(choice.default), *choice.alternatives}
    words |= {str(p.value) for p in choice.specified if p.value is not None}
    return sorted(words)


def saying(word: str, tmp_path: Path):
    """decoder_lm with its setup naming the schedule: the checker holds a cited quote to
    stating its value, so the quote of a finding must say the word."""
    tex = (FIXTURES / "decoder_lm" / "main.tex").read_text(encoding="utf-8")
    quote = f"The learning rate follows a {word.replace('_', ' ')} schedule."
    (tmp_path / "paper").mkdir()
    setup = "for 20000 steps."
    (tmp_path / "paper" / "main.tex").write_text(tex.replace(setup, f"{setup}\n{quote}"))
    return load_paper(tmp_path / "paper"), quote


def build(word: str, route: str, tmp_path: Path):
    _, analysis = decoder_lm()
    paper, quote = saying(word, tmp_path)
    said = finding(paper, "lr_schedule", word, quote, ANCHOR)
    if route == "stated":
        analysis.hyperparameters.append(said)
    elif route == "contradicted":
        other = finding(paper, "lr_schedule", "cosine", quote, ANCHOR)
        analysis.conflicts.append(Conflict("lr_schedule", [said, other], "two schedules"))
    else:
        analysis.audit.append(
            AuditItem(
                "lr_schedule", "lr_schedule", "Schedule", Status.SPECIFIED, word, quote, ANCHOR
            )
        )
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.FULL))
    return paper, write_project(project, paper, analysis, tmp_path)


def test_the_vocabulary_is_what_this_test_covers() -> None:
    words = schedule_words()
    assert {"constant", "cosine", "linear", "step", "inverse_sqrt"} <= set(words), words


@pytest.mark.parametrize("route", ["stated", "contradicted", "audited"])
@pytest.mark.parametrize("word", schedule_words())
def test_every_schedule_word_gives_a_schedule_with_code(word, route, tmp_path) -> None:
    paper, out = build(word, route, tmp_path)
    schedule = config(out)["training"]["lr_schedule"]
    assert schedule in SCHEDULES, schedule
    report = check_directory(out, paper, strict=True)
    assert report.ok, [f"{f.where} {f.rule} {f.message}" for f in report.findings]


def test_a_contradicted_constant_schedule_trains(tmp_path) -> None:
    _, out = build("constant", "contradicted", tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "src.train", "--smoke"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert config(out)["training"]["lr_schedule"] == "linear_warmup"  # warm-up, then constant

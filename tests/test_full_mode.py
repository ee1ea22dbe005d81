"""Full mode is a training entry point: the generated train.py trains on CPU with a log line per
step, writes a checkpoint, resumes from it onto the same trajectory as an uninterrupted run, and
evaluate.py reports on the trained checkpoint (and refuses to run without one). Real
subprocesses in the generated projects of the bundled example and of the DDPM fixture. And the
training defaults the code falls back on are the knowledge base's."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import torch
from corpus import ABSENT, CORPUS, corpus_paper
from engine_support import EXAMPLE, config, ddpm, decoder_lm
from warm_python import python

from paper2code.analyse import analyse
from paper2code.engines.base import Mode, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.builtin.library.tasks import synthetic_task
from paper2code.knowledge import load_knowledge
from paper2code.paper import load_paper
from paper2code.render.write import write_project

LOG_LINE = re.compile(r"^step (\d+)/(\d+) loss \d+\.\d{4} lr \d\.\de[+-]\d\d$", re.MULTILINE)


def run(directory: Path, *args: str) -> subprocess.CompletedProcess:
    """`python ARGS` in the generated project (warm_python: torch imported once)."""
    return python(*args, cwd=directory, timeout=600)


def ok(directory: Path, *args: str) -> str:
    proc = run(directory, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def train(directory: Path, checkpoints: str, steps: int, *more: str) -> list[str]:
    """The log lines of `python -m src.train` at smoke size on the CPU."""
    out = ok(
        directory,
        "-m",
        "src.train",
        "--smoke",
        "--device",
        "cpu",
        "--steps",
        str(steps),
        "--checkpoint-dir",
        checkpoints,
        *more,
    )
    return [m.group(0) for m in LOG_LINE.finditer(out)]


def checkpoint(directory: Path, checkpoints: str) -> dict:
    return torch.load(directory / checkpoints / "last.pt", weights_only=True)


def assert_resume_is_exact(directory: Path, steps: int) -> None:
    """`steps` steps in one run, and half of them + a resume: the same log and the same weights."""
    whole = train(directory, "whole", steps)
    assert [line.split(" loss")[0] for line in whole] == [
        f"step {s}/{steps}" for s in range(1, steps + 1)
    ]
    half = steps // 2
    first = train(directory, "split", half)
    second = train(directory, "split", steps, "--resume", "split/last.pt")
    assert [line.split(" loss")[0] for line in second][0] == f"step {half + 1}/{steps}"
    assert second == whole[half:]  # the resumed run continues the same loss trajectory
    # the same losses as the whole run's first half (only the "/steps" of the log differs)
    assert [line.split("/")[1].split(" ", 1)[1] for line in first] == [
        line.split("/")[1].split(" ", 1)[1] for line in whole[:half]
    ]
    a, b = checkpoint(directory, "whole"), checkpoint(directory, "split")
    assert a["step"] == b["step"] == steps
    for part in ("model", "optimizer"):
        assert sorted(a[part]) == sorted(b[part])
    for name, tensor in a["model"].items():
        assert torch.equal(tensor, b["model"][name]), name


def assert_evaluate_needs_a_checkpoint(directory: Path) -> None:
    proc = run(directory, "-m", "src.evaluate")
    assert proc.returncode == 2
    assert "no checkpoint: pass --checkpoint checkpoints/last.pt" in proc.stderr
    proc = run(directory, "-m", "src.evaluate", "--checkpoint", "missing/last.pt")
    assert proc.returncode != 0
    assert "no checkpoint at missing/last.pt" in proc.stderr


def test_example_trains_resumes_and_evaluates_its_checkpoint(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # --no-run: the full-mode smoke check and notebook are test_engine_e2e's; here, training
    ok(
        tmp_path,
        *("-m", "paper2code", "run", str(EXAMPLE), "--mode", "full", "--no-run", "--out", str(out)),
    )
    project = out / "tiny_transformer"
    # the paper states its data completely: data.py generates it, cited, not a stand-in
    data = (project / "src" / "data.py").read_text()
    assert '§3.1):\n\n    "We train on synthetic string reversal' in data
    assert "target = src.flip(1)" in data and "NotImplementedError" not in data
    assert config(project)["data"] == {"max_length": 32}
    batch = ok(
        project,
        "-c",
        "from src.data import make_loader; from src.utils import "
        "load_config; b = next(make_loader(load_config(), False)); "
        "print(b['src'].tolist()); print(b['tgt'].tolist())",
    )
    src, tgt = (eval(line) for line in batch.splitlines())  # noqa: S307 - lists we printed
    assert len(src) == config(project)["training"]["batch_size"]
    assert all(t == [0, *reversed(s)] for s, t in zip(src, tgt, strict=True))
    assert all(1 <= len(s) <= 32 and set(s) <= set(range(1, 11)) for s in src)

    assert_resume_is_exact(project, steps=4)
    report = ok(
        project,
        "-m",
        "src.evaluate",
        "--checkpoint",
        "whole/last.pt",
        "--device",
        "cpu",
        "--batches",
        "2",
    )
    assert "checkpoint whole/last.pt: step 4" in report
    metrics = eval(report.strip().splitlines()[-1])  # noqa: S307 - the dict evaluate.py printed
    assert set(metrics) == {"loss", "perplexity", "accuracy"} and 0 <= metrics["accuracy"] <= 1
    assert_evaluate_needs_a_checkpoint(project)
    # what training leaves behind does not break the citation check
    ok(tmp_path, "-m", "paper2code", "check", str(project), "--paper", str(EXAMPLE), "--strict")


def test_diffusion_trains_resumes_and_samples_from_its_checkpoint(tmp_path: Path) -> None:
    paper, analysis = ddpm()
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.FULL))
    out = write_project(project, paper, analysis, tmp_path)
    assert_resume_is_exact(out, steps=3)
    report = ok(
        out,
        "-m",
        "src.evaluate",
        "--checkpoint",
        "whole/last.pt",
        "--device",
        "cpu",
        "--num",
        "2",
        "--out",
        "samples.pt",
    )
    assert "checkpoint whole/last.pt: step 3 (EMA weights)" in report
    assert re.search(r"held-out loss \d+\.\d{4}", report)
    samples = torch.load(out / "samples.pt", weights_only=True)
    assert samples.shape == (2, 3, 8, 8) and torch.isfinite(samples).all()
    assert_evaluate_needs_a_checkpoint(out)


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
def test_a_corpus_diffusion_paper_trains_in_mixed_precision_with_its_optimizer(tmp_path) -> None:
    """GMFlow (corpus) in full mode: its stated 8-bit AdamW is trained as AdamW with the
    knowledge base's weight decay, `--amp` runs the forward pass in bfloat16 on the CPU (other
    losses than float32's), and a resumed run and evaluate.py read the checkpoint."""
    paper = corpus_paper("gmflow")
    analysis = analyse(paper)
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.FULL))
    out = write_project(project, paper, analysis, tmp_path)
    training = config(out)["training"]
    assert (training["optimizer"], training["weight_decay"]) == ("adamw", 0.0)
    fp32 = train(out, "fp32", 2)
    amp = train(out, "amp", 2, "--amp")
    assert len(amp) == 2 and amp != fp32  # the same steps, in another precision
    state = checkpoint(out, "amp")
    group = state["optimizer"]["param_groups"][0]
    assert (group["lr"], group["weight_decay"]) == (training["learning_rate"], 0.0)
    assert group["decoupled_weight_decay"]  # AdamW, not Adam
    assert train(out, "amp", 3, "--amp", "--resume", "amp/last.pt")[0].startswith("step 3/3")
    report = ok(out, "-m", "src.evaluate", "--checkpoint", "amp/last.pt", "--device", "cpu")
    assert "checkpoint amp/last.pt: step 3 (EMA weights)" in report


def test_a_synthetic_task_only_where_the_paper_states_one() -> None:
    task = synthetic_task(load_paper(EXAMPLE))
    assert task is not None and (task.name, task.max_length, task.anchor) == ("reverse", 32, "§3.1")
    assert task.quote.startswith("We train on synthetic string reversal: inputs are random")
    for fixture in (ddpm, decoder_lm):
        assert synthetic_task(fixture()[0]) is None


def test_without_a_stated_task_data_py_keeps_the_instructions(tmp_path: Path) -> None:
    paper, analysis = decoder_lm()
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.FULL))
    data = project.files["src/data.py"]
    assert "def load_paper_data(cfg: dict, split: str)" in data
    assert "raise NotImplementedError" in data and "task_batches" not in data
    assert all(e.path[0] != "data" for e in project.config)


def test_a_silent_paper_gets_the_knowledge_base_training_defaults() -> None:
    """decoder_lm's hand-written analysis has no audit: the config still takes the knowledge
    base's defaults (the ones the audit reports), not a second copy that disagrees."""
    paper, analysis = decoder_lm()
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.FULL))
    entries = {e.path: e for e in project.config}
    kb = load_knowledge()
    for key in ("adam_beta2", "adam_eps", "label_smoothing", "batch_size", "grad_clip"):
        entry = entries[("training", key)]
        assert entry.value == kb.choice(key).default, key
        assert kb.choice(key).why in entry.comment, key
    assert entries[("training", "grad_clip")].value == 1.0  # the library said 0.0 before

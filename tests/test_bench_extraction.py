"""The extraction benchmark runs and scores the fixture papers against their answer files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH / "extraction.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_fixture_scores():
    bench = load_bench()
    for name in ("transformer", "diffusion", "vague"):
        s = bench.score(BENCH / "answers" / f"{name}.yaml")
        assert s.precision == 1.0, (name, s.wrong)
        assert s.recall >= 0.9, (name, s.missed)
    diffusion = bench.score(BENCH / "answers" / "diffusion.yaml")
    assert [m["context"] for m in diffusion.missed] == ["other datasets"]


def test_report_prints_every_file(capsys):
    bench = load_bench()
    assert bench.main([str(BENCH / "answers" / "vague.yaml")]) == 0
    out = capsys.readouterr().out
    assert "tests/fixtures/analysis/vague.tex" in out and "overall" in out

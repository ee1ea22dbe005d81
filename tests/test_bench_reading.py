"""The reading benchmark's scoring: a key's title, sections and equations against a paper,
every miss and every extra named; equation numbers ordered as LaTeX prints them."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from paper2code.paper import Paper, load_paper

ROOT = Path(__file__).resolve().parents[1]
SMALL = r"""\documentclass{article}
\title{Counters as LaTeX Keeps Them}
\begin{document}
\section{Results}
\begin{align}
a &= b, \\
x &= y. \notag
\end{align}
\section{Proofs}
\begin{equation} u = v \end{equation}
\end{document}
"""


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_reading", ROOT / "bench" / "reading.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


bench = load_bench()


@pytest.fixture
def small(tmp_path: Path) -> Paper:
    (tmp_path / "paper.tex").write_text(SMALL, encoding="utf-8")
    return load_paper(tmp_path)


def test_a_right_key_scores_everything_exact(small):
    key = bench.Key(
        paper="counters",
        title="Counters as LaTeX Keeps Them",
        sections=[("1", "Results"), ("2", "Proofs")],
        equations=[("1", "a &= b"), ("2", "u=v")],
    )
    s = bench.score(key, small)
    assert s.title_exact and (s.sections, s.section_total) == (2, 2)
    assert (s.equations, s.equation_total) == (2, 2)
    assert s.wrong_sections == [] and s.wrong_equations == []


def test_a_key_equation_written_with_the_authors_macros_is_read_expanded(tmp_path):
    # the key copies `\ExpSub{\xi}{f}` from the source; the reader expands it, as the paper
    # defines it; another macro's name in its place is still wrong
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\\newcommand{\\ExpSub}[2]{{\\rm E}_{#1}\\left[#2\\right]}\n"
        "\\begin{document}\\section{A}\n\\begin{equation} f = \\ExpSub{\\xi}{g} \\end{equation}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    paper = load_paper(tmp_path)
    right = bench.Key("m", "", [("1", "A")], [("1", "f = \\ExpSub{\\xi}{g}")])
    wrong = bench.Key("m", "", [("1", "A")], [("1", "f = \\ExpSub{\\zeta}{g}")])
    assert bench.score(right, paper).equations == 1
    assert bench.score(wrong, paper).equations == 0


def test_every_miss_and_extra_is_named(small):
    key = bench.Key(
        paper="counters",
        title="Counters",
        sections=[("1", "Results"), ("3", "Proofs")],
        equations=[("1", "a = c"), ("3", "u = v")],
    )
    s = bench.score(key, small)
    assert not s.title_exact
    assert s.wrong_sections == ["missing 3 Proofs", "extra 2 Proofs"]
    assert (s.sections, s.section_total) == (1, 3)
    assert s.wrong_equations == [
        "Eq. 1: wanted 'a = c', read 'a&=b,'",
        "Eq. 3: wanted 'u = v', read '(none)'",
        "extra Eq. 2",
    ]
    assert (s.equations, s.equation_total) == (0, 3)


def test_a_key_file_reads_one_line_per_entry(tmp_path):
    path = tmp_path / "paper.yaml"
    path.write_text(
        "paper: p\ntitle: 'A: B'\nsections:\n  - 2.10 Related work\nequations:\n"
        "  - 3a \\frac{a}{b}\n",
        encoding="utf-8",
    )
    key = bench.load_key(path)
    assert key.sections == [("2.10", "Related work")]  # a string, never the float 2.1
    assert key.equations == [("3a", "\\frac{a}{b}")]


def test_equation_numbers_order_as_printed():
    numbers = ["3", "3a", "3b", "4", "12", "A.1", "A.2", "B1"]
    keys = [bench.number_key(n) for n in numbers]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert bench.number_key("∗") is None and bench.number_key("W") is None


# ---- held-out papers (issue 19): sources outside the repository, keys in bench/heldout --------

HELDOUT_KEYS = sorted((ROOT / "bench" / "heldout" / "keys").glob("*.yaml"))
# "3.2", "A.1"; IEEEtran's Roman sections and lettered subsections ("II", "II-A")
SECTION_NUMBER = r"(\d+|[A-Z]|[IVXL]+)(\.\d+|-[A-Z]\d*)*"


def test_heldout_keys_are_well_formed_and_match_the_manifest():
    from ruamel.yaml import YAML

    manifest = YAML(typ="safe").load((ROOT / "bench" / "heldout" / "papers.yaml").read_text())
    names = {p["name"] for p in manifest["papers"]}
    assert len(HELDOUT_KEYS) >= 8 and {p.stem for p in HELDOUT_KEYS} == names
    for path in HELDOUT_KEYS:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        # A YAML slip (`a \: b` read as a mapping) would silently change what is scored.
        entries = data["sections"] + data["equations"]
        assert all(isinstance(e, str) for e in entries), path.name
        key = bench.load_key(path)
        # a paper may print no title at all (gnn-biomed: no \title, no \maketitle): keyed ''
        assert key.paper == path.stem and isinstance(key.title, str)
        # a title may be empty where the paper prints none (`\section{}`: hmm-scaling's D)
        assert all(re.fullmatch(SECTION_NUMBER, n) and isinstance(t, str) for n, t in key.sections)
        assert sum(not t for _, t in key.sections) <= 1, path.name
        order = [bench.number_key(n) for n, _ in key.equations]
        assert None not in order and order == sorted(order), path.name
        assert all(f for _, f in key.equations), path.name


def test_heldout_bench_says_absent_and_exits_0(tmp_path, capsys):
    assert bench.main(["--heldout", str(tmp_path / "missing")]) == 0
    assert "held-out papers absent" in capsys.readouterr().out


def test_a_paper_the_reader_refuses_scores_nothing_and_the_bench_goes_on(tmp_path, capsys):
    (tmp_path / "tsp-survey").mkdir()
    (tmp_path / "tsp-survey" / "main.tex").write_bytes(
        b"\\documentclass{article}\n\\begin{document}\n" + bytes(range(9)) * 200
    )
    assert bench.main(["--heldout", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "comet: not in" in out and "binary data" in out
    assert "papers parsed: 0/1 (0%)" in out and "titles exact: 0/1 (0%)" in out

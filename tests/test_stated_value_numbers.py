"""Stated values by class of number construct (how numbers are read into candidate values in
prose and math; held-out prostate-unet's, query-reformulator's, prel-mf's, yellowfin's and
cryoem-orientation's classes): each read from a small LaTeX paper written for it."""

from __future__ import annotations

from pathlib import Path

from paper2code.analyse import analyse
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.values.candidates import find_candidates
from paper2code.paper import load_paper


def _read(tmp_path: Path, body: str) -> list[StatedValue]:
    (tmp_path / "paper.tex").write_text(
        f"\\documentclass{{article}}\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return analyse(load_paper(tmp_path)).stated_values


def test_sets_given_respectively_to_symbols_listed_before_them_are_each_symbols(tmp_path):
    # "$M$ and $K$ ... over {..} and {..}, respectively": the second set is K's as the first
    # is M's, and a search the sentence opens with searched both
    text = (
        "We select $M$ and $K$ using grid search on the validation set over "
        "$\\{50,100,200,300\\}$ and $\\{1,3,5,7\\}$, respectively."
    )
    assert [c.symbol for c in find_candidates(text)] == ["M", "K"]
    got = _read(tmp_path, f"\\section{{Implementation}}\n{text}\n")
    found = {(v.symbol, repr(v.value), v.kind) for v in got}
    assert ("M", "[50, 100, 200, 300]", ValueKind.SWEEP) in found
    assert ("K", "[1, 3, 5, 7]", ValueKind.SWEEP) in found


def test_math_opening_on_a_relation_joins_its_value_to_the_noun_before_it(tmp_path):
    # "a DSC $> 0.9$", "(DSC $\sim0.86$)": the relation stands where "=" or "of" would, so the
    # noun before the math names the value; a formula on the left names nothing
    got = _read(
        tmp_path,
        "\\section{Discussion}\nThe model ostensibly failed on the second scanner (DSC $< 0.3$). "
        "The other model reached a modest accuracy $\\sim0.86$ on its own data.\n",
    )
    named = {(v.name, v.value) for v in got}
    assert ("DSC", 0.3) in named
    assert ("modest accuracy", 0.86) in named or ("accuracy", 0.86) in named

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


def test_a_note_in_words_on_a_sets_item_leaves_the_set_whole():
    # "0.01 \text{(best)}": the item the paper chose, marked; the set is still all its items
    text = "Momentum SGD learning rates $\\{0.001, 0.01 \\text{(best)}, 0.1, 1.0\\}$, momentum 0.9"
    got = [(c.value, c.shape) for c in find_candidates(text)]
    assert got[0] == ([0.001, 0.01, 0.1, 1.0], "set")
    text = "Adagrad learning rates $\\{0.05, 0.1, 0.5 (\\text{best}), 1.0, 5.0\\}$"
    assert [c.value for c in find_candidates(text)] == [[0.05, 0.1, 0.5, 1.0, 5.0]]


def test_a_grid_named_in_the_plural_is_the_vocabularys_quantity(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Specification}\n\\begin{itemize}\n\\item Adam learning rates "
        "$\\{0.0001, 0.001, 0.01, 0.1\\}$\n\\end{itemize}\n",
    )
    grid = next(v for v in got if isinstance(v.value, list))
    assert grid.canonical == "learning_rate"
    assert grid.kind is ValueKind.SWEEP


def test_a_fraction_of_two_whole_numbers_in_math_is_one_value():
    assert [c.value for c in find_candidates("applied with a random chance of $1/2$")] == [0.5]
    assert [(c.value, c.symbol) for c in find_candidates("we set $\\gamma = 1/2$")] == [
        (0.5, "\\gamma")
    ]
    # a symbol over a number, or a number over a symbol, stays a formula
    assert find_candidates("a step of $1/\\sqrt{d}$") == []

"""Stated values by class of number construct (how numbers are read into candidate values in
prose and math; held-out prostate-unet's, query-reformulator's, prel-mf's, yellowfin's and
cryoem-orientation's classes): each read from a small LaTeX paper written for it."""

from __future__ import annotations

from pathlib import Path

from paper2code.analyse import analyse
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.values.candidates import find_candidates
from paper2code.analyse.values.reading import _name
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
    # a noun right after the math is what the value counts: "for $7000$ steps ($\sim 1.4$ hour)"
    text = r"with the Adam optimizer for $7000$ steps ($\sim 1.4$ hour) with a rate of $0.5$."
    c = find_candidates(text)[1]
    assert [n.name for n in _name(text, c, {})] == ["hour"]


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


def test_identifiers_and_citation_keys_with_digits_state_no_value():
    # a database entry ("5j0n", "5a1a"), a capital and a digit ("D2 symmetry", "T2-w"), and
    # citation keys the reader prints in brackets are names; "1e5", "4x4" and "7000\times5000"
    # stay numbers
    text = (
        "For the entire 5j0n complex is asymmetric [doi:10.1002/9780470514160.ch4], and 5a1a "
        "has dihedral (D2) symmetry [noauthor_d2sym_nodate,noauthor_5a1asym_nodate] as in "
        "[10.1007/s11263-014-0733-5] on T2-w scans, as RGB systems do "
        "[7177428, Ji:2013:CNN:2412386.2412939, Sun:2015:LSV:2753829.2629481]."
    )
    assert find_candidates(text) == []
    text = "a rate of 1e5 on 4x4 patches of images of about $7000\\times5000$"
    assert [c.value for c in find_candidates(text)] == [100000.0, [4, 4], [7000, 5000]]


def test_an_interval_from_zero_in_brackets_is_no_citation():
    # no reference is numbered 0: "[0,1]" is the interval, "[3, 4]" still citations
    text = "followed by image normalization to an interval of [0,1], as in [3, 4]."
    assert [(c.value, c.shape) for c in find_candidates(text)] == [([0, 1], "interval")]


def test_a_symbol_between_two_bounds_is_one_value_its_range():
    # "$0 \leq \sigma \leq 3$": the range the symbol is drawn from; a strict domain ("$0 <
    # \alpha < 1$"), the unit interval and an index's range ("$1 \le i \le N$") are none
    text = "using 3D Gaussian blur randomly with $0 \\leq \\sigma \\leq 3$."
    assert [(c.value, c.shape, c.symbol) for c in find_candidates(text)] == [
        ([0, 3], "interval", "\\sigma")
    ]
    text = "where $0 < \\alpha < 1$, $0 \\leq p \\leq 1$ and $1 \\le i \\le N$"
    assert find_candidates(text) == []


def test_single_counts_one_device_or_hidden_layer(tmp_path):
    # "a single Tesla K-40 GPU" is one GPU, "a single hidden layer" one hidden layer; "a single
    # model" tells one from many, and a time taken on a single GPU is measured on it
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe run all our experiments on a single Tesla K-40 GPU.\n"
        "\\section{Models}\nWe replace the network with a single hidden layer feed-forward "
        "network. A single model is enough.\n"
        "\\section{Async}\nWe run $16$ asynchronous workers on a single machine.\n"
        "\\section{Cost}\nTraining took about two days on a single GPU.\n",
    )
    found = {(v.name, v.value, v.kind, v.anchor) for v in got if v.raw == "single"}
    assert found == {
        ("GPUs", 1, ValueKind.COMPUTE, "§1"),
        ("hidden layers", 1, ValueKind.METHOD, "§2"),
        ("machines", 1, ValueKind.COMPUTE, "§3"),
    }


def test_one_letter_assigned_a_number_in_prose_is_its_symbol():
    text = "a model was trained for each dataset: GE (n=220), Siemens (n=330)"
    assert [(c.value, c.symbol) for c in find_candidates(text)] == [(220, "n"), (330, "n")]
    # a hyphenated name's letter is none ("top-k=5" aside, "x-y=3" is no assignment)
    assert [c.symbol for c in find_candidates("the x-y=3 offset")] == [None]


def test_cubes_written_by_their_sides_and_commas_are_one_list_and_sizes_name_a_side():
    text = "divided by 8 without a reminder ($104^3$,$160^3$, $168^3$, $184^3$, $240^3$, etc)."
    assert [c.value for c in find_candidates(text)][-1] == [104, 160, 168, 184, 240]
    # "or" between two squares stays two values (one per dataset as often as a choice)
    text = "and select a random crop of size $64^2$ or $128^2$."
    assert [c.value for c in find_candidates(text)] == [64, 128]


def test_a_plural_measure_names_the_value_after_it(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Discussion}\nThe CNN was trained and tested on MRIs with sizes $168^3$.\n",
    )
    assert [(v.name, v.value) for v in got] == [("sizes", 168)]


def test_changes_listed_respectively_are_each_quantitys_change(tmp_path):
    # "improves $A$, $B$ and $C$ by x, y and z, respectively", and "while by ..." after it
    got = _read(
        tmp_path,
        "\\section{Results}\nOur solution improves $DCG@5$, $Recall@5$ and $MAP@5$ by "
        "$7.15\\%$, $3.50\\%$ and $8.10\\%$, respectively, for all items while by $7.89\\%$, "
        "$2.84\\%$ and $12.16\\%$, respectively, for rare items.\n",
    )
    named = [(v.name, round(v.value, 4), v.kind) for v in got]
    assert ("DCG@5 improvement", 0.0715, ValueKind.RESULT) in named
    assert ("MAP@5 improvement", 0.081, ValueKind.RESULT) in named
    assert ("Recall@5 improvement", 0.0284, ValueKind.RESULT) in named


def test_a_value_cut_down_from_anothers_is_the_baseline_then_the_papers(tmp_path):
    # "reduce ... from A to B": A was the original's setting, B is the paper's; a schedule
    # ("decrease the learning rate linearly from ... to ...") stays one range
    got = _read(
        tmp_path,
        "\\section{Architecture}\nWe also cut down on the number of filters from $192$ to $28$ "
        "in the largest layer, reducing the number of parameters from to 995k to 663k.\n"
        "\\section{Sampling}\nWith our schedule we reduce the sampling steps from 500 to 5, "
        "achieving a large acceleration.\n",
    )
    found = {(v.name, v.value, v.kind) for v in got}
    assert ("number of filters", 192, ValueKind.BASELINE) in found
    assert ("number of filters", 28, ValueKind.METHOD) in found
    assert ("number of parameters", 995000, ValueKind.BASELINE) in found
    assert ("number of parameters", 663000, ValueKind.METHOD) in found
    assert ("sampling steps", 500, ValueKind.BASELINE) in found
    text = "we lower the learning rate linearly from 0.1 to 0.01"
    assert [c.shape for c in find_candidates(text)] == ["range"]


def test_a_binary_variable_set_to_zero_or_one_after_when_or_ie_is_a_case():
    text = (
        "loss when $Y_{u,i} = 1$ (i.e., $Y_{u,i} = 0$ otherwise), and we set "
        "$\\varepsilon = 1$ for all the models"
    )
    assert [(c.value, c.symbol) for c in find_candidates(text)] == [(1, "\\varepsilon")]


def test_the_one_number_a_named_group_takes_in_math_is_no_value():
    text = "written as $\\T \\in \\Or(4)$; the $\\mathbf{SO}(3)$ is non-linear, and $k = 4$"
    assert [(c.value, c.symbol) for c in find_candidates(text)] == [(4, "k")]


def test_a_spelt_count_whose_items_are_named_in_parentheses_is_no_setting(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Architecture}\nThe input is the ROI of one of three MRI series (axial, "
        "sagittal, and coronal). We use three layers (64, 128 and 256 units).\n",
    )
    named = [(v.name, v.value) for v in got]
    assert ("MRI series", 3) not in named
    assert ("layers", 3) in named


def test_factors_written_with_their_x_are_one_list_and_name_a_speedup():
    # "$1.71$x and $1.87$x speedup", "$1.38$x to $3.28$x speedups": the factors side by side;
    # "4x4" stays a product
    text = "it achieves $1.71$x and $1.87$x speedup to tuned Adam on CIFAR10 and CIFAR100"
    assert [(c.value, c.shape) for c in find_candidates(text)] == [([1.71, 1.87], "list")]
    text = "YF achieves $1.38$x to $3.28$x speedups on 4x4 patches"
    assert [c.value for c in find_candidates(text)] == [[1.38, 3.28], [4, 4]]


def test_a_factor_after_a_speedup_verb_is_the_speedup(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nFixed momentum can already speedup Vanilla SGD by $2.73$x, "
        "achieving better validation F1. Ours achieves $1.38$x to $3.28$x speedups.\n",
    )
    named = [(v.name, v.value) for v in got]
    assert ("speedup", 2.73) in named
    assert ("speedups", [1.38, 3.28]) in named or ("speedups", 1.38) in named

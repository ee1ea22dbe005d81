"""Stated values (issue 13): every number a paper states, named as the paper names it, with its
kind and context — read from a fixture paper written for each construct, and from real papers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_paper

from paper2code.analyse import analyse
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.values.candidates import find_candidates
from paper2code.cli import main
from paper2code.paper import load_paper
from paper2code.render.notes import quoted_cells, render_reproduction_notes

PAPER = Path(__file__).parent / "fixtures" / "analysis" / "values.tex"


@pytest.fixture(scope="module")
def values() -> list[StatedValue]:
    return analyse(load_paper(PAPER)).stated_values


def _one(values: list[StatedValue], name: str) -> StatedValue:
    [found] = [v for v in values if v.name == name]
    return found


def _shapes(text: str) -> list[tuple[object, str]]:
    return [(c.value, c.shape) for c in find_candidates(text)]


def test_numbers_written_together_stay_together():
    assert _shapes("with $2, 8, 32$, $128$, and $512$ nodes") == [([2, 8, 32, 128, 512], "list")]
    assert _shapes("ranges from $1,000$ to $10,000$") == [([1000, 10000], "range")]
    assert _shapes("between 0.7 and 3.0") == [([0.7, 3.0], "range")]
    assert _shapes("$N = \\lbrace 10, 20, ..., 100 \\rbrace$") == [([10, 20, 100], "set")]
    assert _shapes("betas (0.9, 0.95)") == [([0.9, 0.95], "tuple")]
    assert _shapes("a $3 \\times 3$ grid") == [([3, 3], "product")]


def test_compared_values_and_split_ratios_are_lists():
    assert _shapes("MPPE ($91.7$ vs. $93.4$ and $97.5$)") == [([91.7, 93.4, 97.5], "compared")]
    assert _shapes("FID $19.40 \\rightarrow 12.83$") == [([19.4, 12.83], "change")]
    assert _shapes("a ratio of 0.6/0.2/0.2") == [([0.6, 0.2, 0.2], "ratio")]
    assert _shapes("sampled from $[0.02,0.05]$") == [([0.02, 0.05], "interval")]
    # a list keeps to one symbol: the 40% after an assignment is a value of its own
    assert _shapes("$\\eta = 2\\text{e-}4$ and 40 \\%") == [(0.0002, "number"), (0.4, "number")]
    assert _shapes("set to $1\\mathrm{e}{-3}$") == [(0.001, "number")]
    # thin and negative spaces typeset around "=" leave the symbol assigned
    [spaced] = find_candidates("with $\\lambda_{\\text{mul(s)}}\\!\\!=\\!\\!10$")
    assert (spaced.value, spaced.symbol) == (10, "\\lambda_{\\text{mul(s)}}")


def test_multipliers_percentages_and_signs_are_part_of_the_value():
    assert _shapes("20 million tokens, ($100$K examples, $5$M words)") == [
        (20_000_000, "number"),
        (100_000, "number"),
        (5_000_000, "number"),
    ]
    masks = "around $15$\\% of tokens, then fifteen percent of words"
    assert [c.value for c in find_candidates(masks)] == [0.15, 0.15]
    assert _shapes("a reward of $-12$ or $10$, $\\mu = -1$") == [
        ([-12, 10], "list"),
        (-1, "number"),
    ]


def test_numbers_that_are_not_values_are_not_candidates():
    text = (
        "As shown in Section 3, Table 2 and Eq. (4), prior work [12] in 2019 (Smith et al., "
        "2019) used CIFAR-10 with SiT-XL/2 and 3D boxes: (1) it $\\frac{1}{2} x_i > 0$ holds."
    )
    assert find_candidates(text) == []
    # references in the plural coordinate several; a panel letter is no magnitude
    assert _shapes("Figures 7a and 7b show it, Tables 2, 3 and 4 list 5 runs") == [(5, "number")]


def test_a_dollar_after_a_number_is_currency_not_math():
    """The reader prints `1\\$` as `1$`: no math span opens there, so the values are read."""
    text = "It enters with 1$ and each time a fixed spread value of 0.0002$ is paid, $x = 3$."
    assert _shapes(text) == [(1, "number"), (0.0002, "number"), (3, "number")]
    assert _shapes("with 1\\$ and a spread of 0.0002\\$ is paid") == [
        (1, "number"),
        (0.0002, "number"),
    ]


def test_math_assignments_even_split_over_math_blocks(values):
    assert _one(values, "\\beta_1").value == 0.9  # named by its symbol, braces aside
    assert _one(values, "\\beta").value == [0.9, 0.95]
    # the prose defines the symbol, so the value carries the paper's name for it
    kv = _one(values, "KV compression dimension")
    assert (kv.symbol, kv.value, kv.quote) == ("d_c", 512, "$d_c = 512$")


def test_display_math_states_values_by_assignment_only(values):
    gamma = _one(values, "\\gamma")
    assert (gamma.value, gamma.anchor, gamma.quote) == (0.99, "Eq. 1", "$\\gamma = 0.99$")
    assert not [v for v in values if v.anchor == "Eq. 2"]  # the loss's constants are no values


def test_noun_phrases_before_and_after_a_value(values):
    assert _one(values, "routed experts").value == 256
    assert _one(values, "NN").value == 8
    assert _one(values, "shots").value == 5  # "5-shot": the word a hyphen joins is counted
    assert _one(values, "warmup step").value == 375
    assert _one(values, "learning rate").quote == "learning rate starts at 0.001"
    assert _one(values, "training pairs").value == 851_293
    assert _one(values, "patch sizes").value == [1, 2]  # "where 1 and 2 denote the patch sizes"


def test_respectively_and_per_setting_values_are_one_value_each(values):
    assert (_one(values, "dropout rate").value, _one(values, "weight decay").value) == (0.1, 0.05)
    heads = [v for v in values if v.name == "number of heads"]
    assert [(v.value, v.context.model) for v in heads] == [(24, "Transformer"), (12, "Diff")]


def test_every_value_has_a_kind(values):
    kinds = {v.name: v.kind for v in values}
    assert kinds["FID"] is ValueKind.RESULT
    assert kinds["training pairs"] is ValueKind.DATA
    assert kinds["GPUs"] is ValueKind.COMPUTE
    assert kinds["grid"] is ValueKind.EXAMPLE
    assert kinds["temperature"] is ValueKind.SWEEP and kinds["width"] is ValueKind.SWEEP
    assert kinds["attention layers"] is ValueKind.BASELINE
    assert kinds["routed experts"] is ValueKind.METHOD
    assert _one(values, "FID").context.experiment == "ImageNet"


def test_canonical_labels_come_from_the_knowledge_base_and_no_value_needs_one(values):
    assert _one(values, "learning rate").canonical == "learning_rate"
    assert _one(values, "weight decay").canonical == "weight_decay"
    assert _one(values, "routed experts").canonical is None


def test_every_quote_is_in_the_paper_at_its_anchor(values):
    paper = load_paper(PAPER)
    assert values
    for v in values:
        assert paper.contains_quote(v.quote, within=v.anchor), v
        assert v.source and v.source.startswith("values.tex:")


def test_audit_json_lists_every_stated_value_with_all_fields(capsys):
    assert main(["audit", str(PAPER), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["stated_values"]
    fields = {"name", "value", "raw", "kind", "anchor", "quote", "symbol", "unit", "context"}
    assert all(fields | {"canonical", "source"} <= set(v) for v in data)
    kv = next(v for v in data if v["symbol"] == "d_c")
    assert kv["kind"] == "method" and kv["context"]["experiment"] == "Method"


def test_notes_group_the_stated_values_and_their_quotes_are_real():
    paper = load_paper(PAPER)
    notes = render_reproduction_notes(paper, analyse(paper))
    part = notes.split("## Stated values")[1].split("## Contradictions")[0]
    settings, rest = part.split("### Baselines")
    baselines, rest = rest.split("### Target results to reproduce")
    results, data = rest.split("### Data and compute")
    assert "| routed experts | 256 | method |" in settings
    assert "| attention layers | 6 | baseline |" in baselines
    assert "| FID | 7.32 | result |" in results
    assert "| GPUs | 16 | compute |" in data and "| training pairs | 851293 | data |" in data
    assert "illustrations" in part  # the example grid is left out, and said to be
    for quote, anchor in quoted_cells(notes):
        assert paper.contains_quote(quote, within=anchor), (quote, anchor)


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
def test_a_real_papers_optimizer_settings():
    """Semanticist §C.1: "$\\beta_1$ and $\\beta_2$ of AdamW are set to 0.9 and 0.95"."""
    values = [v for v in analyse(corpus_paper("semanticist")).stated_values if v.anchor == "§C.1"]
    betas = {v.symbol: (v.value, v.canonical) for v in values if v.symbol}
    assert betas["\\beta_1"] == (0.9, "adam_beta1") and betas["\\beta_2"] == (0.95, "adam_beta2")
    assert any(v.name == "base learning rate" and v.value == 2.5e-5 for v in values)


def test_a_set_assigned_to_a_symbol_is_one_value_not_a_sweep():
    from paper2code.analyse.values.kinds import classify

    text = "The CTRs are $\\rho = \\lbrace 0.15, 0.11, 0.1 \\rbrace$."
    assert classify(text, "CTRs", "set", 3, 20, assigned=True) is not ValueKind.SWEEP
    assert classify(text, "CTRs", "set", 3, 20, assigned=False) is ValueKind.SWEEP
    assert classify("we vary it over $\\{1, 2\\}$", "it", "set", 2, 10) is ValueKind.SWEEP


def test_a_training_length_is_a_setting_and_competing_entities_no_baseline():
    from paper2code.analyse.values.kinds import classify

    reached = "REPA-E reaches an FID of 4.07 within 400K steps"
    assert classify(reached, "steps", "number", 1, 40) is ValueKind.METHOD
    assert classify(reached, "FID", "number", 1, 20) is ValueKind.RESULT
    trained = "we trained models for $2$ epochs on the documents"
    assert classify(trained, "epochs", "number", 1, 24) is ValueKind.METHOD
    # time steps of an environment count its data, not a length of training
    sized = "The medium dataset we used is 1 million time steps"
    assert classify(sized, "time steps", "number", 1, 30) is ValueKind.DATA
    # "competing" names a baseline only as a competing method
    ads = "each advertiser is competing with four other advertisers"
    assert classify(ads, "other advertisers", "number", 1, 35) is ValueKind.DATA
    assert classify("the competing methods use 8 layers", "layers", "number", 1, 26) is (
        ValueKind.BASELINE
    )


def test_alternation_bytes_and_illustrating_facts():
    from paper2code.analyse.values.kinds import classify

    # two values used in turn are a list, not a range searched
    alternating = "the number of nodes alternates between 32 and 16 in each layer"
    assert _shapes(alternating) == [([32, 16], "list")]
    assert classify(alternating, "number of nodes", "list", 2, 45) is ValueKind.METHOD
    assert _shapes("ranging between 32 and 16") == [([32, 16], "range")]
    # a size in bytes: its unit is no part of the name, and memory is compute
    (memory,) = find_candidates("an Nvidia RTX A4000 GPU with 16G memory")
    assert (memory.value, memory.unit, memory.raw) == (16, "G", "16G")
    assert classify("a GPU with 16G memory", "memory", "number", 1, 11) is ValueKind.COMPUTE
    # "for instance" that states what the method achieved is a result, not an illustration
    fact = "For instance, REPA-E reaches an FID of 4.07 within 400K steps"
    assert classify(fact, "FID", "number", 1, 38) is ValueKind.RESULT
    assert classify("e.g., a learning rate of 0.5 diverges", "learning rate", "number", 1, 25) is (
        ValueKind.EXAMPLE
    )


def test_parts_of_a_total_are_named_by_their_own_nouns_and_baselines_are_not_counted(tmp_path):
    (tmp_path / "paper.tex").write_text(
        "\\documentclass{article}\\begin{document}\\section{Setup}\n"
        "We render a total of 192 different viewpoints: 4 elevation angles, 24 azimuth "
        "angles, and 2 focal lengths. We compare to two recent baselines. The batch size: "
        "256 images.\n\\end{document}\n",
        encoding="utf-8",
    )
    got = {(v.name, v.value) for v in analyse(load_paper(tmp_path)).stated_values}
    assert {("elevation angles", 4), ("azimuth angles", 24), ("focal lengths", 2)} <= got
    assert ("batch size", 256) in got  # a singular name is the value's own
    assert not any("viewpoints" in name and value != 192 for name, value in got)
    assert not any("baselines" in name for name, _ in got)


def test_a_cited_rivals_values_are_baselines():
    from paper2code.analyse.values.kinds import classify

    text = (
        "REPA-E at 80 epochs surpasses FasterDiT [fasterdit] (gFID=7.91) trained for 400 "
        "epochs and even SiT [sit] which are trained over 1400 epochs."
    )
    for raw, name in (("7.91", "gFID"), ("400", "epochs"), ("1400", "epochs")):
        assert classify(text, name, "number", 1, text.index(raw)) is ValueKind.BASELINE
    assert classify(text, "epochs", "number", 1, text.index("80")) is not ValueKind.BASELINE
    ours = "compared to X [x], a compact space (286 for [x] and 256 for ours)."
    assert classify(ours, "space", "number", 1, ours.index("256")) is not ValueKind.BASELINE
    data = "We compare it with CBM3D [a, b] on the 24 color images"
    assert classify(data, "color images", "number", 1, data.index("24")) is ValueKind.DATA
    cited_tool = "We train with Adam [kingma] at a learning rate of 0.001"
    assert classify(cited_tool, "learning rate", "number", 1, 50) is ValueKind.METHOD


def test_counts_of_data_items_and_split_ratios_are_data():
    from paper2code.analyse.values.kinds import classify

    measured = "reconstruction FID (rFID) is measured on 50K images"
    assert classify(measured, "images", "number", 1, measured.index("50K")) is ValueKind.DATA
    # a score in points is no count of data points
    gain = "it improves the score by 15.8 points"
    assert classify(gain, "points", "number", 1, 32, fraction=True) is ValueKind.RESULT
    split = "we split it into train, validation, and test sets with a ratio of 0.6/0.2/0.2"
    assert classify(split, "ratio", "ratio", 3, split.index("0.6")) is ValueKind.DATA


def test_how_results_are_averaged_is_the_evaluation_protocol():
    from paper2code.analyse.values.kinds import classify

    text = "We measure the cumulative reward averaged over 100 episodes in the new flavour"
    assert classify(text, "episodes", "number", 1, text.index("100")) is ValueKind.METHOD
    loss = "the lowest average loss over $5$ runs"
    assert classify(loss, "runs", "number", 1, loss.index("5")) is ValueKind.METHOD


def _read(tmp_path: Path, body: str) -> list[StatedValue]:
    (tmp_path / "paper.tex").write_text(
        f"\\documentclass{{article}}\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return analyse(load_paper(tmp_path)).stated_values


def test_an_environments_parameters_are_data_its_learners_settings_are_not(tmp_path):
    from paper2code.analyse.values.kinds import describes_environment

    got = _read(
        tmp_path,
        "\\section{Experiments}\\subsection{Grid World}\n"
        "We evaluate on a $3 \\times 3$ grid world. Each time the agent moves, a fixed cost "
        "value of 0.0002 is paid. The discount factor is $\\gamma = 0.95$.\n"
        "\\subsection{Training}\nThe clipping threshold is 0.5.\n",
    )
    kinds = {(str(v.value), v.kind) for v in got}
    assert ("[3, 3]", ValueKind.DATA) in kinds and ("0.0002", ValueKind.DATA) in kinds
    assert ("0.95", ValueKind.METHOD) in kinds  # the learner's, in the environment's section
    assert ("0.5", ValueKind.METHOD) in kinds  # the same wording outside it is the method's
    assert describes_environment(["Forex"], "In our Forex MDP the agent enters the market")
    assert not describes_environment(["Training"], "We train with Adam for 10 epochs.")
    # an environment named once in passing (a caption's "2D square environment") sets none up
    assert not describes_environment(
        ["Multi-module setting"],
        "Each module has 24 cells. The units fire throughout the 2D square environment.",
    )


def test_counts_of_what_the_paper_names_are_no_settings(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe show the MSE for the three experiments comparing the estimators. "
        "We then evaluate the three estimators. "
        "Five tanh networks are designed, with $2, 8, 32$, $128$, and $512$ nodes per layer. "
        "The bidder competes with four other advertisers whose bids are "
        "$b = \\lbrace 0.9, 1, 2, 1 \\rbrace$. We use three convolutional layers.\n",
    )
    found = {(v.name, str(v.value)) for v in got}
    assert not any(value in ("3", "5") and "layers" not in name for name, value in found)
    assert ("other advertisers", "4") in found  # the length of a vector is a setting
    assert ("convolutional layers", "3") in found
    assert ("nodes per layer", "[2, 8, 32, 128, 512]") in found


def test_names_of_dimensions_and_of_functions(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nBy default we use 16-dimensional concept tokens. "
        "The action taken by the agent is $a(t) = \\lbrace -1, 0, 1 \\rbrace$.\n",
    )
    assert any(v.name == "concept token dimension" and v.value == 16 for v in got)
    [action] = [v for v in got if v.value == [-1, 0, 1]]
    assert action.symbol == "a(t)" and action.kind is not ValueKind.SWEEP


def test_schedules_picture_sizes_and_shared_settings():
    from paper2code.analyse.values.kinds import classify

    decay = "we apply a linear decay $\\lambda_{num}$ from $1.0$ to $0.0$"
    assert classify(decay, "linear decay", "range", 2, decay.index("1.0")) is ValueKind.METHOD
    swept = "the number of impressions per ad ranges from $1,000$ to $10,000$"
    assert classify(swept, "impressions", "range", 2, swept.index("1,0")) is ValueKind.SWEEP
    task = "models evaluated on the ImageNet $256 \\times 256$ generation task"
    at = task.index("256")
    assert classify(task, "generation task", "product", 2, at, square=True) is ValueKind.DATA
    kernel = "each block applies a $3 \\times 3$ convolution"
    assert classify(kernel, "convolution", "product", 2, kernel.index("3")) is ValueKind.METHOD
    both = "We train both the baseline and GMFlow-DiT on ImageNet 256×256 with a batch size of 4096"
    at = both.index("4096")
    assert classify(both, "batch size", "number", 1, at) is ValueKind.METHOD
    # a length of training named by the model before it is still no result
    length = "REPA-E at 80 epochs surpasses FasterDiT"
    assert classify(length, "REPA-E", "number", 1, 11, unit="epochs") is not ValueKind.RESULT


def test_alternatives_pointers_to_figures_costs_and_times(tmp_path):
    from paper2code.analyse.values.kinds import classify

    either = "For the exception when $\\mathit{NFE}=4$ or $6$, we reduce $n$"
    at = either.index("4")
    assert classify(either, "NFE", "list", 2, at, assigned=True, raw="4$ or $6$") is (
        ValueKind.SWEEP
    )
    both = "a learning rate of 1e-4 and 3e-4 for the two heads"
    assert classify(both, "learning rate", "list", 2, 19, raw="1e-4 and 3e-4") is not (
        ValueKind.SWEEP
    )
    pointer = "Please refer to the Figure 3 when $\\sigma_z = 0.0003$."
    at = pointer.index("0.0003")
    assert classify(pointer, "sigma", "number", 1, at, assigned=True) is ValueKind.EXAMPLE
    itself = "networks with $3$ layers perform worse compared to those with more layers"
    at = itself.index("3")
    assert classify(itself, "layers", "number", 1, at) is not ValueKind.BASELINE
    cost = "Normalization typically incurs a $30\\%$ computational overhead"
    at = cost.index("30")
    assert classify(cost, "computational overhead", "number", 1, at) is ValueKind.COMPUTE
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe trained models for $2$ epochs (about two days on a single GPU).\n",
    )
    [time] = [v for v in got if v.value == 2 and v.unit == "days"]
    assert (time.name, time.kind) == ("training time", ValueKind.COMPUTE)


def test_a_change_of_a_result_is_the_rivals_then_ours_and_open_counts_are_no_values(tmp_path):
    assert _shapes("FID from $19.40 \\rightarrow 12.83$") == [([19.4, 12.83], "change")]
    got = _read(
        tmp_path,
        "\\section{Results}\nEnd-to-end tuning consistently improves generation FID (gFID) "
        "from $19.40 \\rightarrow 12.83$ (20 epochs) and $11.10 \\rightarrow 7.17$ (40 epochs). "
        "Here $s$ and $t$ are two arbitrary timesteps.\n",
    )
    changes = [(v.name, v.value, v.kind) for v in got if isinstance(v.value, float)]
    assert changes == [
        ("gFID", 19.4, ValueKind.BASELINE),
        ("gFID", 12.83, ValueKind.RESULT),
        ("gFID", 11.1, ValueKind.BASELINE),
        ("gFID", 7.17, ValueKind.RESULT),
    ]
    assert not any("timesteps" in v.name for v in got)


def test_a_value_that_multiplies_a_quantity_is_no_value_of_it(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nA cosine scheduler decays the learning rate to $0.1$ times the base "
        "learning rate. The learning rate is set to $0.001$.\n",
    )
    named = {v.value: (v.name, v.canonical) for v in got}
    assert named[0.1] == ("learning rate multiplier", None)
    assert named[0.001] == ("learning rate", "learning_rate")


def test_conditions_of_several_results_are_what_the_paper_varied(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nOurs improves FID from $19.40 \\rightarrow 12.83$ (20 epochs) and "
        "$11.10 \\rightarrow 7.17$ (40 epochs). We train Base (12 layers) and Large (24 layers).\n",
    )
    kinds = {v.value: v.kind for v in got if isinstance(v.value, int)}
    assert kinds[20] is kinds[40] is ValueKind.SWEEP
    assert kinds[12] is kinds[24] is ValueKind.METHOD  # two models' settings, no results


def test_a_year_inside_a_name_and_counts_of_what_is_named_one_by_one(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe test on the ImageNet 2014 localization task and the COCO 2017 "
        "validation set, which contains $\\sim50,000$ images. We apply the above mentioned "
        "three ConvNets and evaluate on three benchmark datasets. We compare four models: "
        "a CNN, an MLP, a GRU and a Transformer. We use four attention heads.\n",
    )
    found = {(v.name, v.value) for v in got}
    assert not any(value in (2014, 2017, 3, 4) for _, value in found if _ != "attention heads")
    assert ("images", 50_000) in found
    assert ("attention heads", 4) in found  # a spelt-out count of a setting stays


def test_folds_of_a_cross_validation_are_the_evaluation_protocol(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Datasets}\nWe tune on the train set of 9000 images with a random search on "
        "5-fold cross-validation.\n",
    )
    [folds] = [v for v in got if v.value == 5]
    assert folds.name == "folds" and folds.kind is ValueKind.METHOD
    assert any(v.value == 9000 and v.kind is ValueKind.DATA for v in got)


def test_a_value_is_named_by_the_items_it_counts_and_by_the_measure_of_what_is_named(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Datasets}\nWe select subsets of 5000 and 1000 features. The set has a total "
        "of 3250 images. The sparsity of this dataset is 3.3\\%.\n",
    )
    found = {(v.name, str(v.value)) for v in got}
    assert ("features", "[5000, 1000]") in found
    assert ("images", "3250") in found
    assert ("sparsity of this dataset", "0.033") in found


def test_times_in_seconds_are_compute_and_a_sequence_is_named_by_its_items(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nEach input is a sequence of $9$ objects. One training batch is "
        "processed in 142 milliseconds.\n",
    )
    assert any(v.name == "objects" and v.value == 9 for v in got)
    covered = _read(tmp_path, "\\section{Setup}\nThe box covers $95\\%$ energy out of the map.\n")
    assert [v.name for v in covered] == ["energy"]  # "out of" ends the name
    [time] = [v for v in got if v.value == 142]
    assert time.kind is ValueKind.COMPUTE


def test_what_a_training_batch_contains_is_a_setting(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nFor example, in the age dataset the single training batch contains 64 "
        "unique persons with 5 sub-samples per person, i.e. 320 training samples in total. "
        "The test set holds 3000 persons.\n",
    )
    kinds = {v.value: v.kind for v in got}
    assert kinds[64] is kinds[5] is kinds[320] is ValueKind.METHOD
    assert kinds[3000] is ValueKind.DATA  # a count of data items outside a batch stays data


def test_the_mean_over_trials_and_a_confidence_interval_are_the_evaluation_protocol(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nSolid lines indicate the mean over 5 trials and the shaded regions "
        "indicate a bootstrap 95\\% confidence interval.\n",
    )
    assert {(v.value, v.kind) for v in got} == {(5, ValueKind.METHOD), (0.95, ValueKind.METHOD)}


def test_counts_of_generic_data_items_are_data(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nThere exist 85320 triplets, each of 4 attributes. We use 16 filters.\n",
    )
    kinds = {v.value: v.kind for v in got}
    assert kinds[85320] is kinds[4] is ValueKind.DATA
    assert kinds[16] is ValueKind.METHOD


def test_bounds_without_from_are_one_value_and_a_dash_after_a_number_no_sign():
    assert _shapes("it converges in 10 to 50 iterations") == [([10, 50], "span")]
    assert _shapes("within 15-20\\% of the bound") == [([0.15, 0.2], "span")]
    assert _shapes("spaces of dimension $10 -15$") == [([10, 15], "span")]
    assert _shapes("from 16 to 256") == [([16, 256], "range")]
    # an index running up to a symbol and a domain state no value
    assert _shapes("for $m=1, \\ldots, M$ and $\\widehat{y}(y) \\in (0, 1]$") == []


def test_rivals_in_parentheses_and_cited_findings_are_baselines(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nOur method obtains 38.8\\% localization error, and significantly "
        "outperforms Oxford (44.6\\%). Bagnets \\cite{b} have shown that 50 layers suffice. "
        "We use 64 pixels instead of the standard 224 length.\n",
    )
    found = {round(v.value, 4): v for v in got}
    assert found[0.388].kind is ValueKind.RESULT
    rival = found[0.446]
    assert (rival.name, rival.kind, rival.context.model) == (
        "localization error",
        ValueKind.BASELINE,
        "Oxford",
    )
    assert found[50].kind is found[224].kind is ValueKind.BASELINE
    assert found[64].kind is not ValueKind.BASELINE


def test_a_parameters_later_mentions_in_its_sweep_are_sweeps_its_choice_is_not(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nIn our experiments, we employ $\\beta = 2.0$.\n"
        "\\section{Analysis}\nWe show the change of the score when changing the $\\beta$ from "
        "0.00 to 5.00 in 0.01 increments. CharGREEN with $\\beta = 1.0$ gives high scores, "
        "and with $\\beta = 2.0$ gives the best scores.\n",
    )
    kinds = {(v.anchor, str(v.value)): v.kind for v in got}
    assert kinds[("§1", "2.0")] is kinds[("§2", "2.0")] is ValueKind.METHOD  # no result either
    assert kinds[("§2", "1.0")] is kinds[("§2", "0.01")] is ValueKind.SWEEP


def test_data_described_usual_games_and_observed_convergence(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nThis evaluation dataset consists of the rankings from 13 system "
        "outputs. In SET, the task is to find a set (typically, SET is played with two players "
        "competing). This process usually converges in 10 to 50 iterations. We train with no "
        "weight decay and a reflect padding of size $8$. Each step takes 142 milliseconds. We "
        "consider two physical quantities of interest, namely the charge and the energy.\n",
    )
    found = {(v.name, str(v.value)): v.kind for v in got}
    assert found[("system outputs", "13")] is ValueKind.DATA
    assert found[("players", "2")] is ValueKind.EXAMPLE
    assert found[("iterations", "[10, 50]")] is ValueKind.RESULT
    assert found[("weight decay", "0")] is ValueKind.METHOD
    assert ("reflect padding size", "8") in found
    assert found[("time", "142")] is ValueKind.COMPUTE
    assert not any(name.startswith("physical") for name, _ in found)


def test_counts_that_qualify_a_protocol_and_rivals_in_a_relative_clause(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nEach data set is tested on a two layer 5 fold cross validation "
        "experiment. These methods still outperform a linear regression on the raw images "
        "which gives an accuracy of about 40\\%. The optimum seems to be around 1000 "
        "neighbors.\n",
    )
    found = {(v.name, str(v.value)): v.kind for v in got}
    assert found[("layer", "2")] is found[("fold cross validation", "5")] is ValueKind.METHOD
    assert found[("accuracy", "0.4")] is ValueKind.BASELINE
    assert found[("neighbors", "1000")] is ValueKind.RESULT


def test_what_an_aggregate_or_a_models_length_counts_names_the_value(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nWe measured the average execution time of 10 runs. REPA-E at 80 "
        "epochs is strong, boosting performance over REPA which only reaches an FID of 5.9 "
        "after 4M steps.\n",
    )
    found = {(v.name, v.value): v.kind for v in got}
    assert found[("runs", 10)] is ValueKind.METHOD
    assert ("epochs", 80) in found
    assert found[("steps", 4_000_000)] is ValueKind.BASELINE


def test_names_through_changes_bounds_factors_and_set_sizes(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWith it the accuracy increases to $88.0\\%$. We limit ourselves to a "
        "number of patches up to $2048$. The learning rate is decayed by 10 at epochs 50 and 75. "
        "The number of patches $|\\mathcal{D}|$ varies in $\\lbrace 512, 1024, 2048 \\rbrace$.\n",
    )
    found = {(v.name, str(v.value)) for v in got}
    assert ("accuracy", "0.88") in found
    assert ("number of patches", "2048") in found
    assert ("decay factor", "10") in found
    [swept] = [v for v in got if v.value == [512, 1024, 2048]]
    assert (swept.name, swept.symbol, swept.kind) == (
        "number of patches",
        "|\\mathcal{D}|",
        ValueKind.SWEEP,
    )


def test_complexities_and_counts_of_what_math_defines_next_are_no_values(tmp_path):
    assert _shapes("The runtime is O(n 2 log(n)) and costs $\\mathcal{O}(n^2)$ memory") == []
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe use two learning rates $\\alpha^A = 0.1$ and $\\alpha^B = 0.2$, "
        "and two hidden layers.\n",
    )
    found = {(v.name, str(v.value)) for v in got}
    assert ("learning rates", "2") not in found and ("hidden layers", "2") in found


def test_a_square_before_a_convolution_is_its_kernel_size_and_a_batchs_rough_count_data(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nThe $1 \\times 1$ convolutional operator $C_1$ outputs 256 channels. "
        "The single training batch contains 64 unique persons; each batch contains around "
        "28800 transactions.\n",
    )
    [kernel] = [v for v in got if v.value == [1, 1]]
    assert (kernel.name, kernel.canonical) == ("convolutional operator kernel size", "kernel_size")
    kinds = {str(v.value): v.kind for v in got}
    assert kinds["64"] is ValueKind.METHOD and kinds["28800"] is ValueKind.DATA


def test_a_value_named_by_an_abbreviation_is_named_by_the_definition_before_it(tmp_path):
    # One paper, the same letters twice: the method's "importance sampling (IS)", the
    # experiments' "Inception Score (IS)"; the table after the second measures the second.
    got = _read(
        tmp_path,
        "\\section{Method}\nBy employing importance sampling (IS) we weight the scores.\n"
        "\\section{Experiments}\nWe report the Inception Score (IS) and the negative log "
        "likelihood (NLL) of 1000 samples.\n"
        "\\begin{table}\\caption{Unlearning results.}\\begin{tabular}{lcc}\n"
        "Method & IS & NLL \\\\ Retrain & 9.6 & 6.17 \\\\ Ours & 9.2 & 8.09\n"
        "\\end{tabular}\\end{table}",
    )
    names = {(v.name, v.value) for v in got if v.anchor == "Table 1"}
    assert ("Inception Score (IS)", 9.2) in names
    assert ("negative log likelihood (NLL)", 6.17) in names


def test_a_small_number_that_labels_a_model_is_no_value(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nThe hidden size is 64 for nonlinear model 1 and for stage 2 we "
        "train with a batch size of 128.\n",
    )
    assert sorted(v.value for v in got) == [64, 128]


def test_the_numbered_parties_of_a_game_are_names_not_values(tmp_path):
    # "agent 1 and agent 2", "agent$1$" glued to its number in math: which agent, no count
    got = _read(
        tmp_path,
        "\\section{Setup}\nAgent 1 and agent $2$ search the rooms with a batch size of 16, "
        "and agent$1$ steps into room$A$; player 2 moves with a reward of 50.\n",
    )
    assert sorted(v.value for v in got) == [16, 50]


def test_a_set_written_without_spaces_lists_its_items(tmp_path):
    # In a set, or when a group is not three digits, commas separate items; "200,000" and a
    # set of such numbers keep their thousands.
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe vary the size $n \\in \\{100,200,500\\}$ and tune $m$ in "
        "$\\{10, 100, d\\}$ and $\\mu \\in \\{{-2},{-1},0\\}$; we train for $200,000$ "
        "iterations with $N = \\lbrace 30,000, 60,000 \\rbrace$ visitors.\n",
    )
    values = [v.value for v in got]
    assert [100, 200, 500] in values and [10, 100] in values and [-2, -1, 0] in values
    assert 200000 in values and [30000, 60000] in values


def test_the_word_a_hyphen_joins_to_a_count_is_what_it_counts(tmp_path):
    """A count hyphen-joined to its unit ("a 4-layer transformer") counts that unit, and is the
    make-up of the noun it qualifies: a setting, though its sentence reports a score."""
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe report the accuracy of a 4-layer transformer with a 256-way "
        "softmax over a 2-level hierarchy and 5-shot accuracy. The penalty is three ten-by-ten "
        "matrices and a 3 by 3 grid. Each run uses a 64-Core CPU Server. The loss is the "
        "2-Wasserstein distance, the network is 1-Lipschitz and the test is a two-way ANOVA.\n",
    )
    found = {(v.name, str(v.value)): v.kind for v in got}
    assert found[("layers", "4")] is ValueKind.METHOD  # no result: it qualifies the model
    assert found[("classes", "256")] is ValueKind.METHOD  # a 256-way softmax tells 256 apart
    assert found[("levels", "2")] is ValueKind.METHOD
    assert found[("shots", "5")] is ValueKind.METHOD
    assert found[("matrices", "3")] is ValueKind.METHOD  # three counts the matrices
    assert ("matrices", "[10, 10]") in found and ("grid", "[3, 3]") in found  # products
    assert found[("cores", "64")] is ValueKind.COMPUTE  # a title's capital, "64-Core CPU"
    # a capital after the hyphen is a name's, and a spelt-out "two-way" an adjective
    assert ("Wasserstein distance", "2") in found and ("Lipschitz", "1") in found
    assert ("classes", "2") not in found


def test_a_count_a_hyphen_joins_to_a_score_or_to_the_data_keeps_its_kind(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nOur model achieves a 3-point gain in accuracy over the baseline "
        "on a 10-class dataset.\n",
    )
    kinds = {(v.name, v.value): v.kind for v in got}
    assert kinds[("points", 3)] is ValueKind.RESULT
    assert kinds[("classes", 10)] is ValueKind.DATA


def test_a_product_written_against_its_numbers_is_read_whole(tmp_path):
    """ "4x4" is a product as "$4 \\times 4$" is; a square picture size read only by the
    vocabulary ("resized to 224x224") is the data's all the same."""
    assert _shapes("a 4x4 patch") == [([4, 4], "product")]
    assert _shapes("a ten-by-ten grid") == [([10, 10], "product")]
    got = _read(
        tmp_path,
        "\\section{Setup}\nImages are resized to 224x224 to meet the model requirement on "
        "resolution. We train a 1-hidden layer CNN.\n",
    )
    found = {(v.canonical, v.value): v.kind for v in got}
    assert found[("image_size", 224)] is ValueKind.DATA
    assert not any(v.name == "hiddens" for v in got)  # "1-hidden layer": an adjective


def test_what_the_paper_typically_does_is_its_setting_what_a_figure_shows_an_example(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe typically ran for 50 meta-iterations. Typically, the game is "
        "played with 12 cards. We show 16 random samples from the generator. The figure "
        "depicts the network with $d=40$ units. We train with a learning rate of 0.1. A "
        "perfect model would achieve 97\\% accuracy and a global clustering of 0.5.\n",
    )
    kinds = {v.value: v.kind for v in got}
    assert kinds[0.97] is kinds[0.5] is ValueKind.EXAMPLE  # what an imagined model would do
    assert kinds[50] is ValueKind.METHOD  # "we typically ran": the paper's own practice
    assert kinds[12] is ValueKind.EXAMPLE  # how the world usually does it
    assert kinds[16] is kinds[40] is ValueKind.EXAMPLE  # what a figure shows
    assert kinds[0.1] is ValueKind.METHOD


def test_a_teacher_a_student_learns_from_makes_its_data(tmp_path):
    """In a teacher-student setup the teacher generates the data: its values are data, the
    student's the method's; a teacher compared with is no rival (nor in distillation)."""
    got = _read(
        tmp_path,
        "\\section{Setup}\nA student is trained on sequences generated by a teacher. We "
        "evaluate a student GRU with state space dimension $d_g = 100$ when learning from a "
        "teacher GRU with state space dimension $\\hat{d}_g = 10$. Our sampler is much "
        "faster compared to the 100-step teacher model. For the state space dimensions of the "
        "teacher and (overparameterized) student, we choose $\\hat{d} = 5$ and $d = 40$ "
        "respectively.\n\\subsection{Teacher Generation}\nWe sample its weights from a "
        "Gaussian with scale 0.3.\n\\subsection{Optimization}\nWe use a weight decay of 0.02.\n",
    )
    # a section about the teacher states the teacher's values: how the data are made
    assert next(v for v in got if v.value == 0.3).kind is ValueKind.DATA
    assert next(v for v in got if v.value == 0.02).kind is ValueKind.METHOD
    roles = {v.value: v.kind for v in got if v.symbol in ("d", "\\hat{d}")}
    assert roles == {5: ValueKind.DATA, 40: ValueKind.METHOD}  # in the order of the roles
    student, teacher = (next(v for v in got if v.symbol == s) for s in ("d_g", "\\hat{d}_g"))
    assert student.value == 100 and student.kind is ValueKind.METHOD
    assert teacher.value == 10 and teacher.kind is ValueKind.DATA
    assert teacher.context.model == "teacher"
    steps = next(v for v in got if v.name == "steps")
    assert steps.value == 100 and steps.kind is ValueKind.METHOD  # no baseline


def test_values_said_to_give_the_same_results_were_tried_beside_the_chosen_one(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe choose $d = 40$ (higher dimensions, namely $d = 100$ and "
        "$d = 200$, yielded qualitatively identical results). Training on $N = 10,000$ "
        "training examples, led to similar results.\n",
    )
    kinds = {v.value: v.kind for v in got}
    assert kinds[40] is ValueKind.METHOD
    assert kinds[100] is kinds[200] is ValueKind.SWEEP
    assert kinds[10_000] is ValueKind.DATA  # a count of data stays the data's


def test_a_count_taken_from_a_dataset_is_data(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe use five alphabets from the Omniglot set. We use 12 attention "
        "heads, chosen from the set $\\{4, 8, 12\\}$.\n",
    )
    kinds = {v.name: v.kind for v in got if not isinstance(v.value, list)}
    assert kinds["alphabets"] is ValueKind.DATA
    assert kinds["attention heads"] is ValueKind.METHOD  # a set of values is no dataset


def test_values_compared_with_vs_are_the_subjects_and_the_rivals(tmp_path):
    # "($93.0$ vs. $98.8$)": the sentence's subject's value against the rival's, one value
    # each; the coined name before the parenthesis is the rival, the quantity is what the
    # paragraph's last result measured ("It performs worse than ...")
    got = _read(
        tmp_path,
        "\\section{Results}\nOur detector reaches an AP of $99.8$ on cars. It performs worse "
        "than DPM-VOC+VP ($93.0$ vs. $98.8$) on bicycles. We use fewer patches ($16$ vs. "
        "$256$).\n",
    )
    found = {(v.name, v.value, v.kind, v.context.model) for v in got}
    assert ("AP", 93.0, ValueKind.RESULT, "ours") in found
    assert ("AP", 98.8, ValueKind.BASELINE, "DPM-VOC+VP") in found
    assert ("fewer patches", 16, ValueKind.METHOD, "ours") in found
    assert ("fewer patches", 256, ValueKind.BASELINE, None) in found
    assert not any(isinstance(v.value, list) for v in got)


def test_a_cited_systems_setting_is_a_baseline_ours_and_our_tools_are_not(tmp_path):
    got = _read(
        tmp_path,
        "\\title{FooNet: a method}\\maketitle\n\\section{Introduction}\n"
        "We propose FooNet. Boosting libraries such as XGBoost, LightGBM and CatBoost "
        "\\cite{cb} bin features. Unlike HDSL \\cite{hdsl}, FooNet is exact. "
        "We use SGD \\cite{sgd} and the AdamW \\cite{adamw} optimizer.\n"
        "\\section{Setup}\nNote that $B^{\\max} = 255$ in LightGBM. For training HDSL, we "
        "took 8000 iterations as in \\cite{hdsl}. For training FooNet, we took 500 iterations. "
        "The learning rate is 0.1 for SGD and 0.001 for AdamW. "
        "FooNet reaches $40$ layers in HDSL.\n",
    )
    kinds = {v.value: (v.kind, v.context.model) for v in got}
    assert kinds[255] == (ValueKind.BASELINE, "LightGBM")
    assert kinds[8000] == (ValueKind.BASELINE, "HDSL")
    assert kinds[500][0] is ValueKind.METHOD  # the paper's own method, led the same way
    # what the paper uses itself, and a sentence about its own method, stay its settings
    assert kinds[0.1][0] is ValueKind.METHOD and kinds[0.001][0] is ValueKind.METHOD
    assert kinds[40][0] is not ValueKind.BASELINE


def test_sums_products_before_a_noun_and_defining_formulas(tmp_path):
    assert _shapes("a $1+1$-dimensional theory") == [(2, "number")]
    assert _shapes("around the \\(1\\times1\\) plaquette, $3\\times10^{-4}$") == [
        ([1, 1], "product"),
        (0.0003, "number"),
    ]
    # a formula that defines its symbol states no value; one the paper sets does
    assert _shapes("Here, $\\beta = 2 / g_{0}^{2}$ is the inverse coupling constant") == []
    assert _shapes("we set $n = \\lceil 128 / N \\rceil$ sub-steps") == [(128, "number")]
    got = _read(
        tmp_path,
        "\\section{Theory}\nWe study a $1+1$-dimensional $U(1)$ lattice gauge theory. Our "
        "theory is defined on a two-dimensional lattice. The action sums the link variables "
        "around the $1\\times1$ elementary plaquette. The search window is $40\\times40$. "
        "We train a two-layer network with a 16-dimensional hidden state.\n",
    )
    found = {(v.name, str(v.value)): v.kind for v in got}
    assert found[("lattice gauge theory dimension", "2")] is ValueKind.DATA
    assert found[("lattice dimension", "2")] is ValueKind.DATA  # the studied system's
    assert found[("elementary plaquette", "[1, 1]")] is ValueKind.DATA
    assert found[("hidden state dimension", "16")] is ValueKind.METHOD  # the model's own
    assert not any(k[1] == "[40, 40]" and kind is ValueKind.DATA for k, kind in found.items())


def test_named_facts_cited_facts_and_strict_bounds_are_examples(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Method}\nA sample is in the bag with probability about 0.632, which is "
        "known as the 0.632 rule. Distances are known to be meaningless in spaces of "
        "dimension $10-15$ \\cite{beyer}. Given a hand of $k > 3$ cards, find a set. "
        "We use $k = 12$ cards. Our windows are known to work at a dimension of $15$ "
        "\\cite{beyer}.\n",
    )
    kinds = {(v.quote, str(v.value)): v.kind for v in got}
    assert kinds[("0.632 rule", "0.632")] is ValueKind.EXAMPLE
    assert kinds[("dimension $10-15$", "[10, 15]")] is ValueKind.EXAMPLE
    assert [k for (q, v), k in kinds.items() if v == "3"] == [ValueKind.EXAMPLE]
    # the paper's own choices, even beside a citation, stay its settings
    assert [k for (q, v), k in kinds.items() if v == "12"] == [ValueKind.METHOD]
    assert [k for (q, v), k in kinds.items() if v == "15"] == [ValueKind.METHOD]


def test_counts_compared_with_points_for_thousands_are_ours_versus_theirs(tmp_path):
    assert _shapes("patches ($16.000$ vs. $256.000$)") == [([16000, 256000], "compared")]
    assert _shapes("an AUC of $1.000$ and $0.998$") == [([1.0, 0.998], "list")]  # decimals
    got = _read(
        tmp_path,
        "\\section{Setup}\nCompared to \\cite{recht}, we use a much smaller number of patches "
        "($16.000$ vs. $256.000$) for the same accuracy. It performs slightly worse than "
        "DPM-VOC+VP ($93.0$ vs. $98.8$).\n",
    )
    patches = [(v.value, v.kind) for v in got if "patches" in v.name]
    assert patches == [(16000, ValueKind.METHOD), (256000, ValueKind.BASELINE)]
    # the rival named before the parenthesis is the second value's model, not the quantity
    rival = [(v.value, v.kind, v.context.model) for v in got if v.value in (93.0, 98.8)]
    assert rival == [(93.0, ValueKind.RESULT, "ours"), (98.8, ValueKind.BASELINE, "DPM-VOC+VP")]


def test_what_the_paper_trains_listed_after_eg_is_its_own():
    from paper2code.analyse.values.kinds import classify

    ours = "We train shallow classifiers (e.g., Linear and 1-hidden layer CNNs) on top of it"
    at = ours.index("1-")
    assert classify(ours, "hidden layer CNNs", "number", 1, at) is ValueKind.METHOD
    told = "Deep classifiers (e.g., 50-layer ResNets) overfit on small data"
    assert classify(told, "layer ResNets", "number", 1, told.index("50")) is ValueKind.EXAMPLE
    aside = "We train it with a large learning rate; e.g., 0.1 diverges"
    assert classify(aside, "learning rate", "number", 1, aside.index("0.1")) is ValueKind.EXAMPLE


def test_a_metric_at_its_bound_given_as_a_reason_explains_the_metric():
    from paper2code.analyse.values.kinds import classify

    reason = "the metric rates the source highest because precision is 100 for the source"
    at = reason.index("100")
    assert classify(reason, "precision", "number", 1, at, raw="100") is ValueKind.EXAMPLE
    # a score the runs reached, even in a reason, is no illustration
    scored = "we stop early because accuracy is 85.2 on the validation set"
    at = scored.index("85.2")
    assert classify(scored, "accuracy", "number", 1, at, raw="85.2") is ValueKind.RESULT


def test_quantities_changed_side_by_side_are_one_pair_each(tmp_path):
    text = "the width and the depth from $64$ and $6$ to $128$ and $12$ improves it"
    assert [(c.value, c.parallel) for c in find_candidates(text)] == [
        ([64, 128], (0, 2)),
        ([6, 12], (1, 2)),
    ]
    assert _shapes("ranges from $1$ and $2$ to $3$") == [([1, 2, 3], "list")]  # no pairs
    got = _read(
        tmp_path,
        "\\section{Setup}\nIncreasing the size of the resolution and the number of layers "
        "from $64$ and $6$ to $128$ and $12$ improves the performance.\n",
    )
    pairs = {v.name: (v.value, v.kind) for v in got}
    assert pairs["size of the resolution"] == ([64, 128], ValueKind.DATA)
    assert pairs["number of layers"] == ([6, 12], ValueKind.METHOD)  # settings run, no sweep


def test_other_systems_are_cited_names_not_ours_nor_datasets_nor_our_tools():
    from paper2code.analyse.values.systems import other_systems

    texts = [
        "FooNet-E extends FooNet [foo], unlike HDSL [hdsl] and FooNet-E-L [fl].",
        "We evaluate on the Reuters CV1 [rcv] dataset and ImageNet [in], with SGD [sgd].",
        "We use SGD, as M${}^2$ [m2] does.",
        "We compare with Fast R-CNN, a version of R-CNN [rcnn], not with the X-ray [x] data.",
    ]
    assert other_systems(texts, ["FooNet-E"]) == {"FooNet", "HDSL", "M2", "RCNN"}


def test_symbols_are_named_by_the_papers_definitions_of_them(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nLet $\\{(a_i, b_i)\\}_{i=1}^{n}$ be the training set, where "
        "$a_i \\in \\mathbb{R}^{d_x}$ denotes the features of the $i$-th sample. "
        "The noise levels ($\\sigma_r, \\sigma_g$) differ per channel, and $K$ is the number of "
        "iterations. Define $\\gamma$ as the step. We tune $m$ by hand. A student with state "
        "space dimension $d_g = 100$ learns from a teacher with state space dimension "
        "$\\hat{d}_g = 10$.\n"
        "\\section{Experiments}\nOn the datasets ``heart'' ($n=270$, $d_x = 13$) we set "
        "$\\sigma_r = 40$, $\\sigma_g = 20$, $K = 8$, $\\gamma = 0.5$ and $m = 4$; then "
        "$d_g = 200$.\n",
    )
    named = {(v.symbol, v.value): v.name for v in got if v.anchor == "§2"}
    assert named[("n", 270)] == "samples"  # the bound of the index over the samples
    # what parentheses after a dataset's name state are its statistics
    assert all(v.kind is ValueKind.DATA for v in got if v.value in (270, 13))
    assert named[("d_x", 13)] == "feature dimension"  # the exponent of the features' space
    assert named[("\\sigma_r", 40)] == named[("\\sigma_g", 20)] == "noise level"
    assert named[("K", 8)] == "number of iterations"
    assert named[("d_g", 200)] == "state space dimension"
    # an imperative or a subject's verb before a symbol is no name for it
    assert named[("\\gamma", 0.5)] == "\\gamma" and named[("m", 4)] == "m"
    [teacher] = [v for v in got if v.value == 10]
    assert teacher.name == "state space dimension" and teacher.symbol == "\\hat{d}_g"


def test_the_paper_says_what_a_symbol_is_rather_than_what_stands_beside_it():
    from paper2code.analyse.values.names import defined_name, symbol_definitions

    table = symbol_definitions(
        [
            "The X-axis indicates the ground truth $\\alpha$ and the estimated $\\alpha$.",
            "The mixture is given where $\\alpha$ is the fraction of AI-modified documents.",
            "We compare the ground truth $\\alpha$ with the estimate.",
            "The maximal $t_1$ is reached. Parameters $\\epsilon$ are fixed.",
        ]
    )
    assert defined_name(table, "\\alpha") == "fraction of AI-modified documents"
    assert defined_name(table, "t_1") is None and defined_name(table, "\\epsilon") is None


def test_function_words_adverbs_and_verbs_never_name_a_value(tmp_path):
    from paper2code.analyse.values.names import nominal

    got = _read(
        tmp_path,
        "\\section{Setup}\nThe width is varied again from 0 to 9. Results hold from 2021 "
        "onwards. The image is very large (about 7000 pixels). Authors with two or fewer "
        "($\\leq 2$) preprints. We use 192 different viewpoints, with $\\alpha$ reaching "
        "4.9\\% and 6.3\\%. We construct sets with content proportions ($\\beta$) ranging "
        "from 0\\% to 25\\%. Most 2022 estimates serve as a reference. Under Assumptions 3.1 "
        "and 3.2 hold.\n",
    )
    names = {v.name for v in got}
    assert not names & {"again", "onwards", "very large", "large", "fewer", "hold", "either"}
    assert all(nominal(v.name) or v.name == v.symbol or v.symbol for v in got)
    found = {(v.name, str(v.value)) for v in got}
    assert ("viewpoints", "192") in found  # "different" qualifies the count, names nothing
    assert ("content proportions", "[0.0, 0.25]") in found
    assert ("estimates", "2022") in found  # a plural noun heads its phrase: no "serve"
    assert not any(v.value in (3.1, 3.2, [3.1, 3.2]) for v in got)  # references, no values
    assert not nominal("otherwise") and not nominal("optimal") and nominal("batch size")
    # a word after a subject pronoun, adverbs aside, is its verb: the count's noun names it
    (tmp_path / "again").mkdir()
    [papers] = _read(
        tmp_path / "again", "\\section{Data}\nWe randomly sample up to 2,000 papers per month.\n"
    )
    assert (papers.name, papers.value) == ("papers per month", 2000)


def test_ratios_are_named_by_what_they_multiply_and_units_are_no_names(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nOur kernel gives 40x higher throughput and a 9x speedup; training "
        "converges 6 and 10 times faster, with 3x fewer parameters. On average our method "
        "achieves 0.47dB, 0.48dB and 1.09dB improvements. The image size is very large (about "
        "$7000\\times5000$). We run on a 3.5GHz CPU with 32GB RAM.\n",
    )
    named = {v.name: v for v in got}
    assert named["throughput speedup"].value == 40 and named["speedup"].value in (9, [6, 10])
    assert named["parameters reduction"].value == 3
    assert all(named[n].kind is ValueKind.RESULT for n in ("throughput speedup", "speedup"))
    gains = named["improvements"]
    assert (gains.value, gains.unit, gains.kind) == ([0.47, 0.48, 1.09], "dB", ValueKind.RESULT)
    size = named["image size"].value  # what the adjective says is large
    assert 7000 in (size if isinstance(size, list) else [size])
    assert (named["CPU clock"].unit, named["CPU clock"].kind) == ("GHz", ValueKind.COMPUTE)
    assert named["RAM"].kind is ValueKind.COMPUTE
    assert not {"x", "dB", "GHz CPU", "times faster", "x higher throughput"} & set(named)


def test_units_after_a_value_are_units_and_model_codes_no_values(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe rotate the images by 90 degrees. The policy is only able to "
        "score 15.8 points. We sample 500 points. We run on an AMD EPYC 7H12 64-Core "
        "Processor and a single 2080 Ti GPU, on a cluster of $8$ NVIDIA H100 GPUs; training "
        "takes less than 1 hour.\n",
    )
    named = {(v.name, v.value) for v in got}
    assert ("rotation angle", 90) in named and ("score", 15.8) in named
    assert ("points", 500) in named  # counted points, no unit
    assert ("GPUs", 8) in named  # what the cluster is made of
    assert not any(v.value in (7, 2080) for v in got)  # "7H12", "2080 Ti": model codes
    [hours] = [v for v in got if v.value == 1]
    assert (hours.name, hours.unit) == ("training time", "hour")


def test_compound_names_with_a_symbol_and_long_of_phrases(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nWe treat a sentence as a multiset of $n$-grams with the maximum "
        "$n$-gram size $N$. We set $N = 2$, and the coefficient of the L2 regularization term "
        "is 0.1.\n",
    )
    named = {v.name: v.value for v in got}
    assert named["maximum n-gram size"] == 2  # "$n$-grams" defines no `n`
    assert named["coefficient of the L2 regularization term"] == 0.1


def test_a_dimension_written_n_d_and_a_verb_before_about_are_no_names(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Setup}\nThe tree can be represented in a 2-D hyperbolic space. Our method is "
        "the fastest and costs about 0.9 seconds.\n",
    )
    named = {v.name: v for v in got}
    assert named["hyperbolic space dimension"].value == 2
    assert (named["time"].value, named["time"].unit) == (0.9, "seconds")
    assert "costs" not in named


def test_a_data_word_as_a_modifier_makes_no_data():
    from paper2code.analyse.values.kinds import classify

    text = "we use a maximum n-gram length of $N=4$ for word-level tokenization"
    at = text.index("4")
    assert classify(text, "maximum n-gram length", "number", 1, at, True) is ValueKind.METHOD
    counted = "we keep the 4 words of each sentence"
    assert classify(counted, "words", "number", 1, counted.index("4")) is ValueKind.DATA


def test_a_grid_searched_in_square_brackets_is_a_sweep_named_outside_them(tmp_path):
    # "[8, 16, 32]" after "from" is the set searched (three or more values: a citation in a
    # PDF's text is "[3, 4]" after "as in"), named by the words before the bracket; the weights
    # drawn "from a uniform distribution in the range of [...]" are the model's, not data
    got = {
        (v.name, str(v.value), v.kind)
        for v in _read(
            tmp_path,
            "\\section{Setup}\nWe tuned the hidden size from [8, 16, 32, 64] and the dropout "
            "rate from [0.1, 0.3, 0.5].\nThe weights were initialized from a uniform "
            "distribution in the range of [-0.05, 0.05].\n",
        )
    }
    assert ("hidden size", "[8, 16, 32, 64]", ValueKind.SWEEP) in got
    assert ("dropout rate", "[0.1, 0.3, 0.5]", ValueKind.SWEEP) in got
    assert ("range", "[-0.05, 0.05]", ValueKind.METHOD) in got


def test_what_a_signal_is_sampled_into_and_sentences_about_the_data_are_data(tmp_path):
    # counts of data items (pixels, maps, stations) whatever the section; a sentence whose
    # subject is the data says what the data is; the shares of unbalanced labels are data.
    # The network's own maps and how the data is batched stay settings.
    got = _read(
        tmp_path,
        "\\section{Experiments}\nThe sine of the angle forms two normal maps. The maps are "
        "discretized using a grid with bandwidth $b = 32$ ($n = 4096$ pixels). The data was "
        "produced by a 10-year run of a climate model and consists of 12 channels. We "
        "collected measurements from $5,000$ weather stations. The labels are heavily "
        "unbalanced with 0.5\\% storms and 99.5\\% background pixels. Each layer has 64 "
        "feature maps. The learning rate is $0.01$ and the batch size is 16.\n",
    )
    kinds = {str(v.value): v.kind for v in got}
    for data in ("2", "32", "4096", "12", "5000", "0.005", "0.995"):
        assert kinds[data] is ValueKind.DATA, data
    for setting in ("64", "0.01", "16"):
        assert kinds[setting] is ValueKind.METHOD, setting


def test_a_list_of_one_value_per_layer_or_respectively_is_a_setting_not_a_search(tmp_path):
    # five channel counts "per layer", or values paired "respectively" with the parts they are
    # for, are one vector setting used in one run; a list written out for itself, or one value
    # for each of several networks built, was searched
    got = {
        str(v.value): v.kind
        for v in _read(
            tmp_path,
            "\\section{Setup}\nThe number of channels per layer is $16, 32, 64, 128, 256$. "
            "The hidden sizes are 64, 128 and 256 in the three stages, respectively. "
            "We tried weight decays of 0.01, 0.001 and 0.0001. Three networks are built, "
            "each with 4 layers and with 8, 32 and 128 nodes per layer, respectively.\n",
        )
    }
    assert got["[16, 32, 64, 128, 256]"] is ValueKind.METHOD
    assert got["[64, 128, 256]"] is ValueKind.METHOD
    assert got["[0.01, 0.001, 0.0001]"] is ValueKind.SWEEP
    assert got["[8, 32, 128]"] is ValueKind.SWEEP  # one per network built: the widths tried


def test_a_power_of_ten_whose_caret_was_dropped_is_one_number(tmp_path):
    # "$1 \cdot 10{-3}$" (a missing ^) is one learning rate, not the values 1, 10 and -3
    assert _shapes("The learning rate is $1 \\cdot 10{-3}$.") == [(0.001, "number")]
    got = _read(tmp_path, "\\section{Setup}\nThe learning rate is $1 \\cdot 10{-3}$.\n")
    assert [(v.name, v.value) for v in got] == [("learning rate", 0.001)]


def test_a_names_year_cut_after_an_apostrophe_is_no_value():
    # "SHREC'17" and "ICLR’20" name a contest and a conference; the models counted stay
    values = [c.value for c in find_candidates("The SHREC'17 contest (ICLR’20) has 51,300 models.")]
    assert values == [51300]


def test_a_task_done_to_counted_items_names_no_value_the_items_do(tmp_path):
    # "the classification of 720 maps" counts maps (data); the classification is no quantity
    got = {
        (v.name, v.value, v.kind)
        for v in _read(
            tmp_path,
            "\\section{Experiments}\nThe task is the classification of $720$ partial "
            "convergence maps. The learning rate is 0.01.\n",
        )
    }
    assert ("partial convergence maps", 720, ValueKind.DATA) in got
    assert ("learning rate", 0.01, ValueKind.METHOD) in got


def test_a_span_of_time_looked_back_over_is_the_datas_window_not_compute(tmp_path):
    # "the previous 5 days" is how much history an input covers (data); "about two days on a
    # single GPU" is what training cost
    got = {
        (v.name, v.value, v.kind)
        for v in _read(
            tmp_path,
            "\\section{Experiments}\nWe predict the temperature on a given day knowing the "
            "temperature on the previous 5 days. Training takes about two days on a single GPU.\n",
        )
    }
    assert ("previous days", 5, ValueKind.DATA) in got
    assert ("training time", 2, ValueKind.COMPUTE) in got


def test_how_training_augments_the_data_is_a_setting(tmp_path):
    # "the dataset augmented by 3 random translations": however the sentence names the data,
    # the augmentation is how training runs; the dataset's own size stays data
    got = {
        (v.name, v.value, v.kind)
        for v in _read(
            tmp_path,
            "\\section{Experiments}\nThe model is trained for 30 epochs on the dataset augmented "
            "by 3 random translations. The dataset contains 51,300 images.\n",
        )
    }
    assert ("random translations", 3, ValueKind.METHOD) in got
    assert ("images", 51300, ValueKind.DATA) in got


def test_several_values_given_a_symbol_before_a_table_sweeps_them_are_the_sweep(tmp_path):
    # "$k = 8, 20, 40$ neighbors", then a table with one row per k: the list is the values
    # tried, not a choice; one value given first ("$m = 4$") stays the method's choice
    got = {
        (str(v.value), v.kind)
        for v in _read(
            tmp_path,
            "\\section{Experiments}\nGraphs are built with $k = 8, 20, 40$ neighbors and "
            "$m = 4$ hops.\n\\begin{table}\\begin{tabular}{lrr}\n"
            "\\toprule & accuracy & F1 \\\\ \\midrule\n"
            "$k=8$ neighbors & 87.1 & 0.85 \\\\ $k=20$ neighbors & 91.3 & 0.90 \\\\\n"
            "$k=40$ neighbors & 92.5 & 0.91 \\\\\n"
            "\\end{tabular}\\caption{Results on maps.}\\end{table}\n",
        )
    }
    assert ("[8, 20, 40]", ValueKind.SWEEP) in got
    assert ("4", ValueKind.METHOD) in got


def test_what_the_phrase_saying_how_data_items_were_made_states_is_data(tmp_path):
    # "maps made of ... pixels from two models ($\Omega_m = 0.31$) at a noise level of 3.5"
    # describes the data; a setting after a clause of its own ("and we train with a dropout
    # of 0.2") or of the learner ("a batch size of 8") stays the method's
    got = {
        (v.value, v.kind)
        for v in _read(
            tmp_path,
            "\\section{Experiments}\nWe classify 720 maps made of $10^6$ pixels from two "
            "models, ($\\Omega_m = 0.31$) and ($\\Omega_m = 0.26$), at a relative noise level "
            "of $3.5$, with a batch size of 8, and we train with a dropout of 0.2.\n",
        )
    }
    for data in (720, 0.31, 0.26, 3.5):
        assert (data, ValueKind.DATA) in got, data
    assert (8, ValueKind.METHOD) in got
    assert (0.2, ValueKind.METHOD) in got


def test_a_datasets_splits_and_statistics_under_a_run_in_heading(tmp_path):
    # A run-in heading inside "Datasets" names one dataset: its statistics stay data. A list
    # matched to the splits by "respectively" is one size per split, named by its split, no
    # sweep; a participle between a count and its noun is the noun's adjective ("labeled
    # reviews"); "$\sim$" joins a name to its value as "about" does.
    got = _read(
        tmp_path,
        "\\section{Experiments}\\subsection{Datasets}\n\\textbf{Yelp Service Reviews.}\n"
        "We used the Yelp review dataset. It contains 444,101, 63,483, and 126,670 labeled "
        "reviews for train, validation, and test, respectively. The maximum length is 15 "
        "words; the vocabulary size is $\\sim$9200.\n"
        "\\section{Models}\nWe evaluate models of similar sizes ($\\sim$675M parameters).\n",
    )
    found = {(v.name, v.value, v.kind) for v in got}
    data = ValueKind.DATA
    assert ("training labeled reviews", 444101, data) in found
    assert ("validation labeled reviews", 63483, data) in found
    assert ("test labeled reviews", 126670, data) in found
    assert ("vocabulary size", 9200, data) in found
    # a parenthesis opened on a value counts what follows the value
    assert any(v.name == "parameters" and v.value == 675_000_000 for v in got)


def test_dimensions_written_against_their_value_and_the_span_of_a_search(tmp_path):
    # "256-d" is a dimension: of the noun after it, else of what the sentence names before
    # it; a grid search's extent and centre, stated after the search, are what was tried
    got = _read(
        tmp_path,
        "\\section{Setup}\nOur RNN has a hidden state of 256-d, linearly transformed to the "
        "style space of 8-d. We see the 128-d content vector is not discriminative. These "
        "weights were tuned by a log-scale grid search within two orders of magnitude around "
        "the default value~$1$.\n",
    )
    found = {(v.name, v.value, v.kind) for v in got}
    method = ValueKind.METHOD
    assert ("hidden state dimension", 256, method) in found
    assert ("style space dimension", 8, method) in found
    assert ("content vector dimension", 128, method) in found
    assert ("orders of magnitude", 2, ValueKind.SWEEP) in found
    assert any(v.value == 1 and v.kind is ValueKind.SWEEP for v in got)


def test_a_learners_section_is_no_environment_and_counts_are_no_words_of_names(tmp_path):
    # A section titled for the learner ("Policy Training") trains it in an environment its
    # text names often: its values are settings, not the environment's data. A spelt-out count
    # before a noun is a value of its own, no word of the name the noun gives a later value;
    # layers hold the filters they count ("layers of $64$ filters").
    got = _read(
        tmp_path,
        "\\section{Policy Training}\nThe agent is trained in the simulated environment. "
        "In every epoch we used 16 parallel agents in the simulated environment. The number "
        "of epochs is $z\\cdot 1000$, where $z$ equals to 1 in all passes except last one "
        "(where $z = 3$) and two passes number 8 and 12 (where $z = 2$). Next, three "
        "deconvolutional layers of $64$ filters follow with a $64$ dimensional vector.\n",
    )
    found = {(v.name, str(v.value), v.kind) for v in got}
    method = ValueKind.METHOD
    assert {("z", "1", method), ("z", "3", method), ("z", "2", method)} <= found
    assert ("passes number", "[8, 12]", method) in found
    assert ("deconvolutional layers", "3", method) in found
    assert ("filters", "64", method) in found
    assert ("vector dimension", "64", method) in found


def test_a_symbols_default_and_the_alternatives_tried_with_it(tmp_path):
    # "the number $N$ of steps" names N past its symbol; "Typically every $N=50$ steps we
    # sample" says what the paper does (its subject "we"), no fact of the world; one symbol
    # given values joined by "or" states the alternatives tried
    got = _read(
        tmp_path,
        "\\section{Ablations}\nAs for the number $N$ of steps so that every $N$ steps we "
        "reinitialize the model, we use $N=50$ by default. We experimented with $N=25$ or "
        "$N=100$. Typically every $M=40$ steps we sample a state. Typically, SET is played "
        "with $k=12$.\n",
    )
    found = {(v.name, str(v.value), v.kind) for v in got}
    assert ("number of steps", "50", ValueKind.METHOD) in found
    assert ("number of steps", "25", ValueKind.SWEEP) in found
    assert ("number of steps", "100", ValueKind.SWEEP) in found
    assert ("steps", "40", ValueKind.METHOD) in found
    assert any(v.value == 12 and v.kind is ValueKind.EXAMPLE for v in got)


def test_plural_scale_words_and_equivalent_amounts(tmp_path):
    # "2 millions frames" is two million of them, as "2 million" is; "equivalent to" joins a
    # value as "equal to" does, so the noun after the value names it
    assert _shapes("PPO trained on 2 millions frames") == [(2_000_000, "number")]
    got = _read(tmp_path, "\\section{Setup}\nThis is equivalent to $409,600$ frames.\n")
    assert [(v.name, v.value) for v in got] == [("frames", 409600)]


def test_a_winning_margin_is_a_result_and_annotators_are_the_protocol(tmp_path):
    # "by a margin of 10%" is how far the paper's runs beat others, a measurement; a loss's
    # margin is a setting; who judges the outputs is how the paper evaluates, not its data
    got = _read(
        tmp_path,
        "\\section{Results}\nCombining them improves the transfer accuracy to 90\\%, "
        "outperforming previous methods by a margin of 10\\% (Table 1). We use a triplet "
        "margin of 0.2. We asked 6 human annotators to rate each sentence.\n",
    )
    found = {(v.name, v.value, v.kind) for v in got}
    assert ("margin", 0.1, ValueKind.RESULT) in found
    assert ("triplet margin", 0.2, ValueKind.METHOD) in found
    assert ("human annotators", 6, ValueKind.METHOD) in found


def test_an_aside_between_dashes_does_not_hide_the_name_before_it(tmp_path):
    # "The inter-rater agreement---as measured by ...---is 0.74, ...": the subject names the
    # values, past the aside
    got = _read(
        tmp_path,
        "\\section{Evaluation}\nThe inter-rater agreement---as measured by Krippendorff's "
        "alpha for our ratings---is 0.74, 0.68, and 0.72 for these three aspects.\n",
    )
    assert [(v.name, v.value) for v in got] == [("inter-rater agreement", [0.74, 0.68, 0.72])]


def test_what_a_clause_about_the_datas_items_states_is_data(tmp_path):
    # the subject of the value's clause is the data's items ("All sequences are ...",
    # "answers have ..."): what they are made of is data, not a setting of the method; how
    # they are fed to training ("split into batches of 64") stays the method's
    got = _read(
        tmp_path,
        "\\section{Setup}\nAll sequences are 20 frames long and contain two handwritten "
        "digits. Questions have a maximum length of 160 characters and answers have a maximum "
        "length of 30 characters. The sequences are split into batches of 64.\n",
    )
    kinds = {v.value: v.kind for v in got}
    assert kinds[20] is kinds[2] is kinds[160] is kinds[30] is ValueKind.DATA
    assert kinds[64] is ValueKind.METHOD


def test_a_count_of_a_named_datasets_items_is_data_and_a_batchs_make_up_a_setting():
    from paper2code.analyse.values.kinds import classify

    # "N tokens of the X dataset" counts the data; "N epochs on the X dataset" is how long
    # the model trains there; what a batch holds ("each batch containing ...") and how it is
    # cut ("split into context windows of ...": a verb, no data split) are settings
    tokens = "We train on 10 billion tokens of the FineWeb-Edu dataset."
    assert classify(tokens, "tokens", "number", 1, tokens.index("10")) is ValueKind.DATA
    epochs = "We train for 100 epochs on the ImageNet dataset."
    assert classify(epochs, "epochs", "number", 1, epochs.index("100")) is ValueKind.METHOD
    batch = "with each batch containing 524,288 tokens, split into context windows of 1,024 tokens"
    assert classify(batch, "tokens", "number", 1, batch.index("524")) is ValueKind.METHOD
    at = batch.index("1,024")
    assert classify(batch, "context windows", "number", 1, at) is ValueKind.METHOD


def test_a_count_of_the_items_the_paper_then_gives_one_by_one_is_no_setting(tmp_path):
    # "in two consecutive steps. First, ...": the length of the list the next sentences give;
    # "trained in 4 stages." with no list after it is a setting
    got = _read(
        tmp_path,
        "\\section{Method}\nWe optimized hyperparameters in two consecutive steps. First, an "
        "automatic search ran. Second, we tuned by hand. The model was trained in 4 stages. "
        "Then it was frozen.\n",
    )
    values = {v.value for v in got}
    assert 2 not in values and 4 in values


def test_what_the_method_enhances_from_one_value_to_another(tmp_path):
    # "enhances RL performance from 56.3% -> 60.6%": the compared run's figure, then the
    # paper's own; the verb is no part of the name
    got = _read(
        tmp_path,
        "\\section{Introduction}\nExperimentally, E-SPL enhances RL performance from "
        "$56.3\\%\\rightarrow 60.6\\%$ on AIME 2025.\n",
    )
    found = {v.value: (v.name, v.kind) for v in got}
    assert found[0.563] == ("RL performance", ValueKind.BASELINE)
    assert found[0.606] == ("RL performance", ValueKind.RESULT)


def test_how_fast_a_system_ran_is_measured(tmp_path):
    # "ran at 340 fps ... and at 416 fps": the paper's speed, measured; a rival's in brackets is
    # the baseline's; the rate a camera records at is the data's
    got = _read(
        tmp_path,
        "\\section{Conclusion}\nOur implementation ran at 340 fps for OTB100 and at 416 fps for "
        "UAV123, faster than DCF (333 fps). The camera records at 30 fps.\n",
    )
    kinds = {v.value: v.kind for v in got}
    assert kinds[340] is kinds[416] is ValueKind.RESULT
    assert kinds[333] is ValueKind.BASELINE and kinds[30] is ValueKind.DATA


def test_orders_of_growth_layout_lengths_and_numbered_names_state_no_value(tmp_path):
    # a bound's powers (`\mathcal{O}(... \varepsilon^{3/2})`, "O(n^2)"), a TeX length a macro
    # leaves ("0pt"), a name opening with a number ("3PC", "Xeon Gold 6226R") and references
    # listed with an Oxford comma ("Assumptions 1, 2, and 8 hold") are no values; "16G
    # memory" and "2.90GHz" are
    got = _read(
        tmp_path,
        "\\section{Setup}\nThe rate is $\\mathcal{O}\\left(\\frac{\\sigma}{\\varepsilon^{3/2}}"
        "\\right)$ and sorting takes O(n^2) time\\abovedisplayskip=0pt. We use 3PC compressors "
        "on a Xeon Gold 6226R CPU at 2.90GHz with 16G memory. Suppose Assumptions 1, 2, and 8 "
        "hold; we train 4 layers.\n",
    )
    assert sorted(v.value for v in got) == [2.9, 4, 16]

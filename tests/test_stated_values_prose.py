"""Stated values in prose, by class of construct (held-out same-gibbs's classes): each read
from a small LaTeX paper written for it."""

from __future__ import annotations

from pathlib import Path

from paper2code.analyse import analyse
from paper2code.analyse.model import StatedValue, ValueKind
from paper2code.analyse.values.candidates import find_candidates
from paper2code.analyse.values.names import symbol_definitions
from paper2code.paper import load_paper


def _read(tmp_path: Path, body: str) -> list[StatedValue]:
    (tmp_path / "paper.tex").write_text(
        f"\\documentclass{{article}}\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return analyse(load_paper(tmp_path)).stated_values


def test_a_product_code_of_letters_digits_and_a_hyphen_is_a_name_not_a_value():
    text = "a PC with a 4-core CPU (Intel Core i7-3667U) and a Xeon E5-2650 Sandy Bridge"
    assert [c.value for c in find_candidates(text)] == [4]
    assert [c.value for c in find_candidates("we fine-tune Llama3-70B on 8 GPUs")] == [8]


def test_an_amount_of_memory_is_named_by_the_memory_and_a_clock_speed_is_compute(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Experiments}\nFor stout: 64 GB of CPU RAM CPU: Intel Xeon, eight cores, "
        "2.20 GHz clock speed. The GPU has about 12 GB of RAM.\n",
    )
    found = {(v.name, v.value, v.kind) for v in got}
    assert ("CPU RAM", 64, ValueKind.COMPUTE) in found
    assert ("clock speed", 2.2, ValueKind.COMPUTE) in found
    assert ("RAM", 12, ValueKind.COMPUTE) in found


def test_an_acronym_spelling_a_function_word_names_and_a_verb_before_a_count_does_not():
    table = symbol_definitions(
        [
            "It is important not to set the SAME replication factor $m$ too high.",
            "For each mini-batch our sampler forms $m$ copies of the known data.",
        ]
    )
    assert table["m"] == "SAME replication factor"


def test_one_symbol_given_several_values_side_by_side_was_varied(tmp_path):
    got = _read(
        tmp_path,
        "\\section{Results}\nUsing $m=1$ as a reference, the sampler converges. "
        "The increase from $m=1$ to $m=5$ is larger than the increase from $m=5$ to $m=10$.\n"
        "\\section{Setup}\nWe use a maximum n-gram length of $N=4$ for BLEU and $N=6$ for CHRF. "
        "We set $R=11$ and linearly decrease to $R=2$.\n",
    )
    kinds = {(v.symbol, v.value): v.kind for v in got if v.symbol}
    assert kinds["m", 1] is kinds["m", 5] is kinds["m", 10] is ValueKind.SWEEP
    # the reference stated before the comparison is one of the values compared
    assert {v.kind for v in got if v.symbol == "m"} == {ValueKind.SWEEP}
    assert kinds["N", 4] is not ValueKind.SWEEP  # one value per condition
    assert kinds["N", 6] is not ValueKind.SWEEP
    assert kinds["R", 11] is kinds["R", 2] is ValueKind.METHOD  # one schedule

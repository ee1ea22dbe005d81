"""What each stated value applies to (its `ValueContext`), by class of construct, on a small
paper with one sentence per construct; and how contexts group the method's values into
settings (`analyse.settings`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2code.analyse import analyse
from paper2code.analyse.model import StatedValue, ValueContext, ValueKind
from paper2code.analyse.settings import method_settings, slugify
from paper2code.paper import load_paper

FIXTURE = Path(__file__).parent / "fixtures" / "settings" / "contexts"


@pytest.fixture(scope="module")
def values() -> list[StatedValue]:
    return analyse(load_paper(FIXTURE)).stated_values


def _context(values: list[StatedValue], canonical: str, value: float) -> ValueContext:
    found = [v for v in values if v.canonical == canonical and v.value == value]
    assert len(found) == 1, [(v.canonical, v.value) for v in values]
    return found[0].context


@pytest.mark.parametrize(
    ("canonical", "value", "field", "expected"),
    [
        ("num_heads", 8, "model", "1B"),  # "8 and 12 ... for the 1B and 3B models, respectively"
        ("num_heads", 12, "model", "3B"),
        ("learning_rate", 3e-4, "model", "1B"),  # "3e-4 for the 1B model"
        ("batch_size", 1024, "model", "3B"),  # "For the 3B model, we use ..."
        ("dropout", 0.1, "experiment", "CIFAR-10"),  # "0.1 on CIFAR-10 and 0.3 on ImageNet"
        ("dropout", 0.3, "experiment", "ImageNet"),
        ("epochs", 2, "experiment", "Lyrics"),  # "For Lyrics, we trained ..."
        ("warmup_steps", 2000, "stage", "pre-training"),  # "During pre-training, ..."
        ("weight_decay", 0.05, "stage", "fine-tuning"),  # \paragraph{Fine-tuning.}
        # every value of a sentence about a baseline is the baseline's, however far from it
        ("weight_decay", 0.01, "model", "Transformer baseline"),
        ("dropout", 0.2, "model", "Transformer baseline"),
        # "200K iterations" counts steps; it names no model size
        ("grad_clip", 1.5, "model", "ours"),
    ],
)
def test_context_by_construct(values, canonical, value, field, expected) -> None:
    assert getattr(_context(values, canonical, value), field) == expected


def test_settings_group_by_size_and_dataset_and_never_take_a_baseline(values) -> None:
    settings = method_settings(values, ["ProbeNet"])
    named = {s.name: {(v.canonical, v.value) for v in s.values} for s in settings.settings}
    assert named["3B"] == {("num_heads", 12), ("batch_size", 1024)}
    assert named["1B"] == {("num_heads", 8), ("learning_rate", 3e-4)}
    assert named["CIFAR-10"] == {("dropout", 0.1)}
    assert settings.main is not None and settings.main.name == "3B"
    assert settings.main.why == "it is the largest model the paper trains"  # no results table
    assert {(v.canonical, v.value) for v in settings.baselines} >= {
        ("weight_decay", 0.01),
        ("dropout", 0.2),
    }


def _value(canonical: str, value: float, **context: str) -> StatedValue:
    return StatedValue(
        canonical, value, str(value), ValueKind.METHOD, "§1", "q", context=ValueContext(**context),
        canonical=canonical,
    )  # fmt: skip


def test_a_dataset_named_throughout_is_no_setting() -> None:
    """A paper on ImageNet throughout has one setting; GLUE, whose value contradicts the
    one stated for every setting, is a setting beside it."""
    values = [
        _value("learning_rate", 1e-4, experiment="ImageNet"),
        _value("batch_size", 256, experiment="ImageNet 256"),
        _value("weight_decay", 0.1),
    ]
    assert method_settings(values).settings == []
    glue = method_settings([*values, _value("weight_decay", 0.05, experiment="GLUE")])
    # ImageNet is the ImageNet 256 of the paper: one setting, not two
    assert [s.name for s in glue.settings] == ["ImageNet 256", "GLUE"]
    assert glue.main is not None and glue.main.why == "the paper states most values for it"


def test_each_setting_has_a_file_of_its_own() -> None:
    """Names that slug alike get a file each; no setting's file is base.yaml, the main's."""
    values = [
        _value("learning_rate", 1e-4, experiment="ImageNet-64"),
        _value("learning_rate", 2e-4, experiment="ImageNet 64"),
    ]
    assert [s.slug for s in method_settings(values).settings] == ["imagenet_64", "imagenet_64_2"]
    assert slugify("base") == "base_setting"
    assert slugify("x" * 100) == "x" * 40

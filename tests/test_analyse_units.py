"""Hyperparameter extraction and the knowledge base, on small hand-built papers."""

from __future__ import annotations

import pytest

from paper2code.analyse.hyperparams import extract_hyperparameters, find_conflicts
from paper2code.analyse.model import StatedHyperparameter
from paper2code.knowledge import KnowledgeError, _family, load_knowledge
from paper2code.paper.model import Kind, Metadata, Paper, Paragraph, Section, SourceLoc, Table

LOC = SourceLoc("paper.tex", 1)
KB = load_knowledge()


def paper(*texts: str, table: list[list[str]] | None = None) -> Paper:
    els = [Section(Kind.SECTION, "4", "§4", "§4", LOC, title="Experiments")]
    els += [Paragraph(Kind.PARAGRAPH, None, "§4", "§4", LOC, text=t) for t in texts]
    if table is not None:
        els.append(Table(Kind.TABLE, "2", "Table 2", "§4", LOC, caption="Settings.", rows=table))
    return Paper(Metadata(title="t"), els)


def found(*texts: str, table: list[list[str]] | None = None) -> list[tuple]:
    p = paper(*texts, table=table)
    return [(f.name, f.value, f.quote, f.context) for f in extract_hyperparameters(p, KB)]


@pytest.mark.parametrize(
    "text",
    [
        "As shown in Table 3 and Section 4.2, the learning rate matters (Smith et al., 2019).",
        "Dropout [12] is widely used; see Eq. 7 and Figure 2 for 3 examples.",
        "We train on CIFAR-10 with ResNet-50 on 8 V100 GPUs for 3 days.",
        "The learning rate is halved every 10 epochs after the 2nd stage.",
        "The batch size matters less than the 1000 images we hold out.",
        "We use $x_{10}$ and $\\beta_{2}$ as notation for the $2^{10}$ states.",
    ],
)
def test_numbers_that_are_not_values_are_ignored(text):
    assert [f for f in found(text) if f[0] != "epochs"] == []


def test_prose_values_with_their_quotes():
    assert found(
        "We use a learning rate of 3e-4, a batch size 256 and weight decay of 0.01.",
        "The model has 8 heads and 6 layers; we train for 100K steps with 4000 warmup steps.",
    ) == [
        ("learning_rate", 3e-4, "learning rate of 3e-4", None),
        ("batch_size", 256, "batch size 256", None),
        ("weight_decay", 0.01, "weight decay of 0.01", None),
        ("num_heads", 8, "8 heads", None),
        ("num_layers", 6, "6 layers", None),
        ("train_steps", 100000, "100K steps", None),
        ("warmup_steps", 4000, "4000 warmup steps", None),
    ]


def test_symbols_in_math_including_tuples_and_chains():
    assert found(
        "We use Adam with $(\\beta_1, \\beta_2) = (0.9, 0.999)$ and $\\epsilon=10^{-8}$.",
        "Gradient clipping at 1.0 and an EMA rate of 0.999 are used.",
    ) == [
        ("adam_beta1", 0.9, "$(\\beta_1, \\beta_2) = (0.9, 0.999)$", None),
        ("adam_beta2", 0.999, "$(\\beta_1, \\beta_2) = (0.9, 0.999)$", None),
        ("adam_eps", 1e-8, "$\\epsilon=10^{-8}$", None),
        (
            "optimizer",
            "adam",
            "We use Adam with $(\\beta_1, \\beta_2) = (0.9, 0.999)$ and $\\epsilon=10^{-8}$.",
            None,
        ),
        ("grad_clip", 1.0, "Gradient clipping at 1.0", None),
        ("ema_decay", 0.999, "EMA rate of 0.999", None),
    ]


def test_weak_symbols_need_their_topic():
    assert found("We set $T = 1000$ for all experiments.") == []
    assert found("The noise schedule uses $T = 1000$ steps.")[0][:2] == ("diffusion_steps", 1000)
    # Without Adam nearby, epsilon is not Adam's epsilon.
    assert found("We use $\\epsilon = 10^{-5}$ in the loss.") == []


def test_warmup_in_epochs_is_warmup_epochs():
    assert found("We use a linear warmup of 5 epochs.") == [
        ("warmup_epochs", 5, "linear warmup of 5", None)
    ]


def test_contexts_from_prose():
    assert found(
        "We use a dropout of 0.3 for the big model.",
        "For CIFAR10, we use a batch size of 128.",
    ) == [
        ("dropout", 0.3, "dropout of 0.3", "big"),
        ("batch_size", 128, "batch size of 128", "CIFAR10"),
    ]


def test_name_value_table_with_context_columns():
    table = [
        ["Hyperparameter", "CIFAR10", "LSUN"],
        ["Learning rate", "$2 \\times 10^{-4}$", "$2 \\times 10^{-5}$"],
        ["Batch size", "128", "64"],
        ["FID", "3.17", "7.89"],
    ]
    assert found(table=table) == [
        ("learning_rate", 2e-4, "Learning rate $2 \\times 10^{-4}$ $2 \\times 10^{-5}$", "CIFAR10"),
        ("learning_rate", 2e-5, "Learning rate $2 \\times 10^{-4}$ $2 \\times 10^{-5}$", "LSUN"),
        ("batch_size", 128, "Batch size 128 64", "CIFAR10"),
        ("batch_size", 64, "Batch size 128 64", "LSUN"),
    ]


def test_results_table_with_one_named_column_is_not_a_config():
    table = [["Method", "Epochs", "FID"], ["Ours", "80", "4.07"], ["Baseline", "1400", "9.62"]]
    assert found(table=table) == []


def test_conflicts_only_without_distinguishing_context():
    def f(value, anchor, context=None):
        return StatedHyperparameter(
            "learning_rate", value, str(value), "q", anchor, context=context
        )

    assert find_conflicts([f(1e-4, "§4", "base"), f(3e-4, "§4", "big")]) == []
    assert find_conflicts([f(1e-4, "§4"), f(1e-4, "Table 1")]) == []
    [c] = find_conflicts([f(1e-4, "§4"), f(3e-4, "§A")])
    assert [x.anchor for x in c.hyperparameters] == ["§4", "§A"]
    # Rows of one table that share a label are variants of a sweep, not a contradiction.
    assert find_conflicts([f(1e-4, "Table 2", "(A)"), f(3e-4, "Table 2", "(A)")]) == []


def test_knowledge_base_is_complete_and_consistent():
    assert KB.family_names == [
        "attention", "transformer", "convolution", "data", "diffusion", "evaluation", "gan",
        "loss", "normalization", "optimizer", "lr_schedule", "positional_encoding", "vae",
    ]  # fmt: skip
    for name in ("d_model", "num_heads", "dropout", "adam_eps", "ema_decay", "beta_start"):
        assert name in KB.hyperparameter_names
    for choice in KB.choices:
        assert choice.name and choice.why and choice.default is not None, choice.key
        assert choice.family in KB.family_names
    assert KB.choice("norm_position").family == "normalization"
    assert KB.hyperparameter("dropout").accepts(0.1)
    assert not KB.hyperparameter("dropout").accepts(2017)
    assert not KB.hyperparameter("num_heads").accepts(8.5)


def test_malformed_knowledge_is_reported_with_its_file():
    with pytest.raises(KnowledgeError, match="bad.yaml"):
        _family({"name": "x", "detect": {"text": ["(unclosed"]}}, "bad.yaml")
    with pytest.raises(KnowledgeError, match="missing 'why'"):
        _family({"name": "x", "choices": [{"key": "k", "name": "n", "default": 1}]}, "bad.yaml")


def test_values_listed_in_the_order_of_their_names():
    quote = "$\\beta_1$ and $\\beta_2$ of AdamW are set to 0.9 and 0.95"
    assert found(f"No weight decay is applied, and {quote}.") == [
        ("adam_beta1", 0.9, quote, None),
        ("adam_beta2", 0.95, quote, None),
    ]
    quote = "learning rate and weight decay are 1e-4 and 0.05"
    assert found(f"The {quote}, respectively.") == [
        ("learning_rate", 1e-4, quote, None),
        ("weight_decay", 0.05, quote, None),
    ]
    # Two names, one value: only the name next to it gets it.
    assert found("We use dropout and label smoothing of 0.1.") == [
        ("label_smoothing", 0.1, "label smoothing of 0.1", None)
    ]


def test_one_letter_symbols_keep_their_case_and_moments_are_not_lengths():
    assert found("The forward process noise is evaluated at $t = 250$.") == []
    assert found("Nested guidance is disabled in the first 50 training epochs.") == []
    assert found("We train for 400 epochs.") == [("epochs", 400, "400 epochs", None)]


def test_audit_reads_a_value_from_a_settling_sentence():
    from paper2code.analyse.audit import run_audit

    p = paper("We apply an attention dropout of 0.2 in every layer.")
    [item] = [i for i in run_audit(p, KB, ["attention"], [], []) if i.key == "attention_dropout"]
    assert (item.status.value, item.value, item.anchor) == ("SPECIFIED", 0.2, "§4")
    assert item.quote == "We apply an attention dropout of 0.2 in every layer."

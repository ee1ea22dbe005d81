"""What supports a value (P2C012–P2C014): a cited quote must state its value, `[UNSPECIFIED]` may
not hide a value the paper states, and a value cited as the paper's must be the paper's value
for that setting. Hand-written implementations per rule against the fixture paper, and single
lines against a small paper written here with the number forms papers use."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from corpus import ABSENT, CORPUS, corpus_paper

from paper2code.analyse import analyse
from paper2code.analyse.hyperparams import extract_hyperparameters
from paper2code.engines.base import Mode, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.escape import quoted, yaml_comment
from paper2code.knowledge import KnowledgeError, _validate, load_knowledge
from paper2code.paper import load_paper
from paper2code.render.write import write_project
from paper2code.verify import check_directory, check_files
from paper2code.verify.stated import paper_states

SUPPORT = Path(__file__).parent.parent / "fixtures" / "verify" / "impls" / "support"

# Each failing implementation's findings, exactly: (file, line, rule).
FAILS = {
    "quote": [
        ("configs/base.yaml", 3, "P2C012"),  # d_model 64, "model dimension"
        ("configs/base.yaml", 4, "P2C012"),  # dropout 0.1, "We apply dropout with rate"
        ("configs/base.yaml", 5, "P2C012"),  # init xavier, "... from a normal distribution"
        ("model.py", 3, "P2C012"),  # window = 4, a sentence without the 4
    ],
    "unspecified": [
        ("configs/base.yaml", 3, "P2C013"),  # batch_size: Table 1 gives 32
        ("configs/base.yaml", 4, "P2C013"),  # beta1 is adam_beta1: §4.2 gives 0.9
        ("model.py", 3, "P2C013"),  # WARMUP_STEPS: §4.2 gives 4000
    ],
    "contradicts": [
        ("configs/base.yaml", 3, "P2C014"),  # batch_size 64: the 64 of Table 1 is d
        ("configs/base.yaml", 4, "P2C014"),  # optimizer sgd: the paper trains with Adam
        ("model.py", 3, "P2C014"),  # warmup_steps 32: the batch size's row
    ],
}


@pytest.mark.parametrize("rule", sorted(FAILS))
def test_each_rule_fails_its_implementation(paper, rule):
    report = check_directory(SUPPORT / rule / "fails", paper)
    assert [(f.file, f.line, f.rule) for f in report.findings] == FAILS[rule]
    assert all(f.severity == "error" for f in report.findings)


@pytest.mark.parametrize("rule", sorted(FAILS))
def test_each_rule_passes_its_implementation_strictly(paper, rule):
    report = check_directory(SUPPORT / rule / "passes", paper, strict=True)
    assert report.findings == [], [f"{f.where} {f.rule} {f.message}" for f in report.findings]
    assert report.files == 2


def test_messages_name_the_value_and_where_the_paper_states_it(paper):
    messages = {
        rule: [f.message for f in check_directory(SUPPORT / rule / "fails", paper).findings]
        for rule in FAILS
    }
    assert messages["quote"][0] == 'quote does not state 64: "model dimension"'
    assert messages["quote"][2].startswith('quote does not state xavier: "All weight')
    assert messages["unspecified"][0] == (
        'batch_size is stated in Table 1 ("batch size 32"), not unspecified'
    )
    assert messages["unspecified"][1].startswith("beta1 (adam_beta1) is stated in §4.2")
    assert messages["contradicts"][0] == (
        "batch_size = 64 contradicts the paper, which states batch_size = 32 (Table 1)"
    )


def test_config_keys_map_to_the_knowledge_bases_names():
    kb = load_knowledge()
    assert kb.canonical_key("lr") == "learning_rate"
    assert kb.canonical_key("num_decoder_layers") == "num_layers"
    assert kb.canonical_key("batch_size") == "batch_size"
    assert kb.canonical_key("positional_encoding") == "pos_encoding_type"
    assert kb.canonical_key("eps") is None  # Adam's or LayerNorm's: not guessed
    assert kb.value_words("pos_encoding_type")["rope"][0].search("rotary embeddings")
    assert kb.value_words("optimizer")["adamw"][0].search("AdamW")
    with pytest.raises(KnowledgeError, match="aliases.yaml: lr: unknown name 'learning_rat'"):
        _validate(replace(kb, config_keys={"lr": "learning_rat"}))


# ---- number forms and named choices, on a paper written here ------------------------------

PAPER = r"""\documentclass{article}
\title{Stated Values}
\begin{document}
\section{Setup}
We train with AdamW at a learning rate of 3e-4 and warm up during the first 2K steps.
The weight decay is $10^{-4}$. Positions are encoded with rotary embeddings.
For the big model, we use a batch size of 256.
\section{Results}
The model converges.
\end{document}
"""


@pytest.fixture(scope="module")
def setup_paper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paper")
    (folder / "main.tex").write_text(PAPER, encoding="utf-8")
    return load_paper(folder)


def rules(paper, text, name="configs/base.yaml"):
    return [f.rule for f in check_files({name: text}, paper, strict=True).findings]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # numbers are compared as numbers, whichever way the paper writes them
        ('lr: 0.0003  # §1 — "a learning rate of 3e-4"', []),
        ('warmup_steps: 2000  # §1 — "during the first 2K steps"', []),
        ('weight_decay: 1.0e-4  # §1 — "The weight decay is $10^{-4}$"', []),
        ('warmup_steps: 2000  # §1 — "warm up during the first"', ["P2C012"]),
        # a named choice by the knowledge base's words, or its own
        ('pos_encoding: rope  # §1 — "rotary embeddings"', []),
        ('optimizer: adamw  # §1 — "We train with AdamW"', []),
        ('pos_encoding: rope  # §1 — "We train with AdamW"', ["P2C012"]),
        ('pos_encoding: learned  # §1 — "rotary embeddings"', ["P2C012"]),
        # only the value's own comment must state it; a quote not in the paper is P2C004
        ('# §1 — "We train with AdamW"\nsetup:\n  lr: 0.0003', []),
        ('lr: 0.0003  # §1 — "a learning rate of 0.0003"', ["P2C004"]),
    ],
)
def test_a_quote_must_state_its_value(setup_paper, line, expected):
    assert rules(setup_paper, line + "\n") == expected


def test_a_python_literal_passed_to_a_call_is_not_a_config_value(setup_paper):
    quote = '# §1 — "We train with AdamW"'
    code = f"opt = make(lr=3e-4)  {quote}\nlr = 3e-4  {quote}\n"
    report = check_files({"train.py": code}, setup_paper, strict=True)
    assert [(f.line, f.rule) for f in report.findings] == [(2, "P2C012")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("learning_rate: 0.001  # [UNSPECIFIED] a guess. Alternatives: 3e-4", ["P2C013"]),
        ("lr: 0.001  # [UNSPECIFIED] a guess. Alternatives: 3e-4", ["P2C013"]),
        # 256 is the big model's batch size: for the method itself the paper is silent
        ("batch_size: 32  # [UNSPECIFIED] not given for the base model. Alternatives: 256", []),
        ("epochs: 10  # [UNSPECIFIED] not in the paper. Alternatives: 20", []),
        ("lr: 0.001  # [ASSUMPTION] a smaller rate for a smaller run", []),
    ],
)
def test_unspecified_only_where_the_paper_is_silent(setup_paper, line, expected):
    assert rules(setup_paper, line + "\n") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # any context the paper gives counts: 256 is the big model's
        ("batch_size: 256  # §1", []),
        ("optimizer: adamw  # §1", []),
        ("optimizer: adam  # §2", ["P2C014"]),  # §2 names none, the paper says AdamW
        ("lr: 0.0003  # §1", []),
        ("lr: 0.0001  # §1", ["P2C014"]),  # 1e-4 is at §1, but it is the weight decay
        ("lr: 0.0001  # [ASSUMPTION] a smaller rate for a smaller run", []),
        ("lr: 0.001  # §1 — derived: lr = base_lr * 2", []),
    ],
)
def test_a_cited_value_must_be_the_papers_for_its_setting(setup_paper, line, expected):
    assert rules(setup_paper, line + "\n") == expected


def test_unspecified_on_a_value_only_the_open_reading_labels(tmp_path):
    """P2C013 reads the stated values too: "the hidden size ... $h = 1024$" is `d_model` by
    the open reading's label, which the vocabulary's reading does not find."""
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\\begin{document}\\section{Setup}\n"
        "The hidden size $h$ of every block is fixed, $h = 1024$.\n\\end{document}\n",
        encoding="utf-8",
    )
    paper = load_paper(tmp_path)
    assert "d_model" not in {f.name for f in extract_hyperparameters(paper, load_knowledge())}
    assert rules(paper, "d_model: 512  # [UNSPECIFIED] a guess. Alternatives: 256\n") == ["P2C013"]
    assert rules(paper, 'd_model: 1024  # §1 — "$h = 1024$"\n') == []


# ---- real papers --------------------------------------------------------------------------

CORPUS_PAPERS = ["hyla", "gmflow", "repa-e", "fractalgen", "tanh-init"]


def _one_per_name(paper):
    """Per canonical name, the first value the paper states for the main setting of its
    method (its own, else one stated for every setting; else the first stated at all), as the
    analysis reads it, and whether the paper states one for the method's main setting."""
    states = paper_states(paper, load_knowledge())
    firsts, own = {}, {}
    for name, values in states.values.items():
        if states.main is not None:
            main = states.for_setting(name, states.main)[1]
        else:
            main = [s for s in values if s.context is None and not s.baseline]
        firsts[name] = (main or values)[0]
        own[name] = bool(main)
    return firsts, own


@pytest.mark.parametrize("name", CORPUS_PAPERS)
def test_real_paper_values_with_their_quotes_pass_and_flagged_fail(name):
    if CORPUS is None or not (CORPUS / name).is_dir():
        pytest.skip(ABSENT)
    paper = corpus_paper(name)
    stated, own = _one_per_name(paper)
    assert stated, name
    cited = "".join(
        f"{key}: {s.value!r}  # {s.anchor} — {yaml_comment(quoted(s.quote))}\n"
        for key, s in stated.items()
    )
    report = check_files({"configs/base.yaml": cited}, paper, strict=True)
    assert report.findings == [], [f"{f.where} {f.rule} {f.message}" for f in report.findings]

    flagged = "".join(
        f"{key}: {s.value!r}  # [UNSPECIFIED] a guess. Alternatives: none\n"
        for key, s in stated.items()
    )
    report = check_files({"configs/base.yaml": flagged}, paper, strict=True)
    main = [i for i, key in enumerate(stated, start=1) if own[key]]
    assert [(f.line, f.rule) for f in report.findings] == [(i, "P2C013") for i in main]


# ---- the bundled example, end to end ------------------------------------------------------

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "tiny_transformer"


def test_bundled_example_takes_what_its_paper_states_and_passes_strict(tmp_path):
    """The example paper says "The vocabulary has 16 symbols": the built-in engine's config
    takes 16 with that quote, flags [UNSPECIFIED] only what the paper does not state, and
    passes the stricter checker; the config it used to write fails it."""
    paper = load_paper(EXAMPLE)
    analysis = analyse(paper)
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.MINIMAL))
    out = write_project(project, paper, analysis, tmp_path)
    report = check_directory(out, paper, strict=True)
    assert report.ok, [f"{f.where} {f.rule} {f.message}" for f in report.findings]
    config = (out / "configs" / "base.yaml").read_text(encoding="utf-8")
    assert 'vocab_size: 16 # §3.1 — "vocabulary has 16"' in config
    assert "max_seq_len: 32 # §3.1" in config

    old = re.sub(
        r"vocab_size: 16 # .*",
        "vocab_size: 32000 # [UNSPECIFIED] Vocabulary size not stated in the paper. "
        "Alternatives: 37000, 50257.",
        config,
        count=1,
    )
    (out / "configs" / "base.yaml").write_text(old, encoding="utf-8")
    (f,) = check_directory(out, paper, strict=True).findings
    assert (f.file, f.rule) == ("configs/base.yaml", "P2C013")
    assert f.message == 'vocab_size is stated in §3.1 ("vocabulary has 16"), not unspecified'

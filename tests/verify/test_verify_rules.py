"""Each rule on small in-memory implementations, checked against the fixture paper."""

import json

import nbformat
import pytest

from paper2code.verify import check_files


def found(paper, files, strict=False):
    report = check_files(files, paper, strict=strict)
    return [(f.file, f.line, f.rule) for f in report.findings], report


def rules(paper, files, strict=False):
    return [rule for _, _, rule in found(paper, files, strict)[0]]


# ---- anchors --------------------------------------------------------------------------


def test_dangling_equation_names_what_exists(paper):
    report = check_files({"m.py": "x = f(y)  # Eq. 40\n"}, paper)
    (f,) = report.findings
    assert (f.rule, f.line) == ("P2C002", 1)
    assert "Eq. 40 does not exist" in f.message and "equations 1–7" in f.message


@pytest.mark.parametrize(
    "tag", ["§7", "§3.4", "Table 3", "Figure 2", "Algorithm 2", "§B", "§ethics"]
)
def test_dangling_anchors(paper, tag):
    assert rules(paper, {"README.md": f"See {tag}.\n"}) == ["P2C002"]


@pytest.mark.parametrize(
    "tag", ["§3", "§A.1", "§broader-impact", "Appendix A", "Figure 1", "Table 2", "Eqs. 1–7"]
)
def test_existing_anchors(paper, tag):
    assert rules(paper, {"README.md": f"See {tag}.\n"}) == []


@pytest.mark.parametrize(
    ("tag", "rule"), [("§3.2x", "P2C001"), ("§S1", "P2C001"), ("Table 9b", "P2C002")]
)
def test_missing_anchor_of_an_unusual_shape_is_malformed(paper, tag, rule):
    (f,) = check_files({"README.md": f"See {tag}.\n"}, paper).findings
    assert f.rule == rule
    assert "sections 1, 2, 3, 4, 5, 6, A" in f.message or "tables 1–2" in f.message


def test_range_end_must_exist(paper):
    assert rules(paper, {"README.md": "Eqs. 6–9 give the loss.\n"}) == ["P2C002"]


@pytest.mark.parametrize(
    ("tag", "ok"),
    [("§3.2, Eq. 3", True), ("§3, Eq. 3", True), ("§3.1, Eq. 3", False), ("§3.1, Table 1", False)],
)
def test_misplaced_anchor(paper, tag, ok):
    assert rules(paper, {"README.md": f"{tag}\n"}) == ([] if ok else ["P2C003"])


# ---- quotes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ('# §3.2 — "We apply layer normalization after each residual block"', []),
        ("# §3.2 — “we apply layer\n# normalization after each residual block”", []),
        ('# §3 — "We apply layer normalization"', []),  # a section covers its subsections
        ('# §3.2, Eq. 4 — "adds the gated mixture to its input"', []),  # Eq. 4's section
        ('# "mean-pooled over positions" (§3.3)', []),  # citation after the quote
        ('# §3.3:\n# "mean-pooled over positions"', []),  # citation just before, next line
        ('# §4.2 — "We train with Adam ... 4000 warmup steps"', []),  # ellipsis
        ('# §4.2 — "we train with SGD"', ["P2C004"]),
        ('# §4.1 — "mean-pooled over positions"', ["P2C005"]),
        ('# §3.1 — "a small sequence classifier"', ["P2C005"]),  # in the abstract
        ('# [PARTIALLY_SPECIFIED] "We apply dropout with rate"; placement is ours', []),
        ('# [PARTIALLY_SPECIFIED] "We apply dropout everywhere"; placement is ours', ["P2C004"]),
        ('# §3.1. Shapes: "B T D" is the layout', ["P2C004"]),
        ('# shapes are "B T D"', []),  # a quote with no citation is just text
    ],
)
def test_quotes(paper, comment, expected):
    assert rules(paper, {"m.py": comment + "\nx = y\n"}) == expected


def test_quote_elsewhere_names_the_place(paper):
    report = check_files({"m.py": '# §4.1 — "mean-pooled over positions"\n'}, paper)
    assert "found elsewhere: §3.3" in report.findings[0].message


# ---- values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("p = 0.1  # §4.2", []),
        ("p = 0.3  # §4.2", ["P2C006"]),
        ("eps = 1e-9  # §4.2", []),  # the paper writes 10^{-9}
        ("eps = 1e-8  # §4.2", ["P2C006"]),
        ("betas = (0.9, 0.98)  # §4.2", []),
        ("betas = (0.9, 0.999)  # §4.2", ["P2C006"]),
        ("d = 64  # Table 1", []),
        ("d = 64  # §4.2", []),  # Table 1 sits in §4.2
        ("d = 128  # Table 1", ["P2C006"]),
        ("std = 0.02  # §A.1", []),
        ("d_k = 16  # §4.2 — d_k = d_model / n_heads", []),  # derived: not compared
        ("d_k = 16  # §4.2, derived from Table 1", []),
        ('d_k = 16  # §4.2 — "d_k = d_model / h"', ["P2C004", "P2C006"]),  # a quote is no formula
        ("lr = 3e-4  # [ASSUMPTION] common Adam default, §4.2 gives none", []),
        ("n = 7  # §6", ["P2C006"]),
        ("n_classes = 2  # §5 — two classes, spelt out", []),
        ("n_classes = 3  # §5", ["P2C006"]),
        ('n = 2  # §2 — "Gating has a long history"', ["P2C006"]),
        ('smooth = 0.1  # §3 — "label smoothing of"', ["P2C005", "P2C006"]),
    ],
)
def test_values_in_code(paper, line, expected):
    assert sorted(rules(paper, {"m.py": line + "\n"})) == expected


def test_value_in_a_quote_counts(paper):
    # 0.02 is not in §3.1, but the quote (from §A.1) states it: the quote is misplaced, the
    # value is not reported a second time.
    files = {"m.py": '# §3.1 — "standard deviation 0.02"\nstd = 0.02\n'}
    assert rules(paper, files) == ["P2C005"]


def test_value_message_lists_what_the_paper_states(paper):
    report = check_files({"c.yaml": "dropout: 0.3  # §4.1\n"}, paper)
    (f,) = report.findings
    assert f.rule == "P2C006" and "dropout = 0.3" in f.message and "0.1" in f.message


# ---- silent assumptions in code ---------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "y = x.view(b, -1)",
        "y = x.softmax(dim=-1)",
        "y = x.transpose(-2, -1)",
        "y = x ** 2",
        "y = x ** -0.5",
        "y = x / 2",
        "y = 2 * x",
        "for i in range(10): pass",
        "z = torch.zeros(3, 4)",
        "z = torch.randn(2, 16, 64)",
        "y = x[:, 3]",
        "y = x[2:5]",
        "assert y.shape == (2, 16, 64)",
        "ok = x.dim() == 3",
        "p = 0.5",
        "a, b, c = 0, 1, -1",
        "flag = True",
        'name = "adam"',
        "q, k, v = x.chunk(3, dim=-1)",
    ],
)
def test_trivial_literals_need_no_citation(paper, code):
    assert rules(paper, {"m.py": code + "\n"}, strict=True) == []


@pytest.mark.parametrize(
    "code",
    [
        "lr = 3e-4",
        "hidden = 4 * d_model",
        "layer = nn.Linear(d_model, 256)",
        "opt = Adam(params, eps=1e-6)",
        "n = 2",
        "y = x / 3",
        "y = x[: int(0.9 * n)]",  # a float inside a subscript is still a choice
    ],
)
def test_hyperparameter_literals_need_a_citation(paper, code):
    found_, report = found(paper, {"m.py": code + "\n"})
    assert [r for _, _, r in found_] == ["P2C007"]
    assert report.findings[0].severity == "warning" and report.ok
    strict = check_files({"m.py": code + "\n"}, paper, strict=True)
    assert strict.findings[0].severity == "error" and not strict.ok


def test_one_finding_per_line(paper):
    assert rules(paper, {"m.py": "opt = Adam(p, lr=3e-4, eps=1e-6)\n"}) == ["P2C007"]


def test_comment_above_a_statement_covers_all_its_lines(paper):
    code = "# §4.2 — Adam\nopt = Adam(\n    params,\n    betas=(0.9, 0.98),\n    eps=1e-9,\n)\n"
    assert rules(paper, {"m.py": code}, strict=True) == []


def test_blank_line_breaks_the_block(paper):
    code = "# §4.2 — Adam\n\nopt = Adam(params, eps=1e-9)\n"
    assert found(paper, {"m.py": code})[0] == [("m.py", 3, "P2C007")]


def test_docstrings_cover_default_arguments(paper):
    code = (
        "class Block:\n"
        '    """§4.2 — a gated block."""\n'
        "\n"
        "    def __init__(self, dropout=0.1, window=4):\n"
        '        """Window from Table 1."""\n'
        "\n"
        "    def other(self, eps=1e-9):\n"
        "        pass\n"
        "\n"
        "    def body(self):\n"
        '        """§4.2"""\n'
        "        return 0.3\n"
    )
    # window: Table 1 (def docstring) - but dropout 0.1 is not in Table 1: the def's own
    # docstring governs. eps falls back to the class docstring. A body literal is not covered.
    assert found(paper, {"m.py": code})[0] == [("m.py", 4, "P2C006"), ("m.py", 12, "P2C007")]


def test_unparsable_python(paper):
    assert found(paper, {"m.py": "def f(:\n    pass\n"})[0] == [("m.py", 1, "P2C000")]


# ---- YAML ---------------------------------------------------------------------------------


def test_yaml_mapping_comment_covers_children(paper):
    yaml = "# §4.2 — optimisation\ntraining:\n  eps: 1.0e-9\n  warmup: 4000\n  opt: adam\n"
    assert rules(paper, {"c.yaml": yaml}, strict=True) == []


def test_yaml_nested_and_lists(paper):
    yaml = (
        "model:  # Table 1\n"
        "  d_model: 64\n"
        "  sizes:\n"
        "    - 64\n"
        "    - 128\n"
        "other:\n"
        "  name: 'x # not a comment'\n"
        "  flow: [1, 2]  # [ASSUMPTION] any two sizes\n"
        "  ref: &r 3  # [ASSUMPTION] three\n"
        "  alias: *r\n"
    )
    assert found(paper, {"c.yml": yaml})[0] == [("c.yml", 5, "P2C006"), ("c.yml", 7, "P2C007")]


def test_yaml_scalars_of_every_kind_need_a_citation(paper):
    yaml = "a: adam\nb: true\nc: null\nd: 0\n"
    assert [line for _, line, _ in found(paper, {"c.yaml": yaml})[0]] == [1, 2, 3, 4]


def test_yaml_block_scalar_is_one_value(paper):
    yaml = "notes: |  # [ASSUMPTION] free text\n  lr: 3\n  depth: 4\nnext: 1  # §4.2\n"
    assert rules(paper, {"c.yaml": yaml}, strict=True) == []


def test_invalid_yaml(paper):
    assert rules(paper, {"c.yaml": "a: [1, 2\nb: 3\n"}) == ["P2C000"]


# ---- flags --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# [UNSPECIFIED] not stated. Alternatives: 1, 2", []),
        ("# [UNSPECIFIED] not stated; alt: 1 or 2", []),
        ("# [UNSPECIFIED] not stated.\n# Alternatives: 1 or 2", []),
        ("# [UNSPECIFIED] not stated", ["P2C008"]),
        ("# [ASSUMPTION]", ["P2C008"]),
        ("# [ASSUMPTION] —", ["P2C008"]),
        ("# [ASSUMPTION] pre-norm is more stable", []),
        ('# [PARTIALLY_SPECIFIED] "We apply dropout with rate"', []),
        ("# [PARTIALLY_SPECIFIED] dropout placement", ["P2C008"]),
        ("# [FROM_OFFICIAL_CODE] train.py of the authors", []),
        ("# [UNSPECIFIED] x [ASSUMPTION] y. Alternatives: z", ["P2C008"]),  # alt is ASSUMPTION's
    ],
)
def test_flags_need_their_reason(paper, comment, expected):
    assert rules(paper, {"m.py": comment + "\nx = y\n"}) == expected


def test_markdown_blocks_are_read_by_markdown_it(paper):
    md = (
        "# Setup §9\n"  # 1: a heading is a note of its own
        "\n"
        "Text line\n"
        "see §3.2.\n"  # 4
        "\n"
        "```python\n"
        "lr = 1  # [UNSPECIFIED] rate\n"  # 7: a fence is one note, blank lines and all
        "\n"
        "# Alternatives: 0.1 or 1e-3\n"
        "```\n"
        "\n"
        "- item §8\n"  # 12: each list item is its own note
        "- [ASSUMPTION]\n"  # 13
        "\n"
        "    more of the list item, § 3\n"  # 15
    )
    assert found(paper, {"README.md": md})[0] == [
        ("README.md", 1, "P2C002"),
        ("README.md", 12, "P2C002"),
        ("README.md", 13, "P2C008"),
        ("README.md", 15, "P2C001"),
    ]


def test_markdown_table_rows_are_separate_notes(paper):
    md = "| choice | why |\n|---|---|\n| [UNSPECIFIED] seed | none |\n| Alternatives | 1, 2 |\n"
    assert found(paper, {"README.md": md})[0] == [("README.md", 3, "P2C008")]


# ---- notebooks and strictness ---------------------------------------------------------------


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
        for kind, src in cells
    ]
    return nbformat.writes(nb)


def test_notebook_cells_report_cell_relative_lines(paper):
    nb = _notebook(
        ("md", "# Title\n\nSee §9."), ("code", "%matplotlib inline\nimport x\nlr = 3e-4")
    )
    report = check_files({"nb.ipynb": nb}, paper)
    assert [(f.cell, f.line, f.rule) for f in report.findings] == [
        (1, 3, "P2C002"),
        (2, 3, "P2C007"),
    ]
    assert report.findings[1].where == "nb.ipynb:cell 2:3"
    assert report.to_dict()["findings"][0]["cell"] == 1


def test_unreadable_notebook(paper):
    assert rules(paper, {"nb.ipynb": "{not json"}) == ["P2C000"]


def test_other_files_are_ignored(paper):
    report = check_files({"data.csv": "lr,3e-4\n", "m.txt": "§99"}, paper)
    assert report.findings == [] and report.files == 0


def test_report_dict_is_json(paper):
    report = check_files({"m.py": "lr = 3e-4\n"}, paper, strict=True)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["summary"] == {"files": 1, "errors": 1, "warnings": 0}
    assert data["ok"] is False and data["strict"] is True


# ---- coverage ------------------------------------------------------------------------------


def test_coverage_counts_equations_and_values(paper):
    files = {
        "README.md": "Eqs. 1–3 and Eq. 7.\n",
        "c.yaml": "warmup: 4000  # §4.2\nd: 64  # Table 1\n",
    }
    cov = check_files(files, paper).coverage
    assert (cov.equations.cited, cov.equations.total) == (4, 7)
    assert cov.equations.missing == ["Eq. 4", "Eq. 5", "Eq. 6"]
    assert (cov.hyperparameters.cited, cov.hyperparameters.total) == (2, 11)
    assert "§4.2: s_w = 4000" not in cov.hyperparameters.missing
    assert "Table 1: model dimension $d$ = 64" not in cov.hyperparameters.missing
    assert cov.hyperparameters.share == pytest.approx(2 / 11)


def test_a_dangling_citation_is_reported_once(paper):
    assert rules(paper, {"c.yaml": "d_model: 512  # §3.1, Table 3\n"}) == ["P2C002"]


def test_class_docstring_covers_dataclass_fields(paper):
    code = (
        "@dataclass\n"
        "class Config:\n"
        '    """Sizes from Table 1."""\n'
        "\n"
        "    d_model: int = 64\n"
        "    n_blocks: int = 2\n"
        "    batch: int = 48\n"
        "\n"
        "    def scaled(self):\n"
        "        return self.d_model * 3\n"
    )
    assert found(paper, {"m.py": code})[0] == [("m.py", 7, "P2C006"), ("m.py", 10, "P2C007")]


def test_yaml_with_several_documents(paper):
    assert rules(paper, {"c.yaml": "a: 64  # Table 1\n---\nb: 32  # Table 1\n"}) == []


def test_a_malformed_tag_is_reported_once(paper):
    assert rules(paper, {"m.py": "lr = 3e-4  # § 4.2\n"}) == ["P2C001"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # §4.2 says "We train with Adam": another optimiser there is a mismatch
        ('optimizer: sgd  # §4.2 — "We train with Adam"', ["P2C006"]),
        ("optimizer: adamw  # §4.2", ["P2C006"]),
        ('optimizer: adam  # §4.2 — "We train with Adam"', []),
        # a place that names no optimiser, or a value outside the vocabulary, is not a
        # mismatch at the place; but the paper trains with Adam, so either contradicts it
        ("optimizer: sgd  # §3.1", ["P2C014"]),
        ("optimizer: lion  # §4.2", ["P2C014"]),
        ("optimizer: sgd  # [ASSUMPTION] plain SGD is enough for the smoke run", []),
    ],
)
def test_a_named_choice_must_be_the_one_cited(paper, line, expected):
    assert rules(paper, {"configs/base.yaml": f"training:\n  {line}\n"}) == expected


def test_named_choice_message(paper):
    report = check_files({"c.yaml": 'optimizer: sgd  # §4.2 — "We train with Adam"\n'}, paper)
    [f] = report.findings
    assert f.message == "optimizer = 'sgd', but §4.2 says adam"


def test_values_spelt_out_in_words(tmp_path):
    from paper2code.paper import load_paper

    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{Model}\n"
        "We use sixteen heads, twenty-four layers and train for a thousand steps.\n"
        "\\end{document}\n"
    )
    words = load_paper(tmp_path)
    ok = "num_heads: 16  # §1\nnum_layers: 24  # §1\ntrain_steps: 1000  # §1\n"
    assert rules(words, {"c.yaml": ok}) == []
    assert rules(words, {"c.yaml": "num_layers: 42  # §1\n"}) == ["P2C006"]


def test_report_shows_text_as_written(paper):
    from rich.console import Console

    from paper2code.verify.terminal_report import render_report

    report = check_files({"m.py": '# §3.2 — "scores :100: and :smile:"\nx = y\n'}, paper)
    console = Console(record=True, width=200)
    render_report(report, console)
    assert ':100: and :smile:"' in console.export_text()

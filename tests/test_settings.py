"""The method's settings (issue 13 part 5, issue 15 part 2): a paper that trains its method at
two sizes, compares with a baseline of other values and fine-tunes on GLUE with others again.
configs/base.yaml takes the main size's values, each other setting is configs/<setting>.yaml
with only what differs, no baseline value reaches any config, and the checker reports a value
that contradicts the paper's for the setting of its file (P2C014)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from warm_python import python

from paper2code.analyse import analyse
from paper2code.analyse.settings import method_settings
from paper2code.analyse.table_values.layout import method_names
from paper2code.engines.base import Mode, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.paper import load_paper
from paper2code.render.write import write_project
from paper2code.verify import check_directory

FIXTURE = Path(__file__).parent / "fixtures" / "settings" / "two_sizes"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    paper = load_paper(FIXTURE)
    analysis = analyse(paper)
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.FULL))
    out = write_project(project, paper, analysis, tmp_path_factory.mktemp("out"))
    return paper, out


def _load(out: Path, name: str) -> dict:
    return yaml.safe_load((out / "configs" / name).read_text(encoding="utf-8"))


def test_settings_are_the_sizes_and_glue_with_the_largest_size_main() -> None:
    paper = load_paper(FIXTURE)
    settings = method_settings(analyse(paper).stated_values, method_names(paper))
    assert [s.name for s in settings.settings] == ["3B", "GLUE", "1B"]
    assert settings.main is settings.settings[0]
    # the results table marks the 3B row "(ours)"; it is also the largest
    assert settings.main.why == "the paper's main results (Table 2) are for it"
    baseline = {(v.canonical, v.value) for v in settings.baselines}
    assert ("num_heads", 24) in baseline


def test_base_yaml_holds_the_main_setting_and_names_the_others(written) -> None:
    _, out = written
    base = _load(out, "base.yaml")
    assert base["model"]["num_heads"] == 12  # the 3B model's, not the baseline's 24
    assert base["model"]["d_model"] == 3072
    assert base["training"]["learning_rate"] == 1.5e-4
    # stated for both sizes, not the baseline's 0.01 or GLUE's 0.05
    assert base["training"]["weight_decay"] == 0.1
    assert base["training"]["adam_beta2"] == 0.95
    header = (out / "configs" / "base.yaml").read_text(encoding="utf-8").split("\nmodel:")[0]
    assert "the main one, 3B: the paper's main results (Table 2) are for it" in header
    assert "1b (1B)" in header and "glue (GLUE)" in header


def test_other_settings_hold_only_what_differs_each_cited(written) -> None:
    _, out = written
    small = _load(out, "1b.yaml")
    assert small["inherits"] == "base.yaml"
    assert small["model"]["num_heads"] == 8 and small["model"]["d_model"] == 2048
    assert small["training"] == {"learning_rate": 3e-4}
    glue = _load(out, "glue.yaml")
    assert glue == {"inherits": "base.yaml", "training": {"weight_decay": 0.05}}
    text = (out / "configs" / "1b.yaml").read_text(encoding="utf-8")
    assert 'num_heads: 8 # Table 1 — "Attention heads 8 12"' in text


def test_no_baseline_value_reaches_a_config(written) -> None:
    _, out = written
    for path in (out / "configs").glob("*.yaml"):
        cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert cfg.get("model", {}).get("num_heads") != 24, path.name
        assert cfg.get("training", {}).get("weight_decay") != 0.01, path.name
        assert cfg.get("training", {}).get("adam_beta2") != 0.98, path.name


def test_the_output_passes_the_strict_checker(written) -> None:
    paper, out = written
    report = check_directory(out, paper, strict=True)
    assert report.ok, [f"{f.where} {f.rule} {f.message}" for f in report.findings]


def test_train_takes_another_setting_with_base_values_inherited(written) -> None:
    """The generated load_config merges a setting's file over base.yaml: the 1B model's heads,
    base.yaml's weight decay; and train.py trains with it."""
    _, out = written
    code = (
        "from src.utils import load_config\n"
        "cfg = load_config('configs/1b.yaml')\n"
        "print(cfg['model']['num_heads'], cfg['training']['weight_decay'], 'inherits' in cfg)\n"
    )
    done = python("-c", code, cwd=out, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["8", "0.1", "False"]
    train = ["-m", "src.train", "--config", "configs/1b.yaml", "--smoke"]
    done = python(*train, "--steps", "1", "--checkpoint-dir", "ckpt", cwd=out, timeout=300)
    assert done.returncode == 0, done.stderr


def _edited(out: Path, tmp_path: Path, name: str, old: str, new: str) -> Path:
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(out), str(copy)], check=True)
    path = copy / "configs" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("name", "old", "new", "said"),
    [
        # the baseline's heads, cited to the table that states the sizes
        ("base.yaml", "num_heads: 12 #", "num_heads: 24 #", "for the setting 3B num_heads = 12"),
        # the 3B model's heads in the 1B model's file
        ("1b.yaml", "num_heads: 8 #", "num_heads: 12 #", "for the setting 1B num_heads = 8"),
        # another experiment's weight decay in the main config
        (
            "base.yaml",
            'weight_decay: 0.1 # §2.1 — "weight decay of 0.1"',
            "weight_decay: 0.05 # §2.1",
            "for every setting weight_decay = 0.1",
        ),
    ],
)
def test_a_hand_edited_contradiction_is_reported_with_its_setting(
    written, tmp_path, name, old, new, said
) -> None:
    paper, out = written
    report = check_directory(_edited(out, tmp_path, name, old, new), paper, strict=True)
    found = [(f.file, f.rule, f.message) for f in report.findings]
    assert [(file, rule) for file, rule, _ in found] == [(f"configs/{name}", "P2C014")], found
    assert said in found[0][2], found


ABLATION = Path(__file__).parent / "fixtures" / "settings" / "ablation"


@pytest.fixture(scope="module")
def ablated(tmp_path_factory):
    paper = load_paper(ABLATION)
    analysis = analyse(paper)
    project = BuiltinEngine().generate(paper, analysis, Options(mode=Mode.FULL))
    return paper, write_project(project, paper, analysis, tmp_path_factory.mktemp("ablated"))


def _flat(cfg: dict) -> dict:
    """A config's values by key, whichever section holds them."""
    out = {}
    for key, value in cfg.items():
        out.update(_flat(value) if isinstance(value, dict) else {key: value})
    return out


def test_an_ablation_is_a_named_setting_never_the_main_one() -> None:
    """The main hyperparameters are in the prose; one ablation caption states a 4-layer variant
    trained at another learning rate: that is a setting beside the main experiment, not it."""
    paper = load_paper(ABLATION)
    settings = method_settings(analyse(paper).stated_values, method_names(paper))
    assert [s.name for s in settings.settings] == ["ablation"]
    [ablation] = settings.settings
    assert ablation.ablation and settings.main is None
    assert ablation.value("learning_rate").value == 0.003
    assert ablation.value("num_layers").value == 4  # "a 4-layer transformer" counts layers
    # "on 20M problem instances" counts data: no model size in the setting's name
    assert {(v.canonical, v.value) for v in settings.common} >= {
        ("learning_rate", 0.001),
        ("num_layers", 2),
        ("batch_size", 128),
    }


def test_base_yaml_keeps_the_prose_values_and_the_ablation_is_its_own_file(ablated) -> None:
    paper, out = ablated
    base = _flat(_load(out, "base.yaml"))
    assert base["learning_rate"] == 0.001 and base["num_layers"] == 2
    text = (out / "configs" / "base.yaml").read_text(encoding="utf-8")
    assert "the paper's main experiment" in text and "ablation (ablation)" in text
    ablation = _flat(_load(out, "ablation.yaml"))
    assert ablation == {"inherits": "base.yaml", "num_layers": 4, "learning_rate": 0.003}
    report = check_directory(out, paper, strict=True)
    assert report.ok, [f"{f.where} {f.rule} {f.message}" for f in report.findings]

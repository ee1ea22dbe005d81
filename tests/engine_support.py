"""Shared by the engine tests: the fixture papers, analyses written by hand for them (the
engine is tested apart from the analysis stage), and checks on a written directory."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from paper2code.analyse.model import (
    Analysis,
    AuditItem,
    Contribution,
    PaperType,
    StatedHyperparameter,
    Status,
)
from paper2code.paper import load_paper
from paper2code.paper.model import Paper

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "engine"
EXAMPLE = ROOT / "examples" / "tiny_transformer"

CONTRACT = [
    "README.md",
    "REPRODUCTION_NOTES.md",
    "requirements.txt",
    "configs/base.yaml",
    "notebooks/walkthrough.ipynb",
    "src/__init__.py",
    "src/model.py",
    "src/loss.py",
    "src/utils.py",
    "src/data.py",
    "src/evaluate.py",
]
FULL_ONLY = ["src/train.py"]


def finding(paper: Paper, name: str, value, quote: str, anchor: str, **kw) -> StatedHyperparameter:
    assert paper.contains_quote(quote, within=anchor), (quote, anchor)
    return StatedHyperparameter(
        name=name, value=value, raw=str(value), quote=quote, anchor=anchor, **kw
    )


def example() -> tuple[Paper, Analysis]:
    paper = load_paper(EXAMPLE)
    f = lambda *a, **k: finding(paper, *a, **k)  # noqa: E731
    return paper, Analysis(
        hyperparameters=[
            f("num_layers", 2, "$N$ & 2", "Table 1"),
            f("d_model", 64, "$d_{\\text{model}}$ & 64", "Table 1"),
            f("d_ff", 256, "$d_{ff}$ & 256", "Table 1"),
            f("num_heads", 4, "$h$ & 4", "Table 1"),
            f("dropout", 0.1, "$P_{drop}$ & 0.1", "Table 1"),
            f("adam_beta1", 0.9, "$\\beta_1 = 0.9$", "§3.2"),
            f("adam_beta2", 0.98, "$\\beta_2 = 0.98$", "§3.2"),
            f("adam_eps", 1e-9, "$\\epsilon = 10^{-9}$", "§3.2"),
            f("warmup_steps", 400, "$warmup\\_steps = 400$", "§3.2"),
            f("train_steps", 5000, "We train for 5000 steps", "§3.2"),
            f("label_smoothing", 0.1, "$\\epsilon_{ls} = 0.1$", "§3.3"),
            f("vocab_size", 16, "The vocabulary has 16 symbols", "§3.1"),
            f("max_seq_len", 32, "random strings of up to 32 digits", "§3.1"),
        ],
        contribution=Contribution(
            PaperType.ARCHITECTURE,
            "an encoder-decoder built only from attention and feed-forward layers",
            ["§2", "Eq. 1", "Eq. 2"],
        ),
        audit=[
            AuditItem(
                "norm_position",
                "normalization",
                "LayerNorm placement",
                Status.PARTIALLY_SPECIFIED,
                "post",
                "we apply layer normalization to the sub-layer outputs",
                "§2.1",
                "the sentence fits post-norm but does not rule out pre-norm",
                ["pre"],
            ),
            AuditItem(
                "batch_size",
                "data",
                "Batch size",
                Status.UNSPECIFIED,
                64,
                rationale="the paper says only that it fits in memory",
                alternatives=["32", "128"],
            ),
        ],
    )


def ddpm() -> tuple[Paper, Analysis]:
    paper = load_paper(FIXTURES / "ddpm")
    f = lambda *a, **k: finding(paper, *a, **k)  # noqa: E731
    return paper, Analysis(
        hyperparameters=[
            f("diffusion_steps", 1000, "$T = 1000$", "§4"),
            f("beta_start", 1e-4, "$\\beta_1 = 10^{-4}$", "§4"),
            f("beta_end", 0.02, "$\\beta_T = 0.02$", "§4"),
            f("image_size", 32, "Images are $32 \\times 32$", "§4"),
            f("learning_rate", 2e-4, "a learning rate of $2 \\times 10^{-4}$", "§4"),
            f("batch_size", 128, "a batch size of 128", "§4"),
            f("ema_decay", 0.9999, "decay 0.9999", "§4"),
            f("dropout", 0.1, "Dropout is 0.1", "§4"),
        ],
        contribution=Contribution(
            PaperType.TRAINING_METHOD,
            "denoising diffusion trained with the simplified noise-prediction objective",
            ["Eq. 1", "Eq. 2", "Eq. 3"],
        ),
    )


def decoder_lm() -> tuple[Paper, Analysis]:
    paper = load_paper(FIXTURES / "decoder_lm")
    f = lambda *a, **k: finding(paper, *a, **k)  # noqa: E731
    return paper, Analysis(
        hyperparameters=[
            f("num_layers", 4, "$L = 4$ layers", "§2"),
            f("d_model", 192, "width $d = 192$", "§2"),
            f("num_heads", 6, "$h = 6$ heads", "§1.1"),
            f("max_seq_len", 256, "a context of 256 tokens", "§2"),
            f("learning_rate", 3e-4, "learning rate $3 \\times 10^{-4}$", "§2"),
            f("weight_decay", 0.1, "weight decay 0.1", "§2"),
            f("train_steps", 20000, "for 20000 steps", "§2"),
        ],
        contribution=Contribution(
            PaperType.ARCHITECTURE, "a small decoder-only language model", ["§1", "Eq. 1"]
        ),
    )


def vit() -> tuple[Paper, Analysis]:
    paper = load_paper(FIXTURES / "vit")
    f = lambda *a, **k: finding(paper, *a, **k)  # noqa: E731
    return paper, Analysis(
        hyperparameters=[
            f("image_size", 32, "Images are $32 \\times 32$", "§2"),
            f("patch_size", 4, "patch size 4", "§2"),
            f("num_layers", 6, "We use 6 layers", "§2"),
            f("d_model", 256, "width 256", "§2"),
            f("num_heads", 8, "8 heads", "§2"),
        ],
        audit=[
            AuditItem(
                "norm_position",
                "normalization",
                "LayerNorm placement",
                Status.SPECIFIED,
                "pre-norm",
                "with layer normalization before every block",
                "§1.2",
            ),
            AuditItem(
                "ffn_activation",
                "transformer",
                "FFN activation",
                Status.SPECIFIED,
                "gelu",
                "two layers with a GELU non-linearity",
                "§1.2",
            ),
        ],
    )


def spectral() -> tuple[Paper, Analysis]:
    paper = load_paper(FIXTURES / "spectral")
    f = lambda *a, **k: finding(paper, *a, **k)  # noqa: E731
    return paper, Analysis(
        hyperparameters=[
            f("num_layers", 4, "We use 4 layers", "§3"),
            f("d_model", 256, "$d_{\\text{model}} = 256$", "§3"),
            f("num_heads", 4, "4 attention heads", "§3"),
        ],
        contribution=Contribution(
            PaperType.ARCHITECTURE,
            "spectral gating, a token-mixing layer that gates the sequence's Fourier transform",
            ["§2", "Eq. 3", "Eq. 4"],
        ),
    )


# ---- checks on a written directory -------------------------------------------------------------

_ANCHOR = re.compile(
    r"§[A-Za-z0-9][A-Za-z0-9.\-]*|Eq\. [0-9][0-9a-z.]*|Table [0-9A-Z][0-9.]*"
    r"|Figure [0-9]+|Algorithm [0-9]+"
)


def anchors_in(text: str) -> set[str]:
    return {m.group(0).rstrip(".-") for m in _ANCHOR.finditer(text)}


def unresolved_anchors(directory: Path, paper: Paper) -> dict[str, set[str]]:
    """Anchors in the written files that the paper does not have, by file."""
    bad: dict[str, set[str]] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            missing = {
                a for a in anchors_in(path.read_text(encoding="utf-8")) if paper.find(a) is None
            }
            if missing:
                bad[str(path.relative_to(directory))] = missing
    return bad


def config_quotes(directory: Path) -> list[str]:
    text = (directory / "configs" / "base.yaml").read_text(encoding="utf-8")
    return [q for line in text.splitlines() if "#" in line for q in re.findall(r'"([^"]+)"', line)]


def config(directory: Path) -> dict:
    return yaml.safe_load((directory / "configs" / "base.yaml").read_text(encoding="utf-8"))

"""`paper2code run` on a paper whose contribution is an attention every layer applies
(tests/fixtures/verify/equations/diff_attention, Eq. 1: two softmax maps subtracted with a
learnable λ): the model's MultiHeadAttention computes the compiled function on each head, the
smoke check runs it, and `check --strict` passes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from warm_python import python

from paper2code.analyse import analyse
from paper2code.cli import main
from paper2code.engines.base import Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.paper import load_paper

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "verify" / "equations" / "diff_attention"

# Run in the output directory, as a user would: one attention module of the built model against
# Eq. 1 computed here by hand, with λ = 0.3 and each head's queries and keys split in halves;
# under a decoder's causal mask when the model has one.
_PROBE = """
import json, sys
import torch
sys.path.insert(0, ".")
from src import model as model_py, utils
from src.model import MultiHeadAttention, build_model
model = build_model(utils.model_values(utils.load_config(), smoke=True)).eval()
attentions = [m for m in model.modules() if isinstance(m, MultiHeadAttention)]
mha = attentions[0]
with torch.no_grad():
    mha.paper_attention.lambda_.fill_(0.3)
x = torch.rand(2, 5, mha.h * mha.d_k)
B, T, _ = x.shape
def heads(W):
    return W(x).view(B, T, mha.h, mha.d_k).transpose(1, 2)
q, k, v = heads(mha.W_q), heads(mha.W_k), heads(mha.W_v)
half = mha.d_k // 2
mask = model_py.causal_mask(T) if hasattr(model_py, "causal_mask") else None
def attend(a, b):
    scores = a @ b.transpose(-2, -1) / half**0.5
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, dim=-1)
diff = attend(q[..., :half], k[..., :half]) - 0.3 * attend(q[..., half:], k[..., half:])
expected = mha.W_o((diff @ v).transpose(1, 2).reshape(B, T, -1))
with torch.no_grad():
    got = mha(x, x, mask)
assert torch.allclose(got, expected, atol=1e-6), "the model does not compute Eq. 1"
kinds = [type(m.paper_attention).__name__ for m in attentions]
print(json.dumps({"attentions": len(attentions), "DiffAttn": kinds.count("DiffAttn"),
                  "masked": mask is not None}))
"""


def _generate(paper: Path, out: Path) -> Path:
    assert main(["run", str(paper), "--out", str(out)]) == 0
    (directory,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return directory


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(FIXTURE, tmp_path_factory.mktemp("diffattn"))


def _run(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return python(*args, cwd=directory, timeout=300)


def _probe(directory: Path) -> dict[str, object]:
    probe = _run(directory, "-c", _PROBE)
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout.strip().splitlines()[-1])


def test_every_attention_of_the_model_computes_the_compiled_equation(output: Path) -> None:
    counts = _probe(output)
    assert counts["attentions"] >= 2 and counts["DiffAttn"] == counts["attentions"]
    assert counts["masked"] is False
    model = (output / "src" / "model.py").read_text(encoding="utf-8")
    assert "# §2.1, Eq. 1 on each head" in model
    # λ is the attention module's parameter; the paper states no initial value
    equations = (output / "src" / "equations.py").read_text(encoding="utf-8")
    assert "self.lambda_ = nn.Parameter(torch.full((), 1.0))  # [ASSUMPTION]" in equations
    notes = (output / "REPRODUCTION_NOTES.md").read_text(encoding="utf-8")
    assert "without attention dropout" in notes


def test_the_smoke_check_runs_the_paper_attention_and_check_strict_passes(output: Path) -> None:
    smoke = _run(output, "-m", "src.utils", "--smoke")
    assert smoke.returncode == 0, smoke.stderr
    assert "smoke check passed" in smoke.stdout
    assert main(["check", str(output), "--paper", str(FIXTURE), "--strict"]) == 0


def test_without_prose_putting_it_in_the_layers_the_library_attention_stays(
    tmp_path: Path,
) -> None:
    text = (FIXTURE / "main.tex").read_text(encoding="utf-8")
    said = "Each layer applies multi-head differential attention"
    assert said in text
    (tmp_path / "main.tex").write_text(text.replace(said, "Our ablation studies"), "utf-8")
    paper = load_paper(tmp_path)
    project = BuiltinEngine().generate(paper, analyse(paper), Options())
    model = project.files["src/model.py"]
    assert "paper_attention" not in model
    assert "heads = scaled_dot_product_attention(q, k, v, mask, self.dropout, bias)" in model


def test_a_decoder_applies_its_causal_mask_to_the_paper_attention(tmp_path: Path) -> None:
    """The compiled function takes no mask: the model applies the causal mask row by row, which
    must equal masking each softmax's scores with -inf."""
    text = (FIXTURE / "main.tex").read_text(encoding="utf-8")
    said = "Each layer applies multi-head differential attention"
    paper = tmp_path / "paper"
    paper.mkdir()
    decoder = text.replace(said, "The model is a decoder-only Transformer. " + said)
    (paper / "main.tex").write_text(decoder, encoding="utf-8")
    directory = _generate(paper, tmp_path / "out")  # its smoke check runs the masked path
    counts = _probe(directory)
    assert counts["masked"] is True and counts["DiffAttn"] == counts["attentions"]


def test_one_query_key_group_and_a_learnable_temperature(tmp_path: Path) -> None:
    """softmax(τ Q K^T) V: one group, so the head's q, k and v go in whole, and τ is the module's
    parameter; the run's smoke check and its own `check` pass."""
    text = (FIXTURE / "main.tex").read_text(encoding="utf-8")
    start, end = text.index(r"\mathrm{DiffAttn}"), text.index(r"\end{equation}")
    paper = tmp_path / "paper"
    paper.mkdir()
    equation = r"\mathrm{TempAttn}(X) = \mathrm{softmax}\left(\tau\, Q K^\top\right) V" + "\n"
    text = text[:start] + equation + text[end:]
    (paper / "main.tex").write_text(text.replace(r"$\lambda$", r"$\tau$"), encoding="utf-8")
    directory = _generate(paper, tmp_path / "out")
    model = (directory / "src" / "model.py").read_text(encoding="utf-8")
    assert "self.paper_attention = TempAttn()" in model
    for argument in ("X=x_q", "Q=q[..., rows, :]", "K=k[..., keep, :]", "V=v[..., keep, :]"):
        assert f"                {argument},\n" in model

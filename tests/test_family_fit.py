"""A family is used only when the paper is about what its model takes: a diffusion paper over
tabular, graph or audio data gets no image U-Net; the output says what is missing instead."""

from __future__ import annotations

from pathlib import Path

import yaml

from paper2code import api
from paper2code.engines.builtin import recognise as rec
from paper2code.paper import load_paper

ROOT = Path(__file__).resolve().parent.parent
DDPM = ROOT / "tests" / "fixtures" / "engine" / "ddpm"


def _paper_with(tmp_path: Path, body: str):
    tex = (DDPM / "main.tex").read_text(encoding="utf-8")
    (tmp_path / "main.tex").write_text(
        tex.replace(r"\end{document}", body + "\n\\end{document}"), encoding="utf-8"
    )
    return load_paper(tmp_path)


def test_image_diffusion_paper_fits_the_unet() -> None:
    paper = load_paper(DDPM)
    assert rec.family(rec.recognise(paper)) == rec.Family.DIFFUSION
    assert rec.data_mismatch(paper, rec.Family.DIFFUSION) is None


def test_audio_named_more_than_images_does_not_fit(tmp_path: Path) -> None:
    words = "We generate speech: each audio clip is a waveform, and audio quality is rated."
    paper = _paper_with(tmp_path, " ".join([words] * 3))
    why = rec.data_mismatch(paper, rec.Family.DIFFUSION)
    assert why is not None and why.startswith("the paper's data is audio")
    assert rec.data_mismatch(paper, rec.Family.TRANSFORMER) is None  # not the U-Net's concern


def test_a_passing_mention_is_not_the_papers_data(tmp_path: Path) -> None:
    paper = _paper_with(tmp_path, "Unlike graph methods, we need no adjacency.")
    assert rec.data_mismatch(paper, rec.Family.DIFFUSION) is None


def test_tabular_diffusion_paper_gets_a_skeleton_with_the_reason(corpus: Path, tmp_path) -> None:
    summary = api.summarize(
        api.run(api.RunRequest(str(corpus / "tabdiff"), out_dir=tmp_path, offline=True))
    )
    directory = Path(summary.directory)
    model = (directory / "src" / "model.py").read_text(encoding="utf-8")
    assert "UNet" not in model and "Conv2d" not in model
    cfg = yaml.safe_load((directory / "configs" / "base.yaml").read_text(encoding="utf-8"))
    assert "image_size" not in cfg.get("model", {})
    assert summary.status == "skeleton" and summary.skeletons
    notes = (directory / "REPRODUCTION_NOTES.md").read_text(encoding="utf-8")
    assert "Not built: the paper's data is tabular" in notes
    assert "image U-Net" in (directory / "README.md").read_text(encoding="utf-8")
    assert summary.smoke is not None and "tabular" in summary.smoke.output

"""Analysis of a paper read from PDF text (no LaTeX): values and quotes still line up."""

from __future__ import annotations

from arxiv_fake import make_pdf
from pdf_paper import PAGES

from paper2code.analyse import analyse
from paper2code.analyse.model import PaperType
from paper2code.paper.pdf import load_pdf


def test_pdf_paper(tmp_path):
    path = tmp_path / "tiny.pdf"
    path.write_bytes(make_pdf(PAGES))
    paper = load_pdf(path)
    a = analyse(paper)
    assert [
        (f.name, f.value, f.quote, f.anchor) for f in a.hyperparameters if f.name != "optimizer"
    ] == [
        ("adam_beta1", 0.9, "beta1 = 0.9", "§3"),
        ("adam_beta2", 0.98, "beta2 = 0.98", "§3"),
        ("learning_rate", 0.001, "learning rate of 0.001", "§3"),
        ("epochs", 10, "10 epochs", "§3"),
        ("dropout", 0.1, "Dropout is 0.1", "§3"),
    ]
    assert a.contribution.paper_type is PaperType.ARCHITECTURE
    assert "attention" in a.components
    for item in a.audit:
        if item.quote:
            assert paper.contains_quote(item.quote, within=item.anchor), item.key

from pathlib import Path

import pytest
from arxiv_fake import make_pdf
from pdf_paper import PAGES

from paper2code.errors import InputError
from paper2code.paper import Equation, Paragraph, Section, SourceLoc, Table
from paper2code.paper.pdf import load_pdf


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pdf") / "tiny.pdf"
    path.write_bytes(make_pdf(PAGES))
    return load_pdf(path)


def test_numbered_sections_in_order(paper) -> None:
    found = [(s.anchor, s.title, s.level, s.appendix) for s in paper.sections]
    assert found == [
        ("§1", "Introduction", 1, False),
        ("§2", "Method", 1, False),
        ("§2.1", "Positional Encoding", 2, False),
        ("§3", "Experiments", 1, False),
        ("§4", "Conclusion", 1, False),
        ("§A", "Proofs", 1, True),
        ("§A.1", "Gradient Bound", 2, True),
        ("§B", "Extra Results", 1, True),
    ]
    assert paper.find("§2.1").section == "§2"
    assert paper.find("Appendix A.1").loc == SourceLoc("tiny.pdf", 2)  # line = page


def test_wrapped_lines_and_references_are_not_headings(paper) -> None:
    titles = " | ".join(s.title for s in paper.sections)
    assert "GPUs" not in titles and "Vaswani" not in titles
    assert "Further Runs" not in titles  # body numbering does not resume after the appendix


def test_equations_by_their_printed_numbers(paper) -> None:
    eqs = paper.numbered_equations
    assert [e.anchor for e in eqs] == ["Eq. 1", "Eq. 2", "Eq. 3", "Eq. 4", "Eq. 5"]
    first = paper.find("Eq. (1)")
    assert isinstance(first, Equation) and first.section == "§2" and first.env == "pdf"
    assert first.latex.startswith("Attention(Q, K, V) = softmax") and "(1)" not in first.latex
    # a number printed on a line of its own belongs to the display above it
    loss = paper.find("Eq. 4")
    assert loss.latex == "L = CE(y, p) + 0.1 ||W||^2" and loss.section == "§3"
    assert not any("CE(y, p)" in p.text for p in paper.paragraphs)  # moved, not copied
    assert paper.find("Eq. 5").section == "§A.1"
    assert paper.find("Eq. 12") is None  # "x = 3 ... (12)" is prose: the numbers jump


def test_tables_and_figures(paper) -> None:
    table = paper.find("Table 1")
    assert isinstance(table, Table) and table.caption == "Hyperparameters of the tiny model."
    assert table.rows == [["layers 2"], ["d_model 64"], ["heads 4"]] and table.section == "§3"
    figure = paper.find("Fig. 1")
    assert figure.caption.endswith("to right through two attention blocks.")


def test_paragraphs_and_quotes(paper) -> None:
    assert paper.meta.title == "Tiny Attention Networks"
    assert paper.meta.abstract.startswith("We propose a tiny attention network")
    assert paper.contains_quote("beta1 = 0.9 and beta2 = 0.98", within="§3")
    assert not paper.contains_quote("beta1 = 0.9", within="§2")
    # a word hyphenated over a line break is whole again
    assert paper.contains_quote("around each of the two sublayers, as defined below", within="§2")
    assert all(isinstance(p, Paragraph) and p.anchor == p.section for p in paper.paragraphs)
    assert not paper.contains_quote("Kingma")  # the bibliography is not body text
    assert not paper.contains_quote("Under review")  # a running header


def test_roundtrip_through_dict(paper) -> None:
    from paper2code.paper import Paper

    again = Paper.from_dict(paper.to_dict())
    assert [e.anchor for e in again.elements] == [e.anchor for e in paper.elements]
    assert isinstance(again.find("§3"), Section)


def test_scanned_pdf_is_refused(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[], []]))
    with pytest.raises(InputError) as info:
        load_pdf(scan)
    assert "scan.pdf" in str(info.value) and "LaTeX" in str(info.value)


def test_broken_pdf_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf body\n")
    with pytest.raises(InputError, match="broken.pdf"):
        load_pdf(broken)

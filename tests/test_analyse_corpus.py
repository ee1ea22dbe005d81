"""Robustness on real papers: analysis never crashes and every quote it emits is in the paper
at its anchor (for findings, conflicts, audit items and contribution evidence)."""

from __future__ import annotations

import pytest
from corpus import ABSENT, CORPUS, corpus_paper, corpus_papers

from paper2code.analyse import analyse
from paper2code.render.notes import quoted_cells, render_reproduction_notes
from paper2code.verify.check import check_files


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
@pytest.mark.parametrize("name", corpus_papers())
def test_corpus_paper_quotes_are_real(corpus, name):
    # The folder, not a file: choosing the main file among templates is the reader's job.
    paper = corpus_paper(name)
    a = analyse(paper)
    claims = [(f.quote, f.anchor) for f in a.hyperparameters]
    claims += [(f.quote, f.anchor) for c in a.conflicts for f in c.hyperparameters]
    claims += [(i.quote, i.anchor) for i in a.audit if i.quote or i.anchor]
    claims += [(e.quote, e.anchor) for e in a.contribution.evidence]
    claims += [(v.quote, v.anchor) for v in a.stated_values]
    for quote, anchor in claims:
        assert paper.contains_quote(quote, within=anchor), (anchor, quote)
    for anchor in a.contribution.anchors:
        assert paper.find(anchor) is not None, anchor
    notes = render_reproduction_notes(paper, a)
    assert notes.count("### ") == 7  # three audit classes, four groups of stated values
    for quote, anchor in quoted_cells(notes):
        assert paper.contains_quote(quote, within=anchor), (anchor, quote)
    report = check_files({"REPRODUCTION_NOTES.md": notes}, paper, strict=True)
    assert report.ok, [f"{f.line}: {f.message}" for f in report.findings]

"""The model's audit items, checked against the paper before they reach the notes."""

from __future__ import annotations

from paper2code.analyse.model import Analysis, Status
from paper2code.engines.llm.answers import AuditAnswerItem
from paper2code.engines.llm.audit import merge_audit
from paper2code.render.notes import render_reproduction_notes
from paper2code.verify import check_files


def item(**over) -> AuditAnswerItem:
    base = {
        "key": "k",
        "family": "f",
        "choice": "A choice",
        "status": "UNSPECIFIED",
        "value": 1e-5,
        "rationale": "",
        "alternatives": [],
    }
    return AuditAnswerItem(**{**base, **over})


def test_claims_stand_only_with_a_quote_the_paper_contains(paper):
    merged, notes = merge_audit(
        paper,
        [],
        [
            item(key="a", status="SPECIFIED", quote="heads 4", anchor="§9"),  # bad anchor
            item(key="b", status="PARTIALLY_SPECIFIED", quote="per feature"),  # no anchor
            item(key="c", status="SPECIFIED", quote=None),
            item(key="d", status="PARTIALLY_SPECIFIED", quote="a gate per head", anchor="§2.2"),
        ],
    )
    by = {m.key: m for m in merged}
    assert (by["a"].status, by["a"].anchor) == (Status.SPECIFIED, "Table 1")
    assert (by["b"].status, by["b"].anchor) == (Status.PARTIALLY_SPECIFIED, "§2.2")
    assert by["c"].status is Status.UNSPECIFIED and by["d"].status is Status.UNSPECIFIED
    assert len(notes) == 2 and "without a quote" in notes[0] and "'a gate per head'" in notes[1]


def test_free_text_cites_nothing_so_the_notes_stay_checkable(paper):
    merged, notes = merge_audit(
        paper,
        [],
        [
            item(
                rationale='Eq. 7 in §9 suggests "1e-6" [unlike Table 3]',
                alternatives=["1e-6 (Appendix B)"],
                value="see §4",
            )
        ],
    )
    [m] = merged
    assert m.rationale == "equation 7 in section 9 suggests '1e-6' [unlike table 3]"
    assert m.alternatives == ["1e-6 (appendix B)"] and m.value == "see section 4"
    text = render_reproduction_notes(paper, Analysis(audit=merged), notes)
    assert check_files({"REPRODUCTION_NOTES.md": text}, paper, strict=True).ok

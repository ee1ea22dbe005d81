"""Merging the model's ambiguity audit into the analysis's: the model may add choices, but a
SPECIFIED or PARTIALLY_SPECIFIED claim stands only with a quote the paper really contains.
The model's free text (choice, value, rationale, alternatives) goes into REPRODUCTION_NOTES.md,
which the checker reads: it is kept as prose that cites nothing, so only the checked quote and
anchor fields make claims about the paper."""

from __future__ import annotations

from paper2code.analyse.model import AuditItem, Status
from paper2code.engines.llm.answers import AuditAnswerItem
from paper2code.paper.anchors import uncite
from paper2code.paper.model import Paper


def merge_audit(
    paper: Paper, base: list[AuditItem], proposed: list[AuditAnswerItem]
) -> tuple[list[AuditItem], list[str]]:
    """The analysis's items unchanged, then the model's new ones, checked; plus notes on every
    claim that was downgraded or re-anchored."""
    merged = list(base)
    keys = {a.key for a in base}
    notes: list[str] = []
    for item in proposed:
        if item.key in keys:
            continue  # the analysis read the paper's text directly; its item stands
        keys.add(item.key)
        status, quote, anchor = Status(item.status), item.quote, item.anchor
        rationale = item.rationale
        if anchor and paper.find(anchor) is None:
            anchor = None
        if status is not Status.UNSPECIFIED:
            where = _where(paper, quote, anchor)
            if where is None:
                claim = f"quoting '{quote}'" if quote else "without a quote"
                notes.append(
                    uncite(
                        f"{item.choice}: the model called it {status.value} {claim}, but the "
                        "paper does not contain that quote; treated as UNSPECIFIED."
                    )
                )
                status, quote, anchor = Status.UNSPECIFIED, None, None
                rationale = f"[downgraded: quote not found in the paper] {rationale}".strip()
            else:
                anchor = where
        merged.append(
            AuditItem(
                key=item.key,
                family=item.family,
                choice=uncite(item.choice),
                status=status,
                value=_value(item.value),
                quote=quote,
                anchor=anchor,
                rationale=uncite(rationale),
                alternatives=[uncite(a) for a in item.alternatives],
            )
        )
    return merged, notes


def _value(value: str | int | float | bool | None) -> str | int | float | None:
    if isinstance(value, bool):
        return str(value)
    return uncite(value) if isinstance(value, str) else value


def _where(paper: Paper, quote: str | None, anchor: str | None) -> str | None:
    """The anchor that holds `quote`: the one claimed if it does, else the first that does."""
    if not quote:
        return None
    if anchor and paper.contains_quote(quote, within=anchor):
        return anchor
    found = paper.locate_quote(quote)
    return found[0].anchor if found else None
